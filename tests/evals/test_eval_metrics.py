"""Metrics on hand-made items: every rule of evals/README.md, nulls included."""

from __future__ import annotations

import pytest

from evals.benchmark import BenchmarkItem, Gold
from evals.metrics import (
    METRICS,
    SUMMARY_KEYS,
    Outcome,
    aggregate,
    found_in,
    item_score,
    percentile,
    score,
    summarize,
)

A1 = ("a.txt", "1")
A2 = ("a.txt", "2")
B3 = ("b.txt", "3")


def item(gold=(A1,), facts=(), offices=(), type_="time_limit", id_="x") -> BenchmarkItem:
    return BenchmarkItem(id=id_, type=type_, question="多久？",
                         gold=tuple(Gold(s, m) for s, m in gold), facts=tuple(facts),
                         offices=tuple(offices))


def outcome(answer="", found=True, citations=(), retrieved=(), latency_ms=10.0) -> Outcome:
    return Outcome(answer, found, tuple(citations), tuple(retrieved), latency_ms)


def row(it: BenchmarkItem, out: Outcome) -> dict:
    return {"type": it.type, "latency_ms": out.latency_ms, **score(it, out)}


def test_citation_precision_and_recall_match_on_source_and_number():
    it = item(gold=(A1, B3))
    got = score(it, outcome(citations=[A1, A2, A1]))  # a repeated citation counts once
    assert got["citation_precision"] == pytest.approx(0.5)
    assert got["citation_recall"] == pytest.approx(0.5)
    # Same number in another file is another measure.
    assert score(item(gold=(A1,)), outcome(citations=[("b.txt", "1")]))["citation_recall"] == 0.0


def test_retrieval_ranks():
    it = item(gold=(A1, B3))
    first = score(it, outcome(retrieved=[B3, A2]))
    assert (first["hit@1"], first["hit@5"], first["mrr"]) == (1.0, 1.0, 1.0)
    second = score(it, outcome(retrieved=[A2, A1]))
    assert (second["hit@1"], second["hit@5"], second["mrr"]) == (0.0, 1.0, 0.5)
    sixth = score(it, outcome(retrieved=[("c", str(n)) for n in range(5)] + [A1]))
    assert (sixth["hit@5"], sixth["mrr"]) == (0.0, pytest.approx(1 / 6))
    missing = score(it, outcome(retrieved=[A2]))
    assert (missing["hit@1"], missing["hit@5"], missing["mrr"]) == (0.0, 0.0, 0.0)


def test_facts_and_offices_ignore_whitespace():
    answer = "时限：不超过 11\n天；牵头单位：市市场监管\n\n局\u3000及\u00a0市税务局"
    it = item(facts=["11天", "5 个工作日"], offices=["市市场监管局", "市 税务局"])
    got = score(it, outcome(answer=answer))
    assert got["fact_recall"] == 0.5 and got["missing_facts"] == ["5 个工作日"]
    assert got["office_recall"] == 1.0 and got["missing_offices"] == []
    assert found_in("由同级财政 承担", ["由同级财政承担"]) == (["由同级财政承担"], [])


def test_unanswerable_item_scores_only_the_refusal():
    it = item(gold=(), type_="refusal")
    refused = score(it, outcome(found=False))
    assert refused["correct_refusals"] == 1.0
    assert all(refused[k] is None for k in METRICS if k != "correct_refusals")
    assert score(it, outcome(found=True, citations=[A1]))["correct_refusals"] == 0.0


def test_answerable_item_refused_is_a_false_refusal():
    got = score(item(facts=["11天"]), outcome(found=False))
    assert got["false_refusals"] == 1.0
    assert got["correct_refusals"] is None
    assert got["citation_precision"] is None  # nothing cited: precision undefined
    assert got["citation_recall"] == 0.0 and got["fact_recall"] == 0.0
    assert score(item(), outcome(found=True, citations=[A1]))["false_refusals"] == 0.0


def test_no_facts_or_offices_means_null_not_zero():
    got = score(item(), outcome(citations=[A1], retrieved=[A1]))
    assert got["fact_recall"] is None and got["office_recall"] is None


def test_aggregate_averages_over_applicable_items_only():
    answerable = item(facts=["11天"], id_="a")
    other = item(gold=(B3,), id_="b", type_="office", offices=["市税务局"])
    refusal = item(gold=(), id_="c", type_="refusal")
    rows = [
        row(answerable, outcome(answer="11天", citations=[A1], retrieved=[A1], latency_ms=10)),
        row(other, outcome(found=False, latency_ms=30)),
        row(refusal, outcome(found=False, latency_ms=20)),
    ]
    overall = aggregate(rows)
    assert list(overall) == list(SUMMARY_KEYS)
    assert overall["n"] == 3
    assert overall["hit@1"] == 0.5  # over the two answerable items
    assert overall["citation_precision"] == 1.0  # only the item that cited anything
    assert overall["citation_recall"] == 0.5
    assert overall["fact_recall"] == 1.0  # only the item with facts
    assert overall["office_recall"] == 0.0
    assert overall["false_refusals"] == 0.5  # one of two answerable items refused
    assert overall["correct_refusals"] == 1.0  # the one unanswerable item refused
    assert overall["latency_p50_ms"] == 20.0
    assert overall["latency_p95_ms"] == 29.0

    summary = summarize(rows)
    assert list(summary["by_type"]) == ["time_limit", "office", "refusal"]
    refusals = summary["by_type"]["refusal"]
    assert refusals["n"] == 1 and refusals["correct_refusals"] == 1.0
    assert refusals["hit@1"] is None and refusals["false_refusals"] is None
    assert summary["by_type"]["office"]["correct_refusals"] is None


def test_percentile_is_linear_like_numpy():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 50) == pytest.approx(5.5)
    assert percentile(values, 95) == pytest.approx(9.55)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_item_score_orders_failures_first():
    good = score(item(facts=["11天"]), outcome(answer="11天", citations=[A1], retrieved=[A1]))
    refused = score(item(facts=["11天"]), outcome(found=False))
    assert item_score(good) == 1.0
    assert item_score(refused) == 0.0
    assert item_score(score(item(gold=()), outcome(found=False))) == 1.0
