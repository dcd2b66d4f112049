"""Message kinds, topic changes, document and place resolution (issue 16.1, 16.3, 16.5).

Oracles come from the shipped texts themselves (a measure's printed number and heading, the
words of its own text), never from the code under test.
"""

from __future__ import annotations

import re

import pytest

from assistant.document_refs import measure_numbers, years_named
from assistant.message_kind import speech_act
from assistant.settings import SHIPPED_CORPUS

LIAOCHENG_2020 = "liaocheng_2020_measures.txt"
LIAOCHENG_2022 = "liaocheng_2022_action_plan.txt"
GAOTANG = "gaotang_2021_19_measures.txt"


def _printed(source: str, marker: str) -> str:
    """The line of a shipped text that starts with a numbering marker (30. / （十二）)."""
    text = (SHIPPED_CORPUS / source).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith(marker))
    return re.split(r"[。；]", line.strip()[len(marker):].strip())[0]


# -- message kinds ---------------------------------------------------------------------------
@pytest.mark.parametrize("message", ["你好", "您好！", "谢谢", "谢谢你啊", "再见", "好的"])
def test_social_formulas_are_chitchat_with_nothing_cited(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("chitchat", False, ())
    # It says what it covers: the places whose documents are indexed (the texts' issuers).
    assert "聊城" in answer.text and "高唐" in answer.text


@pytest.mark.parametrize("message", ["帮我写一首诗", "今天天气怎么样", "讲个笑话吧", "红烧肉怎么做",
                                     # no measure stands apart for them (`assistant.standout`)
                                     "帮我写一首关于秋天的词", "明天威海刮风吗？", "推荐几部好看的电影吧",
                                     # 永济's 水电气热 measure stands apart, with no sentence
                                     # nearer than unrelated text comes
                                     "永济今天气温多少度？"])
def test_requests_the_corpus_never_speaks_of_are_off_topic(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("off_topic", False, ())


def test_a_policy_question_that_starts_with_a_greeting_is_answered(corpus_assistant):
    answer = corpus_assistant.ask("你好，在聊城开公司刻章要钱吗？", use_llm=False)
    assert answer.found and answer.intent not in ("chitchat", "off_topic")
    # liaocheng_2020 measure 1 says who pays for the seals.
    assert any("刻制费用由同级财政承担" in c.text for c in answer.citations)


def test_greetings_in_the_history_carry_no_topic(corpus_assistant):
    answer = corpus_assistant.ask("高唐县企业开办需要几天？", history=["你好", "谢谢"], use_llm=False)
    assert answer.citations[0].source == GAOTANG


def test_speech_acts_are_recognised_only_alone():
    assert speech_act("你好") == "greeting" and speech_act("谢谢您！") == "thanks"
    assert speech_act("你好，企业开办要几天？") is None


# -- topic change ------------------------------------------------------------------------------
def test_a_new_question_on_another_subject_drags_in_nothing(corpus_assistant):
    answer = corpus_assistant.ask("出口退税怎么办理？", history=["在聊城开公司刻章要钱吗？"],
                                  use_llm=False)
    assert answer.found
    # Every measure cited is about the rebate; none is the seal measure of the earlier turn.
    assert all("退税" in c.text for c in answer.citations)
    assert not any("刻制" in c.text for c in answer.citations)


def test_a_follow_up_changing_only_the_place_keeps_the_question(corpus_assistant):
    answer = corpus_assistant.ask("那高唐呢？", history=["聊城企业开办需要几天？"], use_llm=False)
    first = answer.citations[0]
    assert first.source == GAOTANG and "企业开办" in first.text
    assert "20分钟" in answer.text  # 高唐's own measure: 最快20分钟办结


def test_a_follow_up_changing_only_the_subject_keeps_what_was_asked(corpus_assistant):
    answer = corpus_assistant.ask("那刻章呢？", history=["聊城企业开办需要几天？"], use_llm=False)
    assert answer.intent == "time_limit"
    assert "刻制" in answer.citations[0].text


def test_a_pronoun_follow_up_keeps_the_topic(corpus_assistant):
    answer = corpus_assistant.ask("那这事归哪个部门管？", history=["在聊城开公司刻章要钱吗？"],
                                  use_llm=False)
    assert "刻制费用由同级财政承担" in answer.citations[0].text


# -- which document, which measure -------------------------------------------------------------
def test_year_and_kind_pick_the_2020_document_not_the_2022_plan(corpus_assistant):
    answer = corpus_assistant.ask("聊城2020年那份若干措施第30条讲的什么", use_llm=False)
    first = answer.citations[0]
    assert (first.source, first.number) == (LIAOCHENG_2020, "30")
    assert _printed(LIAOCHENG_2020, "30.") in first.text


def test_a_follow_up_naming_another_year_moves_to_that_document(corpus_assistant):
    answer = corpus_assistant.ask("那2022年的呢？", history=["聊城2020年那份若干措施第30条讲的什么"],
                                  use_llm=False)
    first = answer.citations[0]
    assert (first.source, first.number) == (LIAOCHENG_2022, "30")
    assert _printed(LIAOCHENG_2022, "30.") in first.text


@pytest.mark.parametrize("question", ["高唐十九条措施第（十二）条讲的什么？", "高唐十九条措施第十二条讲的什么？",
                                      "高唐十九条措施（十二）讲的什么？", "高唐十九条措施第12项是什么？"])
def test_a_measure_number_in_any_numeral_or_bracket_form(corpus_assistant, question):
    answer = corpus_assistant.ask(question, use_llm=False)
    first = answer.citations[0]
    assert (first.source, first.number) == (GAOTANG, "12")
    assert _printed(GAOTANG, "（十二）") in first.text


def test_number_and_year_forms():
    assert measure_numbers("第（十二）条") == ("12", "art12")
    assert measure_numbers("（十二）是什么") == ("12",)
    assert measure_numbers("第三十条") == ("30", "art30")
    assert years_named("聊城2020年那份") == {"2020"}
    assert years_named("到2025年能压到多少") == set() and years_named("2025年底前") == set()


# -- places ----------------------------------------------------------------------------------------
def test_a_county_is_answered_from_its_own_measure_first(corpus_assistant):
    answer = corpus_assistant.ask("高唐县企业开办需要几天？", use_llm=False)
    first = answer.citations[0]
    assert first.source == GAOTANG and "企业开办" in first.text and "20分钟" in answer.text


def test_a_district_without_documents_is_told_so_and_never_gets_a_siblings_measures(
        corpus_assistant):
    # 茌平区 is a district of 聊城市, like 高唐县; the corpus has no document of 茌平区.
    answer = corpus_assistant.ask("茌平区企业开办需要几天？", use_llm=False)
    assert answer.text.startswith("收录的政策中没有茌平区自己的文件")
    assert answer.found and all(c.source.startswith("liaocheng") for c in answer.citations)
    assert not any(c.source == GAOTANG for c in answer.citations)


def test_a_district_without_documents_and_no_answer_is_refused_saying_so(corpus_assistant):
    answer = corpus_assistant.ask("茌平区个人所得税起征点是多少？", use_llm=False)
    assert not answer.found and "没有茌平区自己的文件" in answer.text


def test_a_comparison_answers_each_named_document_from_itself(corpus_assistant):
    answer = corpus_assistant.ask("聊城2020年的措施和2022年的行动计划，对小微企业用电投资分别是怎么说的？",
                                  use_llm=False)
    sources = {c.source for c in answer.citations}
    assert sources == {LIAOCHENG_2020, LIAOCHENG_2022}


def test_a_question_about_what_a_place_itself_issued_is_refused_when_it_issued_nothing(
        corpus_assistant):
    # 临清市 (a county-level city of 聊城) issued none of the shipped documents.
    answer = corpus_assistant.ask("临清市自己出台的营商环境措施里，企业开办要几个小时？", use_llm=False)
    assert not answer.found and "没有临清市自己的文件" in answer.text


@pytest.mark.parametrize("message", ["帮我写一首夸聊城的七言诗吧", "谢谢你，讲得挺清楚的"])
def test_a_place_or_a_remark_does_not_make_a_message_a_policy_question(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert answer.intent in ("chitchat", "off_topic") and not answer.found and not answer.citations


def test_every_side_a_comparison_names_is_answered_from_its_own_documents(corpus_assistant):
    answer = corpus_assistant.ask("威海的方案和聊城2022年的计划，对外籍人才分别有什么便利？", use_llm=False)
    by_source = {}
    for c in answer.citations:
        by_source.setdefault(c.source, []).append(c)
    assert set(by_source) == {"weihai_2018_work_plan.txt", LIAOCHENG_2022}
    # Each side's measure is about foreign talent in its own text.
    assert all("外籍" in c.text or "外国" in c.text for c in answer.citations)


def test_a_year_names_a_document_only_beside_a_kind_of_document():
    assert years_named("聊城2022年的行动计划") == {"2022"}
    assert years_named("2016年和福建2015年的户籍改革文件") == {"2016", "2015"}
    # A point in time, not a document: the standard of 2025.
    assert years_named("广州2025年孤儿每人每月的养育标准") == set()


def test_an_off_topic_message_naming_a_district_gets_no_note_about_its_documents(corpus_assistant):
    answer = corpus_assistant.ask("茌平区今天天气怎么样", use_llm=False)
    assert answer.intent == "off_topic" and "茌平区自己的文件" not in answer.text


@pytest.mark.parametrize("message", [
    "帮我查一下我们公司去年的企业所得税汇算清缴交上去没有",
    "你能帮我查查我的营业执照审批到哪一步了吗？",
    "麻烦替我看一下我们单位今年的纳税信用等级是A级还是B级",
])
def test_a_request_to_look_up_the_users_own_records_is_its_own_kind(corpus_assistant, message):
    # Policy words (企业所得税, 营业执照, 纳税信用) do not make it a policy question: no text
    # holds a company's own filings.
    answer = corpus_assistant.ask(message, use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("own_records", False, ())
    assert "聊城" in answer.text  # and it says what it covers


@pytest.mark.parametrize("message", [
    # what the rules allow the company is a policy question, asked on its behalf
    "帮我看看我们公司能不能在聊城申请应急转贷",
    "麻烦帮我们查一下高唐开办企业要多长时间",
])
def test_a_request_about_the_policies_is_answered(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert answer.intent != "own_records" and answer.found and answer.citations
