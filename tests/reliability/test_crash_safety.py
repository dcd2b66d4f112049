"""Crash safety: `policyqa ingest` killed with SIGKILL at random moments never leaves an index
that fails to open or serves part of a document; running the ingest again completes it.

The trials are `crash_trials.py` beside this file (see its docstring and docs/operations.md),
run as a script: 20 trials, behind the `slow` marker — each trial is several processes that
load the model (`.venv/bin/python -m pytest -m slow tests/reliability/test_crash_safety.py -s`).
The default run checks the same write boundaries deterministically (test_write_ordering.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.conftest import REPO

SEED = 9
SCRIPT = Path(__file__).with_name("crash_trials.py")


def _trials(tmp_path, model_dir, trials: int) -> dict:
    report = tmp_path / "crash-trials.json"
    # The script's per-trial lines go to this test's output (shown with -s or on failure).
    code = subprocess.run(
        [sys.executable, str(SCRIPT), "--trials", str(trials), "--seed", str(SEED),
         "--model", str(model_dir), "--work", str(tmp_path / "work"), "--json", str(report)],
        cwd=REPO, timeout=trials * 900 + 1800, stdin=subprocess.DEVNULL).returncode
    assert report.exists(), f"crash_trials.py exited with {code} and wrote no report"
    summary = json.loads(report.read_text(encoding="utf-8"))
    failed = [r for r in summary["results"] if not r["ok"]]
    assert not failed, json.dumps(failed, ensure_ascii=False, indent=1)
    assert code == 0
    assert len(summary["results"]) == trials
    for result in summary["results"]:
        assert result["after_kill"]["opened"]
        assert result["recovery_exit"] == 0
        assert (result["after_recovery"]["documents"], result["after_recovery"]["measures"]) \
            == (6, 356)
        assert result["after_recovery"]["uncommitted_chunks"] == 0
    return summary


@pytest.mark.slow
def test_ingest_killed_at_random_moments_twenty_trials(tmp_path, prepared_model_dir):
    summary = _trials(tmp_path, prepared_model_dir, 20)
    assert {r["mode"] for r in summary["results"]} == {"fresh", "replace"}
    # A delay near T may outlast an ingest that ran faster than the timed one; most do not.
    assert sum(r["killed"] for r in summary["results"]) >= 10
