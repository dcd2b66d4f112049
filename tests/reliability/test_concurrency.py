"""Ingest while the API answers: questions keep being answered from the old or the new state,
never an error and never a document half there; a second ingest at once is refused clearly.

Two processes share one index the supported way: a real `policyqa serve` and the real
`policyqa ingest`, both on one Chroma server and one data directory (the ingest lock).
The in-process writer (an admin upload while the same server answers) is checked too, on the
embedded index. The checks across processes (a Chroma server, three re-ingests by the CLI, two
real ingests at once) take minutes and run behind `slow`; the default run refuses a second
ingest (CLI and API) while a first one is held inside its write, deterministically.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import SHIPPED_CORPUS
from tests.conftest import make_settings
from tests.reliability.conftest import (
    ADMIN_TOKEN,
    Server,
    cli_env,
    lock_holders,
    policy,
    policyqa_command,
    run_cli,
    serve,
)
from tests.servers import stop, tail

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

    def count(self, status: object) -> None:
        with self.lock:
            self.statuses[status] += 1

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.problems) < 50:
                self.problems.append(text)


def guarded(loop):
    """A thread body that records whatever escapes it as a problem: a thread that died
    silently would make the check pass on fewer requests than it claims."""

    @functools.wraps(loop)
    def run(server, seen: Observed, *args) -> None:
        try:
            loop(server, seen, *args)
        except BaseException:  # reported, not swallowed
            seen.problem(f"{loop.__name__} died:\n{traceback.format_exc()}")

    return run


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


@guarded
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
                seen.count(type(err).__name__)
                seen.problem(f"{question}: {err!r}")
                continue
            seen.count(response.status_code)
            if response.status_code != 200:
                seen.problem(f"{question}: {response.status_code} {response.text[:300]}")
                continue
            body = response.json()
            cited = {c["key"]: c["text"] for c in body["citations"]}
            # Which measures are cited beside it is a matter of ranking, not of concurrency.
            if not body["found"] or key not in cited:
                seen.problem(f"{question}: found={body['found']} cited {list(cited)}")
                continue
            text = cited[key]
            if key.startswith("liaocheng"):
                version = "old" if OLD_CLEAN in text else "new" if NEW_CLEAN in text else None
                if version is None:
                    seen.problem(f"{question}: neither version in {text[:120]}")
                with seen.lock:
                    seen.versions[version] += 1
            elif "最快20分钟办结" not in text:
                seen.problem(f"{question}: {text[:120]}")


@guarded
def _browse_loop(server: Server, seen: Observed, stop_at: threading.Event) -> None:
    with server.client() as client:
        for _ in range(MAX_REQUESTS):
            if stop_at.is_set():
                return
            try:
                listed = client.get("/api/documents")
                found = client.get("/api/search", params={"q": "出口退税", "top_k": 3})
            except Exception as err:
                seen.count(type(err).__name__)
                seen.problem(repr(err))
                continue
            seen.count(listed.status_code)
            seen.count(found.status_code)
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


@contextmanager
def traffic(server: Server, askers: int) -> Iterator[Observed]:
    """`askers` threads asking and one browsing `server` while the block runs; what they saw."""
    seen, stop_at = Observed(), threading.Event()
    threads = [threading.Thread(target=_ask_loop, args=(server, seen, stop_at, n))
               for n in range(askers)]
    threads.append(threading.Thread(target=_browse_loop, args=(server, seen, stop_at)))
    for thread in threads:
        thread.start()
    try:
        yield seen
    finally:
        stop_at.set()
        for thread in threads:
            thread.join(timeout=300)


@pytest.mark.slow
def test_questions_keep_answering_while_another_process_reingests(shared):
    with traffic(shared.server, ASKERS) as seen:
        for version, want in ((NEW, "new"), (OLD, "old"), (NEW, "new")):
            _write_version(shared.corpus, version)
            ingest = run_cli("ingest", "--json", str(shared.corpus), env=shared.env)
            assert ingest.returncode == 0, ingest.stderr
            assert '"replaced"' in ingest.stdout and "liaocheng_2020_measures" in ingest.stdout
            deadline = time.monotonic() + SETTLE_S
            while _current_version(shared.server) != want:
                assert time.monotonic() < deadline, f"the server did not notice the {want} version"
                time.sleep(0.5)
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


@pytest.mark.slow
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
        assert "另一个入库任务正在写入这个索引" in second.stderr
        assert "Traceback" not in second.stderr
        with shared.server.client() as client:
            auth = {"X-Admin-Token": ADMIN_TOKEN}
            reindex = client.post("/api/reindex", headers=auth)
            upload = client.post("/api/documents", headers=auth, files=[
                ("files", ("上传.txt", (SHIPPED_CORPUS / GAOTANG).read_bytes()))])
            assert first.pid in lock_holders(lock), "the first ingest ended too soon to tell"
        for response in (reindex, upload):
            assert response.status_code == 409, response.text
            assert response.json()["error"].startswith("另一个入库任务正在写入这个索引")
        assert first.wait(timeout=900) == 0, tail(log)
    finally:
        stop(first)
    with shared.server.client() as client:  # the refused upload was not kept
        assert not (shared.data_dir / "uploads" / "上传.txt").exists()
        assert client.get("/readyz").status_code == 200


class HeldEmbedder:
    """The real embedder, holding the first batch of passages until released: an ingest
    stopped inside its write, with the ingest lock held, for as long as a test needs."""

    def __init__(self, embedder):
        self._embedder = embedder
        self.inside, self.release = threading.Event(), threading.Event()

    def __getattr__(self, name):
        return getattr(self._embedder, name)

    def embed_passages(self, texts):
        self.inside.set()
        if not self.release.wait(timeout=300):
            raise TimeoutError("the test never released the held ingest")
        return self._embedder.embed_passages(texts)


def test_an_ingest_meeting_a_running_one_is_refused_clearly(tmp_path, prepared_model_dir,
                                                            embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    settings = make_settings(tmp_path / "data", prepared_model_dir, admin_token=ADMIN_TOKEN,
                             ask_rate_per_minute=0, corpus_dir=corpus)
    held = HeldEmbedder(embedder)
    first = PolicyAssistant(settings, index=open_index(settings, embedder=held))
    outcome: dict = {}
    writer = threading.Thread(target=lambda: outcome.update(result=first.ingest([corpus])))
    writer.start()
    auth = {"X-Admin-Token": ADMIN_TOKEN}
    try:
        assert held.inside.wait(timeout=120), "the first ingest never started writing"
        assert lock_holders(settings.data_dir / "ingest.lock") == {os.getpid()}
        # Another process: the CLI is refused at once, in one line, exit code 1.
        second = run_cli("ingest", str(corpus), env=cli_env(settings.data_dir,
                                                            prepared_model_dir), timeout=300)
        assert second.returncode == 1, second.stderr
        assert "另一个入库任务正在写入这个索引" in second.stderr
        assert "Traceback" not in second.stderr
        # The API of a server over the same data dir: 409 with the reason; questions answer.
        server_side = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
        with TestClient(create_app(settings, assistant=server_side, with_ui=False)) as client:
            reindex = client.post("/api/reindex", headers=auth)
            upload = client.post("/api/documents", headers=auth, files=[
                ("files", ("上传.txt", policy("茌平区", "茌", 8).encode()))])
            for response in (reindex, upload):
                assert response.status_code == 409, response.text
                assert response.json()["error"].startswith("另一个入库任务正在写入这个索引")
            assert client.post("/api/ask", json={"question": "企业开办要几天？"}).status_code == 200
            assert writer.is_alive() and not outcome, "the first ingest ended too soon to tell"
            held.release.set()
            writer.join(timeout=300)
            assert outcome["result"].added == ["dongchang"]
            # The lock is free again: the next write goes through.
            assert not (settings.data_dir / "uploads" / "上传.txt").exists()  # refused: not kept
            again = client.post("/api/reindex", headers=auth)
            assert again.status_code == 200 and again.json()["unchanged"] == ["dongchang"]
    finally:
        held.release.set()
        writer.join(timeout=300)


def test_an_admin_upload_while_the_same_server_answers(tmp_path, prepared_model_dir, embedder):
    """The embedded index, written by the server itself: questions answer old or new."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_version(corpus, OLD)
    shutil.copy(SHIPPED_CORPUS / GAOTANG, corpus)
    settings = {"ask_rate_per_minute": 0, "admin_token": ADMIN_TOKEN, "corpus_dir": corpus}
    data_dir = tmp_path / "data"
    config = make_settings(data_dir, prepared_model_dir, **settings)
    PolicyAssistant(config, index=open_index(config, embedder=embedder)).ingest([corpus])
    with (serve(data_dir, prepared_model_dir, tmp_path / "server.log", **settings) as server,
          traffic(server, 2) as seen):
        with server.client(timeout=600) as client:
            _write_version(corpus, NEW)
            response = client.post("/api/reindex", headers={"X-Admin-Token": ADMIN_TOKEN})
            assert response.status_code == 200, response.text
            assert response.json()["replaced"] == ["liaocheng_2020_measures"]
            assert _current_version(server) == "new"
        deadline = time.monotonic() + 60
        while not seen.versions["new"] and not seen.problems:  # asked after it, too
            assert time.monotonic() < deadline, "no question answered after the reindex"
            time.sleep(0.2)
    print(f"\nrequests during a reindex: {dict(seen.statuses)}; "
          f"answers from the old/new version: {dict(seen.versions)}")
    assert not seen.problems, "\n".join(seen.problems) + "\n" + tail(server.log)
    assert set(seen.statuses) == {200}
    assert seen.versions["old"] and seen.versions["new"]
