"""Small measuring helpers: summaries of timings, a stopwatch over wall and CPU time, the load,
memory, and a store that times its calls."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.metrics import percentile


def summary(values_ms: Sequence[float]) -> dict:
    """n, p50, p95, mean and max of a list of milliseconds, rounded for the report."""
    if not values_ms:
        return {"n": 0, "p50": None, "p95": None, "mean": None, "max": None}
    return {"n": len(values_ms), "p50": _r(percentile(values_ms, 50)),
            "p95": _r(percentile(values_ms, 95)), "mean": _r(sum(values_ms) / len(values_ms)),
            "max": _r(max(values_ms))}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass
class Elapsed:
    """Wall and process CPU seconds of a block (`with Stopwatch() as t: ...; t.wall`)."""

    wall: float = 0.0
    cpu: float = 0.0


class Stopwatch:
    def __enter__(self) -> Elapsed:
        self.elapsed = Elapsed()
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self.elapsed

    def __exit__(self, *exc) -> None:
        self.elapsed.wall = time.perf_counter() - self._wall
        self.elapsed.cpu = time.process_time() - self._cpu


def timed_ms(fn, *args, **kwargs) -> tuple[float, object]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def load_average() -> list[float]:
    """The 1, 5 and 15-minute load averages (what `uptime` shows)."""
    return [round(x, 2) for x in os.getloadavg()]


def peak_rss_mb(pid: int | None = None) -> float | None:
    """Peak resident memory (VmHWM) of a process, in MB; None where /proc is missing."""
    return _status_mb(pid, "VmHWM:")


def rss_mb(pid: int | None = None) -> float | None:
    """Current resident memory (VmRSS) of a process, in MB."""
    return _status_mb(pid, "VmRSS:")


def _status_mb(pid: int | None, field: str) -> float | None:
    """A memory `field` of /proc/PID/status (this process without a pid), kB read as MB."""
    path = Path(f"/proc/{pid or 'self'}/status")
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class TimedStore:
    """A store that delegates everything, adding up the time and the calls of each of the
    store protocol's methods (`upsert`, `get`, `delete`, `query`, `count`)."""

    METHODS = ("upsert", "get", "delete", "query", "count")

    def __init__(self, store):
        self._store = store
        self.seconds: dict[str, float] = {}
        self._calls: dict[str, int] = {}

    def calls(self, name: str) -> int:
        return self._calls.get(name, 0)

    def __getattr__(self, name):
        method = getattr(self._store, name)
        if name not in self.METHODS:
            return method

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
                self._calls[name] = self._calls.get(name, 0) + 1

        return timed


def machine() -> dict:
    """What the figures were measured on."""
    import platform

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model or platform.processor(),
            "python": platform.python_version()}
