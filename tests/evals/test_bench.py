"""The scale benchmark: the synthetic corpus generator, and `policyqa bench` in a tiny run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.settings import SHIPPED_CORPUS
from evals import synthetic
from evals.bench import report
from evals.bench_command import bench_command


@pytest.fixture(scope="module")
def corpus_2x(tmp_path_factory) -> tuple[Path, synthetic.Manifest]:
    folder = tmp_path_factory.mktemp("synthetic") / "corpus-2x"
    return folder, synthetic.generate(SHIPPED_CORPUS, folder, 2)


@pytest.fixture(scope="module")
def parsed_2x(corpus_2x):
    from ingest.pipeline import parse_paths

    folder, _ = corpus_2x
    report_ = parse_paths([folder])
    assert not report_.failures
    by_source: dict[str, list] = {}
    for doc in report_.documents:
        by_source.setdefault(doc.source, []).append(doc)
    return by_source


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_generator_is_deterministic(corpus_2x, tmp_path):
    folder, manifest = corpus_2x
    again = synthetic.generate(SHIPPED_CORPUS, tmp_path / "again", 2)
    assert again == manifest
    assert _files(tmp_path / "again") == _files(folder)


def test_a_smaller_corpus_is_the_start_of_a_larger_one(corpus_2x, tmp_path):
    folder, manifest = corpus_2x
    smaller = synthetic.generate(SHIPPED_CORPUS, tmp_path / "smaller", 1.3)
    assert 0 < len(smaller.documents) < len(manifest.documents)
    assert smaller.documents == manifest.documents[:len(smaller.documents)]
    for doc in smaller.documents:
        assert (tmp_path / "smaller" / doc["file"]).read_bytes() == (folder / doc["file"]).read_bytes()


def test_the_size_is_the_real_corpus_times_the_scale(corpus_2x, parsed_2x):
    _, manifest = corpus_2x
    real = sum(len(d.measures) for name in manifest.originals for d in parsed_2x[name])
    assert manifest.source_units == real
    assert 2 * real <= manifest.measures < 2 * real + 110  # one document more at most
    assert sum(len(d.measures) for docs in parsed_2x.values() for d in docs) == manifest.measures


def test_the_real_files_are_copied_unchanged(corpus_2x):
    folder, manifest = corpus_2x
    assert manifest.originals == sorted(p.name for p in SHIPPED_CORPUS.iterdir() if p.is_file())
    for name in manifest.originals:
        assert (folder / name).read_bytes() == (SHIPPED_CORPUS / name).read_bytes()


def test_the_real_parser_reads_each_document_as_written(corpus_2x, parsed_2x):
    _, manifest = corpus_2x
    for doc in manifest.documents:
        (parsed,) = parsed_2x[doc["file"]]
        assert [m.number for m in parsed.measures] == [n for n, _, _ in doc["measures"]]
        assert parsed.title == doc["title"]
        assert parsed.doc_number == re.sub(r"\[(\d{4})\]", r"〔\1〕", doc["doc_number"]) \
            or parsed.doc_number == doc["doc_number"]
        assert parsed.issued == doc["issued"]
        assert parsed.region == {k: v for k, v in doc["place"].items() if v}
        if doc["layout"] == "plan":  # as in 永济's plan: no offices at all
            assert not any(m.lead_offices for m in parsed.measures)
        else:
            assert all(m.lead_offices for m in parsed.measures), doc["file"]


def test_documents_look_like_the_real_ones(corpus_2x, parsed_2x):
    folder, manifest = corpus_2x
    real_places = {d.region.get("county") or d.region.get("city")
                   for name in manifest.originals for d in parsed_2x[name]}
    layouts = {d["layout"] for d in manifest.documents}
    assert layouts == set(synthetic._LAYOUTS)
    texts = [(folder / d["file"]).read_text(encoding="utf-8") for d in manifest.documents]
    assert any("(" in t and "，" not in t for t in texts)  # half-width punctuation, like 聊城 2020
    real: dict[tuple[str, str], list] = {}  # weihai numbers 1 and 2 twice
    for name in manifest.originals:
        for m in (m for d in parsed_2x[name] for m in d.measures):
            real.setdefault((m.source, m.number), []).append(m)
    for doc in manifest.documents:
        place = doc["place"]
        assert (place["county"] or place["city"]) not in real_places  # never a covered place
        (parsed,) = parsed_2x[doc["file"]]
        for measure, (_, source, number) in zip(parsed.measures, doc["measures"], strict=True):
            # The measure's own title sentence survives the renaming (places, numbers aside).
            assert any(_shape(measure.heading)[:6] == _shape(origin.heading)[:6]
                       or any(name in origin.heading for name in _REAL_NAMES)
                       for origin in real[(source, number)]), measure.heading


_REAL_NAMES = ("聊城", "高唐", "威海", "永济", "山东", "山西")


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def test_origins_map_synthetic_measures_to_real_ones(corpus_2x):
    _, manifest = corpus_2x
    origins = manifest.origins()
    first = manifest.documents[0]
    number, source, original = first["measures"][0]
    assert origins[(first["file"], number)] == (source, original)
    assert len(origins) == manifest.measures - manifest.source_units


def test_the_report_covers_every_section():
    results = _fake_results()
    text = report.markdown(results, "bench_chart.svg")
    for heading in ("## Targets", "## Per query", "## The naive LangChain pipeline", "## Ingest",
                    "## Cold start", "## Embedded Chroma vs a Chroma server", "## HTTP API"):
        assert heading in text
    rows = {r["key"]: r for r in report.verdicts(results)}
    assert rows["retrieval_1x"]["met"] is True and rows["ingest_1x"]["met"] is False
    assert rows["naive_hit"]["value"] == pytest.approx(0.6)


def test_the_report_shows_cpu_time_and_load_when_measured():
    results = _fake_results()
    assert "CPU time of the same calls" not in report.markdown(results)
    q = results["sizes"]["1x"]["queries"]
    cpu = {"n": 10, "p50": 12.0, "p95": 14.0, "mean": 12.5, "max": 15.0}
    q["latency_ms"].update({"floor_cpu": cpu, "retrieval_cpu": {**cpu, "p50": 13.2},
                            "answer_cpu": {**cpu, "p50": 15.0}, "naive_cpu": cpu})
    q["retrieval_over_floor"]["of_cpu_p50"] = 1.1
    results["sizes"]["1x"]["ingest"]["load_during"] = {"mean": 6.25, "max": 9.5, "samples": 3}
    text = report.markdown(results)
    assert "| 1x | 12.0 / 14.0 | 13.2 / 14.0 | 15.0 / 14.0 | 1.10 |" in text
    assert "| CPU ms p50 / p95 | 13.2 / 14.0 | 12.0 / 14.0 | | – |" in text
    assert "| 6.2 / 9.5 | this run |" in text


def test_the_report_says_whether_the_machine_was_shared():
    results = _fake_results()
    results["machine"]["cpus"] = 2
    results["load_before"] = [0.4, 0.6, 0.8]
    assert "otherwise idle when the run started" in report.markdown(results)
    results["load_before"] = [4.2, 3.0, 2.5]
    text = report.markdown(results)
    assert "other work shared the machine" in text and "otherwise idle" not in text


def test_the_ingest_job_samples_the_load_when_it_starts_and_stops():
    from evals.bench.jobs import _LoadSampler

    load = _LoadSampler(every_s=3600).stop()  # a run shorter than one interval
    assert load["samples"] == 2 and 0 <= load["mean"] <= load["max"]


def test_the_timed_store_times_the_store_calls_and_passes_the_rest_through(tmp_path):
    import numpy as np

    from evals.bench.stats import TimedStore
    from vectorstore.chroma_store import ChromaStore
    from vectorstore.records import StoredRecord

    store = ChromaStore.embedded(tmp_path / "index")
    timed = TimedStore(store)
    try:
        timed.upsert("measures", [StoredRecord("a", "措施", {"doc_id": "d"})], np.eye(1, 8, dtype=np.float32))
        assert [hit[0] for hit in timed.query("measures", np.eye(1, 8, dtype=np.float32)[0], 1)] == ["a"]
        assert timed.count("measures") == timed.count("measures") == 1
        assert timed.heartbeat() is True  # not one of the timed calls: passed through
    finally:
        store.close()
    assert (timed.calls("upsert"), timed.calls("query"), timed.calls("count")) == (1, 1, 2)
    assert set(timed.seconds) == {"upsert", "query", "count"}
    assert all(seconds > 0 for seconds in timed.seconds.values())


def test_bench_runs_in_a_tiny_mode(corpus_assistant, prepared_model_dir, tmp_path, monkeypatch):
    """Help time and per-query figures at 1× over 20 questions, on the suite's own index."""
    from evals.baselines import NaivePipeline
    from evals.bench.corpora import BenchCache

    NaivePipeline(corpus_assistant).build()  # its vectors are cached in the data dir
    cache = tmp_path / "cache"
    BenchCache(cache, SHIPPED_CORPUS, prepared_model_dir).adopt(1, corpus_assistant.settings.data_dir)
    monkeypatch.setenv("POLICYQA_MODEL", str(prepared_model_dir))
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "out"
    result = CliRunner().invoke(bench_command, [
        "--quick", "--sizes", "1", "--only", "help,queries", "--cache-dir", str(cache),
        "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "bench_results.json").read_text(encoding="utf-8"))
    queries = data["sizes"]["1x"]["queries"]
    assert queries["questions"] == 20 and queries["rounds"] == 1
    for name in ("floor", "retrieval", "answer", "naive", "keyword_mode"):
        assert queries["latency_ms"][name]["n"] == 20 and queries["latency_ms"][name]["p50"] > 0
        assert queries["latency_ms"][f"{name}_cpu"]["n"] == 20
    assert queries["hit@1"] > queries["naive_hit@1"]
    assert queries["keyword_mode_hit@1"] > queries["naive_hit@1"]
    assert data["help"]["n"] == 3
    text = (out / "bench_results.md").read_text(encoding="utf-8")
    assert "| retrieval p50 at 1× | ≤ 30.0 ms |" in text and "quick mode" in text
    assert (out / "bench_chart.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_bench_refuses_bad_options():
    runner = CliRunner()
    assert runner.invoke(bench_command, ["--sizes", "0.5"]).exit_code == 2
    result = runner.invoke(bench_command, ["--only", "queries,everything"])
    assert result.exit_code == 2 and "everything" in result.output


def _fake_results() -> dict:
    lat = {"n": 10, "p50": 20.0, "p95": 30.0, "mean": 22.0, "max": 40.0}
    queries = {"latency_ms": {"floor": lat, "retrieval": {**lat, "p50": 25.0},
                              "answer": {**lat, "p50": 27.0}, "naive": {**lat, "p50": 30.0}},
               "questions": 10, "rounds": 1, "answerable": 8,
               "retrieval_over_floor": {"of_p50": 1.25, "per_query_p50": 1.2},
               "hit@1": 0.9, "hit@1_lenient": 0.9, "hit@5": 1.0, "hit@5_lenient": 1.0,
               "naive_hit@1": 0.3, "naive_hit@5": 0.5, "naive_over_retrieval": 1.2,
               "warm_up_s": 1.0}
    ingest = {"cached": False, "stale": False, "measures": 356, "chunks": 372, "documents": 6,
              "ingest_s": 10.0, "measures_per_s": 35.6, "measures_per_cpu_s": 40.0,
              "parse_s": 1.0, "embed_s": 8.0, "store_s": 1.0, "store_parts_s": {"upsert": 1.0},
              "keywords_s": 1.0, "catalog_s": 0.1, "model_load_s": 2.0, "precision": "bfloat16",
              "peak_rss_mb": 900.0, "to_searchable_measures_per_s": 32.0}
    phases = {"interpreter_s": 0.1, "imports_s": 5.0, "model_load_s": 1.0, "index_open_s": 1.0,
              "first_answer_s": 0.1, "total_s": 7.2, "process_s": 7.3, "runs": 1}
    level = {"clients": 8, "seconds": 4.0, "requests": 100, "throughput_rps": 25.0,
             "errors": {}, "latency_ms": lat}
    return {
        "date": "2026-11-22T00:00:00+00:00", "machine": {"cpus": 2, "cpu": "x", "python": "3.11"},
        "load_before": [1.0, 1.0, 1.0], "load_after": [2.0, 2.0, 2.0], "seconds": 60,
        "options": {"sizes": [1], "quick": True, "rounds": 1, "questions": 10},
        "sizes": {"1x": {"scale": 1, "measures": 356, "documents": 6, "ingest": ingest,
                         "queries": queries}},
        "help": {"n": 3, "p50": 300.0, "p95": 320.0},
        "cold_start": {"1x": phases, "cli_ask_s": {"p50": 8.0, "max": 9.0, "runs": 1}},
        "stores": {"size": "1x", "questions": 10, "latency_ms": {
            "embedded_retrieval": lat, "server_retrieval": lat, "embedded_answer": lat,
            "server_answer": lat, "embedded_store_query": lat, "server_store_query": lat}},
        "api": {"1x": {"ready_s": 9.0, "after_ready": {"rss_mb": 800.0, "peak_rss_mb": 850.0},
                       "levels": [level], "memory": {"rss_mb": 900.0, "peak_rss_mb": 950.0}}},
        "precision": {"precision": "bfloat16",
                      "queries": {"n": 10, "min_cosine": 0.99999, "mean_cosine": 0.99999}},
    }
