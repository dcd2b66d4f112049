"""Questions over real documents (issue 16 on the real-document sets).

A question naming a place is answered from that place and the levels above it, the most local
first; never from a sibling place, nor from a place below it (issue 15.5). A question naming a
document asks about that document: when it applies is its own in-force unit, and a colloquial
word the corpus lacks does not make it unanswered.

A real index (real Chroma, the bundled model) of three real documents labelled in
evals/parse_gold/corpus: 四川省优化营商环境条例 (province), 德阳市优化营商环境条例 (a city)
and 北川羌族自治县投资促进条例 (a county of 绵阳市, a city with no document of its own). The
oracle is the administrative map (北川 is in 绵阳, 绵阳 and 德阳 are cities of 四川) and
the texts, read by hand (the article numbers quoted below).
"""

from __future__ import annotations

import shutil

import pytest

from assistant.settings import SHIPPED_CORPUS
from tests.conftest import make_settings

GOLD = SHIPPED_CORPUS.parent.parent / "evals" / "parse_gold" / "corpus"
FILES = ("sc_province_business_env_regulation.md", "sc_deyang_business_env_regulation.md",
         "sc_beichuan_county_investment_promotion_regulation.md")
PROVINCE, DEYANG, BEICHUAN = FILES


@pytest.fixture(scope="module")
def sichuan(tmp_path_factory, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    texts = tmp_path_factory.mktemp("sichuan-texts")
    for name in FILES:
        shutil.copy(GOLD / name, texts / name)
    settings = make_settings(tmp_path_factory.mktemp("sichuan-index"), prepared_model_dir)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    result = assistant.ingest([texts])
    assert not result.failures and len(result.added) == 3
    return assistant


def _sources(answer) -> list[str]:
    return [c.source for c in answer.citations]


# 北川's 第二十四条: 投资者和投资企业有权…拒绝各类法律、法规规定之外的考核、评比…捐赠、赞助等活动.
QUESTION = "{}的投资企业能不能拒绝法规规定之外的评比、捐赠、赞助这些活动？"


def test_the_county_itself_is_answered_from_its_own_document_first(sichuan):
    answer = sichuan.ask(QUESTION.format("北川县"))
    assert answer.found and _sources(answer)[0] == BEICHUAN


@pytest.mark.parametrize("place", ["绵阳市", "德阳市", "四川省"])
def test_a_city_or_province_is_never_answered_from_a_county_below_it_or_beside_it(sichuan, place):
    answer = sichuan.ask(QUESTION.format(place))
    assert BEICHUAN not in _sources(answer)


def test_a_city_without_documents_of_its_own_is_told_so_and_answered_from_above(sichuan):
    answer = sichuan.ask(QUESTION.format("绵阳市"))
    assert answer.text.startswith("收录的政策中没有绵阳市自己的文件")
    assert set(_sources(answer)) <= {PROVINCE}


# 德阳市优化营商环境条例 第五十二条: 本条例自2023年9月1日起施行; 四川省的第七十七条: 本条例自
# 2021年7月1日起施行.
@pytest.mark.parametrize("question, source, number", [
    ("德阳市优化营商环境条例是哪天开始实施的，能用几年？", DEYANG, "art52"),
    ("四川省优化营商环境条例从哪天开始施行，能用几年？", PROVINCE, "art77"),
    ("德阳市优化营商环境条例从哪天开始执行？", DEYANG, "art52"),
])
def test_when_a_named_document_applies_is_its_own_in_force_unit_first(sichuan, question,
                                                                       source, number):
    # Asked of the document itself (能用几年 and 执行 still ask when it applies) …
    assert sichuan.understand(question).asks_document_validity
    hits = sichuan.search(question)
    assert (hits[0].document.source, hits[0].measure.number) == (source, number)
    assert hits[0].direct  # … so its in-force unit is named, not found by similarity


def test_a_thing_inside_a_document_is_not_taken_for_the_documents_validity(sichuan):
    question = "四川省优化营商环境条例里，电子证照的有效期是几年？"
    assert not sichuan.understand(question).asks_document_validity


# 北川 第二十四条: 投资者和投资企业有权决定参加、接受或者拒绝各类法律、法规规定之外的…捐赠、赞助.
def test_a_named_document_is_asked_about_in_the_askers_own_words(sichuan):
    answer = sichuan.ask("北川羌族自治县投资促进条例里，老乡开厂能不能拒绝摊派的赞助？")
    assert answer.found and (answer.citations[0].source, answer.citations[0].number) \
        == (BEICHUAN, "art24")


# A list of conditions is answered whole: 北川's 第二十九条 「有下列情形之一的，不予受理：」 and its
# three items; 四川省's 第十六条 「…应当符合下列要求：」 and its five items (read from the texts).
@pytest.mark.parametrize("question, source, items", [
    ("北川县投资者的投诉举报，哪些情形不予受理？", BEICHUAN,
     ("已经进入行政复议或者行政诉讼程序的", "对行政复议或者行政诉讼结果不服的",
      "没有明确的投诉举报对象和具体的事实、理由和请求的")),
    ("四川省向市场主体供应国有建设用地应当符合哪些条件？", PROVINCE,
     ("征收（拆迁）安置补偿落实到位", "没有法律、经济纠纷", "土地权利清晰并已注销原土地使用证",
      "规划条件明确", "具备动工开发基本条件")),
])
def test_a_list_of_conditions_is_quoted_with_all_its_items(sichuan, question, source, items):
    answer = sichuan.ask(question)
    assert answer.found and _sources(answer)[0] == source
    quote = answer.citations[0].quote
    assert [item for item in items if item not in quote] == []
