"""Issue 19's trials against a real `policyqa serve`: a full disk on a tmpfs, a spoofed
X-Forwarded-For, and a CLI ingest while the server owns the embedded index (slow)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time

import pytest

from tests.reliability.conftest import ADMIN_TOKEN, cli_env, policy, run_cli, serve

AUTH = {"X-Admin-Token": ADMIN_TOKEN}
pytestmark = pytest.mark.slow


def _documents(server) -> set[str]:
    with server.client() as client:
        return {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}


@pytest.fixture
def tmpfs(tmp_path):
    """A 64 MB tmpfs of our own (root only), unmounted after."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    where = tmp_path / "full"
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_refuses_writes_and_never_hangs(tmpfs, tmp_path, prepared_model_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    data, log = tmpfs / "data", tmp_path / "server.log"
    settings = {"corpus_dir": corpus, "admin_token": ADMIN_TOKEN, "min_free_mb": 8,
                "ask_rate_per_minute": 0}
    with serve(data, prepared_model_dir, log, **settings) as server, \
            server.client(timeout=60) as client:
        assert client.post("/api/reindex", headers=AUTH).status_code == 200
        assert client.post("/api/documents", headers=AUTH, files=[
            ("files", ("茌平.txt", policy("茌平区", "茌", 8).encode()))]).status_code == 200
        filler = tmpfs / "filler"
        with filler.open("wb") as out, contextlib.suppress(OSError):  # until the disk is full
            while True:
                out.write(b"\0" * 2**16)
                out.flush()
        before = _documents(server)
        refused = [client.post("/api/documents", headers=AUTH, files=[
                       ("files", ("阳谷.txt", policy("阳谷县", "阳", 9).encode()))]),
                   client.delete("/api/documents/茌平", headers=AUTH),
                   client.post("/api/reindex", headers=AUTH)]
        print(f"\nfull disk: {[r.status_code for r in refused]} {refused[0].text[:120]}")
        assert [r.status_code for r in refused] == [507, 507, 507]
        assert _documents(server) == before
        assert client.get("/readyz").status_code == 200
        filler.unlink()
        for n, name in enumerate(("阳谷.txt", "莘县.txt")):
            added = client.post("/api/documents", headers=AUTH, files=[
                ("files", (name, policy(name[:2] + "县", name[0], 10 + n).encode()))])
            assert added.status_code == 200, added.text
        assert client.get("/readyz", timeout=15).status_code == 200
        answered = _documents(server)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
        print(f"stopped {time.monotonic() - started:.1f} s after SIGTERM")
    with serve(data, prepared_model_dir, log, **settings) as again:  # what the API said
        assert _documents(again) == answered == before | {"阳谷", "莘县"}


def test_forwarded_for_from_an_untrusted_peer_is_no_new_client(tmp_path, prepared_model_dir):
    data = tmp_path / "data"
    with serve(data, prepared_model_dir, tmp_path / "server.log",
               ask_rate_per_minute=2) as server, server.client() as client:
        statuses = [client.post("/api/ask", json={"question": "企业开办要几天？"},
                                headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
                    for n in range(4)]
        statuses.append(client.get("/api/search", params={"q": "企业开办"}).status_code)
    print(f"\nX-Forwarded-For 10.0.0.N from 127.0.0.1: {statuses}")
    assert statuses == [200, 200, 429, 429, 429]


def test_a_cli_ingest_is_refused_while_the_server_owns_the_index(tmp_path, prepared_model_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    data = tmp_path / "data"
    with serve(data, prepared_model_dir, tmp_path / "server.log", corpus_dir=corpus,
               admin_token=ADMIN_TOKEN) as server, server.client() as client:
        assert client.post("/api/reindex", headers=AUTH).status_code == 200
        cli = run_cli("ingest", str(corpus), env=cli_env(data, prepared_model_dir),
                      timeout=300)
        print(f"\nCLI ingest while served: exit {cli.returncode}: {cli.stderr.strip()}")
        assert cli.returncode == 1 and "a running server owns this index" in cli.stderr
        searches = [client.get("/api/search", params={"q": "企业开办"}) for _ in range(20)]
        assert {r.status_code for r in searches} == {200}
        assert client.get("/readyz").status_code == 200
        assert str(tmp_path) not in "".join(r.text for r in searches)
