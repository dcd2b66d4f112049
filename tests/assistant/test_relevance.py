"""The refusal and citation rules of `assistant.relevance`, on measures built here."""

from __future__ import annotations

import pytest

from assistant import relevance
from assistant.asked import MONEY, in_unit
from assistant.query import Query
from assistant.retrieval import Hit
from ingest.records import Measure, PolicyDocument, TimeLimit

DOC = PolicyDocument(doc_id="d", source="d.txt", title="测试文件")


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    from vectorstore.keywords import Tokenizer

    return Tokenizer(tmp_path_factory.mktemp("jieba"))


def _hit(text: str, number: str = "1", score: float = 0.05, **fields) -> Hit:
    measure = Measure(key=f"d:{number}", doc_id="d", source="d.txt", number=number,
                      printed_number=f"{number}.", kind="measure", section=(), heading="",
                      text=text, span=(0, len(text)), **fields)
    return Hit(measure, DOC, score)


def _query(question: str, intent: str = "general") -> Query:
    return Query(question=question, turns=(), search_text=question, intent=intent,
                 is_followup=False)


@pytest.mark.parametrize(("question", "text", "lacks"), [
    ("社保缴费基数下限是多少？", "12月底前，实现社保缴费成功后即时开具缴费凭证。", True),
    ("社保缴费基数下限是多少？", "社保缴费基数下限按上年平均工资的60%确定。", False),
    ("贷款最多能贷多少钱？", "对小微企业贷款给予贴息，最高不超过50万元。", False),
    ("落户还要交满几年社保吗？", "全面取消社会保险费缴纳年限限制。", False),  # "none at all" answers
    ("开办企业归哪个部门管？", "推进企业开办全程网办。", False),  # no amount asked
    # how often: a period counted in years answers it; a calendar year (four digits) does not
    ("荣誉市民多久评一次？", "荣誉市民称号的授予，一般每两年举行一次。", False),
    ("荣誉市民多久评一次？", "荣誉市民称号于2021年起授予。", True),
    ("多长时间检查一次？", "对企业每3年检查一次。", False),
    # which day of the month: a measure that only says the day recurs does not answer it
    ("企业服务日固定在每个月的哪一天？", "定期开展“企业服务日”活动，精准对接企业需求。", True),
    ("企业服务日固定在每个月的哪一天？", "每月15日为“企业服务日”，精准对接企业需求。", False),
    ("窗口每周哪天延时服务？", "政务服务窗口每周三延时服务至晚上八点。", False),
])
def test_an_amount_question_needs_a_measure_that_states_one(tokenizer, question, text, lacks):
    assert relevance.lacks_asked_quantity(_query(question), [_hit(text)], tokenizer.tokens) is lacks


def test_an_amount_stated_for_another_matter_does_not_answer(tokenizer):
    # 优质专利补助 is granted 分档 with no amount; the 85折 is a toll discount beside it.
    grant = _hit("开展市优质专利补助工作。市财政部门对获得优质专利补助资格的分档给予补助。", "126")
    tolls = _hit("继续落实对安装ETC设备货车实行85折通行费优惠。", "171")
    asked = _query("市优质专利补助每件专利补多少钱？")
    assert relevance.lacks_asked_quantity(asked, [tolls, grant], tokenizer.tokens)
    stated = _hit("对获得优质专利补助资格的，每件给予5000元补助。", "127")
    assert not relevance.lacks_asked_quantity(asked, [tolls, stated], tokenizer.tokens)


def test_a_time_limit_stated_for_another_matter_does_not_answer_how_long(tokenizer):
    # The same rule as for amounts: the sentence on the subject must state the time limit.
    grant = _hit("开展市优质专利补助工作。市财政部门对获得优质专利补助资格的分档给予补助。", "126")
    refund = _hit("审核办理正常出口退税的平均时间控制在5个工作日内。", "16", time_limits=(
        TimeLimit(text="5个工作日内", kind="duration", value=5.0, unit="工作日"),))
    asked = _query("优质专利补助多久能发下来？")
    assert relevance.lacks_asked_quantity(asked, [refund, grant], tokenizer.tokens)
    stated = _hit("优质专利补助资金在公示后10个工作日内拨付。", "127", time_limits=(
        TimeLimit(text="10个工作日内", kind="duration", value=10.0, unit="工作日"),))
    assert not relevance.lacks_asked_quantity(asked, [refund, stated], tokenizer.tokens)


