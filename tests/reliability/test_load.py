"""Load: concurrent clients against a real `policyqa serve` on 127.0.0.1 (rate limit off):
no request fails, p95 is reported, the server's memory stays bounded.

`load_run.py` beside this file does the work; 8 clients × 5 s here, 64 × 60 s behind `slow`
(`.venv/bin/python -m pytest -m slow tests/reliability/test_load.py -s`).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

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


def _get(connection: socket.socket, host: str) -> bytes:
    """One keep-alive GET /healthz on an open connection; the status line of its response."""
    connection.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    received = b""
    while True:
        head, _, body = received.partition(b"\r\n\r\n")
        if _:
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            if len(body) >= length:
                return head.split(b"\r\n", 1)[0]
        chunk = connection.recv(4096)
        if not chunk:
            return b"(closed by the server)"
        received += chunk


def test_an_idle_connection_outlives_the_clients_keep_alive(server):
    """The client (httpx: 5 s) or the proxy (nginx: 60 s) closes an idle connection first:
    a server closing it as a request goes out would fail that request."""
    address = urlparse(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        assert _get(connection, address.netloc) == b"HTTP/1.1 200 OK"
        time.sleep(6)  # past httpx's keep-alive expiry, and uvicorn's 5 s default
        assert _get(connection, address.netloc) == b"HTTP/1.1 200 OK"


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_a_declared_oversized_body_is_refused_before_it_is_sent(server, path):
    """Over a real socket: the headers alone announce 50 MB and no byte of the body follows.
    A server that read the body first would wait for it, and this would time out."""
    address = urlparse(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=15) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
                           "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
                           .encode())
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(4096)  # socket.timeout here: the server waited for the body
            assert chunk, "connection closed without a response"
            received += chunk
    assert received.startswith(b"HTTP/1.1 413"), received[:200]


@pytest.mark.slow
def test_sixty_four_clients_for_a_minute(server, tmp_path):
    _load(server, tmp_path, clients=64, seconds=60, warmup=15)
