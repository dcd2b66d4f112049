"""The refusal and citation rules of `assistant.relevance`, on measures built here."""

from __future__ import annotations

import pytest

from assistant import relevance
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
])
def test_an_amount_question_needs_a_measure_that_states_one(tokenizer, question, text, lacks):
    assert relevance.lacks_asked_amount(_query(question), [_hit(text)], tokenizer.tokens) is lacks


def test_an_amount_stated_for_another_matter_does_not_answer(tokenizer):
    # 优质专利补助 is granted 分档 with no amount; the 85折 is a toll discount beside it.
    grant = _hit("开展市优质专利补助工作。市财政部门对获得优质专利补助资格的分档给予补助。", "126")
    tolls = _hit("继续落实对安装ETC设备货车实行85折通行费优惠。", "171")
    asked = _query("市优质专利补助每件专利补多少钱？")
    assert relevance.lacks_asked_amount(asked, [tolls, grant], tokenizer.tokens)
    stated = _hit("对获得优质专利补助资格的，每件给予5000元补助。", "127")
    assert not relevance.lacks_asked_amount(asked, [tolls, stated], tokenizer.tokens)


def test_a_measure_named_by_number_answers_whatever_it_states(tokenizer):
    hit = _hit("推进企业开办全程网办。")
    named = Hit(hit.measure, hit.document, 2.0, direct=True)
    assert not relevance.lacks_asked_amount(_query("第1条规定多少天？"), [named], tokenizer.tokens)


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
