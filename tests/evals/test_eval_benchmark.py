"""Benchmark files are checked whole before anything runs; every bad line is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import InputError
from evals.benchmark import BenchmarkError, load_benchmark, read_benchmark

EVALS = Path(__file__).resolve().parents[2] / "evals"
DEV, SMOKE = EVALS / "dev.jsonl", EVALS / "smoke.jsonl"

MEASURES = [("liaocheng_2020_measures.txt", str(n)) for n in range(1, 57)] + [
    ("gaotang_2021_19_measures.txt", "art4")]


def good(n: int, **fields) -> str:
    data = {"id": f"q{n:03d}", "type": "time_limit", "question": f"问题{n}多久？",
            "gold": [{"source": "liaocheng_2020_measures.txt", "measure": "38"}],
            "facts": ["11天"], "offices": []}
    data.update(fields)
    return json.dumps(data, ensure_ascii=False)


def write(tmp_path: Path, lines: list[str], name: str = "bench.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def with_line_7(tmp_path: Path, bad: str) -> Path:
    lines = [good(n) for n in range(1, 11)]
    lines[6] = bad
    return write(tmp_path, lines)


@pytest.mark.parametrize(("bad", "expected"), [
    ('{"id": "q007", "type": "time_limit", "question": "多久", ', "line 7: malformed JSON"),
    (good(7, gold=[{"source": "liaocheng_2020_measures.txt", "measure": "999"}]),
     "line 7: gold measure '999' not found in liaocheng_2020_measures.txt"),
    (good(7, gold=[{"source": "jinan_2023.txt", "measure": "1"}]),
     "line 7: gold source 'jinan_2023.txt' is not in the index"),
    (good(7, question=""), "line 7: field 'question' must be a non-empty string"),
    (json.dumps({"id": "q007", "type": "office", "question": "谁管？"}),
     "line 7: missing field 'gold'"),
    (good(7, facts="11天"), "line 7: field 'facts' must be a list of non-empty strings"),
    (good(7, gold=[{"source": "liaocheng_2020_measures.txt"}]), "line 7: gold[0] needs 'measure'"),
    (good(1), "line 7: duplicate id 'q001' (first on line 1)"),
    ("[1, 2]", "line 7: expected a JSON object, got list"),
    (good(7, question="长" * 501), "line 7: question is longer than 500 characters"),
])
def test_an_error_on_line_7_is_reported_with_its_line_number(tmp_path, bad, expected):
    path = with_line_7(tmp_path, bad)
    with pytest.raises(BenchmarkError) as caught:
        load_benchmark(path, MEASURES)
    assert expected in str(caught.value)
    assert [p.line for p in caught.value.problems] == [7]


def test_every_bad_line_is_listed_at_once(tmp_path):
    lines = [good(n) for n in range(1, 10)]
    lines[1] = "not json"
    lines[4] = good(5, turns=[""])
    lines[7] = good(8, gold=[{"source": "liaocheng_2020_measures.txt", "measure": "57"}])
    path = tmp_path / "bench.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n\xff\xfe{}\n")
    with pytest.raises(BenchmarkError) as caught:
        load_benchmark(path, MEASURES)
    assert [p.line for p in caught.value.problems] == [2, 5, 8, 10]
    message = str(caught.value)
    assert "4 bad line(s)" in message
    for n in (2, 5, 8, 10):
        assert f"line {n}: " in message
    assert "line 10: not UTF-8" in message


def test_skip_bad_lines_keeps_the_good_ones(tmp_path):
    path = with_line_7(tmp_path, "{broken")
    bench = load_benchmark(path, MEASURES, skip_bad_lines=True)
    assert [i.line for i in bench.items] == [1, 2, 3, 4, 5, 6, 8, 9, 10]
    assert bench.bad_lines == [7]
    assert str(bench.problems[0]).startswith("line 7: malformed JSON")


def test_a_file_with_nothing_to_run_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no questions"):
        load_benchmark(write(tmp_path, ["", "  "]), MEASURES)
    with pytest.raises(InputError, match="every line was bad"):
        load_benchmark(write(tmp_path, ["{", "["]), MEASURES, skip_bad_lines=True)


def test_lenient_where_nothing_is_ambiguous(tmp_path):
    lines = [good(1), "", good(2, gold=[{"source": "liaocheng_2020_measures.txt", "measure": 38}]),
             good(3, gold=[], facts=[], offices=[]),
             json.dumps({"id": "q004", "type": "measure_lookup", "question": "第四条说什么？",
                         "gold": [{"source": "gaotang_2021_19_measures.txt", "measure": "art4"}],
                         "note": "extra fields are ignored"}, ensure_ascii=False)]
    path = tmp_path / "bench.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))  # BOM, no final newline
    bench = load_benchmark(path, MEASURES)
    assert [i.id for i in bench.items] == ["q001", "q002", "q003", "q004"]
    assert bench.items[1].gold[0].measure == "38"
    assert not bench.items[2].answerable
    assert bench.items[3].facts == () and bench.items[3].turns == ()


def test_shipped_benchmarks_are_valid_against_the_real_index(indexed_measures):
    dev = load_benchmark(DEV, indexed_measures)
    assert len(dev.items) == 110
    smoke = load_benchmark(SMOKE, indexed_measures)
    assert 6 <= len(smoke.items) <= 8


def test_smoke_items_are_dev_items_covering_several_types():
    dev_lines = set(DEV.read_text(encoding="utf-8").splitlines())
    smoke = read_benchmark(SMOKE)
    assert not smoke.problems
    assert all(line in dev_lines for line in SMOKE.read_text(encoding="utf-8").splitlines())
    types = {i.type for i in smoke.items}
    assert {"refusal", "followup"} <= types and len(types) >= 5
    assert any(i.turns for i in smoke.items) and any(not i.answerable for i in smoke.items)


@pytest.mark.parametrize("name", ["dev.jsonl", "holdout.jsonl", "blind2.jsonl"])
def test_shipped_question_sets_name_only_measures_that_exist(name):
    """Every gold of the shipped sets is a measure the shipped corpus parses into."""
    from assistant.settings import SHIPPED_CORPUS
    from ingest.pipeline import parse_paths

    measures = [(m.source, m.number) for doc in parse_paths([SHIPPED_CORPUS]).documents
                for m in doc.measures]
    bench = load_benchmark(EVALS / name, measures)
    assert not bench.problems and len(bench.items) >= 50
