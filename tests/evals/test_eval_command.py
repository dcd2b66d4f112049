"""`policyqa eval` through click's runner, with settings from the environment as users set them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from evals.command import eval_command

SMOKE = Path(__file__).resolve().parents[2] / "evals" / "smoke.jsonl"


def smoke_with_bad_line_7(tmp_path: Path, bad: str) -> Path:
    lines = SMOKE.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 7
    lines[6] = bad
    path = tmp_path / "bench.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(eval_command, list(args), catch_exceptions=False)


def test_a_bad_line_7_stops_the_run_and_names_line_7(corpus_env, tmp_path):
    bad = json.dumps({"id": "bad", "type": "time_limit", "question": "多久？",
                      "gold": [{"source": "liaocheng_2020_measures.txt", "measure": "999"}]})
    path = smoke_with_bad_line_7(tmp_path, bad)
    result = run(str(path), "--report", str(tmp_path / "report"))
    assert result.exit_code == 1
    assert "line 7: gold measure '999' not found in liaocheng_2020_measures.txt" in result.output
    assert not (tmp_path / "report").exists()  # nothing ran


def test_skip_bad_lines_runs_the_rest_and_writes_json_to_stdout(corpus_env, tmp_path):
    path = smoke_with_bad_line_7(tmp_path, '{"id": "broken", ')
    result = run(str(path), "--skip-bad-lines", "--json", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "warning: skipping line 7: malformed JSON" in result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"meta", "overall", "by_type", "items"}
    assert data["overall"]["n"] == len(data["items"]) == 7
    assert data["meta"]["skipped_lines"] == [7]
    assert "hit@1" in result.stderr  # the table goes to stderr when JSON takes stdout


def test_json_path_and_top_k(corpus_env, tmp_path):
    out = tmp_path / "figures.json"
    result = run(str(SMOKE), "--json", str(out), "--top-k", "8", "--no-progress")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["top_k"] == 8 and data["meta"]["retrieval_k"] == 8
    answerable = [i for i in data["items"] if i["gold"]]
    assert all(len(i["retrieved"]) == 8 for i in answerable)
    assert "overall" in result.stdout  # the table still printed


def test_unknown_compare_mode_and_missing_llm_are_clear_errors(corpus_env):
    result = run(str(SMOKE), "--compare", "naive,bm26")
    assert result.exit_code == 1
    assert "unknown mode(s) bm26" in result.output
    result = run(str(SMOKE), "--llm")
    assert result.exit_code == 1
    assert "no LLM configured" in result.output


def test_importing_the_command_stays_cheap():
    code = ("import sys, evals.command; heavy = {'torch', 'chromadb', 'sentence_transformers', "
            "'numpy', 'jieba'} & set(sys.modules); assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)
