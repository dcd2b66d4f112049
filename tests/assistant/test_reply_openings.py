"""A lookup of a reply or decision is answered from what it says, not from its opening; a
question's slot is read from the clause that asks.

A real index (real Chroma, the bundled model) of five real documents: 崇明区's 批复 沪崇府复
〔2018〕4号 (its text as shanghai.gov.cn publishes it, below), 六安市人大常委会's decision
amending its 优化营商环境条例, the 陕西省企业工资支付条例 and two county decisions (those four
in evals/parse_gold/corpus).
Oracles: the texts read by hand (the paragraph that answers, the article that states the
overtime rate) and the rules of Chinese official replies and of questions: an opening
「…收悉。现批复如下：」 states nothing itself; a clause holding no question word only sets
the situation.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.query import intent_of
from assistant.settings import SHIPPED_CORPUS
from tests.conftest import make_settings

GOLD = SHIPPED_CORPUS.parent.parent / "evals" / "parse_gold" / "corpus"
LUAN = "ah_luan_business_env_regulation_amend_decision.md"
WAGES = "sn_province_enterprise_wage_payment_regulation.md"
CHONGMING = "sh_chongming_land_compensation_reply_2018.md"
# Two county decisions that name 人大常委会 in short, as the corpus's regulations do.
OTHER_DECISIONS = ("gz_wuchuan_county_repeal_nonpublic_economy_decision.md",
                   "ln_kazuo_county_amend_repeal_regulations_decision.md")
# https://www.shanghai.gov.cn/zhengce/detail?businessId=2318aa00-97f7-4f8c-a927-4d010735a127
CHONGMING_TEXT = """---
标题: 上海市崇明区人民政府关于同意新河镇CMS10-0001单元18-02号地块土地储备工程项目征地房屋补偿方案的批复
文号: 沪崇府复〔2018〕4号
发布单位: 上海市崇明区人民政府办公室
发布日期: 2018-01-22
层级: 区级
---

# 上海市崇明区人民政府关于同意新河镇CMS10-0001单元18-02号地块土地储备工程项目征地房屋补偿方案的批复

区规划土地局：

你局《关于“崇明县新河镇CMS10-0001单元18-02号地块土地储备工程项目”征地房屋补偿方案的请示》（沪崇规土〔2018〕3号）收悉。经区政府研究，现批复如下：

同意新河镇CMS10-0001单元18-02号地块土地储备工程项目征地房屋补偿方案，请按照方案有序实施。

特此批复。

2018年1月22日
"""


@pytest.fixture(scope="module")
def replies(tmp_path_factory, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    texts = tmp_path_factory.mktemp("reply-texts")
    for name in (LUAN, WAGES, *OTHER_DECISIONS):
        shutil.copy(GOLD / name, texts / name)
    (texts / CHONGMING).write_text(CHONGMING_TEXT, encoding="utf-8")
    settings = make_settings(tmp_path_factory.mktemp("reply-index"), prepared_model_dir)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    result = assistant.ingest([texts])
    assert not result.failures and len(result.added) == 5
    return assistant


def _cited(answer) -> list[tuple[str, str]]:
    return [(c.source, c.number) for c in answer.citations]


@pytest.mark.parametrize("question", [
    "沪崇府复〔2018〕4号对新河镇地块的征地房屋补偿方案是什么意见？",
    "崇明区政府关于新河镇土地储备项目征地补偿方案的批复，说了什么？",
])
def test_a_reply_looked_up_is_answered_from_the_paragraph_that_answers(replies, question):
    answer = replies.ask(question)
    # p2 answers (同意…请按照方案有序实施); p1 only acknowledges the request and announces it
    assert answer.found and _cited(answer) == [(CHONGMING, "p2")]
    assert "请按照方案有序实施" in answer.text


def test_the_opening_stays_a_unit_of_its_own(replies):
    numbers = [m.number for m in replies.document(CHONGMING).measures]
    assert numbers[:2] == ["p1", "p2"]


def test_a_decision_named_with_its_issuers_short_name_is_asked_when_it_applies(replies):
    # 人大常委会 is 人民代表大会常务委员会, the issuer its title names: the question asks when the
    # decision itself applies, which its third paragraph says (本决定自公布之日起施行).
    question = "六安市人大常委会关于修改《六安市优化营商环境条例》的决定是哪天开始施行的？"
    assert replies.understand(question).asks_document_validity
    answer = replies.ask(question)
    assert _cited(answer)[0] == (LUAN, "p3") and "自公布之日起施行" in answer.text


@pytest.mark.parametrize("question, intent", [
    ("企业让员工延长工作时间，加班费最少按多少算？", "amount"),
    ("延长工作时间的，要不要付加班费？", "yes_no"),
    ("工作时间以外加班的，加班工资由哪个部门监督？", "office"),
    ("施工许可的办理时限", "time_limit"),  # no question word: the last clause asks
    ("工厂停产好几个月了，只发生活费，最少得发多少？", "amount"),  # 好几: no question word
    ("北京和上海比，哪个审批更快？", "compare"),  # a comparison's sides sit in any clause
])
def test_the_slot_is_read_from_the_clause_that_asks(question, intent):
    assert intent_of(question) == intent


def test_overtime_pay_asked_after_the_situation_is_answered_with_the_rate(replies):
    # 第十四条: 工作日延长工作时间的，按照不低于劳动者本人工资的百分之一百五十支付加班工资
    answer = replies.ask("陕西企业平时安排员工延长工作时间，加班费最低按多少发？")
    assert answer.found and _cited(answer)[0] == (WAGES, "art14")
    assert "百分之一百五十" in answer.text.splitlines()[0]
