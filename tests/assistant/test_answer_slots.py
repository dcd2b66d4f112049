"""The lead line fills the slot the question asks, from the cited measure's own clause.

Oracles are the policy texts in data/policies/ (the clause each question's answer must state,
read there by hand) and the rules of the language (a yes/no question's verb and negation),
not the code under test.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant import coverage, grounding
from assistant.in_force import in_force_unit, printed_window, validity_lead
from assistant.query import intent_of
from assistant.settings import SHIPPED_CORPUS
from assistant.slots import NEGATED, polar_question
from ingest.pipeline import parse_paths

L20, L22 = "liaocheng_2020_measures", "liaocheng_2022_action_plan"
YONGJI, GAOTANG, WEIHAI = "yongji_2022_business_plan", "gaotang_2021_19_measures", "weihai_2018_work_plan"
GOLD = SHIPPED_CORPUS.parent.parent / "evals" / "parse_gold" / "corpus"


def _lead(answer, key: str) -> str:
    """The first line of the answer's block for the measure `key`."""
    citation = next(c for c in answer.citations if c.key == key)
    block = next(s for s in answer.segments if f"{citation.label}（{citation.heading}）" in s)
    return block.splitlines()[0]


def _grounded(line: str, answer) -> list[str]:
    return grounding.unsupported(line, answer.citations)


@pytest.mark.parametrize("question, intent", [
    ("在聊城开公司刻章要钱吗？", "yes_no"),
    ("是不是就不用办规划许可证了？", "yes_no"),
    ("半天能搞定不？", "yes_no"),
    ("能不能以个人身份加入协会？", "yes_no"),
    ("几天能办完吗？", "time_limit"),  # a question word makes it an open question
    ("是不是得先交够几年社保才行？", "yes_no"),  # …unless A-not-A makes it indefinite
    ("这个政策现在还有效吗？", "validity"),
    ("每人每月多少钱？", "amount"),
    ("要等多少个工作日？", "time_limit"),
])
def test_the_question_form_names_the_slot(question, intent):
    assert intent_of(question) == intent


@pytest.mark.parametrize("question, words, negated", [
    ("刻章要钱吗？", ("需要", "不需要"), False),
    ("部门可以硬要我跑现场吗？", ("可以", "不可以"), False),
    ("是不是就不用办规划许可证了？", ("是", "不是"), True),
    ("公司一直没开业，能走简易注销吗？", ("可以", "不可以"), False),  # 没 of a condition
    ("接电不用自己掏钱了？真的假的", ("需要", "不需要"), True),
    ("工程款一直拖着，聊城管不管这事？", ("管", "不管"), False),  # A-not-A answers in its verb
])
def test_a_polar_questions_verb_and_negation(question, words, negated):
    asked = polar_question(question)
    assert (asked.words, asked.negated) == (words, negated)


@pytest.mark.parametrize("clause, negated", [
    ("刻制费用由同级财政承担", True), ("不得强制要求申请人到现场办理", True),
    ("免于办理建设工程规划许可证", True), ("取消社会保险费缴纳年限限制", True),
    ("允许律师、会计师等以个人名义加入协会", False), ("给予最高100万元经费资助", False),
])
def test_negation_and_exemption_are_read_from_the_clause(clause, negated):
    assert bool(NEGATED.search(clause)) is negated


@pytest.mark.parametrize("question, key, word, clause", [
    # liaocheng 2020 第1条: 印章…刻制费用由同级财政承担
    ("在聊城开公司刻章要钱吗？", f"{L20}:1", "不需要", "刻制费用由同级财政承担"),
    # yongji 第9条: 不得强制要求申请人到现场办理
    ("在永济办事，能网上办的事部门可以硬要我跑现场吗？", f"{YONGJI}:9", "不可以",
     "不得强制要求申请人到现场办理"),
    # gaotang (一): 对列入豁免清单的建设内容，免于办理建设工程规划许可证
    ("高唐的项目如果在豁免清单里，是不是就不用办规划许可证了？", f"{GAOTANG}:1", "是",
     "免于办理建设工程规划许可证"),
    # liaocheng 2022 第66条: 允许律师、会计师等以个人名义加入协会
    ("我是会计师，能不能以个人身份加入聊城的破产管理人协会？", f"{L22}:66", "可以",
     "以个人名义加入协会"),
    # weihai 第25条: 取消社会保险费缴纳年限限制
    ("想把户口落到威海，是不是得先交够几年社保才行？", f"{WEIHAI}:25", "不是",
     "取消社会保险费缴纳年限限制"),
])
def test_a_yes_no_answer_leads_with_the_clauses_polarity(corpus_assistant, question, key, word,
                                                        clause):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and answer.intent == "yes_no"
    lead = _lead(answer, key)
    assert lead.startswith(f"{word}：") and clause in lead
    assert not _grounded(lead, answer)


