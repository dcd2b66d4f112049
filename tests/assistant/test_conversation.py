"""How a question stands to the turns before it (assistant/conversation.py), with the
character-pair fallback for distinctive words: the expectations are Chinese dialogue, read
by hand."""

from __future__ import annotations

import pytest

from assistant.conversation import (
    CARRY,
    NEW,
    SHIFT,
    bare_subject,
    char_pairs,
    counterpart_first,
    governed_words,
    own_question,
    ranked_for_followup,
    relation,
    swapped_subject,
)

QUESTION_WORDS = ("多久", "几天", "哪个部门", "要钱", "牵头")


@pytest.mark.parametrize(("turn", "question", "named", "expected"), [
    ("在聊城开公司刻章要钱吗？", "出口退税怎么办理？", (), NEW),
    ("在聊城开公司刻章要钱吗？", "那这事归哪个部门管？", (), CARRY),
    ("聊城企业开办需要几天？", "那高唐呢？", ("高唐",), CARRY),
    ("聊城企业开办需要几天？", "那刻章呢？", (), SHIFT),
    ("聊城国企的项目要招标，能不能提前知道要招什么？", "提前多久发布？", (), CARRY),
    ("聊城企业开办需要几天？", "帮我写一首诗", (), NEW),
    ("聊城企业开办需要几天？", "要多久？", (), CARRY),
    # A connective does not tie a question that names its own place and subject to the last.
    ("聊城2022年计划里对跨境电商海外仓有什么支持？",
     "另外问一下，高唐那个责任追究办法里，对消极应付的人怎么处理？", ("高唐",), NEW),
    ("嘉定的公租房合同一般一签几年？",
     "好的。另外问个不相干的：金山区举报安全生产问题，奖金多久能发下来？", ("金山区",), NEW),
    # 也 presupposes the earlier predicate.
    ("高唐新开的公司能免费领税务Ukey不？", "老企业也行吗？", (), CARRY),
    # 「那X呢，问什么？」: a new subject with its own ask.
    ("高唐县工程竣工联合验收归哪个部门牵头？", "那水电气热报装呢，归谁管？", (), SHIFT),
    # 「那…」 with no place of its own goes on in the earlier setting.
    ("聊城小微企业向银行申请贷款，一般多久能放款？", "那申请材料最多要交几件？", (), CARRY),
])
def test_relation(turn, question, named, expected):
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS, named) == expected


@pytest.mark.parametrize(("turn", "question", "naming", "expected"), [
    # Naming only another document (its year and kind) asks the earlier question of it.
    ("聊城2020年的措施里，不动产登记怎么办？", "那2022年的行动计划里呢？", ("行动计划",), CARRY),
    ("聊城2020年的措施里，不动产登记怎么办？", "那聊政办字〔2022〕13号里呢？",
     ("那聊政办字〔2022〕13号",), CARRY),
    # Its own document and its own subject: nothing of the earlier turn is carried.
    ("聊城2020年的措施里，不动产登记怎么办？", "那2022年的行动计划里，破产繁简分流是怎么规定的？",
     ("行动计划",), NEW),
])
def test_relation_to_a_document_named(turn, question, naming, expected):
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS, (), naming) == expected


def test_no_turns_is_always_new():
    assert relation("那高唐呢？", (), char_pairs, QUESTION_WORDS, ("高唐",)) == NEW


_VOCABULARY = ("户口", "社保", "增值税", "一般纳税人", "小规模纳税人", "纳税人", "税务", "注销", "新办企业", "老企业",
               "企业", "刻章", "企业开办", "社保补贴", "创业补贴", "补贴", "到账")


def _dictionary_words(text: str) -> set[str]:
    return {w for w in _VOCABULARY if w in text}


