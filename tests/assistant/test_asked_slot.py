"""Among units of one document on one scheme, the one filling the slot asked comes first.

Oracle: the units below, written here after the pattern of municipal measures and read by
hand — who may have a district policy is said by its 适用于 article, though the question's
other words are in the title and in the subsidy articles; who is left out of a reward by the
article listing the cases 不属于…奖励范围, not by the one listing the conditions to meet; how
much a reward is by the article printing the amount, not by the procedure's 5个工作日; and a
scope of the whole plan does not answer who may have one measure of it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant import asked_slot
from assistant.query import Query
from assistant.retrieval import Hit
from ingest import time_limits
from ingest.records import Measure, PolicyDocument


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    from vectorstore.keywords import Tokenizer

    return Tokenizer(tmp_path_factory.mktemp("jieba"))


def _document(title: str, texts: list[tuple[str, str]]) -> tuple[PolicyDocument, list[Measure]]:
    doc = PolicyDocument(doc_id="d", source="d.md", title=title)
    measures = [Measure(key=f"d:{n}", doc_id="d", source="d.md", number=n, printed_number=n,
                        kind="measure", section=(), heading="", text=t, span=(0, len(t)),
                        time_limits=time_limits.extract(t, 2024)) for n, t in texts]
    return doc, measures


def _view(tokenizer, measures: list[Measure]):
    """An index snapshot of one document: every word weighs the same."""
    catalog = SimpleNamespace(
        measures=measures, measure_rows={"d": list(range(len(measures)))},
        position={m.key: i for i, m in enumerate(measures)},
        keyword_text_of=lambda key: next(m.text for m in measures if m.key == key))
    keywords = SimpleNamespace(idf=lambda word: 1.0)
    return SimpleNamespace(catalog=catalog, tokenizer=tokenizer, keywords=keywords)


def _query(question: str, intent: str = "general") -> Query:
    return Query(question=question, turns=(), search_text=question, intent=intent,
                 is_followup=False)


def _hits(doc, measures, order: list[str]) -> list[Hit]:
    by_number = {m.number: m for m in measures}
    return [Hit(by_number[n], doc, 0.05 - 0.001 * i) for i, n in enumerate(order)]


POLICY = _document("长宁区支持节能减排降碳若干政策措施", [
    ("1", "低碳产业园区。对低碳产业达到一定集聚度的园区，经认定，每年给予运营单位50万元支持。"),
    ("16", "用能单位管理。对能源审计项目给予最高10万元补贴；对实施能源计量数据采集联网的单位，"
           "每家单位最高补贴5万元。"),
    ("17", "政府部门管理。支持节能降碳基础工作，支持本政策施行过程中的组织申报、受理审核等工作。"),
    ("19", "本政策适用于依法设立、经营状态正常、信用状况良好的法人和非法人组织等单位。"),
    ("24", "本政策由区发展改革委负责解释。"),
])

REWARD = _document("安全生产举报奖励办法", [
    ("art2", "本办法所称举报奖励，是指区应急管理局对举报事项经查证属实的，给予举报人奖金奖励的行为。"),
    ("art5", "举报奖励应当符合下列条件：（一）有具体的违法行为线索；（二）举报事项经查证属实。"),
    ("art6", "有下列情形之一的，不属于本办法规定的奖励范围：（一）举报人系应急管理部门工作人员及其"
             "近亲属；（二）举报内容已被发现。"),
    ("art7", "举报违法行为的，经查证属实，按以下标准给予举报人奖励：举报对象被依法处以罚款的，"
             "奖励金额按照罚款金额的15%计算，最低奖励3000元。"),
    ("art9", "举报奖励按以下程序办理：举报事项处理完毕后5个工作日内，通知举报人领取奖励。"),
])

PLAN = _document("奉贤区产教融合实施方案", [
    ("1", "支持范围。重点支持在奉贤办学的高等院校、区内重点科研平台载体，以及区内企业。"),
    ("7", "人才公寓物业减免。在奉贤区内从事科研创新合作的院校师生和企业技术人员，经认定给予三年"
          "人才公寓租金减免。"),
])


def test_who_may_have_a_policy_is_its_scope_article_though_it_shares_few_words(tokenizer):
    doc, measures = POLICY
    query = _query("长宁区支持节能减排降碳的政策，什么样的单位可以享受？", "eligibility")
    assert asked_slot.asks_who(query)
    hits = _hits(doc, measures, ["17", "16", "1"])  # 第19条 not retrieved at all
    first = asked_slot.slot_first(query, hits, _view(tokenizer, measures))
    assert first[0].measure.number == "19"
    assert {h.measure.number for h in first} >= {"17", "16", "1"}


def test_who_is_left_out_is_the_article_listing_the_excluded_cases(tokenizer):
    doc, measures = REWARD
    query = _query("安全生产举报奖励，哪些人举报了也拿不到奖励？", "benefit")
    hits = _hits(doc, measures, ["art7", "art2", "art5", "art6"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art6"
    # asked who may have it, the definition of whom it is given or the conditions to meet
    # come first, not the cases left out
    query = _query("安全生产举报奖励，哪些人举报了可以拿到奖励？", "benefit")
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        in ("art2", "art5")


def test_how_much_is_the_unit_printing_the_amount_not_the_procedures_days(tokenizer):
    doc, measures = REWARD
    query = _query("举报违法行为，企业被罚款了，举报人能拿多少奖励？", "amount")
    hits = _hits(doc, measures, ["art2", "art9", "art7"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art7"
    # the first hit printing the amount stays first
    hits = _hits(doc, measures, ["art7", "art2", "art9"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art7"


def test_a_scope_of_the_whole_plan_does_not_answer_who_may_have_one_measure(tokenizer):
    doc, measures = PLAN
    query = _query("产教融合方案里的人才公寓租金减免，哪些人可以享受？", "eligibility")
    hits = _hits(doc, measures, ["7", "1"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number == "7"


def test_a_question_not_asking_who_or_how_much_is_left_as_ranked(tokenizer):
    doc, measures = POLICY
    query = _query("长宁区节能减排降碳政策由哪个部门负责解释？", "office")
    assert not asked_slot.asks_who(query)
    hits = _hits(doc, measures, ["24", "19", "17"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures)) == hits


def test_how_a_reward_is_reckoned_is_the_unit_printing_its_amount(tokenizer):
    doc, measures = REWARD
    query = _query("举报违法行为被罚款的，举报奖励按什么标准给？", "general")
    hits = _hits(doc, measures, ["art2", "art7", "art5"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art7"


def test_the_lead_of_a_question_asking_whom_is_the_scope_sentence_verbatim():
    doc, measures = POLICY
    scope = next(m for m in measures if m.number == "19")
    assert asked_slot.scope_lead(scope) == \
        "适用对象：本政策适用于依法设立、经营状态正常、信用状况良好的法人和非法人组织等单位。"
    assert asked_slot.scope_lead(next(m for m in measures if m.number == "16")) == ""


def test_an_answer_to_whom_leads_with_the_scope_and_a_verdict_still_comes_first():
    from assistant import compose

    doc, measures = POLICY
    scope = Hit(next(m for m in measures if m.number == "19"), doc, 0.05)
    query = _query("长宁区支持节能减排降碳的政策，什么样的单位可以享受？", "eligibility")
    assert compose.lead_line(scope, query, "", {"单位": 2.0}).startswith("适用对象：本政策适用于")
    # not asked whom: the lead the intent gives
    query = _query("长宁区支持节能减排降碳的政策由哪个部门解释？", "office")
    assert not compose.lead_line(scope, query, "", {"单位": 2.0}).startswith("适用对象")


# Oracle for the cases below: read by hand after the pattern of a county's 责任追究办法, a
# national tax regulation and a district's public-housing measures. In which case a rule
# applies is said by the article binding the consequence asked to its cases (可从轻或者减轻,
# 需要办理汇算清缴的情形包括), not by the scope or the article binding another consequence;
# whether a person in a stated situation may apply is said by the article stating the
# conditions, not by the one listing the materials that share the situation's words.
ACCOUNTABILITY = _document("某县损害营商环境行为责任追究办法", [
    ("art2", "本办法所称损害营商环境的行为是指行使公权力的机关、组织及其工作人员不履行工作职责，"
             "导致市场主体合法权益受到损害的行为。"),
    ("art4", "违反营商环境政策措施，有下列情形之一的，应当予以责任追究：（一）贯彻执行不力的；"
             "（二）刁难服务对象的。"),
    ("art7", "对主动承担责任、积极整改问题，有效挽回损失的，可从轻或者减轻责任追究。"),
    ("art8", "对干扰阻碍责任追究造成不良影响扩大的，应当从重或者加重问责。"),
])

TAX = _document("个人所得税法实施条例", [
    ("art1", "根据《中华人民共和国个人所得税法》，制定本条例。本条例适用于居民个人和非居民个人。"),
    ("art24", "扣缴义务人向个人支付应税款项时，应当预扣或者代扣税款，按时缴库。"),
    ("art25", "取得综合所得需要办理汇算清缴的情形包括：（一）综合所得年收入额减除专项扣除的余额"
              "超过6万元；（二）纳税人申请退税。"),
])

HOUSING = _document("某区公共租赁住房管理办法", [
    ("art6", "申请本区公共租赁住房的主体是个人申请人和单位申请人。"),
    ("art7", "申请本区公共租赁住房准入资格的个人应当符合以下条件：持有本市居住证，并已与本区单位"
             "签订一年以上劳动合同，同时依法缴纳社会保险金；在本区人均住房建筑面积低于15平方米。"),
    ("art9", "申请人应当提交以下申请材料：本市居住证；劳动合同；社会保险缴纳证明。"),
    ("art27", "申请人应当如实申报居住证、住房、缴纳社会保险、工作单位等信息。"),
])


def test_in_which_case_is_the_article_binding_the_consequence_asked(tokenizer):
    doc, measures = ACCOUNTABILITY
    query = _query("按责任追究办法，什么情况下可以从轻或减轻追责？", "eligibility")
    assert asked_slot.asks_case(query) and not asked_slot.asks_who(query)
    hits = _hits(doc, measures, ["art4", "art2", "art7"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art7"
    # the heavier consequence is bound by another article
    query = _query("按责任追究办法，什么情况下要从重或者加重问责？", "eligibility")
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art8"


def test_which_cases_is_the_list_of_cases_not_the_scope_of_the_regulation(tokenizer):
    doc, measures = TAX
    query = _query("个人所得税实施条例规定，取得综合所得的哪些情形需要办理汇算清缴？", "eligibility")
    hits = _hits(doc, measures, ["art1", "art24", "art25"])
    first = asked_slot.slot_first(query, hits, _view(tokenizer, measures))
    assert first[0].measure.number == "art25"
    from assistant import compose

    lead = compose.lead_line(first[0], query, "", {"汇算清缴": 2.0, "综合所得": 2.0})
    assert lead.startswith("适用情形：取得综合所得需要办理汇算清缴的情形包括")
    assert "超过6万元" in lead


def test_whether_a_persons_situation_qualifies_is_the_conditions_article(tokenizer):
    doc, measures = HOUSING
    query = _query("我拿的是居住证，跟本区一家公司签了两年劳动合同，社保一直在交，能申请公共租赁住房吗？",
                   "yes_no")
    assert asked_slot.asks_if_qualifies(query)
    hits = _hits(doc, measures, ["art27", "art9", "art7"])
    first = asked_slot.slot_first(query, hits, _view(tokenizer, measures))
    assert first[0].measure.number == "art7"
    from assistant import compose

    lead = compose.lead_line(first[0], query, "", {"居住证": 2.0, "劳动合同": 2.0})
    assert lead.startswith("适用条件：") and "15平方米" in lead


def test_whether_one_may_have_a_reward_after_stating_a_relation_is_its_conditions_or_exclusions(
        tokenizer):
    doc, measures = REWARD
    query = _query("我亲戚在区里上班，我举报了违法行为，查实了我能拿奖励吗？", "yes_no")
    hits = _hits(doc, measures, ["art2", "art7", "art9"])
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        in ("art5", "art6")


def test_a_yes_no_question_stating_no_persons_situation_is_left_as_ranked(tokenizer):
    doc, measures = HOUSING
    for question in ("公共租赁住房能网上申请吗？", "其他区的公司员工，可以申请吗？"):
        query = _query(question, "yes_no")
        assert not asked_slot.asks_if_qualifies(query)
    hits = _hits(doc, measures, ["art9", "art7"])
    query = _query("公共租赁住房申请材料要交劳动合同吗？", "yes_no")
    assert asked_slot.slot_first(query, hits, _view(tokenizer, measures))[0].measure.number \
        == "art9"