def test_an_amount_question_leads_with_the_amount_clause(corpus_assistant):
    # weihai 第28条: 对…新认定的国家级技能大师工作室…给予最高100万元经费资助
    answer = corpus_assistant.ask("我们厂里的技能大师工作室刚评上国家级，在威海能拿多少钱资助？",
                                  use_llm=False)
    lead = _lead(answer, f"{WEIHAI}:28")
    assert lead.startswith("标准：") and "给予最高100万元经费资助" in lead
    assert not _grounded(lead, answer)


def test_a_time_limit_lead_says_what_each_limit_applies_to(corpus_assistant):
    # yongji 第25条: 抵押登记压缩至1天，一般登记压缩至3天，复杂登记压缩至7天
    answer = corpus_assistant.ask("永济不动产登记现在要几天？", use_llm=False)
    lead = _lead(answer, f"{YONGJI}:25")
    items = re.sub(r"\s+", "", lead).removeprefix("时限：").split("；")
    for labelled in ("抵押登记压缩至1天", "一般登记压缩至3天", "复杂登记压缩至7天"):
        assert labelled in items
    assert not _grounded(lead, answer)


@pytest.mark.parametrize("as_of, expected", [
    (date(2024, 1, 1), "有效：该条规定“有效期延长至2025年12月31日”"),
    (date(2026, 6, 1), "已失效：规定“有效期延长至2025年12月31日”，2025-12-31到期"),
])
def test_a_validity_question_is_answered_from_the_printed_dates(corpus_assistant, as_of,
                                                                expected):
    # liaocheng 2022 第166条: …按规定税额标准50%执行政策，有效期延长至2025年12月31日
    answer = corpus_assistant.ask("聊城高企土地使用税按一半标准交的政策，现在还有效吗？",
                                  use_llm=False, as_of=as_of)
    assert answer.intent == "validity"
    assert _lead(answer, f"{L22}:166").startswith(expected)


def test_a_validity_question_on_the_ended_part_of_a_measure_says_it_ended(corpus_assistant):
    # liaocheng 2022 第171条: 客车5%折扣 长期; 货车85折 执行期至2022年12月31日
    answer = corpus_assistant.ask("聊城货车装ETC走高速打85折的优惠，现在还有吗？", use_llm=False,
                                  as_of=date(2024, 1, 1))
    lead = _lead(answer, f"{L22}:171")
    assert lead.startswith("已失效：该条规定“执行期至2022年12月31日”") and "其余部分仍有效" in lead


def test_a_province_without_a_document_of_its_own_is_answered_from_its_cities(corpus_assistant):
    # 第171条 of 聊城's 2022 plan itself grants the 85折 on 山东高速: a city's text on the
    # province's roads. The corpus has no 山东省 document: a province with none of its own is
    # answered from its cities' documents, saying so (issue 15 item 5 keeps a city or county
    # from being answered by the places below it).
    answer = corpus_assistant.ask("山东高速上货车装ETC打85折的优惠，现在还有吗？", use_llm=False,
                                  as_of=date(2024, 1, 1))
    assert any(c.key == f"{L22}:171" for c in answer.citations)
    # the province has no document of its own: said first, with whose document answers
    assert answer.text.startswith("收录的政策中没有山东自己的文件") and "聊城" in answer.segments[0]


