"""A measure standing apart in meaning (`assistant.standout`) lifts the word-based refusals of a
colloquial question on a matter the texts state, and not of a message about nothing they state."""

from __future__ import annotations

import random

import pytest

from assistant.standout import GAP, RUNNERS, standing_apart

WEIHAI, YONGJI = "weihai_2018_work_plan", "yongji_2022_business_plan"


def test_the_nearest_measure_clearly_nearer_than_the_fifth_stands_apart():
    near = {"a": 0.880, "b": 0.866, "c": 0.862, "d": 0.860, "e": 0.858, "f": 0.850}
    assert standing_apart(near) == "a"


def test_nearest_measures_about_equally_far_leave_none_apart():
    near = {"a": 0.861, "b": 0.860, "c": 0.858, "d": 0.856, "e": 0.855, "f": 0.850}
    assert standing_apart(near) is None


def test_the_gap_is_taken_to_the_fifth_nearest_whatever_the_order_given():
    values = [0.90, 0.89, 0.89, 0.89]  # a close second, then the fifth far below
    near = dict(zip("abcd", values, strict=True)) | {"e": 0.90 - GAP - 0.001}
    items = list(near.items())
    random.Random(7).shuffle(items)
    assert standing_apart(dict(items)) == "a"
    assert standing_apart(near | {"e": 0.90 - GAP + 0.002}) is None


def test_too_few_measures_to_compare_leave_none_apart():
    assert standing_apart({str(i): 0.9 - i * 0.1 for i in range(RUNNERS)}) is None
    assert standing_apart({}) is None


@pytest.mark.parametrize(("question", "key", "fact"), [
    # 冷链车 / 进市区 被拦: weihai 第9条, 冷链配送车辆…出台便利通行政策 (no word of 拦 in it)
    ("在威海开冷链车拉货，进市区总被拦着，有啥说法没？", f"{WEIHAI}:9", "冷链配送车辆"),
    # 接自来水管子: yongji 第24条, 水气热报装时间分别控制在4天、5天、5天
    ("永济开了个理发店，想接根自来水管子，要等几天？", f"{YONGJI}:24", "4天"),
])
def test_a_colloquial_question_is_answered_from_the_measure_standing_apart(
        corpus_assistant, question, key, fact):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and answer.citations[0].key == key
    assert fact in answer.text
    assert key in [h.measure.key for h in corpus_assistant.search(question, top_k=5)]

