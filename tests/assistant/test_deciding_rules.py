"""Which unit of the leading document decides a question, on units written here.

Oracle: the texts below, read by hand — the date a question on 提交申请 wants is the one
printed with 申请, not a purchase window; a question on when new prices apply is answered by
the clause 自…起实施; a sentence sharing one word of the question (保险) does not decide it.
"""

from __future__ import annotations

import pytest

from assistant import deciding, in_force
from assistant.query import Query
from assistant.retrieval import Hit
from ingest import time_limits
from ingest.records import Measure, PolicyDocument

DOC = PolicyDocument(doc_id="d", source="d.txt", title="测试细则")


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    from vectorstore.keywords import Tokenizer

    return Tokenizer(tmp_path_factory.mktemp("jieba"))


def _hit(text: str, number: str, score: float = 0.05) -> Hit:
    measure = Measure(key=f"d:{number}", doc_id="d", source="d.txt", number=number,
                      printed_number=f"{number}.", kind="measure", section=(), heading="",
                      text=text, span=(0, len(text)),
                      time_limits=time_limits.extract(text, 2024))
    return Hit(measure, DOC, score)


# A catalog holding no unit of the document besides those retrieved.
NO_OTHER_UNITS = type("Catalog", (), {"measure_rows": {}, "measures": ()})


def _query(question: str, intent: str) -> Query:
    return Query(question=question, turns=(), search_text=question, intent=intent,
                 is_followup=False)


def _weights(question: str, tokenizer) -> dict[str, float]:
    return {t: float(len(t)) for t in tokenizer.tokens(question) if len(t) > 1}


PRICES = _hit("居民合表用户暂不执行阶梯水价，水价按照第一阶梯综合水价执行，即由现行的每立方米3.45元"
              "调整为4.05元。", "3", 0.06)
WINDOW = _hit("自2024年1月1日至2024年12月31日（以下日期均含当日），个人用户购买新能源小客车新车的，"
              "给予一次性10000元购车补贴。", "1", 0.06)
REVIEW = _hit("市发展改革委对申请人提交的信息进行比对，在受理申请后15个工作日内提出审核意见。", "4")
CLOSING = _hit("本细则自2024年1月1日起施行。补贴资金申请截止日期为2025年2月28日，异议复核申请截止日期"
               "为2025年3月31日。", "7")


def test_the_date_asked_is_the_one_printed_with_the_action_asked(tokenizer):
    question = "2024年买新能源车的补贴，最晚哪天之前要提交申请？"
    first = deciding.time_first(_query(question, "time_limit"), WINDOW, [REVIEW, CLOSING],
                                _weights(question, tokenizer), tokenizer.tagged)
    # 哪天 asks a day: 15个工作日 (a duration, though printed with 申请) does not answer it
    assert first is CLOSING


def test_how_long_is_answered_by_the_duration_of_the_action_asked(tokenizer):
    question = "新能源车补贴交上去以后，审核意见多久能出来？"
    register = _hit("个人用户购买新车的，应当在30日内完成注册登记手续，方可申请补贴。", "2", 0.06)
    first = deciding.time_first(_query(question, "time_limit"), register, [CLOSING, REVIEW],
                                _weights(question, tokenizer), tokenizer.tagged)
    assert first is REVIEW
    # a follow-up's subject is in the turn before: its asking clause alone does not decide
    followup = Query(question=question, turns=("新能源车补贴怎么申请？",), search_text=question,
                     intent="time_limit", is_followup=True)
    assert deciding.time_first(followup, register, [CLOSING, REVIEW],
                               _weights(question, tokenizer), tokenizer.tagged) is None
    # a new question after another matter names its action itself: read as if asked first
    announced = "好的。另外问一下，" + question
    new = Query(question=announced, turns=("嘉定的公租房合同一般一签几年？",),
                search_text=question, intent="time_limit", is_followup=False)
    assert deciding.time_first(new, register, [CLOSING, REVIEW],
                               _weights(question, tokenizer), tokenizer.tagged) is REVIEW


def test_a_first_unit_whose_date_is_the_actions_stays_first(tokenizer):
    question = "补贴资金申请截止日期是哪天？"
    assert deciding.time_first(_query(question, "time_limit"), CLOSING, [WINDOW, REVIEW],
                               _weights(question, tokenizer), tokenizer.tagged) is None


