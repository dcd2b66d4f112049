"""Score one answered item against its gold, and average the scores per type and overall.

Every figure is a fraction in [0, 1], or None where it does not apply:

- retrieval (`hit@1`, `hit@5`, `mrr`), citations, `fact_recall`, `office_recall` and
  `false_refusals` apply to answerable items (non-empty gold) only;
- `correct_refusals` applies to unanswerable items (empty gold) only;
- `citation_precision` also needs the answer to cite something, `fact_recall` the item to
  list facts, `office_recall` to list offices.

An average is taken over the items a metric applies to; with none, it is None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from evals.benchmark import BenchmarkItem

Ref = tuple[str, str]  # (source file name, measure number)

#: Per-item and aggregate figures, in report order. Aggregates use the same keys.
METRICS = ("hit@1", "hit@5", "mrr", "citation_precision", "citation_recall", "fact_recall",
           "office_recall", "correct_refusals", "false_refusals")
#: The keys of an aggregate (`overall` and each `by_type` entry), in order.
SUMMARY_KEYS = ("n", *METRICS, "latency_p50_ms", "latency_p95_ms")

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Outcome:
    """What a pipeline returned for one item, reduced to what the metrics need."""

    answer: str
    found: bool
    citations: tuple[Ref, ...]  # in the answer's order
    retrieved: tuple[Ref, ...]  # ranked, best first
    latency_ms: float
    error: str | None = None
    labels: tuple[str, ...] = ()  # how the answer names each citation (第38条)
    answer_mode: str = "default"
    intent: str = ""  # what the assistant took the message for (chitchat, off_topic, time_limit …)


def squash(text: str) -> str:
    """Text with all whitespace removed (facts and offices are compared this way)."""
    return _SPACE.sub("", text)


def first_gold_rank(retrieved: Sequence[Ref], gold: set[Ref]) -> int | None:
    """1-based rank of the first gold measure among the retrieved, or None."""
    for rank, ref in enumerate(retrieved, 1):
        if ref in gold:
            return rank
    return None


def found_in(answer: str, wanted: Iterable[str]) -> tuple[list[str], list[str]]:
    """(present, missing) strings of `wanted` in `answer`, ignoring whitespace on both sides."""
    text = squash(answer)
    present, missing = [], []
    for item in wanted:
        (present if squash(item) in text else missing).append(item)
    return present, missing


def score(item: BenchmarkItem, outcome: Outcome) -> dict:
    """The figures of one item (keys of METRICS) plus what was missing, for the report."""
    row: dict = dict.fromkeys(METRICS)
    row["missing_facts"], row["missing_offices"] = [], []
    if not item.answerable:
        row["correct_refusals"] = 0.0 if outcome.found else 1.0
        return row
    gold = {g.ref for g in item.gold}
    rank = first_gold_rank(outcome.retrieved, gold)
    row["hit@1"] = 1.0 if rank == 1 else 0.0
    row["hit@5"] = 1.0 if rank is not None and rank <= 5 else 0.0
    row["mrr"] = 1.0 / rank if rank else 0.0
    cited = set(outcome.citations)
    if cited:
        row["citation_precision"] = len(cited & gold) / len(cited)
    row["citation_recall"] = len(cited & gold) / len(gold)
    if item.facts:
        present, row["missing_facts"] = found_in(outcome.answer, item.facts)
        row["fact_recall"] = len(present) / len(item.facts)
    if item.offices:
        present, row["missing_offices"] = found_in(outcome.answer, item.offices)
        row["office_recall"] = len(present) / len(item.offices)
    row["false_refusals"] = 0.0 if outcome.found else 1.0
    return row


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), linear between the closest ranks; None for no values."""
    return float(np.percentile(values, q)) if len(values) else None


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def aggregate(rows: Sequence[dict]) -> dict:
    """One summary (SUMMARY_KEYS) over scored rows, each with `latency_ms` and the METRICS."""
    summary: dict = {"n": len(rows)}
    for name in METRICS:
        summary[name] = _round(mean(row[name] for row in rows))
    latencies = [row["latency_ms"] for row in rows if row.get("latency_ms") is not None]
    summary["latency_p50_ms"] = _round(percentile(latencies, 50), 1)
    summary["latency_p95_ms"] = _round(percentile(latencies, 95), 1)
    return summary


def summarize(rows: Sequence[dict]) -> dict:
    """{"overall": summary, "by_type": {type: summary}}; types in the order first seen."""
    by_type: dict[str, list[dict]] = {}
    for row in rows:
        by_type.setdefault(row["type"], []).append(row)
    return {"overall": aggregate(rows),
            "by_type": {name: aggregate(group) for name, group in by_type.items()}}


def item_score(row: dict) -> float:
    """How well one item went overall (mean of its figures; refusals count as 1 − rate)."""
    values = [row[name] for name in METRICS if name != "false_refusals" and name != "mrr"]
    if row.get("false_refusals") is not None:
        values.append(1.0 - row["false_refusals"])
    return mean(values) or 0.0


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
