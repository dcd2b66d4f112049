"""Issue 19.4: the API and the CLI take one lock (`ingest.lock`) before any work, so a CLI
ingest started while an API reindex writes is refused, and an API reindex or upload while a
CLI ingest writes is 409 with nothing done — the real CLI in a child process, the real app,
one Chroma server both may write to."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.api.conftest import ADMIN_TOKEN, DONGCHANG
from tests.conftest import make_settings
from tests.reliability.conftest import REPO, cli_env, lock_holders, policyqa_command, run_cli

AUTH = {"X-Admin-Token": ADMIN_TOKEN}
BUSY = "另一个入库任务正在写入这个索引"  # the refusal says so in Chinese, and nothing was done


def env_data(env: dict[str, str]) -> Path:
    return Path(env["POLICYQA_DATA_DIR"])


@pytest.fixture
def shared(tmp_path, prepared_model_dir, embedder, chroma_server):
    """An app and a CLI environment over one data dir and one collection of a Chroma
    server; yields (client, assistant, cli environment, corpus)."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(DONGCHANG, encoding="utf-8")
    host, port = chroma_server
    store = {"chroma_url": f"http://{host}:{port}", "collection": f"lock_{uuid.uuid4().hex[:8]}"}
    settings = make_settings(tmp_path / "data", prepared_model_dir, corpus_dir=corpus,
                             admin_token=ADMIN_TOKEN, ask_rate_per_minute=0, **store)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    with TestClient(create_app(settings, assistant=assistant, with_ui=False),
                    raise_server_exceptions=False) as client:
        yield client, assistant, cli_env(tmp_path / "data", prepared_model_dir, **store), corpus


def test_a_cli_ingest_is_refused_while_an_api_reindex_holds_the_lock(shared):
    client, assistant, env, corpus = shared
    entered, release = threading.Event(), threading.Event()
    sync = assistant.index.sync

    def held_sync(*args, **kwargs):  # the reindex stops inside its write, lock held
        entered.set()
        release.wait(120)
        return sync(*args, **kwargs)

    assistant.index.sync = held_sync
    answered = {}
    reindex = threading.Thread(target=lambda: answered.update(
        response=client.post("/api/reindex", headers=AUTH)))
    reindex.start()
    try:
        assert entered.wait(120)
        assert os.getpid() in lock_holders(env_data(env) / "ingest.lock")
        cli = run_cli("ingest", str(corpus), env=env, timeout=300)
    finally:
        release.set()
        reindex.join(120)
    assert cli.returncode == 1 and BUSY in cli.stderr, cli.stderr
    assert answered["response"].status_code == 200
    assert {d.doc_id for d in assistant.documents()} == {"dongchang"}


def test_api_writes_are_409_with_nothing_done_while_a_cli_ingest_holds_the_lock(shared):
    client, assistant, env, corpus = shared
    lock = env_data(env) / "ingest.lock"
    cli = subprocess.Popen([*policyqa_command(), "ingest", str(corpus)], env=env, cwd=REPO,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while cli.pid not in lock_holders(lock):
            assert cli.poll() is None and time.monotonic() < deadline, "the CLI never wrote"
            time.sleep(0.05)
        reindex = client.post("/api/reindex", headers=AUTH)
        upload = client.post("/api/documents", headers=AUTH, files=[
            ("files", ("茌平.txt", DONGCHANG.replace("东昌府区", "茌平区").encode()))])
    finally:
        cli.send_signal(signal.SIGKILL)
        cli.wait(30)
    for refused in (reindex, upload):
        assert refused.status_code == 409 and refused.json()["error"].startswith(BUSY)
    assert not (env_data(env) / "uploads").exists()  # the upload kept nothing
    assert client.post("/api/reindex", headers=AUTH).status_code == 200  # the lock is free
