"""A name the question quotes is one thing: a sentence holding its words apart does not speak
of it, so a date or amount printed there does not answer the question."""

from __future__ import annotations

from assistant import slots

_WEIGHTS = {"企业": 0.7, "服务": 0.76}


def test_a_quoted_name_weighs_as_much_as_its_words():
    weights = slots.with_quoted_names(_WEIGHTS, "“企业服务日”定在每个月哪一天？")
    assert weights["企业服务日"] == slots.score("企业服务", _WEIGHTS)
    assert {k: v for k, v in weights.items() if k != "企业服务日"} == _WEIGHTS


def test_a_sentence_with_the_quoted_names_parts_apart_is_not_near_the_one_naming_it():
    weights = slots.with_quoted_names(_WEIGHTS, "高唐县的「企业服务日」定在每个月哪一天？")
    naming = slots.score("定期开展“企业服务日”活动，“一对一”精准对接企业需求。", weights)
    apart = slots.score("5月底前，全市统一发布企业开办标准化服务指南。", weights)
    assert apart < 0.6 * naming


def test_an_unquoted_question_keeps_its_weights():
    assert slots.with_quoted_names(_WEIGHTS, "企业服务日定在哪一天？") == _WEIGHTS


def test_the_names_a_question_quotes_are_read_in_either_quotation_style():
    assert slots.quoted_names("“企业服务日”和「百问百答」分别是什么？") == ["企业服务日", "百问百答"]
    assert slots.quoted_names("企业服务日是哪天？") == []
