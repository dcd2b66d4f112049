"""Ingest while the API answers: questions keep being answered from the old or the new state,
never an error and never a document half there; a second ingest at once is refused clearly.

Two processes share one index the supported way: a real `policyqa serve` and the real
`policyqa ingest`, both on one Chroma server and one data directory (the ingest lock).
The in-process writer (an admin upload while the same server answers) is checked too, on the
embedded index.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.settings import SHIPPED_CORPUS
from tests.reliability.conftest import (
    ADMIN_TOKEN,
    Server,
    cli_env,
    lock_holders,
    policyqa_command,
    run_cli,
    serve,
    stop,
    tail,
)

LIAOCHENG = "liaocheng_2020_measures.txt"
GAOTANG = "gaotang_2021_19_measures.txt"
OLD, NEW = "平均时间控制在 5 个工作日内", "平均时间控制在 4 个工作日内"
OLD_CLEAN, NEW_CLEAN = "控制在5个工作日内", "控制在4个工作日内"
EXPECTED_MEASURES = {"liaocheng_2020_measures": 56, "gaotang_2021_19_measures": 19,
                     "gaotang_2021_19_measures-2": 11}
ASKERS = 4
MAX_REQUESTS = 5000  # per thread; the loops stop when the ingests are done anyway
SETTLE_S = 20.0  # a worker notices another writer within ~5 s


@dataclass
class Shared:
    server: Server
    corpus: Path
    data_dir: Path
    env: dict[str, str]


@dataclass
class Observed:
    statuses: Counter = field(default_factory=Counter)
    versions: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.problems) < 50:
                self.problems.append(text)


def _write_version(corpus: Path, text: str) -> None:
    source = (SHIPPED_CORPUS / LIAOCHENG).read_text(encoding="utf-8")
    assert source.count(OLD) == 1
    (corpus / LIAOCHENG).write_text(source.replace(OLD, text), encoding="utf-8")


@pytest.fixture(scope="module")
def shared(tmp_path_factory, prepared_model_dir, chroma_server) -> Shared:
    host, port = chroma_server
    base = tmp_path_factory.mktemp("concurrency")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SHIPPED_CORPUS / GAOTANG, corpus)
    _write_version(corpus, OLD)
    settings = {"chroma_url": f"http://{host}:{port}", "collection": f"conc{base.name[-8:]}",
                "ask_rate_per_minute": 0, "admin_token": ADMIN_TOKEN, "corpus_dir": corpus}
    data_dir = base / "data"
    env = cli_env(data_dir, prepared_model_dir, **settings)
    first = run_cli("ingest", "--json", str(corpus), env=env)
    assert first.returncode == 0, first.stderr
    with serve(data_dir, prepared_model_dir, base / "server.log", **settings) as server:
        yield Shared(server, corpus, data_dir, env)


def _ask_loop(server: Server, seen: Observed, stop_at: threading.Event, offset: int) -> None:
    questions = [("聊城出口退税几天办完？", "liaocheng_2020_measures:16"),
                 ("高唐县企业开办最快多久办结？", "gaotang_2021_19_measures:7")]
    with server.client() as client:
        for n in range(MAX_REQUESTS):
            if stop_at.is_set():
                return
            question, key = questions[(n + offset) % len(questions)]
            try:
                response = client.post("/api/ask", json={"question": question})
            except Exception as err:  # a transport error is a failure like any other
                seen.statuses[type(err).__name__] += 1
                seen.problem(f"{question}: {err!r}")
                continue
            seen.statuses[response.status_code] += 1
            if response.status_code != 200:
                seen.problem(f"{question}: {response.status_code} {response.text[:300]}")
                continue
            body = response.json()
            cited = [c["key"] for c in body["citations"]]
            if not body["found"] or cited[:1] != [key]:
                seen.problem(f"{question}: found={body['found']} cited {cited}")
                continue
            text = body["citations"][0]["text"]
            if key.startswith("liaocheng"):
                version = "old" if OLD_CLEAN in text else "new" if NEW_CLEAN in text else None
                if version is None:
                    seen.problem(f"{question}: neither version in {text[:120]}")
                with seen.lock:
                    seen.versions[version] += 1
            elif "最快20分钟办结" not in text:
                seen.problem(f"{question}: {text[:120]}")


def _browse_loop(server: Server, seen: Observed, stop_at: threading.Event) -> None:
    with server.client() as client:
        for _ in range(MAX_REQUESTS):
            if stop_at.is_set():
                return
            try:
                listed = client.get("/api/documents")
                found = client.get("/api/search", params={"q": "出口退税", "top_k": 3})
            except Exception as err:
                seen.statuses[type(err).__name__] += 1
                seen.problem(repr(err))
                continue
            seen.statuses[listed.status_code] += 1
            seen.statuses[found.status_code] += 1
            if listed.status_code != 200 or found.status_code != 200:
                seen.problem(f"browse: {listed.status_code} {found.status_code} {found.text[:200]}")
                continue
            counts = {d["doc_id"]: d["measure_count"] for d in listed.json()["documents"]}
            if counts != EXPECTED_MEASURES:
                seen.problem(f"documents listed as {counts}")


def _current_version(server: Server) -> str:
    with server.client() as client:
        text = client.get("/api/measures/liaocheng_2020_measures:16").json()["text"]
    return "old" if OLD_CLEAN in text else "new" if NEW_CLEAN in text else "neither"


def test_questions_keep_answering_while_another_process_reingests(shared):
    seen, stop_at = Observed(), threading.Event()
    threads = [threading.Thread(target=_ask_loop, args=(shared.server, seen, stop_at, n))
               for n in range(ASKERS)]
    threads.append(threading.Thread(target=_browse_loop, args=(shared.server, seen, stop_at)))
    for thread in threads:
        thread.start()
    try:
        for version, want in ((NEW, "new"), (OLD, "old"), (NEW, "new")):
            _write_version(shared.corpus, version)
            ingest = run_cli("ingest", "--json", str(shared.corpus), env=shared.env)
            assert ingest.returncode == 0, ingest.stderr
            assert '"replaced"' in ingest.stdout and "liaocheng_2020_measures" in ingest.stdout
            deadline = time.monotonic() + SETTLE_S
            while _current_version(shared.server) != want:
                assert time.monotonic() < deadline, f"the server did not notice the {want} version"
                time.sleep(0.5)
    finally:
        stop_at.set()
        for thread in threads:
            thread.join(timeout=300)
    print(f"\nrequests during 3 re-ingests: {dict(seen.statuses)}; "
          f"answers from the old/new version: {dict(seen.versions)}")
    assert not seen.problems, "\n".join(seen.problems) + "\n" + tail(shared.server.log)
    assert set(seen.statuses) == {200}
    assert seen.statuses[200] >= 20
    assert seen.versions["old"] and seen.versions["new"]


def _wait_for_lock(process: subprocess.Popen, lock: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while process.pid not in lock_holders(lock):
        assert process.poll() is None, "the first ingest ended before it took the lock"
        assert time.monotonic() < deadline, "the first ingest never took the lock"
        time.sleep(0.05)


def test_a_second_ingest_at_once_is_refused_clearly(shared, tmp_path):
    lock = shared.data_dir / "ingest.lock"
    # The whole shipped corpus: three new documents keep the lock held for a while.
    log = tmp_path / "first-ingest.log"
    with log.open("wb") as out:
        first = subprocess.Popen([*policyqa_command(), "ingest", "--json", str(SHIPPED_CORPUS)],
                                 env=shared.env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
    try:
        _wait_for_lock(first, lock)
        second = run_cli("ingest", str(shared.corpus), env=shared.env, timeout=300)
        assert second.returncode == 1
        assert "another ingest is writing this index" in second.stderr
        assert "Traceback" not in second.stderr
        with shared.server.client() as client:
            auth = {"X-Admin-Token": ADMIN_TOKEN}
            reindex = client.post("/api/reindex", headers=auth)
            upload = client.post("/api/documents", headers=auth, files=[
                ("files", ("上传.txt", (SHIPPED_CORPUS / GAOTANG).read_bytes()))])
            assert first.pid in lock_holders(lock), "the first ingest ended too soon to tell"
        for response in (reindex, upload):
            assert response.status_code == 409, response.text
            assert response.json()["error"].startswith("another ingest is writing this index")
        assert first.wait(timeout=900) == 0, tail(log)
    finally:
        stop(first)
    with shared.server.client() as client:  # the refused upload was not kept
        assert not (shared.data_dir / "uploads" / "上传.txt").exists()
        assert client.get("/readyz").status_code == 200


def test_an_admin_upload_while_the_same_server_answers(tmp_path, prepared_model_dir):
    """The embedded index, written by the server itself: questions answer old or new."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_version(corpus, OLD)
    shutil.copy(SHIPPED_CORPUS / GAOTANG, corpus)
    settings = {"ask_rate_per_minute": 0, "admin_token": ADMIN_TOKEN, "corpus_dir": corpus}
    data_dir = tmp_path / "data"
    assert run_cli("ingest", str(corpus), env=cli_env(data_dir, prepared_model_dir,
                                                      **settings)).returncode == 0
    with serve(data_dir, prepared_model_dir, tmp_path / "server.log", **settings) as server:
        seen, stop_at = Observed(), threading.Event()
        threads = [threading.Thread(target=_ask_loop, args=(server, seen, stop_at, n))
                   for n in range(ASKERS)]
        threads.append(threading.Thread(target=_browse_loop, args=(server, seen, stop_at)))
        for thread in threads:
            thread.start()
        try:
            with server.client(timeout=600) as client:
                for version, want in ((NEW, "new"), (OLD, "old")):
                    _write_version(corpus, version)
                    response = client.post("/api/reindex",
                                           headers={"X-Admin-Token": ADMIN_TOKEN})
                    assert response.status_code == 200, response.text
                    assert response.json()["replaced"] == ["liaocheng_2020_measures"]
                    assert _current_version(server) == want
        finally:
            stop_at.set()
            for thread in threads:
                thread.join(timeout=300)
    print(f"\nrequests during 2 reindexes: {dict(seen.statuses)}; "
          f"answers from the old/new version: {dict(seen.versions)}")
    assert not seen.problems, "\n".join(seen.problems) + "\n" + tail(server.log)
    assert set(seen.statuses) == {200}
