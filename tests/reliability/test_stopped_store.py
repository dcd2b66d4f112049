"""Issue 19.1 with a Chroma server that stops answering (SIGSTOP): writes answer 503 in
Chinese within their deadline and never hang, /readyz turns false, and after the store
comes back each document is where the API said — the store stopped before a request, and
stopped under the very write (the write-deadline path)."""

from __future__ import annotations

import os
import signal
import time

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.api.conftest import ADMIN_TOKEN, DONGCHANG
from tests.conftest import make_settings
from tests.servers import chroma_run

AUTH = {"X-Admin-Token": ADMIN_TOKEN}
OTHER = DONGCHANG.replace("东昌府区", "茌平区").replace("东政字", "茌政字")
THIRD = DONGCHANG.replace("东昌府区", "阳谷县").replace("东政字", "阳政字")
TIMEOUT_S = 2.0  # POLICYQA_WRITE_TIMEOUT_S and POLICYQA_STORE_TIMEOUT_S here
MARGIN_S = 4.0


@pytest.fixture
def served(tmp_path, prepared_model_dir, embedder):
    """An app over a Chroma server of its own holding the shipped-like policy and one
    upload (`茌平`); yields (client, chroma process, a function opening the index anew)."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    (tmp_path / "chroma").mkdir()
    with chroma_run(tmp_path / "chroma") as chroma:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "dongchang.txt").write_text(DONGCHANG, encoding="utf-8")
        settings = make_settings(tmp_path / "data", prepared_model_dir, corpus_dir=corpus,
                                 admin_token=ADMIN_TOKEN, ask_rate_per_minute=0,
                                 chroma_url=f"http://{chroma.host}:{chroma.port}",
                                 write_timeout_s=TIMEOUT_S, store_timeout_s=TIMEOUT_S)

        def assistant():
            return PolicyAssistant(settings, index=open_index(settings, embedder=embedder))

        app = create_app(settings, assistant=assistant(), with_ui=False)
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.post("/api/reindex", headers=AUTH).status_code == 200
            assert _upload(client, "茌平.txt", OTHER).status_code == 200
            assert _documents(client) == {"dongchang", "茌平"}
            yield client, chroma.process, lambda: {d.doc_id for d in assistant().documents()}


def _upload(client, name: str, text: str):
    return client.post("/api/documents", headers=AUTH, files=[("files", (name, text.encode()))])


def _documents(client) -> set[str]:
    return {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_writes_to_a_stopped_store_answer_503_in_time_and_change_nothing(served, tmp_path):
    client, chroma, reopened = served
    os.kill(chroma.pid, signal.SIGSTOP)
    try:
        upload, upload_s = _timed(lambda: _upload(client, "阳谷.txt", THIRD))
        delete, delete_s = _timed(lambda: client.delete("/api/documents/茌平", headers=AUTH))
        deadline = time.monotonic() + 3 * TIMEOUT_S + 5
        while client.get("/readyz").status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        ready = client.get("/readyz")
    finally:
        os.kill(chroma.pid, signal.SIGCONT)
    for response, took in ((upload, upload_s), (delete, delete_s)):
        assert response.status_code == 503, response.text
        assert took < TIMEOUT_S + MARGIN_S
        reason = response.json()["error"]
        assert _chinese(reason) and str(tmp_path) not in response.text and "/" not in reason
    assert ready.status_code == 503 and _chinese(ready.json()["error"])
    # What the API said: neither write happened; the 503 upload's file is not kept.
    assert reopened() == {"dongchang", "茌平"}
    assert sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir()) == ["茌平.txt"]


def test_a_write_stuck_in_the_store_answers_503_and_stops_writes(served, tmp_path):
    """The store stops under the first write of an upload (its chunks): 503 past the
    deadline, every later write refused at once, /healthz 503 (a restart is due); when the
    store answers again the upload is not served — its document record was never sent."""
    client, chroma, reopened = served
    store = client.app.state.assistant.index.store
    upsert = store.upsert

    def stopping_upsert(*args, **kwargs):
        os.kill(chroma.pid, signal.SIGSTOP)  # the store stops answering now, mid-write
        return upsert(*args, **kwargs)

    store.upsert = stopping_upsert
    try:
        upload, took = _timed(lambda: _upload(client, "阳谷.txt", THIRD))
        later, later_s = _timed(lambda: client.delete("/api/documents/茌平", headers=AUTH))
        health = client.get("/healthz")
    finally:
        os.kill(chroma.pid, signal.SIGCONT)
        store.upsert = upsert
    assert upload.status_code == 503 and took < TIMEOUT_S + MARGIN_S
    assert "是否生效" in upload.json()["error"]  # the outcome of a late write is not known
    assert upload.json()["detail"]["files"][0]["status"] == "failed"
    assert later.status_code == 503 and later_s < 1.0  # refused at once, nothing sent
    assert health.status_code == 503
    time.sleep(1)  # the store answers the write it had taken: chunks without a record
    assert reopened() == {"dongchang", "茌平"}
    assert sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir()) == ["茌平.txt"]
