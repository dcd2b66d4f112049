"""Fixtures for the evaluation harness: the real assistant over the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

EVALS = Path(__file__).resolve().parents[2] / "evals"
SMOKE = EVALS / "smoke.jsonl"
DEV = EVALS / "dev.jsonl"


@pytest.fixture
def corpus_env(corpus_assistant, prepared_model_dir, monkeypatch):
    """Settings from the environment (as the CLI reads them) naming the test corpus index."""
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("POLICYQA_MODEL", str(prepared_model_dir))
    monkeypatch.delenv("POLICYQA_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("POLICYQA_CORPUS_DIR", raising=False)
    return corpus_assistant.settings.data_dir


@pytest.fixture(scope="session")
def indexed_measures(corpus_assistant) -> list[tuple[str, str]]:
    return [(m.source, m.number) for m in corpus_assistant.index.catalog.measures]


@pytest.fixture(scope="session")
def smoke_evaluation(corpus_assistant):
    """The smoke benchmark run once through every mode, as `eval --compare` runs it."""
    from evals.benchmark import load_benchmark
    from evals.harness import MODES, evaluate

    measures = [(m.source, m.number) for m in corpus_assistant.index.catalog.measures]
    benchmark = load_benchmark(SMOKE, measures)
    return evaluate(corpus_assistant, benchmark, compare=MODES, progress=True)


@pytest.fixture(scope="session")
def smoke_reports(smoke_evaluation, tmp_path_factory) -> dict[str, Path]:
    from evals.report import write_reports

    return write_reports(smoke_evaluation, tmp_path_factory.mktemp("eval-report"))
