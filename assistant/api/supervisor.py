"""`policyqa serve` runs the server as a child process and watches it from outside.

A thread blocked inside a native library while holding the GIL (Chroma's Rust bindings on
a full disk did this) leaves a Python process deaf to everything, SIGTERM included: its
handler only runs when the main thread gets the GIL back. This parent holds no index and no
model, so it always can act: it forwards SIGTERM and SIGINT, kills the child if it has not
exited `GRACE_S` after them, and kills it (exit code 1, for the service manager to restart
it) when `/healthz` has gone unanswered for `HANG_S` once the server had answered.
Standard library only: it must start in milliseconds.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
import urllib.request

CHILD_ENV = "POLICYQA_SERVE_CHILD"
GRACE_S = 10.0
HANG_S = 30.0
CHECK_EVERY_S = 5.0

log = logging.getLogger("policyqa.supervisor")


def supervise(command: list[str], health_url: str, *, grace_s: float = GRACE_S,
              hang_s: float = HANG_S, every_s: float = CHECK_EVERY_S) -> int:
    """Run the server `command` as a child until it exits; its exit code."""
    # glibc gives each thread of the request pool a malloc arena of its own that keeps what
    # it frees; two arenas keep the server's peak memory lower under concurrent clients
    # (evals/BENCH.md, "Memory"). An operator's own setting wins.
    env = {"MALLOC_ARENA_MAX": "2", **os.environ, CHILD_ENV: "1"}
    child = subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)
    stopping = threading.Event()

    def forward(signum, _frame) -> None:
        stopping.set()
        if child.poll() is None:
            child.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, forward)
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    last_answer: float | None = None
    while child.poll() is None:
        if stopping.wait(every_s):
            try:
                child.wait(grace_s)
            except subprocess.TimeoutExpired:
                log.error("the server did not stop within %.0f s of the signal; killed", grace_s)
                code = _kill(child, grace_s)
                return 128 - code if code < 0 else code
            break
        if _answers(direct, health_url, every_s):
            last_answer = time.monotonic()
        elif last_answer is not None and time.monotonic() - last_answer > hang_s:
            log.error("the server has not answered /healthz for %.0f s; killed", hang_s)
            _kill(child, grace_s)
            return 1
    code = child.wait()
    return 0 if stopping.is_set() and code in (0, -signal.SIGTERM, -signal.SIGINT) else \
        (128 - code if code < 0 else code)


def _kill(child: subprocess.Popen, wait_s: float) -> int:
    """SIGKILL the child and wait for it a while, not for ever: a process blocked in the
    kernel (a write to a frozen or hung file system) ends only when that write can go on,
    and this parent must still end so that the service manager sees it."""
    child.kill()
    try:
        return child.wait(wait_s)
    except subprocess.TimeoutExpired:
        log.error("the killed server has not ended within %.0f s (blocked in the kernel)",
                  wait_s)
        return 1


def _die_with_parent() -> None:
    """In the child, before exec: the kernel kills it when this process dies, whatever way
    (a SIGKILL of the parent must not leave a server holding the port and the index)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _answers(opener, url: str, timeout_s: float) -> bool:
    try:
        with opener.open(url, timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False