STARTS = _hit("4、调价方案自2021年11月1日起实施。从2022年起，居民阶梯水价按照年度周期执行。", "4")


def test_a_question_on_when_new_prices_apply_goes_to_the_clause_that_starts_them():
    query = _query("居民水价调整从哪天开始执行新价格？", "validity")
    assert deciding.start_first(query, PRICES, [STARTS]) is STARTS
    # a validity question that asks no start is left to the ranking
    assert deciding.start_first(_query("居民水价调整的复函还有效吗？", "validity"),
                                PRICES, [STARTS]) is None
    assert deciding.start_first(query, STARTS, [PRICES]) is None


def test_a_question_with_one_weighted_word_keeps_its_ranking(tokenizer, monkeypatch):
    # jieba's unknown words (小哥, 摔伤) weigh nothing: only 保险 is left of the question, and a
    # sentence on 养老保险 would decide it by that one word
    from assistant import slots

    question = "送件小哥路上摔伤了，能走那个受伤保险吗？"
    injury = _hit("引导新业态企业为从业人员优先参加工伤保险。", "97", 0.06)
    pension = _hit("取消省内企业职工基本养老保险关系转移接续。", "100")
    one_word = {"保险": 3.0, "小哥": 0.0, "摔伤": 0.0, "送件": 0.0}
    monkeypatch.setattr(deciding, "question_weights", lambda *a: one_word)
    view = type("View", (), {"tokenizer": tokenizer, "keywords": type("K", (), {"idf": None}),
                             "catalog": NO_OTHER_UNITS})
    assert deciding.decider_first(_query(question, "yes_no"), [injury, pension], view)[0] is injury
    two_words = {"保险": 3.0, "养老": 2.0, "摔伤": 0.0}
    monkeypatch.setattr(deciding, "question_weights", lambda *a: two_words)
    assert deciding.decider_first(_query(question, "yes_no"), [injury, pension], view)[0] is pension
    assert slots.covers(pension.measure.text, two_words) == 1.0


def test_a_first_unit_lifting_the_conditions_answers_what_they_are(tokenizer):
    # 有什么条件限制: that there are none is the answer; the unit listing another place's
    # conditions does not go before it
    question = "想去南疆的城镇落户，有什么条件限制吗？"
    lifted = _hit("在南疆城镇落户的，不限制落户条件。", "6", 0.06)
    listed = _hit("在北疆城市落户，应当符合下列条件：", "2")
    view = type("View", (), {"tokenizer": tokenizer, "catalog": NO_OTHER_UNITS,
                             "keywords": type("K", (), {"idf": staticmethod(lambda t: 1.0)})})
    query = _query(question, "eligibility")
    assert deciding.decider_first(query, [lifted, listed], view)[0] is lifted
    other = _hit("落户后享受与当地户籍人口同等的待遇。", "7", 0.06)
    assert deciding.decider_first(query, [other, listed], view)[0] is listed


def test_a_reply_names_what_it_decides_by_its_kind_when_it_starts():
    measure = STARTS.measure
    printed = in_force.in_force_sentences(measure)
    assert printed[0] == "4、调价方案自2021年11月1日起实施。"
    assert in_force.printed_window(printed)[0] == "2021-11-01"
    # a plan others are told to make is not the document's own
    task = _hit("各区要在2024年6月底前制定实施方案，自7月1日起实施。", "5").measure
    assert not in_force.in_force_sentences(task)
    # another document quoted by its title is not this one
    other = _hit("《上海市居民用水管理办法》自2020年1月1日起施行。", "6").measure
    assert not in_force.in_force_sentences(other)


MATERIALS = _hit("符合条件的家庭申请公共租赁住房的，应当向街道办事处提交下列材料：", "9", 0.06)
GRANTED = _hit("在本市连续居住满一年、持有本市居住证的家庭，可以申请公共租赁住房。", "5")
SUBSIDY = _hit("持有公共租赁住房资格证明的家庭，可以享受租金补贴。", "12", 0.06)


