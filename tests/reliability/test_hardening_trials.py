"""Issue 19's trials against a real `policyqa serve`: a full disk on a tmpfs, a spoofed
X-Forwarded-For, a CLI ingest while the server owns the embedded index, a store whose writes
never return (a frozen file system), every failed write kind followed by kill -9 and a
restart that must serve what the API said, and every document-id clash (slow)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time

import httpx
import pytest

from tests.reliability.conftest import (
    ADMIN_TOKEN,
    cli_env,
    policy,
    run_cli,
    serve,
)
from tests.reliability.load_run import serving_pid

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


@pytest.fixture
def index_volume(tmp_path):
    """A data dir whose `index/` is a 256 MB ext4 file system on a loop device (root only),
    so that the test can freeze it or make it read-only without touching the uploads."""
    if os.geteuid() != 0 or shutil.which("fsfreeze") is None:
        pytest.skip("a loop-mounted file system needs root and util-linux")
    image, index = tmp_path / "index.img", tmp_path / "data" / "index"
    index.mkdir(parents=True)
    subprocess.run(["truncate", "-s", "256m", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(index)], check=True)
    try:
        yield index
    finally:
        subprocess.run(["fsfreeze", "-u", str(index)], check=False, capture_output=True)
        subprocess.run(["umount", "-l", str(index)], check=False)


def _kill_9(server) -> int | None:
    """SIGKILL the serving process and its supervisor, as a crash or the OOM killer would;
    the serving process's id (it may end only once a blocked write of its can go on)."""
    if server.process.poll() is not None:
        return None  # it ended already (a write past its deadline ends it)
    child = serving_pid(server.pid)
    for pid in (child, server.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait(timeout=30)
    return child


def _gone(pid: int, timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def _served_on(index_volume, tmp_path):
    """The data dir over `index_volume`, a log, and settings for a server of one policy whose
    writes have a 5 s deadline."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    settings = {"corpus_dir": corpus, "admin_token": ADMIN_TOKEN, "write_timeout_s": 5,
                "ask_rate_per_minute": 0, "min_free_mb": 1}
    return index_volume.parent, tmp_path / "server.log", settings


def _status(call) -> int | None:
    """A request's status, or None when it got no answer (a timeout, a closed connection)."""
    try:
        return call().status_code
    except httpx.HTTPError:
        return None


def test_a_write_that_never_returns_ends_the_server_and_changes_nothing(
        index_volume, tmp_path, prepared_model_dir):
    """The index's file system frozen under a write: embedded Chroma waits in the kernel
    holding the GIL, so the server cannot answer anything; at the write's deadline (+5 s)
    faulthandler ends it, its supervisor exits, and after a restart the index is as the API
    last said."""
    data, log, settings = _served_on(index_volume, tmp_path)
    with serve(data, prepared_model_dir, log, **settings) as server, \
            server.client(timeout=30) as client:
        assert client.post("/api/reindex", headers=AUTH).status_code == 200
        before = _documents(server)
        subprocess.run(["fsfreeze", "-f", str(index_volume)], check=True)
        try:
            started = time.monotonic()
            upload = _status(lambda: _upload(client, "茌平.txt", "茌平区", 8))
            ready = _status(lambda: client.get("/readyz"))
            server.process.wait(timeout=120)  # the supervisor ends: its child is gone or hung
            ended = time.monotonic() - started
            print(f"\nfrozen index: upload {upload}, /readyz {ready}; policyqa serve ended "
                  f"{ended:.0f} s after the write began, exit {server.process.returncode}")
        finally:
            subprocess.run(["fsfreeze", "-u", str(index_volume)], check=True)
        assert upload != 200 and ready != 200 and server.process.returncode == 1
        assert "Timeout (0:00:10)!" in log.read_text(errors="replace")  # faulthandler's dump
    time.sleep(2)  # the hung child ends once its write can go on
    with serve(data, prepared_model_dir, log, **settings) as again:
        assert _documents(again) == before  # the unanswered upload is not there


def _upload(client, name: str, place: str, number: int):
    return client.post("/api/documents", headers=AUTH, files=[
        ("files", (name, policy(place, place[0], number).encode()))])


@contextlib.contextmanager
def _failing(kind: str, data, index_volume):
    """Every write meets `kind` inside: the index's file system full, the ingest lock held
    by another process, or the index's file system frozen (a write that never returns).
    Yields the status every write must answer (None: no answer at all)."""
    if kind == "lock held":
        holder = subprocess.Popen(["flock", str(data / "ingest.lock"), "sleep", "600"])
        time.sleep(0.5)
        try:
            yield 409
        finally:
            holder.kill()
            holder.wait()
    elif kind == "disk full":
        filler = index_volume / "filler"
        with filler.open("wb") as out, contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 2**16)
                out.flush()
        try:
            yield 507
        finally:
            filler.unlink()
    else:
        subprocess.run(["fsfreeze", "-f", str(index_volume)], check=True)
        try:
            yield None  # no answer: the server cannot answer while a write holds the GIL
        finally:  # after the kill -9: the killed process dies once its write can go on
            subprocess.run(["fsfreeze", "-u", str(index_volume)], check=True)


@pytest.mark.parametrize("kind", ["disk full", "lock held", "store stuck"])
def test_after_each_failed_write_and_kill_9_documents_are_what_the_api_said(
        kind, index_volume, tmp_path, prepared_model_dir):
    data, log, settings = _served_on(index_volume, tmp_path)
    with serve(data, prepared_model_dir, log, **settings) as server, \
            server.client(timeout=30) as client:
        assert client.post("/api/reindex", headers=AUTH).status_code == 200
        assert _upload(client, "茌平.txt", "茌平区", 8).status_code == 200
        said = _documents(server)
        with _failing(kind, data, index_volume) as status:
            codes = [_status(lambda: _upload(client, "阳谷.txt", "阳谷县", 9)),
                     _status(lambda: client.delete("/api/documents/茌平", headers=AUTH)),
                     _status(lambda: client.post("/api/reindex", headers=AUTH))]
            print(f"\n{kind}: {codes}")
            # What the API said: a write answered 200 happened; any other answer, or none,
            # says it did not.
            if codes[0] == 200:
                said = said | {"阳谷"}
            if codes[1] == 200:
                said = said - {"茌平"}
            killed = _kill_9(server)
    assert killed is None or _gone(killed)
    with serve(data, prepared_model_dir, log, **settings) as again:
        restarted = _documents(again)
    print(f"{kind}: the API said {sorted(said)}; after kill -9 and a restart {sorted(restarted)}")
    assert restarted == said
    assert codes == [status] * 3


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
        assert cli.returncode == 1 and "policyqa 服务占用着这个索引" in cli.stderr
        searches = [client.get("/api/search", params={"q": "企业开办"}) for _ in range(20)]
        assert {r.status_code for r in searches} == {200}
        assert client.get("/readyz").status_code == 200
        assert str(tmp_path) not in "".join(r.text for r in searches)


def test_no_name_clash_takes_a_document_and_a_rebuild_meets_no_duplicate_ids(
        tmp_path, prepared_model_dir):
    """Issue 19.2 against a real `policyqa serve`: every clash the probe found (a corpus
    file's name with other content, x.txt then x.TXT, dup.txt then dup.html, Dup.md) is
    refused with nothing changed; a deleted upload stays deleted through a reindex; and the
    README's rebuild (`policyqa ingest "$CORPUS" "$DATA/uploads"`) runs clean."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    data, log = tmp_path / "data", tmp_path / "server.log"

    def counts(client) -> dict[str, int]:
        return {d["doc_id"]: d["measure_count"]
                for d in client.get("/api/documents").json()["documents"]}

    def upload(client, name: str, place: str) -> int:
        return client.post("/api/documents", headers=AUTH, files=[
            ("files", (name, policy(place, place[0], 9).encode()))]).status_code

    with serve(data, prepared_model_dir, log, corpus_dir=corpus,
               admin_token=ADMIN_TOKEN) as server, server.client() as client:
        assert client.post("/api/reindex", headers=AUTH).status_code == 200
        shipped = counts(client)
        statuses = {"dongchang.txt (the corpus file's name)": upload(client, "dongchang.txt",
                                                                      "阳谷县")}
        statuses["x.txt"] = upload(client, "x.txt", "莘县")
        statuses["x.TXT"] = upload(client, "x.TXT", "冠县")
        statuses["dup.txt"] = upload(client, "dup.txt", "高唐县")
        statuses["dup.html"] = upload(client, "dup.html", "临清市")
        statuses["Dup.md"] = upload(client, "Dup.md", "东阿县")
        after_uploads = counts(client)
        deleted = client.delete("/api/documents/x", headers=AUTH).status_code
        reindexed = client.post("/api/reindex", headers=AUTH)
        after_reindex = counts(client)
    rebuild = run_cli("ingest", str(corpus), str(data / "uploads"),
                      env=cli_env(data, prepared_model_dir, corpus_dir=corpus))
    with serve(data, prepared_model_dir, log, corpus_dir=corpus) as again, \
            again.client() as client:
        after_rebuild = counts(client)
    print(f"\nname clashes: {statuses}; delete x {deleted}; reindex {reindexed.status_code} "
          f"failures {reindexed.json()['failures']}; rebuild exit {rebuild.returncode}; "
          f"documents {after_rebuild}")
    assert statuses == {"dongchang.txt (the corpus file's name)": 409, "x.txt": 200,
                        "x.TXT": 409, "dup.txt": 200, "dup.html": 409, "Dup.md": 409}
    assert after_uploads == {**shipped, "x": 3, "dup": 3}  # policy() holds three measures
    assert deleted == 200 and reindexed.status_code == 200 and not reindexed.json()["failures"]
    assert after_reindex == after_rebuild == {**shipped, "dup": 3}
    assert rebuild.returncode == 0 and "duplicate" not in rebuild.stderr.lower()
