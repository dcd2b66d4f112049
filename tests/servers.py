"""What every test that starts a server on loopback needs: a free port, waiting until the
server answers, stopping its process, and the end of its log for a failure message."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers_ok(url: str, running: Callable[[], bool], timeout: float, every_s: float) -> bool:
    """Poll GET `url` every `every_s` seconds: True once it answers 200, False as soon as
    `running()` is false (the server died) or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    with httpx.Client(trust_env=False, timeout=5) as client:  # never through a proxy
        while True:
            try:
                if client.get(url).status_code == 200:
                    return True
            except httpx.TransportError:
                pass  # not listening yet
            if not running() or time.monotonic() > deadline:
                return False
            time.sleep(every_s)


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it will not go: only this one process, by its id."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(path: Path, limit: int = 4000) -> str:
    """The last `limit` characters of a log file, for a failure message."""
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return text[-limit:] or "(empty)"


CHROMA_START_TIMEOUT_S = 30.0


@dataclass
class ChromaServer:
    """A `chroma run` child process on a free loopback port."""

    host: str
    port: int
    process: subprocess.Popen


@contextmanager
def chroma_run(base: Path) -> Iterator[ChromaServer]:
    """Start a real Chroma server storing under `base`; stop it after. A server that does
    not start raises RuntimeError with the end of its logs."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        raise RuntimeError(f"no `chroma` executable next to {sys.executable}")
    host, port = "127.0.0.1", free_port()
    # Files, not pipes: the server logs every request and would block on a full pipe.
    stdout, stderr = base / "stdout.log", base / "stderr.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(base / "data"), "--host", host, "--port", str(port)],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
        )
    try:
        url = f"http://{host}:{port}/api/v2/heartbeat"
        if not answers_ok(url, lambda: process.poll() is None, CHROMA_START_TIMEOUT_S, 0.1):
            state = (f"exited with code {process.returncode}" if process.poll() is not None
                     else f"no heartbeat at {url} within {CHROMA_START_TIMEOUT_S:.0f} s")
            raise RuntimeError(f"Chroma server {state}.\n--- stderr ---\n{tail(stderr)}"
                               f"\n--- stdout ---\n{tail(stdout)}")
        yield ChromaServer(host, port, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)  # a test may have left it stopped
        stop(process, timeout=10)