@pytest.mark.parametrize(("turn", "question", "named", "expected"), [
    # 「另外问一下」 announces another matter: a word shared with the last turn carries nothing.
    ("聊城企业开办需要几天？", "好的。另外问一下，企业开办要交哪些材料？", (), NEW),
    ("聊城企业开办需要几天？", "顺便问下，企业开办有什么优惠？", (), NEW),
    # … unless nothing of its own follows: then it is the last question asked elsewhere.
    ("聊城企业开办需要几天？", "另外问一下，那高唐呢？", ("高唐",), CARRY),
])
def test_a_clause_announcing_another_matter_starts_a_new_topic(turn, question, named, expected):
    assert relation(question, (turn,), _dictionary_words, QUESTION_WORDS, named) == expected


def test_a_clause_naming_something_is_no_announcement():
    # 顺便 inside a clause with its own matter (户口) is content: that clause is not dropped.
    question = "想去威海打工顺便把户口迁过去，要不要先交够几年社保？"
    assert own_question(question, _dictionary_words) == question


def test_a_question_on_what_the_last_answer_quoted_goes_on_with_it():
    turn, question = "永济市办电有什么便利措施？", "接电时间最短多久？"
    answered = "小微企业低压接入实行“三零”服务，接电时间最短压缩至2个工作日。"
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS) == NEW
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS, answered=answered) == CARRY
    # Words the answer does not hold make it a question of its own.
    assert relation("出口退税多久到账？", (turn,), char_pairs, QUESTION_WORDS,
                    answered=answered) == NEW


@pytest.mark.parametrize(("turn", "subject", "expected"), [
    # The same head noun (纳税人, 企业, 补贴): a sort of the same thing takes the old one's place.
    ("在聊城，增值税一般纳税人办税务注销要多久？", "小规模纳税人",
     "在聊城，增值税小规模纳税人办税务注销要多久？"),
    ("高唐新办企业刻章要钱吗？", "老企业", "高唐老企业刻章要钱吗？"),
    ("社保补贴多久到账？", "创业补贴", "创业补贴多久到账？"),
    # No shared head: another matter, nothing to swap.
    ("聊城企业开办需要几天？", "刻章", ""),
])
def test_a_subject_of_the_same_kind_takes_the_earlier_ones_place(turn, subject, expected):
    assert swapped_subject(turn, subject, _dictionary_words) == expected


@pytest.mark.parametrize(("question", "expected"), [
    ("那小规模纳税人呢？", "小规模纳税人"),
    ("那老企业呢", "老企业"),
    ("那多久呢？", ""),  # a question word, not a subject
    ("那刻章呢，归谁管？", ""),  # asks its own
    ("小规模纳税人要多久？", ""),
    ("要是法定节假日加班呢？", ""),  # a condition put to the earlier question, not a subject
])
def test_bare_subject(question, expected):
    assert bare_subject(question, _dictionary_words, QUESTION_WORDS) == expected


# Units of a made-up answer, as the last answer cited them (its lead first).
_MASTERS = "对新引进的硕士给予每人3万元安家补贴。（牵头单位：市人社局）"
_DOCTORS = "对企业新引进的博士给予每人10万元安家补贴。（牵头单位：市科技局）"
_SIGNING = "中标通知书发出后5日内签订合同。"
_ADVANCE = "合同签订后7日内支付预付款，比例不低于合同金额的20%。"


def _ranked(units, question, turn):
    return ranked_for_followup(units, str, question, turn, char_pairs, QUESTION_WORDS)


def test_this_is_what_the_earlier_question_was_about_not_the_answers_lead():
    turn = "人才新政里，企业引进博士有什么补贴？"
    assert _ranked([_MASTERS, _DOCTORS], "这个归哪个部门牵头？", turn) == [_DOCTORS, _MASTERS]


def test_a_follow_up_naming_its_own_matter_keeps_the_units_holding_most_of_it():
    turn = "政府采购中标通知书发出后多久要签合同？"
    # Both hold 合同; only the payment article holds 预付款 as well.
    assert _ranked([_SIGNING, _ADVANCE], "那预付款呢？合同签完多久付？", turn) == [_ADVANCE]
    # Nothing of its own that a unit holds: every unit stays, in the earlier question's order.
    assert _ranked([_SIGNING, _ADVANCE], "要多久？", turn) == [_SIGNING, _ADVANCE]