@pytest.mark.parametrize(("question", "lacks"), [
    ("高新技术企业认定多长时间能批下来？", True),  # how long: a date is no duration
    ("高新技术企业的城镇土地使用税优惠执行到什么时候？", False),  # when: the date answers it
])
def test_a_date_answers_when_but_not_how_long(tokenizer, question, lacks):
    tax = _hit("落实高新技术企业城镇土地使用税税额标准按规定税额标准50%执行政策，"
               "有效期延长至2025年12月31日。", "171", time_limits=(
                   TimeLimit(text="有效期延长至2025年12月31日", kind="date", date="2025-12-31"),))
    assert relevance.lacks_asked_quantity(_query(question), [tax], tokenizer.tokens) is lacks


def test_a_span_printed_in_any_phrase_answers_how_long(tokenizer):
    # liaocheng 2022 第110条: the 9月底前 is when the rule starts; 至少30日 is how long ahead
    tender = _hit("对国有资金占控股或主导的企业依法必须招标的项目，9月底前，试行通过市公共资源交易平台"
                  "发布招标计划，发布时间为招标公告发布之日前至少30日。", "110", time_limits=(
                      TimeLimit(text="9月底前", kind="deadline", date="2022-09-30"),))
    asked = _query("依法必须招标的项目，招标计划得提前多久在交易平台上发布？")
    assert not relevance.lacks_asked_quantity(asked, [tender], tokenizer.tokens)


def test_a_measure_named_by_number_answers_whatever_it_states(tokenizer):
    hit = _hit("推进企业开办全程网办。")
    named = Hit(hit.measure, hit.document, 2.0, direct=True)
    assert not relevance.lacks_asked_quantity(_query("第1条规定多少天？"), [named], tokenizer.tokens)


def test_a_deadline_does_not_answer_how_long_but_keeps_a_runner_up_cited():
    deadline = TimeLimit(text="6月底前", kind="deadline", date="2022-06-30")
    duration = TimeLimit(text="3个工作日内", kind="duration", value=3.0, unit="工作日")
    assert not relevance.carries(_hit("x", time_limits=(deadline,)).measure, "time_limit")
    assert relevance.carries(_hit("x", time_limits=(deadline,)).measure, "time_limit",
                             strict=False)
    assert relevance.carries(_hit("x", time_limits=(duration,)).measure, "time_limit")


def test_a_comparison_compares_what_it_asks_for():
    assert relevance.asked_intent(_query("高唐和聊城分别多长时间能办结？", "compare")) == "time_limit"
    assert relevance.asked_intent(_query("两地有什么区别？", "compare")) == "general"


def test_an_amount_asked_in_money_needs_money_not_in_the_question(tokenizer):
    # 6斤/亩 is an amount, not a price; 免费 is money, but the question says it already
    question = "统一免费供应的绿肥种子，政府采购价是多少钱一斤？"
    seeds = _hit("绿肥种子按红花草6斤/亩实行统一免费供应，种子采购按照政府采购规定执行。")
    assert not relevance.lacks_asked_quantity(_query(question), [seeds], tokenizer.tokens)
    assert relevance.lacks_asked_quantity(_query(question), [seeds], tokenizer.tokens,
                                          unit=MONEY)
    priced = _hit("绿肥种子实行统一免费供应，政府采购价为每斤4.5元。")
    assert not relevance.lacks_asked_quantity(_query(question), [priced], tokenizer.tokens,
                                              unit=MONEY)
    # 免费 answers a question that does not say it (刻章要多少钱)
    assert in_unit("新开办企业免费刻制公章。", MONEY, said="刻章要多少钱？")
    assert not in_unit("新开办企业免费刻制公章。", MONEY, said="免费刻的公章值多少钱？")
