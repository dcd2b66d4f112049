"""The thing a question asks to exist or to be counted, and whether the cited text states it.

Oracles: the grammar of the questions (有没有X asks whether X exists; V多少X and X是多少 ask
how much X; 多少钱 asks money, 几个点 a share, 几枚 a count of 枚) and the shipped policy texts
in data/policies/, read by hand for what each unit grants; not the code under test.
"""

from __future__ import annotations

import pytest

from assistant import compose, grounding, relevance
from assistant.asked import MONEY, SHARE, asked, in_unit, states
from assistant.query import Query, understand
from ingest.records import PolicyDocument


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    from vectorstore.keywords import Tokenizer

    return Tokenizer(tmp_path_factory.mktemp("jieba"))


@pytest.mark.parametrize(("question", "frame", "head", "unit"), [
    ("企业多招了残疾人员工，超比例安置有没有奖励？", "exists", "奖励", ""),
    ("每年一共给几支队伍？", "quantity", "队伍", "支"),  # the classifier in the numeral's word
    ("在屋顶装光伏发电，有没有每度电的补贴？", "exists", "补贴", ""),  # after 的: the head
    ("每年一共给多少个入户名额？", "quantity", "名额", "个"),
    ("贴息比例是多少？", "quantity", "比例", SHARE),
    ("具体降到合同金额的几个点？", "quantity", "", SHARE),  # 合同金额 is the base, not the share
    ("有哪些费用是免的？", "", "", ""),  # which fees are waived: what is done to them
    ("对新落户的外资企业有什么奖励？", "", "", ""),  # asks to list what there is, not whether
    ("登记费每件收多少钱？", "quantity", "", MONEY),  # past a verb: who or what is paid
    ("一共能免费刻几枚？", "quantity", "", "枚"),
    # nothing asked to exist or be counted
    ("有没有单独发过优化营商环境的文件？", "", "", ""),  # 有没有 + a verb: whether it happened
    ("我们公司有过轻微失信记录，会不会被检查好几次？", "", "", ""),  # 有 in a statement
    ("办下来要几个工作日？", "", "", ""),  # a duration: asked_quantity.asked_quantity's
    ("责任追究办法第几条讲处理方式？", "", "", ""),  # 第几 picks one out
    # the sentence asks whether: its 几台 is "a few"
    ("我们想摆几台食品自动制售机，这种新业态能办下经营许可吗？", "", "", ""),
])
def test_the_thing_asked_is_read_from_the_question_form(tokenizer, question, frame, head, unit):
    found = asked(question, tokenizer.tagged)
    assert (found.frame, found.head, found.unit) == (frame, head, unit)


@pytest.mark.parametrize(("question", "sentence", "stated"), [
    ("有没有赔偿标准？", "供电企业按照赔偿标准对用户予以赔偿。", True),
    ("有没有赔偿标准？", "明确停电赔偿的范围和标准。", True),  # every part of the compound
    ("有没有赔偿标准？", "全市用户年平均停电时间压减至4.6小时以内。", False),
    ("有没有最低标准？", "期房调换的搬家补助费标准增加一倍计费。", True),  # a 最低标准 is a 标准
    ("登记费每件收多少钱？", "不动产登记费每件收取80元。", True),
    ("登记费每件收多少钱？", "一般登记压缩至3天。", False),  # a count of days is no money
    ("工资要发多少钱？", "不得低于当地最低工资标准的80%。", True),  # a share of a sum of money
    ("贴息比例是多少？", "按贷款利息的50%给予贴息。", True),
    ("贴息比例是多少？", "对符合条件的企业给予贴息。", False),
    ("一共能免费刻几枚？", "免费刻制公章等4枚印章。", True),
    ("一共能免费刻几枚？", "实施免费刻章。", False),
])
def test_a_sentence_states_the_thing_in_the_unit_asked(tokenizer, question, sentence, stated):
    assert states(sentence, asked(question, tokenizer.tagged), tokenizer.tokens) is stated


W18, YONGJI = "weihai_2018_work_plan", "yongji_2022_business_plan"


@pytest.mark.parametrize(("question", "key", "fact"), [
    # weihai 2018 第28条: 对…新认定的国家级技能大师工作室…给予最高100万元经费资助
    ("威海企业新认定了国家级技能大师工作室，有没有经费资助？", f"{W18}:28", "100万元"),
    ("威海企业新认定了国家级技能大师工作室，能拿多少钱经费资助？", f"{W18}:28", "100万元"),
])
def test_a_unit_granting_the_thing_asked_answers(corpus_assistant, question, key, fact):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and any(c.key == key for c in answer.citations)
    assert fact in answer.text


