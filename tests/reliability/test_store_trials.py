"""Issue 19.1's store trials against a real `policyqa serve` (slow): a Chroma server that
stops answering (SIGSTOP) under an upload and a delete, and a data directory — the
embedded index included — on a small ext4 file system filled, tightened to a few hundred
KB, freed, then written in a row while searches run. Every request must answer within a
deadline, /readyz must say the truth, SIGTERM must stop the server, and a restart must
serve what the API said."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time

import httpx
import pytest

from tests.reliability.conftest import ADMIN_TOKEN, policy, serve
from tests.servers import chroma_run

AUTH = {"X-Admin-Token": ADMIN_TOKEN}
pytestmark = pytest.mark.slow
WRITE_TIMEOUT_S = 5
ANSWER_WITHIN_S = 90  # every request of the full-disk trial, on two busy cores


def _documents(client) -> set[str]:
    return {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}


def _upload(client, name: str, number: int):
    place = name.split(".")[0]
    return client.post("/api/documents", headers=AUTH, files=[
        ("files", (name, policy(place, place[0], number).encode()))])


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    return corpus


def _sigterm(server) -> float:
    """Seconds `policyqa serve` took to end after SIGTERM (it must end)."""
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=30)
    return time.monotonic() - started


def test_a_stopped_chroma_server_fails_writes_in_time_and_loses_nothing(
        tmp_path, prepared_model_dir):
    (tmp_path / "chroma").mkdir()
    data, log = tmp_path / "data", tmp_path / "server.log"
    with chroma_run(tmp_path / "chroma") as chroma:
        settings = {"corpus_dir": _corpus(tmp_path), "admin_token": ADMIN_TOKEN,
                    "chroma_url": f"http://{chroma.host}:{chroma.port}",
                    "write_timeout_s": WRITE_TIMEOUT_S, "store_timeout_s": WRITE_TIMEOUT_S,
                    "ask_rate_per_minute": 0}
        with serve(data, prepared_model_dir, log, **settings) as server, \
                server.client(timeout=120) as client:
            assert client.post("/api/reindex", headers=AUTH).status_code == 200
            assert _upload(client, "茌平.txt", 8).status_code == 200
            said = _documents(client)
            os.kill(chroma.process.pid, signal.SIGSTOP)
            try:
                answers = []
                for call in (lambda: _upload(client, "阳谷.txt", 9),
                             lambda: client.delete("/api/documents/茌平", headers=AUTH)):
                    started = time.monotonic()
                    answers.append((call(), time.monotonic() - started))
                deadline = time.monotonic() + 30
                while client.get("/readyz").status_code == 200 and time.monotonic() < deadline:
                    time.sleep(0.5)
                ready = client.get("/readyz")
                stopped_s = _sigterm(server)
            finally:
                os.kill(chroma.process.pid, signal.SIGCONT)
            for response, took in answers:
                print(f"\nstopped store: {response.request.method} {response.status_code} in "
                      f"{took:.1f} s: {response.json()['error']}")
            print(f"/readyz {ready.status_code}: {ready.json()['error']}; "
                  f"policyqa serve ended {stopped_s:.1f} s after SIGTERM")
        with serve(data, prepared_model_dir, log, **settings) as again, again.client() as client:
            restarted = _documents(client)
    print(f"stopped store: the API said {sorted(said)}; after a restart {sorted(restarted)}")
    for response, took in answers:
        reason = response.json()["error"]
        assert response.status_code == 503 and took < WRITE_TIMEOUT_S + 10
        assert any("\u4e00" <= c <= "\u9fff" for c in reason) and "/" not in reason
    assert ready.status_code == 503 and stopped_s < 15
    assert restarted == said
    assert sorted(p.name for p in (data / "uploads").iterdir()) == ["茌平.txt"]


@pytest.fixture
def small_volume(tmp_path):
    """A 96 MB ext4 file system on a loop device (root only), no blocks reserved for root:
    the whole data directory lives on it."""
    if os.geteuid() != 0 or shutil.which("mkfs.ext4") is None:
        pytest.skip("a loop-mounted file system needs root and e2fsprogs")
    image, where = tmp_path / "small.img", tmp_path / "small"
    where.mkdir()
    subprocess.run(["truncate", "-s", "96m", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)], check=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(filler, leave: int) -> None:
    """Fill the file system to the last byte, then give back `leave` bytes."""
    with filler.open("wb") as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 2**16)
            out.flush()
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


class Searches:
    """Searches from `n` threads until stopped: every status, and the slowest answer."""

    def __init__(self, url: str, n: int = 3):
        self.url, self.statuses, self.slowest = url, [], 0.0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(n)]

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, trust_env=False, timeout=ANSWER_WITHIN_S) as c:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    status = c.get("/api/search", params={"q": "企业开办"}).status_code
                except httpx.HTTPError:
                    status = None
                self.statuses.append(status)
                self.slowest = max(self.slowest, time.monotonic() - started)

    def __enter__(self) -> Searches:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(ANSWER_WITHIN_S + 5)


def _status(call) -> int | None:
    try:
        return call().status_code
    except httpx.HTTPError:
        return None


def _write(client, said: set[str], unknown: set[str], kind: str, name: str,
           number: int = 0):
    """One upload or delete; `said` follows what the API answered, `unknown` collects the
    writes it said might or might not have taken effect. None: no answer."""
    try:
        response = _upload(client, f"{name}.txt", number) if kind == "upload" else \
            client.delete(f"/api/documents/{name}", headers=AUTH)
    except httpx.HTTPError:
        unknown.add(name)  # no answer: nothing was said
        return None
    if response.status_code == 200:
        (said.add if kind == "upload" else said.discard)(name)
    elif "是否生效" in response.text:
        unknown.add(name)
    return response.status_code


def _five_writes(client, said, unknown, names: list[str]) -> list[int | None]:
    """Upload, upload, delete the first, upload, delete the second: in a row."""
    first, second, third = names
    return [_write(client, said, unknown, "upload", first, 10),
            _write(client, said, unknown, "upload", second, 11),
            _write(client, said, unknown, "delete", first),
            _write(client, said, unknown, "upload", third, 12),
            _write(client, said, unknown, "delete", second)]


def test_a_full_then_freed_disk_never_hangs_a_writer(small_volume, tmp_path, prepared_model_dir):
    """Issue 19.1 as reported: the data dir and its embedded index on a small file system,
    filled, tightened to 256 KB, both with no reserve (`min_free_mb` 0, so writes meet the
    full disk inside Chroma), freed, then five writes in a row while three threads search.
    Before the fix the first write after freeing never returned (Chroma's upsert holding the
    GIL). Now a full disk met by the store stops writes: each later one is refused at once,
    /readyz and /healthz say so, the supervisor restarts the server, and the restarted one
    writes (also after a restart by hand)."""
    data, log = small_volume / "data", tmp_path / "server.log"
    settings = {"corpus_dir": _corpus(tmp_path), "admin_token": ADMIN_TOKEN, "min_free_mb": 0,
                "write_timeout_s": 10, "ask_rate_per_minute": 0}
    filler, codes, unknown = small_volume / "filler", {}, set()
    with serve(data, prepared_model_dir, log, **settings) as server, \
            server.client(timeout=ANSWER_WITHIN_S) as client:
        assert client.post("/api/reindex", headers=AUTH).status_code == 200
        said = _documents(client)
        assert _write(client, said, unknown, "upload", "茌平", 8) == 200
        with Searches(server.url) as searches:
            for leave in (0, 256 * 1024):
                _fill(filler, leave)
                codes[f"full, {leave // 1024} KB left"] = [
                    _write(client, said, unknown, "upload", f"阳谷{leave}", 9),
                    _write(client, said, unknown, "delete", "茌平")]
                filler.unlink()
            codes["freed"] = _five_writes(client, said, unknown, ["莘县", "高唐", "冠县"])
            ready = _status(lambda: client.get("/readyz", timeout=30))
        back_s = None
        if ready != 200:  # writes stopped: the supervisor restarts the unhealthy server
            started = time.monotonic()
            while time.monotonic() - started < 180 and server.process.poll() is None:
                if _status(lambda: client.get("/readyz", timeout=5)) == 200:
                    back_s = time.monotonic() - started
                    break
                time.sleep(1)
        ended_s, exit_code = _sigterm(server), server.process.returncode
    dump = log.read_text(errors="replace")
    for phase, statuses in codes.items():
        print(f"\n{phase}: {statuses}", end="")
    print(f"\nsearches meanwhile: {len(searches.statuses)}, statuses "
          f"{sorted(set(searches.statuses), key=str)}, slowest {searches.slowest:.1f} s; "
          f"/readyz {ready}; ready again by itself after "
          f"{'-' if back_s is None else f'{back_s:.1f}'} s; policyqa serve ended "
          f"{ended_s:.1f} s after SIGTERM, exit {exit_code}")
    if "Timeout (" in dump:  # faulthandler's stacks of a write past its deadline
        print(dump[dump.index("Timeout ("):][:3000])
    with serve(data, prepared_model_dir, log, **settings) as again, \
            again.client(timeout=ANSWER_WITHIN_S) as client:
        before_restart = _documents(client)
        with Searches(again.url) as after:
            codes["restarted"] = _five_writes(client, said, unknown, ["临清", "东阿", "阳谷县"])
            ready_again = _status(lambda: client.get("/readyz", timeout=30))
        stopped_s = _sigterm(again)
    print(f"restarted: {codes['restarted']}; searches meanwhile {len(after.statuses)}, "
          f"statuses {sorted(set(after.statuses), key=str)}; /readyz {ready_again}; "
          f"ended {stopped_s:.1f} s after SIGTERM")
    with serve(data, prepared_model_dir, log, **settings) as last, last.client() as client:
        restarted = _documents(client)
    print(f"full then freed: the API said {sorted(said)} (unknown: {sorted(unknown)}); "
          f"after a restart {sorted(restarted)}")
    assert None not in [c for statuses in codes.values() for c in statuses]
    assert "Timeout (" not in dump  # no write ever passed its deadline
    # No search fails but as "not now" (503 while writes are stopped): no 500, no hang.
    assert set(searches.statuses + after.statuses) <= {200, 503}
    assert max(searches.slowest, after.slowest) < ANSWER_WITHIN_S
    assert ready == 200 or back_s is not None
    assert exit_code == 0 and ended_s < 15
    assert before_restart - unknown == said - unknown - {"临清", "东阿", "阳谷县"}
    assert codes["restarted"] == [200] * 5 and ready_again == 200 and stopped_s < 15
    assert restarted - unknown == said - unknown
