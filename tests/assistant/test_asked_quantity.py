"""Which questions ask for a quantity the cited text must state, and which ask whether.

Oracles: the grammar of the questions (a polar clause — A-not-A, 吗 — asks yes or no, and its
number words are indefinite; 好几/十几 count vaguely) and the shipped policy texts in
data/policies/, read by hand for the sentence each answer must hold; not the code under test.
"""

from __future__ import annotations

import pytest

from assistant.relevance import asked_quantity, of_corpus_words, unknown_subjects

L20, L22 = "liaocheng_2020_measures", "liaocheng_2022_action_plan"
GAOTANG = "gaotang_2021_19_measures"


@pytest.mark.parametrize(("question", "asked"), [
    ("每人每月能补多少钱？", "amount"),
    ("办下来要几个工作日？", "duration"),
    ("申报什么时候截止？", "time_limit"),
    # polar: whether it happens, whether there is any
    ("会不会一年被抽查好几次？", ""),
    ("有没有啥奖励？", ""),
    ("开了十几年的老厂，也能免费领吗？", ""),
    ("是不是得先交够几年社保才行？", ""),
    # one clause asks whether, the next how much: the amount is asked
    ("能不能申请，一次给多少钱？", "amount"),
    ("好的，谢谢。荣誉市民多久评一次？", "duration"),
    # a validity question asks the document's dates, which no unit needs to print
    ("这个办法还有效吗？有效期多长？", ""),
    ("这个办法还有效吗？截止到哪天？", ""),
    ("签证有效期是几年？", "amount"),  # the validity of a thing granted, counted
])
def test_a_question_asks_a_quantity_only_in_a_clause_that_asks_what_it_is(question, asked):
    assert asked_quantity(question) == asked


def _cites(answer, key: str) -> bool:
    return any(c.key == key for c in answer.citations)


@pytest.mark.parametrize(("question", "key", "fact"), [
    # liaocheng 2020 第50条: 对轻微失信企业每年最多进行一次随机检查 — asked whether, not how many
    ("聊城那边信用有点小瑕疵的企业，会不会每年被随机抽查好几次？", f"{L20}:50", "每年最多进行一次随机检查"),
    # liaocheng 2022 第70条: 到2023年6月底 … 按照余额增量的1%提供资金 — a printed date that
    # ingest does not list among the unit's time limits still says when
    ("聊城按普惠小微企业贷款余额增量的1%给地方法人金融机构提供资金，要执行到什么时候？",
     f"{L22}:70", "2023年6月底"),
])
def test_a_question_the_text_answers_is_not_refused_as_a_missing_quantity(corpus_assistant,
                                                                          question, key, fact):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and _cites(answer, key)
    assert fact in answer.text.replace(" ", "")


@pytest.mark.parametrize(("question", "unknown"), [
    ("这个办法有效期多长？", []),  # jieba tags 多长 a noun: it asks, it names nothing
    ("这个办法现在还管用吗？", []),  # 管用 (vn) is a piece of the cue 还管用
    ("个人所得税起征点是多少？", ["起征点"]),  # a subject no shipped text mentions
])
def test_question_words_are_no_unknown_subject(corpus_assistant, question, unknown):
    view = corpus_assistant.index.snapshot()
    assert unknown_subjects(corpus_assistant.understand(question, view=view), view) == unknown


@pytest.mark.parametrize(("word", "known"), [
    ("员工工资", True),  # 员工 + 工资, both in the text below: a phrase in its own words
    ("电动车", True),  # 电动 + 动车 span it
    ("起征点", False),  # 起征 is nowhere in the text
    ("注册地", False),  # 地 is no word of its own: 注册 does not span it
])
def test_a_compound_of_corpus_words_is_known(word, known, tmp_path):
    from vectorstore.corpus_words import CorpusWords
    from vectorstore.keywords import Tokenizer

    corpus = CorpusWords("保障员工按时足额领取工资。推广电动汽车，完善动车组服务。办理企业注册登记。")
    assert of_corpus_words(word, Tokenizer(tmp_path), corpus) is known


@pytest.mark.parametrize(("sentence", "states"), [
    ("行政机关应当自受理之日起三十日内作出决定。", True),   # a count of days in Chinese numerals
    ("自收到申请之日起十五个工作日内办结。", True),
    ("申报截止时间为2025年12月31日。", False),           # a day of a date, not a span
    ("本办法自二〇二五年十二月三十一日起施行。", False),
])
def test_a_span_of_days_in_chinese_numerals_states_how_long(sentence, states):
    from assistant.asked_quantity import fills_asked
    assert fills_asked("duration", [])(sentence) is states