# A made-up answer on export rebates after 「做外贸的，出口退税这块有什么便利措施？」: the rebate
# unit and a unit on foreign-trade firms' loans hold as many of the question's character pairs.
_REBATE = "出口退税审核办理时间控制在5个工作日内。"
_TRADE_LOANS = "对外贸企业提供便利的融资支持，落实帮扶措施。"


def test_the_earlier_questions_more_distinctive_words_decide_what_this_was_about():
    turn = "我们做外贸的，出口退税这块有什么便利措施？"
    question = "一般多少天能退下来？"
    # 出口 口退 退税 against 外贸 便利 措施: a tie by count keeps the answer's order …
    assert ranked_for_followup([_TRADE_LOANS, _REBATE], str, question, turn, char_pairs,
                               QUESTION_WORDS) == [_TRADE_LOANS, _REBATE]
    # … the subject named (出口退税, rarer in a corpus than 便利 or 措施) decides once words weigh.
    rare = lambda pair: 3.0 if pair in "出口退税" else 1.0  # noqa: E731
    assert ranked_for_followup([_TRADE_LOANS, _REBATE], str, question, turn, char_pairs,
                               QUESTION_WORDS, rare) == [_REBATE, _TRADE_LOANS]


# The new setting's units as retrieval ranked them for 「那2022年的计划里是怎么说的？」 after
# 「小微企业低压接电，电网企业投资到哪里？」, answered by _ANSWERED.
_ANSWERED = "34.降低办电成本。小微企业用电采取低压方式接入电网，电网企业投资至电能表。"
_TIMES = "35.压缩办电时长。低压用户接电不超过3个工作日，高压用户不超过15个工作日。"
_INVESTMENT = "36.减少办电投资。160千伏安“小微企业”低压接入电网，实现办电“零投资”。"
_ASKED_BEFORE = "小微企业低压接电，电网企业投资到哪里？"


def _counterpart(units, answered=_ANSWERED, asked_before=_ASKED_BEFORE, **rules):
    return counterpart_first(units, answered, asked_before, "", str, char_pairs, lambda pair: 1.0,
                             **{"states_asked": lambda unit: True, **rules})


def test_a_change_of_setting_puts_the_counterpart_of_the_last_answer_first():
    # Both speak of 低压 and 接电/接入; the investment unit holds the subject (小微企业, 电网,
    # 投资) as the answer did, the time unit does not.
    assert _counterpart([_TIMES, _INVESTMENT]) == [_INVESTMENT, _TIMES]
    # Nothing answered before: retrieval's order stands.
    assert _counterpart([_TIMES, _INVESTMENT], answered="") == [_TIMES, _INVESTMENT]


def test_the_counterpart_states_what_is_asked_and_stands_in_the_place_named():
    answered = "26.提高信贷便利度。小微企业抵押贷款审批时限压缩至5个工作日。"
    asked_before = "小微企业办抵押贷款，大概几个工作日能办下来？"
    deadline = "70.普惠小微企业贷款考核。5月底前完成小微企业贷款抵押评价工作。"
    duration = "38.简化融资审批流程。小微企业从贷款申请至发放，办理时间不超过11天。"
    # 几个工作日 asks a duration: the unit stating one is the answer, though the other holds
    # more of the earlier words (抵押).
    assert _counterpart([deadline, duration], answered, asked_before)[0] == deadline
    states_duration = lambda unit: "天" in unit or "工作日" in unit  # noqa: E731
    assert _counterpart([deadline, duration], answered, asked_before,
                        states_asked=states_duration)[0] == duration
    # 那高唐呢？: the county's own unit before the city's, however alike the city's is.
    city, county = _INVESTMENT, "（五）优化用电服务。低压用户办电实行容缺受理。"
    assert _counterpart([city, county], of_place=lambda unit: unit is county)[0] == county