@pytest.mark.parametrize("question", [
    # yongji's plan rewards 优秀企业家 (第60条), nothing for employing disabled people
    "永济这边企业多招了残疾人员工，超比例安置有没有奖励？",
    # yongji 第25条 speaks of 不动产转移登记 and its days, of no fee
    "永济企业办不动产转移登记，登记费每件收多少钱？",
    # … and asked with how much per hour, no unit prints an amount on it
    "聊城供电公司停电超时了，对企业有没有赔偿标准，每小时赔多少？",
    # liaocheng 2022 第37条 cuts outage hours; no text sets compensation. Known gap: asked
    # alone, 第33条's 公开审批标准 names a 标准 (the compound's head) on the 供电公司 subject;
    # telling 审批标准 from 赔偿标准 needs the sentence-level similarity not built yet.
    pytest.param("聊城供电公司停电超时了，对企业有没有赔偿标准？",
                 marks=pytest.mark.xfail(strict=True, reason="head-final match too loose")),
])
def test_a_thing_no_text_states_is_refused(corpus_assistant, question):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert not answer.found and not answer.citations


@pytest.mark.parametrize(("question", "lead"), [
    # gaotang 第10条: 可同步取得不动产首次登记证 — 不动产 is a noun, not a negation
    ("高唐的工业项目，拿到验收备案证明的时候，能不能同时拿到不动产首次登记证？", "可以："),
    # liaocheng 2022 第66条: 允许律师、会计师等以个人名义加入协会 — 会计师 asks no 会
    ("聊城的会计师能以个人名义加入破产管理人协会吗？", "可以："),
    # liaocheng 2020 第8条: the clause on 费用 decides, not the long one on 统一评估
    ("聊城开发区里统一做的区域评估，费用要企业自己掏吗？", "不需要：区域评估费用由地方政府承担"),
])
def test_a_yes_no_verdict_comes_from_the_clause_that_decides_it(corpus_assistant, question, lead):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and answer.text.startswith(lead)


def test_only_an_object_closing_its_clause_is_named(corpus_assistant):
    view = corpus_assistant.index.snapshot()

    def thing(question):
        return relevance.thing_asked_to_exist(understand(question, (), view.catalog.documents), view)

    # 有一个月专门给…: jieba tags 专门 a noun, but it is no object of 有
    assert thing("永济是不是每年有一个月专门给企业家造势？") == ""
    assert thing("永济企业有保底金额吗？") == "保底金额"


def test_a_refusal_names_the_thing_no_text_states(corpus_assistant):
    # yongji's plan rewards 优秀企业家 (第60条), nothing for employing disabled people
    answer = corpus_assistant.ask("永济这边企业多招了残疾人员工，超比例安置有没有奖励？", use_llm=False)
    assert not answer.found
    assert answer.text.startswith("抱歉，知识库收录的政策中没有找到写明“奖励”的规定")


def test_a_refusal_names_no_figure_or_office_from_the_question():
    docs = {"d1": PolicyDocument(doc_id="d1", source="d1.txt", title="某文件", level="national")}
    query = Query(question="有没有市场监管局的补贴？", turns=(), search_text="有没有市场监管局的补贴？",
                  intent="benefit", is_followup=False)
    assert "写明“补贴”的规定" in compose.refuse(query, docs, thing="补贴").text
    for thing in ("市场监管局补贴", "3个月补贴"):
        text = compose.refuse(query, docs, thing=thing).text
        assert "能回答这个问题的规定" in text and not grounding.claims(text)
    amount = Query(question="奖励多少钱？", turns=(), search_text="奖励多少钱？", intent="benefit",
                   is_followup=False)
    assert "写明所问金额或标准的规定" in compose.refuse(amount, docs, thing="奖励").text


# 陕西省企业工资支付条例 第二十条 (read by hand): 病假工资不得低于当地最低工资标准的百分之八十.
SICK_PAY = ("用人单位应当按照不低于劳动合同约定的工资标准的百分之七十支付病假工资，"
            "但病假工资不得低于当地最低工资标准的百分之八十。")


def test_a_share_of_the_sum_asked_does_not_state_that_sum():
    assert not in_unit(SICK_PAY, MONEY, "陕西现在的最低工资标准是每月多少钱？")
    # … but it states the sick pay asked, a share of another sum
    assert in_unit(SICK_PAY, MONEY, "生病请病假期间单位最少得给我发多少工资？")
