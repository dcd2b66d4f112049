"""What every test that starts a server on loopback needs: a free port, waiting until the
server answers, stopping its process, and the end of its log for a failure message."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
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