def test_a_word_a_question_word_governs_names_the_kind_of_answer_not_the_matter():
    assert governed_words("不动产信息能通过哪些方式自己查？", char_pairs) == {"方式"}
    assert governed_words("对失信是怎么要求的？", char_pairs) == {"要求"}
    assert governed_words("不动产信息能自己查吗？", char_pairs) == set()


# 通过哪些方式 asks for means: a unit on 监管方式 that also holds 通过 and 信息 is not the
# counterpart of an answer on looking up 不动产 records; the one on 不动产 registration is.
_LOOKUP = ("43.推进不动产登记信息查询。社会公众可通过坐落位置任一检索方式，自主查询不动产限制信息。",
           "不动产信息能通过哪些方式自己查？")
_SUPERVISION = "41.完善联合监管机制。推动监管方式创新，通过信息共享提升监管效能。"
_REGISTRATION = "25.深化不动产登记改革。实行不动产登记一窗办理，推行网上查询。"
# 那乙省呢？ after a question naming 甲省优化营商环境条例: 优化营商环境 and 条例 named the earlier
# document, and any unit of the new province's regulation may hold them.
_ARREARS_ASKED = ("第二十六条 国家机关应当履行合同，不得拖欠市场主体账款。",
                  "甲省优化营商环境条例对拖欠账款是怎么规定的？")
_PENALTIES = "第五十九条 违反本条例规定拖欠账款的，依法追究责任；优化营商环境工作突出的给予奖励。"
_ARREARS = "第四十六条 国家机关应当建立防范拖欠账款长效机制，不得违约拖欠市场主体账款。"


@pytest.mark.parametrize(("before", "units", "rules", "expected"), [
    (_LOOKUP, [_SUPERVISION, _REGISTRATION], {}, _REGISTRATION),
    (_ARREARS_ASKED, [_PENALTIES, _ARREARS], {}, _PENALTIES),
    (_ARREARS_ASKED, [_PENALTIES, _ARREARS], {"setting": "甲省优化营商环境条例"}, _ARREARS),
])
def test_words_that_only_ask_or_name_the_earlier_setting_do_not_choose_the_counterpart(
        before, units, rules, expected):
    assert _counterpart(units, *before, **rules)[0] == expected


def test_this_is_the_unit_of_the_place_asked_about_before_the_city_above():
    # The city's unit holds more of the earlier question's words (没有 too), as the wider rule.
    city = ("55.转变执法理念。建立轻微违法不罚机制，对没有造成危害的，公布不罚清单和轻罚清单。"
            "（牵头单位：市司法局）")
    county = "（十五）完善不罚轻罚机制。建立轻微违法不罚清单。（牵头单位：县执法局）"
    turn, question = "甲县有没有轻微违法不罚的清单？", "那这个归哪个部门牵头？"
    assert ranked_for_followup([county, city], str, question, turn, char_pairs,
                               QUESTION_WORDS)[0] == city
    assert ranked_for_followup([city, county], str, question, turn, char_pairs, QUESTION_WORDS,
                               of_place=lambda unit: unit is county)[0] == county


def test_a_question_on_what_the_last_answer_quoted_goes_on_whatever_its_question_word_governs():
    # 新价格从哪天开始算？ after a question on water prices whose answer quoted the unit putting
    # the new prices in force: 价格 stands in that answer; 开始 only says a start date is asked.
    vocabulary = ("价格", "开始", "水价", "阶梯", "实施")
    words = lambda text: {word for word in vocabulary if word in text}  # noqa: E731
    answered = "调价方案自2021年11月1日起实施，执行相应阶梯的价格。"
    turn, question = "居民水价调了，第一阶梯现在多少钱？", "新价格从哪天开始算？"
    assert relation(question, (turn,), words, QUESTION_WORDS, answered=answered) == CARRY
    # Without that answer it names a matter of its own.
    assert relation(question, (turn,), words, QUESTION_WORDS) == NEW
