"""Whether to answer at all (issue 16.1, 16.2): social messages, the slot asked and whether
the cited text fills it.

Oracles are the grammar of the messages (a thanks that asks nothing, a question about the
assistant) and the shipped texts themselves (what gaotang's 19 measures print, or not).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.asked import MONEY, in_unit
from assistant.asked_quantity import asked_quantity, asks_until, fills_asked
from assistant.message_kind import asks_about_assistant
from assistant.sentence_evidence import STATED_SIMILARITY, SentenceEvidence
from assistant.settings import SHIPPED_CORPUS
from ingest.records import Measure


# -- social messages -----------------------------------------------------------------------
@pytest.mark.parametrize("message", ["好的，谢谢，我都明白了", "非常感谢，解释得很清楚",
                                     "嗯嗯，没有别的事了，再见"])
def test_thanks_with_a_remark_that_asks_nothing_is_chitchat(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("chitchat", False, ())


@pytest.mark.parametrize("message", ["谢谢，那刻章要钱吗", "谢谢！在聊城开公司刻章要钱吗？"])
def test_thanks_followed_by_a_question_is_answered(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert answer.found and answer.citations


def test_a_question_about_the_assistant_itself_gets_its_scope_and_no_citation(corpus_assistant):
    answer = corpus_assistant.ask("您是真人还是机器人？", use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("chitchat", False, ())
    assert "不是人工客服" in answer.text and "聊城" in answer.text


def test_the_second_person_asks_about_the_assistant_only_as_subject_of_the_copula():
    assert asks_about_assistant("你是谁？") and asks_about_assistant("你好，你们是哪个部门的？")
    assert not asks_about_assistant("你能告诉我刻章要几天吗？")
    assert not asks_about_assistant("企业开办是谁负责？")


def test_a_request_to_translate_is_off_topic(corpus_assistant):
    # 翻译成 is one word to jieba: the composing verb with its resultative complement.
    answer = corpus_assistant.ask("帮我把这段话翻译成英文", use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("off_topic", False, ())


# -- the slot asked ------------------------------------------------------------------------
def test_a_money_classifier_asks_an_amount_whatever_time_word_the_clause_holds():
    assert asked_quantity("请假这段时间得给他发多少钱？") == "amount"
    assert asked_quantity("这段时间要多久？") == "duration"


def test_how_often_is_filled_by_a_calendar_frequency_and_how_long_is_not():
    often = fills_asked("duration", [], "", "检查多久进行一次？")
    long = fills_asked("duration", [], "", "检查多久能办完？")
    assert often("每月调度工作推进情况。") and often("每两年进行一次免费安全检查。")
    assert not long("每月调度工作推进情况。")
    assert long("5个工作日内办结。")


def test_a_bearer_clause_answers_what_the_asker_pays_not_what_the_bearer_pays():
    sentence = "新开办企业印章刻制费用由同级财政承担。"
    assert in_unit(sentence, MONEY, "开公司刻章要花多少钱？")
    assert not in_unit(sentence, MONEY, "刻章财政每套补多少钱？")
    # an amount printed is an amount, whoever pays it
    assert in_unit("每套补助200元，由同级财政承担。", MONEY, "刻章财政每套补多少钱？")


def test_until_when_is_asked_apart_from_whether_and_from_when_it_starts():
    assert asks_until("这个文件有效期到什么时候？") and asks_until("这政策管几年？")
    assert not asks_until("这个政策现在还有效吗？")
    assert not asks_until("这个办法从哪天开始实施？")


def test_a_validity_asked_of_a_text_printing_no_end_is_refused_saying_so(corpus_assistant):
    text = (SHIPPED_CORPUS / "gaotang_2021_19_measures.txt").read_text(encoding="utf-8")
    # the oracle: the file's only term is its appended 责任追究办法's (本办法…有效期一年); the
    # 19 measures print none
    terms = [s for s in re.split(r"[。；\n]", text) if "有效期" in s or "废止" in s]
    assert terms and all("办法" in s for s in terms) and "措施" not in "".join(terms)
    answer = corpus_assistant.ask("高唐县那份十九条措施的有效期到哪天？", use_llm=False)
    assert not answer.found and "有效期" in answer.text
    # whether it is in force is still answered
    assert corpus_assistant.ask("高唐县那份十九条措施现在还有效吗？", use_llm=False).found


# -- sentence evidence for a quantity ------------------------------------------------------
def _measure(text: str) -> Measure:
    return Measure(key="d:1", doc_id="d", source="d.txt", number="1", printed_number="1.",
                   kind="measure", section=(), heading="", text=text, span=(0, len(text)))


def _evidence(similarity: dict[str, float]) -> SentenceEvidence:
    """Unit vectors at the given cosine to the question's [1, 0]."""
    def passages(sentences):
        return np.array([[similarity[s], np.sqrt(1 - similarity[s] ** 2)] for s in sentences])
    return SentenceEvidence("q", lambda texts: np.array([[1.0, 0.0]] * len(texts)), passages)


@pytest.mark.parametrize(("closest", "filled"), [(STATED_SIMILARITY + 0.005, True),
                                                  (STATED_SIMILARITY - 0.03, False)])
def test_a_quantity_is_stated_by_the_closest_sentence_a_little_below_the_subject_bar(closest,
                                                                                     filled):
    # a sentence printing the time asked (4个月内) speaks to the subject at 0.88, not 0.90
    other, timed = "加大网络司法拍卖力度。", "无产可破案件压缩在4个月内办结。"
    evidence = _evidence({other: 0.80, timed: closest})
    fills = fills_asked("duration", [], "", "关门程序多久能了结？")
    assert evidence.closest_fills([_measure(other + timed)], fills) is filled