def test_a_planning_target_is_not_reported_as_passed(corpus_assistant):
    # yongji 第22条: 力争到2022年实现…"0.5天""零成本"，到2025年实现…即时审批 — targets
    answer = corpus_assistant.ask("永济企业开办“0.5天”“零成本”的政策现在还有效吗？",
                                  use_llm=False, as_of=date(2026, 6, 1))
    lead = _lead(answer, f"{YONGJI}:22")
    assert lead.startswith("有效") and "目标期限" in lead and "到2025年" in lead
    assert "已过" not in answer.text and "已失效" not in lead


AMOUNT_NOT_STATED = "抱歉，知识库收录的政策中没有找到写明所问金额或标准的规定"
TIME_NOT_STATED = "抱歉，知识库收录的政策中没有找到写明所问时限的规定"


@pytest.mark.parametrize(("question", "refusal"), [
    # liaocheng 2022 第126条 grants 优质专利补助 "分档给予补助": no amount is printed
    ("聊城2022年那个市优质专利补助，每件专利具体补多少钱？", AMOUNT_NOT_STATED),
    # weihai 第27条: 承办高层次人才交流活动…给予经费资助 — no amount; 第28条's 100万元 is
    # for 技能大师工作室, another matter
    ("威海企业承办高层次人才交流活动，经费资助一次给多少钱？", AMOUNT_NOT_STATED),
    # the same 第126条 states no time either
    ("聊城的优质专利补助多久能发下来？", TIME_NOT_STATED),
    # the corpus's only 高新技术企业 sentences: a target (全年新增…100家以上) and a tax rate
    # whose 有效期延长至2025年12月31日 is a date, not how long a certification takes
    ("聊城企业申请高新技术企业认定多长时间能批下来？", TIME_NOT_STATED),
])
def test_an_amount_or_time_limit_the_corpus_never_states_is_refused(corpus_assistant, question,
                                                                    refusal):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert not answer.found and not answer.citations
    assert answer.text.startswith(refusal)


def test_a_near_miss_refusal_names_the_document_that_treats_the_matter(corpus_assistant):
    # 优质专利补助 is liaocheng 2022's 第126条; an unknown subject names no document at all
    near = corpus_assistant.ask("聊城的优质专利补助多久能发下来？", use_llm=False).text
    assert "与问题最接近的文件有《聊城市营商环境创新2022年行动计划》" in near
    assert near.count("《") <= coverage.CLOSEST_LISTED
    unknown = corpus_assistant.ask("外贸企业每年能购汇多少美元，外汇管制有什么额度限制？", use_llm=False)
    assert not unknown.found and "《" not in unknown.text


@pytest.mark.parametrize(("question", "fact"), [
    ("聊城出口退税多久能办完？", "5个工作日内"),  # liaocheng 2020 第16条
    ("高唐县企业开办需要几天？", "20分钟"),  # gaotang 第(七)条: 最快20分钟办结
])
def test_a_time_limit_the_corpus_states_is_still_answered(corpus_assistant, question, fact):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and fact in answer.text


def test_a_printed_validity_window_is_read_from_the_text():
    # 5 years from 4 March 2024 run to 3 March 2029
    assert printed_window(["本通知自2024年3月4日起施行，有效期5年。"]) == ("2024-03-04", "2029-03-03")
    assert printed_window(["本条例自2022年5月1日起施行。"]) == ("2022-05-01", None)


@pytest.mark.parametrize("as_of, expected", [
    (date(2013, 1, 1), "尚未施行"),
    (date(2024, 1, 1), "有效"),
])
def test_a_regulation_answers_validity_from_its_own_commencement_article(as_of, expected):
    # ah_hefei 第四十三条: 本条例自2013年7月1日起施行。…《合肥市发展私营企业条例》同时废止。
    doc = parse_paths([GOLD / "ah_hefei_private_economy_regulation.md"]).documents[0]
    first = doc.measures[0]
    assert in_force_unit(doc).printed_number == "第四十三条"
    lead = validity_lead(first, doc, as_of)
    assert lead.startswith(f"{expected}：该文件第四十三条规定“本条例自2013年7月1日起施行")
    assert "同时废止" in lead