def test_whether_one_may_have_a_thing_goes_to_the_unit_granting_it_to_those_it_names(tokenizer):
    # 能申请公共租赁住房吗 is decided by who may apply (第五条), not by the materials an applicant
    # brings (第九条), nor by what holders of the thing are granted besides (第十二条)
    question = "我在本市住了两年，能申请公共租赁住房吗？"
    weights = _weights(question, tokenizer)
    query = _query(question, "yes_no")
    assert deciding.grant_first(query, MATERIALS, [SUBSIDY, GRANTED], weights) is GRANTED
    assert deciding.grant_first(query, SUBSIDY, [MATERIALS, GRANTED], weights) is GRANTED
    assert deciding.grant_first(query, GRANTED, [MATERIALS, SUBSIDY], weights) is None


def test_who_may_have_a_thing_is_asked_by_a_question_word_before_the_modal(tokenizer):
    # read as a general question, 哪些家庭可以申请 still asks eligibility; 可以享受哪些 asks
    # what is granted, and keeps its ranking
    question = "哪些家庭可以申请公共租赁住房？"
    assert deciding.grant_first(_query(question, "general"), MATERIALS, [GRANTED],
                                _weights(question, tokenizer)) is GRANTED
    question = "申请公共租赁住房的家庭可以享受哪些补贴？"
    assert deciding.grant_first(_query(question, "general"), MATERIALS, [GRANTED],
                                _weights(question, tokenizer)) is None


def test_a_grant_names_whom_by_the_phrase_just_before_it(tokenizer):
    # 称号的授予 is the act named, not granted to anyone; 也可以…授予 has no one before it
    question = "什么人可以授予荣誉称号？"
    weights = _weights(question, tokenizer)
    ceremony = _hit("荣誉称号的授予，一般每两年举行一次，也可以根据需要适时授予。", "5", 0.06)
    persons = _hit("具备下列条件之一的县外人士，可以授予荣誉称号：", "4")
    query = _query(question, "general")
    assert deciding.grant_first(query, ceremony, [persons], weights) is persons
    assert deciding.grant_first(query, persons, [ceremony], weights) is None
    assert deciding.grant_cover(ceremony, {"授予": 1.0}) == 0.0
    assert deciding.grant_cover(persons, {"授予": 1.0, "称号": 1.0}) == 1.0


def test_a_first_unit_refusing_it_to_those_it_names_stays_first(tokenizer):
    # 还能再投诉吗 after going to court: the unit refusing complaints in that case decides,
    # though the one granting complaints names the channel asked
    question = "已经起诉到法院了，还能通过投诉渠道再投诉吗？"
    refused = _hit("投诉人有下列情形之一的，不予受理：已经进入行政诉讼程序的。", "29", 0.06)
    granted = _hit("投资者认为合法权益受到侵犯的，可以通过投诉渠道投诉。", "26")
    query = _query(question, "yes_no")
    assert deciding.grant_first(query, refused, [granted], _weights(question, tokenizer)) is None


def test_a_grant_holding_only_the_act_asked_does_not_decide(tokenizer):
    # 能不能一次性申请 asks about applying at once; a grant to apply for something else holds
    # 申请 alone
    question = "开公司，营业执照、刻章这些能不能一次性申请？"
    once = _hit("企业开办事项实行一窗受理，营业执照、公章刻制同步办理。", "5", 0.06)
    change = _hit("个体工商户转型为企业的，可以直接向登记机关申请办理变更登记。", "6")
    weights = {"一次性": 3.0, "申请": 1.0, "营业执照": 4.0}
    assert deciding.grant_first(_query(question, "yes_no"), once, [change], weights) is None


# Two articles of one regulation printing the same limit: the street office's review, and the
# district's decision counted from receiving that review (read by hand: 提出审核意见 is bound
# by 第八条's limit; 第九条's binds 作出审批决定, its 审核意见 is what the clock starts from).
REVIEWS = _hit("申请困难补助，材料齐全的，街道办事处应当场受理。街道办事处在受理之日起5个工作日内，"
               "根据入户调查、邻里走访等情况，提出审核意见，认定符合条件的，同时确定补助金额。", "8")
DECIDES = _hit("区民政部门应当自收到街道办事处审核意见及相关材料的5个工作日内作出审批决定；"
               "不予批准的，应当在5个工作日内书面告知申请人。", "9", 0.06)


