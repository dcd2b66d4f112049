"""Follow-ups and comparisons over a real index of the shipped texts (issue 16.3, 16.5).

The oracles are the shipped texts themselves, read by hand: which unit of which file says what
(高唐's 第八条 on 消极应对, its 第十一条 on 本办法自印发之日起实施，有效期一年), never the code under test.
"""

from __future__ import annotations

LIAOCHENG_2020 = "liaocheng_2020_measures.txt"
LIAOCHENG_2022 = "liaocheng_2022_action_plan.txt"
GAOTANG = "gaotang_2021_19_measures.txt"


def _cited(answer) -> list[tuple[str, str]]:
    return [(c.source, c.number) for c in answer.citations]


def _unit_text(corpus_assistant, source: str, number: str) -> str:
    docs = [d for d in corpus_assistant.documents() if d.source == source]
    return next(m.text for d in docs for m in d.measures if m.number == number)


def test_a_new_topic_after_a_connective_carries_nothing(corpus_assistant):
    # 另外问一下 opens a question that names its own place, document and subject: 高唐's
    # accountability regulation, 第八条 (干扰阻碍责任追究、消极应对 … 从重或者加重问责).
    answer = corpus_assistant.ask("另外问一下，高唐那个责任追究办法里，对消极应对的人怎么处理？",
                                  history=["聊城2022年计划里对跨境电商海外仓有什么支持？"],
                                  use_llm=False)
    assert _cited(answer)[0] == (GAOTANG, "art8")
    assert all(source != LIAOCHENG_2022 for source, _ in _cited(answer))


def test_a_follow_up_naming_only_another_year_asks_the_same_of_that_document(corpus_assistant):
    # 聊城 2020's part 「（三）深化不动产登记服务改革」 holds measures 11–13.
    answer = corpus_assistant.ask("2020年那版文件是怎么说的？",
                                  history=["聊城2022年的行动计划里，企业办不动产登记能全程网上办吗？"],
                                  use_llm=False)
    source, number = _cited(answer)[0]
    assert source == LIAOCHENG_2020 and number in {"11", "12", "13"}


def test_a_new_subject_with_its_own_ask_keeps_the_place_not_the_subject(corpus_assistant):
    # 高唐's （二） is on 水电气热信协同报装; its （三） on 竣工联合验收 was the earlier subject.
    answer = corpus_assistant.ask("那水电气热报装呢，归谁管？",
                                  history=["高唐县工程竣工联合验收归哪个部门牵头？"], use_llm=False)
    assert _cited(answer)[0] == (GAOTANG, "2")
    assert "报装" in _unit_text(corpus_assistant, GAOTANG, "2")


def test_a_comparison_answers_each_side_from_its_own_document_side_by_side(corpus_assistant):
    question = "企业第一次轻微违法，高唐的十九条措施和聊城市2020年的措施各是怎么处理的？"
    answer = corpus_assistant.ask(question, use_llm=False)
    cited = _cited(answer)
    # Side after side, in the order named: 高唐 （十五） (轻微违法「不罚」) first, then 聊城
    # 2020's; nothing from a document the question does not name.
    sources = [source for source, _ in cited]
    assert sources[0] == GAOTANG and set(sources) == {GAOTANG, LIAOCHENG_2020}
    assert sources == sorted(sources, key=[GAOTANG, LIAOCHENG_2020].index)
    assert cited[0] == (GAOTANG, "15")
    assert "轻微违法" in _unit_text(corpus_assistant, GAOTANG, "15")
    # The ranking a comparison is scored by starts with the two sides as well.
    hits = corpus_assistant.search(question, top_k=5)
    assert [h.document.source for h in hits[:2]] == [GAOTANG, LIAOCHENG_2020]


def test_when_a_named_document_applies_is_answered_from_its_own_in_force_unit(corpus_assistant):
    # 高唐's regulation: 「第十一条 本办法自印发之日起实施，有效期一年，期满自动失效」.
    hits = corpus_assistant.search("高唐的责任追究办法从什么时候开始实施？", top_k=5)
    assert (hits[0].document.source, hits[0].measure.number) == (GAOTANG, "art11")
    # The same asked of 「这个办法」 after a question on one of its articles.
    hits = corpus_assistant.search("这个办法有效期多久？", top_k=5,
                                   turns=["高唐的责任追究办法里，对消极应对的人怎么处理？"])
    assert (hits[0].document.source, hits[0].measure.number) == (GAOTANG, "art11")
    assert "有效期一年" in hits[0].measure.text


