"""Issue 19: a full disk, name clashes, bypassed limits, concurrent writers, big archives,
500s and headers — each finding as it was reproduced, through the real app and index."""

from __future__ import annotations

import fcntl
import io
import os
import random
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.api.app import create_app
from tests.api.conftest import DONGCHANG
from tests.api.test_admin import AUTH, _doc_ids, _env

OTHER = DONGCHANG.replace("东昌府区", "茌平区").replace("东政字", "茌政字")


@pytest.fixture
def env(tmp_path, prepared_model_dir, embedder):
    admin = _env(tmp_path, prepared_model_dir, embedder)
    with admin.client:
        yield admin


def _reopened(env):
    """The index as a new process would see it (after a restart)."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    fresh = PolicyAssistant(env.settings, index=open_index(env.settings,
                                                           embedder=env.assistant.index.embedder))
    return {d.doc_id for d in fresh.documents()}


# -- 1. a full disk ------------------------------------------------------------------------
def test_writes_without_room_are_507_and_change_nothing(env):
    assert env.client.post("/api/reindex", headers=AUTH).status_code == 200
    before, kept = _doc_ids(env.client), set(env.uploads.glob("*"))
    env.settings.min_free_mb = 10 ** 9  # more than any disk has
    response = env.upload(("x.txt", OTHER.encode()))
    assert response.status_code == 507 and "没有做任何改动" in response.json()["error"]
    deleted = env.client.delete("/api/documents/dongchang_2023_measures", headers=AUTH)
    assert deleted.status_code == 507
    assert env.client.post("/api/reindex", headers=AUTH).status_code == 507
    assert _doc_ids(env.client) == before == _reopened(env)  # what the API said, after restart
    assert set(env.uploads.glob("*")) == kept


def test_readyz_turns_false_when_the_store_stops_answering(tmp_path, prepared_model_dir,
                                                           embedder):
    from fastapi.testclient import TestClient

    admin = _env(tmp_path, prepared_model_dir, embedder, store_timeout_s=0.5)
    stalled = threading.Event()
    store, get = admin.assistant.index.store, admin.assistant.index.store.get

    def stuck_get(*args, **kwargs):
        if stalled.is_set():
            time.sleep(30)  # a store that stopped answering
        return get(*args, **kwargs)

    store.get = stuck_get
    app = create_app(admin.settings, assistant=admin.assistant, with_ui=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/documents").status_code == 200  # waits for start-up
        assert client.get("/readyz").status_code == 200
        stalled.set()
        deadline = time.monotonic() + 15
        while client.get("/readyz").status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        response = client.get("/readyz")
        assert response.status_code == 503 and "没有应答" in response.json()["error"]
        stalled.clear()


def test_sigterm_stops_a_server_that_ignores_it(tmp_path):
    """The supervisor kills a child deaf to SIGTERM (as one whose GIL is held) after grace."""
    pid_file = tmp_path / "child.pid"
    deaf = [sys.executable, "-c", "import os, signal, sys, time; "
                                  "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                                  f"open({str(pid_file)!r}, 'w').write(str(os.getpid())); "
                                  "time.sleep(120)"]
    script = ("import sys; from assistant.api.supervisor import supervise; "
              f"sys.exit(supervise({deaf!r}, 'http://127.0.0.1:9/healthz', grace_s=1, "
              "every_s=0.2))")
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert process.poll() is None and time.monotonic() < deadline, "no child started"
        time.sleep(0.1)
    child = int(pid_file.read_text())
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)
    assert time.monotonic() - started < 5
    with pytest.raises(ProcessLookupError):  # the deaf child is gone too
        for _ in range(50):
            os.kill(child, 0)
            time.sleep(0.1)


_HEALTHY_CHILD = """
import http.server, pathlib, sys, threading, time
starts = pathlib.Path(sys.argv[1]); port = int(sys.argv[2]); fail = sys.argv[3] == "fail"
count = int(starts.read_text() or 0) + 1 if starts.exists() else 1
starts.write_text(str(count))
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args): pass
if fail and count == 1:  # never serves: fails at start
    sys.exit(3)
