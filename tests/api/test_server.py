"""A real `serve` process (uvicorn) on a free loopback port, called over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import ADMIN_TOKEN, DONGCHANG, parse_sse
from tests.servers import answers_ok, free_port, stop, tail

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120.0
QUESTION = "东昌府区企业开办要几个工作日？"


@pytest.fixture(scope="module")
def server(tmp_path_factory, prepared_model_dir) -> Iterator[tuple[str, Path]]:
    """`policyqa serve --no-ui` over a fresh data dir whose corpus is one small policy."""
    base = tmp_path_factory.mktemp("server")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "dongchang_2023_measures.txt").write_text(DONGCHANG, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "POLICYQA_DATA_DIR": str(base / "data"),
           "POLICYQA_MODEL": str(prepared_model_dir), "POLICYQA_CORPUS_DIR": str(corpus),
           "POLICYQA_ADMIN_TOKEN": ADMIN_TOKEN, "POLICYQA_ASK_RATE_PER_MINUTE": "0"}
    log = base / "server.log"
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would block the server
        process = subprocess.Popen(
            [sys.executable, "-c", "from assistant.api.command import serve_command; "
                                   "serve_command()",
             "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        if not answers_ok(f"{url}/healthz", lambda: process.poll() is None, START_TIMEOUT_S, 0.2):
            pytest.fail(f"server did not come up (exit code {process.poll()}):\n{tail(log)}",
                        pytrace=False)
        yield url, log
    finally:
        stop(process, timeout=15)


def test_serve_answers_over_real_http(server):
    url, log = server
    with httpx.Client(base_url=url, trust_env=False, timeout=60) as client:
        assert client.get("/healthz").json() == {"status": "ok"}

        deadline = time.monotonic() + START_TIMEOUT_S
        while (ready := client.get("/readyz")).status_code == 503:
            assert ready.json()["error"].startswith("starting")
            assert time.monotonic() < deadline, tail(log)
            time.sleep(0.3)
        assert ready.status_code == 200, ready.text
        assert ready.json()["documents"] == 0

        assert client.post("/api/reindex").status_code == 401
        indexed = client.post("/api/reindex", headers={"X-Admin-Token": ADMIN_TOKEN})
        assert indexed.status_code == 200, indexed.text
        assert indexed.json()["added"] == ["dongchang_2023_measures"]
        assert client.get("/readyz").json()["documents"] == 1

        answer = client.post("/api/ask", json={"question": QUESTION})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["found"] is True
        assert body["citations"][0]["key"] == "dongchang_2023_measures:1"
        assert body["citations"][0]["doc_number"] == "东政字〔2023〕7号"
        assert "1个工作日" in body["answer"]

        with client.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            events = parse_sse(stream.read().decode("utf-8"))
        names = [name for name, _ in events]
        assert names[0] == "segment" and names[-2:] == ["citations", "done"]
        assert events[-1][1] == body

        missing = client.get("/api/measures/nope:1")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/json"

    logged = tail(log)
    assert "POST /api/ask 200" in logged
    assert ADMIN_TOKEN not in logged


def test_serve_handles_concurrent_requests(server):
    url, _ = server
    questions = ["东昌府区企业开办要几个工作日？", "不动产登记要几天？", "用电报装要花钱吗？",
                 "东昌府区印章刻制费用谁出？"] * 2

    def ask(question: str) -> int:
        with httpx.Client(base_url=url, trust_env=False, timeout=120) as client:
            return client.post("/api/ask", json={"question": question}).status_code

    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        asks = [pool.submit(ask, q) for q in questions]
        # The event loop stays free while the questions are answered in worker threads.
        with httpx.Client(base_url=url, trust_env=False, timeout=5) as client:
            started = time.monotonic()
            assert client.get("/healthz").status_code == 200
            assert time.monotonic() - started < 2
        assert [f.result() for f in asks] == [200] * len(questions)