def test_a_message_with_nothing_of_its_own_that_asks_nothing_carries_nothing(corpus_assistant):
    # 你是谁？ names no matter and asks none of the cues: not a follow-up of 企业开办.
    answer = corpus_assistant.ask("你是谁？", history=["聊城企业开办需要几天？"], use_llm=False)
    assert (answer.found, answer.citations) == (False, ())
    # 要多久？ asks, and leans on the last turn for what.
    answer = corpus_assistant.ask("要多久？", history=["聊城企业开办需要几天？"], use_llm=False)
    assert answer.found and answer.citations[0].source == LIAOCHENG_2020


def test_a_follow_up_naming_only_another_document_by_year_and_kind_keeps_the_subject(
        corpus_assistant):
    # 聊城 2022's 第40条 「拓展企业不动产登记“全程网办”」 and 第41条 on 不动产交易 are its units
    # on the earlier subject (不动产登记 online); without the subject, the plan's other measures.
    answer = corpus_assistant.ask("那2022年的行动计划里呢？",
                                  history=["聊城2020年的若干措施里，不动产登记“一网通办”是怎么说的？"],
                                  use_llm=False)
    source, number = _cited(answer)[0]
    assert source == LIAOCHENG_2022 and "不动产" in _unit_text(corpus_assistant, source, number)


def test_a_follow_up_naming_only_a_document_number_asks_the_same_of_that_document(
        corpus_assistant):
    # 聊政字〔2020〕25号 is the 2020 measures; its 第52条 is 「落实企业信用修复制度」.
    answer = corpus_assistant.ask("那聊政字〔2020〕25号里呢？",
                                  history=["聊城2022年的行动计划里，企业信用修复是怎么规定的？"],
                                  use_llm=False)
    assert _cited(answer)[0] == (LIAOCHENG_2020, "52")
    assert "信用修复" in _unit_text(corpus_assistant, LIAOCHENG_2020, "52")


def test_a_new_subject_in_a_newly_named_document_drops_the_earlier_subject(corpus_assistant):
    # 聊城 2022's 第61条 「支持法院持续推进办理破产“繁简分流”」; the earlier turn was on 不动产登记.
    answer = corpus_assistant.ask("那2022年的行动计划里，办理破产“繁简分流”是怎么规定的？",
                                  history=["聊城2020年的若干措施里，不动产登记“一网通办”是怎么说的？"],
                                  use_llm=False)
    assert _cited(answer)[0] == (LIAOCHENG_2022, "61")


def test_a_follow_up_asking_of_this_answers_from_what_was_cited(corpus_assistant):
    # 「这个归哪个部门负责？」: "this" is the measure the last answer cited (威海's 不动产登记
    # measure prints its lead office), not whatever measure of the corpus names an office.
    first = corpus_assistant.ask("威海不动产登记要多长时间？", use_llm=False)
    answer = corpus_assistant.ask("这个归哪个部门负责？", history=["威海不动产登记要多长时间？"],
                                  use_llm=False)
    assert first.citations and answer.found
    assert [c.key for c in answer.citations] == [c.key for c in first.citations]
    assert "市国土资源局" in answer.text


def test_a_follow_up_on_a_sort_of_the_same_thing_keeps_the_matter(corpus_assistant):
    # 「那一般纳税人呢？」 after 小规模纳税人's 税务注销: 聊城2020 第16条 gives both time limits.
    answer = corpus_assistant.ask("那一般纳税人呢？", history=["聊城小规模纳税人办税务注销要几天？"],
                                  use_llm=False)
    assert answer.citations[0].key == "liaocheng_2020_measures:16"
    assert "10个工作日内办结" in answer.text


def test_this_after_a_county_question_is_the_countys_own_unit_before_the_citys(corpus_assistant):
    # 高唐's （十五） sets up the 「不罚」「轻罚」 lists (牵头: 县综合执法局); 聊城 2020's 55 holds
    # the same words as the city's wider rule. 「这个」 is what was asked of 高唐.
    answer = corpus_assistant.ask("这个由哪个部门牵头？",
                                  history=["高唐县对企业轻微违法有没有不罚清单？"], use_llm=False)
    assert _cited(answer)[0] == (GAOTANG, "15")
    assert "县综合执法局" in answer.text


def test_a_change_of_place_asks_of_the_cited_unit_holding_the_earlier_subject(corpus_assistant):
    # 聊城's answer may lead with a neighbour of its loan measure (第38条, 小微企业…贷款发放…
    # 不超过11天); 永济's counterpart is its 第26条 (小微企业…抵押贷款…压缩至8个工作日内), not
    # another of its time limits (不动产登记, 企业开办).
    history = ["聊城的银行给小微企业贷款，从申请到放款要几天？"]
    answer = corpus_assistant.ask("永济呢？", history=history, use_llm=False)
    assert _cited(answer)[0] == ("yongji_2022_business_plan.txt", "26")
    text = _unit_text(corpus_assistant, "yongji_2022_business_plan.txt", "26")
    assert "小微企业" in text and "贷款" in text and "8个工作日" in text
