"""Benefit phrasings beyond the shipped files' most common ones."""

from __future__ import annotations

import pytest

from ingest.benefits import extract


@pytest.mark.parametrize(("text", "phrase", "kind", "value", "unit"), [
    ("对进口企业投保的关税保证保险保费,享受不超过 30% 补贴。", "享受不超过 30% 补贴", "cap", 30.0, "%"),
    ("对认定的企业给予最高50万元奖励。", "给予最高50万元奖励", "cap", 50.0, "万元"),
    ("确有困难的,可以申请延期缴纳(3 个月),并按规定审批。", "延期缴纳(3 个月)", "deferral", 3.0, "个月"),
    ("实现小微企业低压接电“零投资”。", "零投资", "free", None, None),
])
def test_phrase_is_found_with_its_value(text, phrase, kind, value, unit):
    found = extract(text)
    assert [b.kind for b in found] == [kind]
    assert phrase in found[0].text
    assert (found[0].value, found[0].unit) == (value, unit)


def test_an_ascii_comma_ends_the_clause_a_benefit_is_read_from():
    (benefit,) = extract("符合条件的企业,享受不超过20%补贴")
    assert not benefit.text.startswith("符合条件的企业,")


def test_a_percentage_without_a_benefit_word_is_no_benefit():
    assert extract("全年目标完成率不超过30%。") == ()


@pytest.mark.parametrize(("text", "phrase"), [
    ("依托免费寄递和公示公告实现企业开办全要素变更", "免费寄递"),
    ("为企业提供免费邮寄等服务", "免费邮寄"),
    ("免费刻章、免费发放税务Ukey", "免费刻章"),
])
def test_what_is_free_ends_where_the_clause_moves_on(text, phrase):
    assert extract(text)[0].text == phrase
