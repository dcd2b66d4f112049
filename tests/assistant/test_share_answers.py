"""A share spelled as statutes print it answers "how much" unless it is a share of the thing asked.

Oracles: the grammar of the sentences (百分之N of the base before 的) and the text of the real
陕西省企业工资支付条例 (evals/parse_gold/corpus), read by hand: 第十四条 法定节假日工作的，按照不低于
劳动者本人工资的百分之三百支付加班工资; 第二十五条 …按照不低于当地最低工资标准的百分之七十五支付劳动者
生活费; no article prints what the 最低工资标准 itself is.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.settings import SHIPPED_CORPUS
from assistant.share_of import states_share
from tests.conftest import make_settings

WAGES = "sn_province_enterprise_wage_payment_regulation.md"
GOLD = SHIPPED_CORPUS.parent.parent / "evals" / "parse_gold" / "corpus"


@pytest.mark.parametrize(("sentence", "question", "stated"), [
    # a share of another base: the amount asked, relative to that base
    ("法定节假日工作的，按照不低于劳动者本人工资的百分之三百支付加班工资。",
     "加班工资最少按多少支付？", True),
    ("应当按照不低于当地最低工资标准的百分之七十五支付劳动者生活费。", "停工了，生活费最少给多少？", True),
    # a share of the very thing asked says nothing of what that thing is
    ("应当按照不低于当地最低工资标准的百分之八十支付。", "陕西现在的最低工资标准是每月多少钱？", False),
    # no share printed
    ("用人单位应当按时足额支付劳动者工资。", "加班工资最少按多少支付？", False),
])
def test_a_spelled_share_states_an_amount_of_another_base(sentence, question, stated):
    assert states_share(sentence, question) is stated


@pytest.fixture(scope="module")
def wages(tmp_path_factory, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    texts = tmp_path_factory.mktemp("wage-texts")
    shutil.copy(GOLD / WAGES, texts / WAGES)
    settings = make_settings(tmp_path_factory.mktemp("wage-index"), prepared_model_dir)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    assert len(assistant.ingest([texts]).added) == 1
    return assistant


def test_an_amount_printed_as_a_share_is_answered(wages):
    answer = wages.ask("陕西企业安排员工法定节假日上班，加班工资最少按多少支付？", use_llm=False)
    assert answer.found and any(c.number == "art14" for c in answer.citations)
    lead = answer.text.splitlines()[0]  # the lead states the share, not "no amount stated"
    assert lead.startswith("标准：") and "百分之三百" in lead


def test_a_share_of_the_thing_asked_does_not_answer_it(wages):
    assert not wages.ask("陕西现在的最低工资标准是每月多少钱？", use_llm=False).found
