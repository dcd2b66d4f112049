"""Real servers on loopback: a Chroma server (`chroma run`) and the API (`policyqa serve`),
and a bounded load of concurrent clients against the API."""

from __future__ import annotations

import asyncio
import itertools
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from evals.bench.corpora import REPO, job_environment
from evals.bench.stats import peak_rss_mb, rss_mb, summary

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class _Process:
    """A child process whose output goes to a log file; stopped (and waited for) on exit."""

    def __init__(self, argv: list[str], log: Path, env: dict[str, str]):
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = log
        with log.open("wb") as out:
            self.started = time.time()
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env, cwd=REPO)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for(self, url: str, timeout: float, status: int = 200) -> float:
        """Poll `url` until it answers `status`; seconds since the process started."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.log.stem} exited with {self.process.returncode}; "
                                   f"see {self.log}")
            try:
                if httpx.get(url, timeout=2.0, trust_env=False).status_code == status:
                    return time.time() - self.started
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{url} not ready within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class ChromaServer(_Process):
    """`chroma run --path PATH` on a free loopback port."""

    def __init__(self, path: Path, log: Path):
        self.port = free_port()
        chroma = Path(sys.executable).parent / "chroma"
        super().__init__([str(chroma), "run", "--path", str(path), "--host", HOST,
                          "--port", str(self.port)], log, job_environment())
        self.ready_s = self.wait_for(f"http://{HOST}:{self.port}/api/v2/heartbeat", 120)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


class ApiServer(_Process):
    """`policyqa serve` (API and web UI, as users run it) with the rate limit off."""

    def __init__(self, data_dir: Path, model: Path, log: Path, *, ui: bool = True):
        self.port = free_port()
        env = job_environment()
        env.update({"POLICYQA_DATA_DIR": str(data_dir), "POLICYQA_MODEL": str(model),
                    "POLICYQA_ASK_RATE_PER_MINUTE": "0"})
        policyqa = Path(sys.executable).parent / "policyqa"
        argv = [str(policyqa), "serve", "--host", HOST, "--port", str(self.port)]
        super().__init__(argv + ([] if ui else ["--no-ui"]), log, env)
        self.ready_s = self.wait_for(f"{self.url}/readyz", 600)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def memory(self) -> dict:
        """RSS and peak RSS of `policyqa serve` and its children, added up: the command
        supervises a child process that does the serving (`assistant.api.supervisor`)."""
        pids = _with_descendants(self.pid)
        return {"rss_mb": _total(rss_mb(p) for p in pids),
                "peak_rss_mb": _total(peak_rss_mb(p) for p in pids)}


def _with_descendants(pid: int) -> list[int]:
    """`pid` and every process below it (Linux's /proc/PID/task/TID/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return found


def _total(values) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known), 1) if known else None


def load(url: str, bodies: Sequence[dict], clients: int, seconds: float) -> dict:
    """`clients` concurrent clients POSTing /api/ask back to back for `seconds`.

    Each client keeps one connection and sends the next question as soon as its answer has
    come; requests still running at the end are waited for and counted.
    """
    return asyncio.run(_load(url, bodies, clients, seconds))


async def _load(url: str, bodies: Sequence[dict], clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    questions = itertools.cycle(bodies)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=300.0, limits=limits,
                                 trust_env=False) as http:
        await http.post("/api/ask", json=bodies[0])  # not timed: the first call's costs
        started = time.perf_counter()
        deadline = started + seconds

        async def client() -> None:
            while time.perf_counter() < deadline:
                body = next(questions)
                sent = time.perf_counter()
                try:
                    response = await http.post("/api/ask", json=body)
                    status = str(response.status_code)
                except httpx.HTTPError as err:
                    status = type(err).__name__
                if status == "200":
                    latencies.append((time.perf_counter() - sent) * 1000)
                else:
                    errors[status] = errors.get(status, 0) + 1

        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": len(latencies),
            "throughput_rps": round(len(latencies) / elapsed, 2), "errors": errors,
            "latency_ms": summary(latencies)}
