"""The smoke benchmark through the real assistant: three report files, figures in range."""

from __future__ import annotations

import json

from evals.harness import MODES
from evals.metrics import METRICS, SUMMARY_KEYS


def check_summary(summary: dict) -> None:
    assert list(summary) == list(SUMMARY_KEYS)
    assert isinstance(summary["n"], int) and summary["n"] > 0
    for key in METRICS:
        value = summary[key]
        assert value is None or (isinstance(value, float) and 0.0 <= value <= 1.0), (key, value)
    for key in ("latency_p50_ms", "latency_p95_ms"):
        assert summary[key] > 0
    assert summary["latency_p50_ms"] <= summary["latency_p95_ms"]


def test_reports_are_written_with_figures_in_range(smoke_reports):
    assert sorted(p.name for p in smoke_reports.values()) == [
        "report.html", "report.json", "report.md"]
    data = json.loads(smoke_reports["json"].read_text(encoding="utf-8"))
    assert {"meta", "overall", "by_type", "items", "compare"} <= set(data)
    check_summary(data["overall"])
    for summary in data["by_type"].values():
        check_summary(summary)
    assert sum(s["n"] for s in data["by_type"].values()) == data["overall"]["n"]
    assert {"refusal", "followup"} <= set(data["by_type"])
    for mode in MODES:
        check_summary(data["compare"][mode]["overall"])
    for item in data["items"]:
        assert {"id", "type", "answer", "citations", "found", "latency_ms", *METRICS} <= set(item)
        assert item["latency_ms"] > 0
        for key in METRICS:
            assert item[key] is None or 0.0 <= item[key] <= 1.0
    meta = data["meta"]
    assert meta["model"] and meta["corpus_fingerprint"] and meta["top_k"] == 5


def test_the_assistant_answers_the_smoke_items_sensibly(smoke_evaluation):
    overall = smoke_evaluation.primary.summary["overall"]
    by_type = smoke_evaluation.primary.summary["by_type"]
    assert overall["hit@5"] >= 0.7
    assert by_type["refusal"]["correct_refusals"] == 1.0
    followup = next(r for r in smoke_evaluation.primary.rows if r["type"] == "followup")
    assert followup["turns"]  # asked with its earlier turns as history


def test_naive_baseline_never_refuses_and_maps_chunks_to_measures(smoke_evaluation):
    naive = smoke_evaluation.compared["naive"]
    assert naive.summary["overall"]["correct_refusals"] == 0.0
    assert naive.summary["overall"]["false_refusals"] == 0.0
    answered = [r for r in naive.rows if r["gold"]]
    assert all(r["retrieved"] and r["answer"] for r in answered)
    assert smoke_evaluation.meta["naive"]["texts"] == "source files"


def test_markdown_has_the_type_table_and_worst_items(smoke_reports):
    text = smoke_reports["md"].read_text(encoding="utf-8")
    assert "| type | n | hit@1 | hit@5 | mrr |" in text
    assert "| refusal |" in text and "## Compared modes" in text
    assert "## Worst items" in text


def test_html_is_self_contained_with_charts(smoke_reports):
    page = smoke_reports["html"].read_text(encoding="utf-8")
    assert page.count('<svg class="chart"') >= 4  # two per-type, compare, latency
    assert 'class="bar"' in page
    assert "Latency per question" in page
    for external in ("<script", "http://", "https://", "<link", "src="):
        assert external not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