def test_a_time_limit_binds_the_action_after_it_not_the_event_it_counts_from(tokenizer):
    question = "困难补助受理以后，街道几个工作日内要提出审核意见？"
    weights = _weights(question, tokenizer)
    query = _query(question, "time_limit")
    assert deciding.time_first(query, DECIDES, [REVIEWS], weights, tokenizer.tagged) is REVIEWS
    assert deciding.time_first(query, REVIEWS, [DECIDES], weights, tokenizer.tagged) is None
    question = "收到街道的审核意见后，区民政部门几个工作日内作出审批决定？"
    weights = _weights(question, tokenizer)
    query = _query(question, "time_limit")
    assert deciding.time_first(query, REVIEWS, [DECIDES], weights, tokenizer.tagged) is DECIDES
    assert deciding.time_first(query, DECIDES, [REVIEWS], weights, tokenizer.tagged) is None


def test_who_may_have_a_thing_is_decided_by_its_grant_anywhere_in_the_document(tokenizer):
    # a regulation all of whose articles speak of the title: the one granting it to those it
    # names (第四条) ranks below articles on the ceremony and the revocation; it is read from
    # the document, not only from the first hits (units written here, expected by reading)
    from vectorstore.catalog import Catalog

    units = [_hit("县人民代表大会常务委员会对授予荣誉公民称号的议案进行审议。", "9", 0.06),
             _hit("荣誉公民称号的授予，一般每两年举行一次。", "5", 0.05),
             _hit("荣誉公民称号获得者有下列情形之一的，撤销其称号：", "16", 0.05),
             _hit("凡具备下列条件之一的县外人士，可以授予荣誉公民称号：", "4", 0.0)]
    catalog = Catalog({"d": DOC}, tuple(u.measure for u in units))
    view = type("View", (), {"tokenizer": tokenizer, "catalog": catalog,
                             "keywords": type("K", (), {"idf": staticmethod(lambda t: 1.0)})})
    query = _query("荣誉公民称号，什么人可以授予？", "general")
    assert deciding.decider_first(query, units[:3], view)[0].measure.number == "4"
    # a question on the ceremony asks no one's title: the ranking stays
    query = _query("荣誉公民称号多久授予一次？", "time_limit")
    assert deciding.decider_first(query, units[:3], view)[0] is units[0]


def test_a_span_standing_as_its_own_clause_binds_the_action_clauses_later(tokenizer):
    # 在受理之日起5个工作日内，根据…情况，提出审核意见: the action bound is two clauses on
    question = "困难补助，几个工作日内要提出审核意见？"
    query = _query(question, "time_limit")
    weights = _weights(question, tokenizer)
    assert deciding.time_first(query, DECIDES, [REVIEWS], weights, tokenizer.tagged) is REVIEWS


def test_a_plans_deadline_heading_a_task_does_not_bind_the_words_after_it(tokenizer):
    # 9月底前，试行…发布招标计划 is a task with its deadline; its 计划 is not the 计划 a
    # question names its document by, nor is 执行期至… of the discount another matter's
    question = "安装ETC的货车85折优惠，计划里说执行到哪天？"
    discount = _hit("对安装ETC设备货车实行85折通行费优惠，执行期至2022年12月31日。", "171", 0.06)
    task = _hit("9月底前，试行通过公共资源交易平台发布招标计划，统一规范发布格式和内容。", "110")
    # 计划 weighs more than 执行, as a rarer word does
    weights = {"计划": 3.0, "执行": 1.5, "货车": 2.0, "优惠": 2.0}
    assert deciding.time_first(_query(question, "time_limit"), discount, [task],
                               weights, tokenizer.tagged) is None


def test_a_range_from_one_step_to_another_is_what_is_timed_not_where_it_counts_from(tokenizer):
    # 从设立登记到领取发票的时间由原来的2个工作日压缩为2个小时: 从…到… names what takes the
    # time; only 自/从…的 before a span within which (…3个工作日内) names when it starts
    question = "新办企业，从设立登记到领到发票要多长时间？"
    invoice = _hit("企业从设立登记到领取发票的时间由原来的2个工作日压缩为2个小时。", "9", 0.05)
    opening = _hit("企业开办实行一窗通办，最快20分钟办结，银行开户与设立登记同步办理。", "7", 0.06)
    weights = _weights(question, tokenizer)
    assert deciding.time_first(_query(question, "time_limit"), opening, [invoice], weights,
                               tokenizer.tagged) is invoice
