"""Load: concurrent clients against a real `policyqa serve` on 127.0.0.1 (rate limit off):
no request fails, p95 is reported, the server's memory stays bounded.

`load_run.py` beside this file does the work; 8 clients × 5 s here, 64 × 60 s behind `slow`
(`.venv/bin/python -m pytest -m slow tests/reliability/test_load.py -s`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.conftest import REPO, serve

SCRIPT = Path(__file__).with_name("load_run.py")


@pytest.fixture(scope="module")
def server(corpus_assistant, prepared_model_dir, tmp_path_factory):
    """A server over a copy of the shipped corpus's index (its own process, its own files)."""
    base = tmp_path_factory.mktemp("load")
    shutil.copytree(corpus_assistant.settings.data_dir, base / "data")
    with serve(base / "data", prepared_model_dir, base / "server.log",
               ask_rate_per_minute=0) as running:
        yield running


def _load(server, tmp_path, clients: int, seconds: int, warmup: int) -> dict:
    report = tmp_path / "load.json"
    code = subprocess.run(
        [sys.executable, str(SCRIPT), "--url", server.url, "--pid", str(server.pid),
         "--clients", str(clients), "--seconds", str(seconds), "--warmup", str(warmup),
         "--json", str(report)],
        cwd=REPO, timeout=seconds + warmup + 600, stdin=subprocess.DEVNULL).returncode
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["errors"] == 0, json.dumps(result, ensure_ascii=False, indent=1)
    assert result["requests"] >= clients
    assert set(result["statuses"]) == {"200"}
    assert result["rss_final_mb"] < 1.5 * result["rss_after_warmup_mb"], result
    assert code == 0
    return result


def test_eight_clients_for_five_seconds(server, tmp_path):
    result = _load(server, tmp_path, clients=8, seconds=5, warmup=2)
    assert {"ask", "ask/stream", "search", "documents"} <= set(result["by_kind"])


@pytest.mark.slow
def test_sixty_four_clients_for_a_minute(server, tmp_path):
    _load(server, tmp_path, clients=64, seconds=60, warmup=15)