server = http.server.HTTPServer(("127.0.0.1", port), Health)
threading.Thread(target=server.serve_forever, daemon=True).start()
time.sleep(1.5 if count == 1 else 120)
sys.exit(1 if count == 1 else 0)
"""


def _supervised(tmp_path, mode: str) -> tuple[subprocess.Popen, Path]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    starts = tmp_path / "starts"
    child = [sys.executable, "-c", _HEALTHY_CHILD, str(starts), str(port), mode]
    script = ("import sys; from assistant.api.supervisor import supervise; "
              f"sys.exit(supervise({child!r}, 'http://127.0.0.1:{port}/healthz', grace_s=1, "
              "every_s=0.2))")
    return subprocess.Popen([sys.executable, "-c", script]), starts


def test_a_server_that_fails_after_serving_is_started_again(tmp_path):
    """A child that answered /healthz and then exited 1 (as one whose store failed mid-write
    does) is started again; SIGTERM then ends both with 0."""
    process, starts = _supervised(tmp_path, "serve")
    deadline = time.monotonic() + 30
    while not (starts.exists() and starts.read_text() == "2"):
        assert process.poll() is None and time.monotonic() < deadline, "not started again"
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_a_server_that_fails_before_serving_is_not_restarted(tmp_path):
    """Failing at start is a fault a restart does not cure: its exit code is the answer."""
    process, starts = _supervised(tmp_path, "fail")
    assert process.wait(timeout=30) == 3
    assert starts.read_text() == "1"


def test_a_search_answered_while_its_document_is_deleted_keeps_its_statuses(env):
    """A search's hits come from one snapshot; their statuses must not be looked up in a
    newer one (a search during deletes answered 500, KeyError, in the full-disk trial)."""
    assert env.upload(("chiping.txt", OTHER.encode())).status_code == 200
    hits = env.assistant.search("茌平区企业开办压缩至几个工作日", top_k=3)
    assert any(h.document.doc_id == "chiping" for h in hits)
    assert env.client.delete("/api/documents/chiping", headers=AUTH).status_code == 200
    statuses = env.assistant.statuses(hits)
    assert set(statuses) == {h.measure.key for h in hits}


# -- 2. document ids that cannot collide ---------------------------------------------------
@pytest.mark.parametrize("first,second", [
    (None, "dongchang_2023_measures.txt"),  # a shipped file's name, other content
    ("x.txt", "x.TXT"), ("dup.txt", "dup.html"), ("Dup.txt", "dup.md")])
def test_a_second_file_for_an_existing_id_is_refused(env, first, second):
    env.client.post("/api/reindex", headers=AUTH)
    if first:
        assert env.upload((first, OTHER.encode())).json()["files"][0]["status"] == "added"
    measures = {d["doc_id"]: d["measure_count"]
                for d in env.client.get("/api/documents").json()["documents"]}
    response = env.upload((second, OTHER.replace("茌平区", "阳谷县").encode()))
    assert response.status_code == 409 and "belongs to" in response.json()["error"]
    assert {d["doc_id"]: d["measure_count"]
            for d in env.client.get("/api/documents").json()["documents"]} == measures
    reindexed = env.client.post("/api/reindex", headers=AUTH)
    assert reindexed.status_code == 200 and not reindexed.json()["failures"]


def test_one_batch_cannot_hold_two_files_for_one_id(env):
    response = env.upload(("y.txt", OTHER.encode()), ("y.html", OTHER.encode()))
    assert response.status_code == 409 and not env.uploads.exists()


def test_reindex_keeps_the_first_of_two_files_for_one_id(env):
    """An index filled before the rules (a shipped name among the uploads) still rebuilds."""
    env.uploads.mkdir(parents=True)
    (env.uploads / "dongchang_2023_measures.txt").write_text(OTHER, encoding="utf-8")
    response = env.client.post("/api/reindex", headers=AUTH)
    assert response.status_code == 200
    assert [f["source"] for f in response.json()["failures"]] == ["dongchang_2023_measures.txt"]
    doc = env.client.get("/api/documents/dongchang_2023_measures").json()
    assert doc["doc_number"].startswith("东政字")  # the shipped one


def test_a_deleted_upload_does_not_come_back_on_reindex(env):
    env.upload(("z.txt", OTHER.encode()))
    assert env.client.delete("/api/documents/z", headers=AUTH).status_code == 200
    env.client.post("/api/reindex", headers=AUTH)
    assert "z" not in _doc_ids(env.client)


# -- 3. one limiter for every way into answering -------------------------------------------
@pytest.fixture
def limited(tmp_path, prepared_model_dir, embedder):
    from fastapi.testclient import TestClient

    admin = _env(tmp_path, prepared_model_dir, embedder, trusted_proxies=["10.9.9.9"])
    admin.settings.ask_rate_per_minute = 2
    app = create_app(admin.settings, assistant=admin.assistant, with_ui=True)
    with TestClient(app, raise_server_exceptions=False, client=("127.0.0.1", 5000)) as client:
        admin.client = client
        yield admin


def test_every_way_into_answering_shares_one_limit(limited):
    client = limited.client
    for _ in range(2):
        assert client.post("/api/ask", json={"question": "企业开办要几天？"}).status_code == 200
    spoofed = {"X-Forwarded-For": "10.0.0.7"}
    calls = [client.post("/api/ask", json={"question": "企业开办要几天？"}, headers=spoofed),
             client.post("/api/ask/stream", json={"question": "企业开办要几天？"}),
             client.get("/api/search", params={"q": "企业开办"}),
             client.post("/api/match", json={"city": "聊城"}),
             client.post("/gradio_api/queue/join", json={"data": ["企业开办要几天？", []],
                                                         "fn_index": 0, "session_hash": "x"})]
    assert [c.status_code for c in calls] == [429] * 5
    assert all(c.headers.get("Retry-After") for c in calls)


def test_forwarded_for_counts_only_from_a_configured_proxy(tmp_path, prepared_model_dir,
                                                           embedder):
    from fastapi.testclient import TestClient

    admin = _env(tmp_path, prepared_model_dir, embedder, trusted_proxies=["10.9.9.9"])
    admin.settings.ask_rate_per_minute = 1
    app = create_app(admin.settings, assistant=admin.assistant, with_ui=False)
    with TestClient(app, raise_server_exceptions=False, client=("10.9.9.9", 1)) as proxy:
        for n in range(3):  # three clients behind the proxy: one question each
            response = proxy.get("/api/search", params={"q": "企业开办"},
                                 headers={"X-Forwarded-For": f"1.2.3.4, 10.0.0.{n}"})
            assert response.status_code == 200


def test_wrong_admin_tokens_slow_the_client_down(limited):
    client = limited.client
    statuses = [client.post("/api/reindex", headers={"X-Admin-Token": f"guess{n}"}).status_code
                for n in range(8)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    assert client.post("/api/reindex", headers=AUTH).status_code == 429  # even the right one


def test_the_ui_upload_route_needs_the_token(limited):
    files = {"files": ("evil.txt", b"anything")}
    assert limited.client.post("/gradio_api/upload", files=files).status_code == 401
    assert limited.client.post("/gradio_api/upload", files=files, headers=AUTH).status_code == 200


# -- 4. one writer across processes; no paths in errors ------------------------------------
def test_cli_ingest_is_refused_while_a_server_owns_the_index(env):
    from assistant.cli import main

    env.assistant.index.own()
    result = CliRunner().invoke(main, ["ingest", str(env.settings.corpus_dir)],
                                env={"POLICYQA_DATA_DIR": str(env.data_dir),
                                     "POLICYQA_MODEL": env.settings.model})
    assert result.exit_code == 1 and "policyqa 服务占用着这个索引" in result.output
    assert env.client.post("/api/reindex", headers=AUTH).status_code == 200  # the owner may


def test_errors_never_show_file_system_paths(env):
    from assistant.errors import StoreError

    where = env.data_dir / "index"

    def broken(*args, **kwargs):
        raise StoreError(f"Chroma failed to query embedded Chroma index at {where}: Error")

    env.assistant.index.store.get = broken
    env.assistant.index.refresh()
    response = env.client.get("/api/documents")
    assert response.status_code == 503
    assert str(env.base) not in response.text and "<data dir>/index" in response.text


# -- 6. archives measured by what they unpack to -------------------------------------------
def big_docx(path, paragraphs: int = 4_000_000) -> None:
    """A valid .docx whose document.xml is ~150 MB (a ratio of ~50: it passes the zip-bomb
    checks), like the 15.5 MB file of issue 19 that unpacked to 158 MB."""
    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)
    words = random.Random(7).choices(["营商", "环境", "措施", "企业", "办理", "时限"], k=paragraphs)
    body = "".join(f"<w:p><w:r><w:t>{w}</w:t></w:r></w:p>" for w in words)
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                text = data.decode()
                head = text[:text.index("<w:body>") + len("<w:body>")]
                data = (head + body + "</w:body></w:document>").encode()
            out.writestr(member, data)


@pytest.mark.parametrize("name", ["big.docx", "big.doc"])  # .doc: a .docx under the old name
def test_a_docx_of_too_much_xml_is_refused_quickly(tmp_path, name):
    from assistant.cli import main

    path = tmp_path / name
    big_docx(path)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["ingest", "--dry-run", str(path)],
                                env={"POLICYQA_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 1 and "too large once unpacked" in result.output
    assert time.monotonic() - started < 10


# -- 7. no 500s, whole batches ---------------------------------------------------------------
def test_a_long_chinese_name_is_shortened_safely(env):
    name = "关于进一步优化营商环境" * 9 + ".txt"  # 99 characters, 297 bytes of UTF-8
    response = env.upload((name, OTHER.encode()))
    assert response.status_code == 200, response.text
    kept = response.json()["files"][0]["file"]
    assert len(kept.encode()) <= 180 and kept.endswith(".txt")
    assert (env.uploads / kept).is_file()


def test_a_batch_with_one_bad_name_keeps_nothing_and_a_long_one_is_no_500(env):
    refused = env.upload(("good.txt", OTHER.encode()), (".hidden.txt", DONGCHANG.encode()))
    assert refused.status_code == 400 and not env.uploads.exists()
    assert "good" not in _doc_ids(env.client)
    long = "关于进一步优化营商环境" * 9 + ".txt"  # 'File name too long' was a 500
    batch = env.upload(("good.txt", OTHER.encode()), (long, DONGCHANG.encode()))
    assert batch.status_code == 200, batch.text
    assert [f["status"] for f in batch.json()["files"]] == ["added", "added"]
    assert len(list(env.uploads.iterdir())) == 2


def test_a_batch_meeting_the_lock_is_409_before_indexing_anything(env):
    before = _doc_ids(env.client)
    with (env.data_dir / "ingest.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        response = env.upload(("a.txt", OTHER.encode()), ("b.txt", DONGCHANG.encode()))
    assert response.status_code == 409
    assert _doc_ids(env.client) == before and not env.uploads.exists()


# -- 8. headers, CORS, markup --------------------------------------------------------------
def test_security_headers_on_every_response_and_no_foreign_preflight(limited):
    client = limited.client
    for response in (client.get("/"), client.get("/readyz"), client.get("/api/nothing"),
                     client.post("/api/ask", json={})):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    preflight = client.options("/gradio_api/queue/join", headers={
        "Origin": "http://localhost:9999", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-credentials" not in preflight.headers


def test_file_names_in_notices_are_text():
    from ui import documents

    shown = documents.deleted_notice('<img src=x onerror="alert(1)">.txt', 1)
    assert "<img" not in shown and "&lt;img" in shown
