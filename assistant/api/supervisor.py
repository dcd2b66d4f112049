"""`policyqa serve` runs the server as a child process and watches it from outside.

A thread blocked inside a native library while holding the GIL (Chroma's Rust bindings on
a full disk did this) leaves a Python process deaf to everything, SIGTERM included: its
handler only runs when the main thread gets the GIL back. This parent holds no index and no
model, so it always can act: it forwards SIGTERM and SIGINT, kills the child if it has not
exited `GRACE_S` after them, and kills it when `/healthz` has gone unanswered for `HANG_S`
once the server had answered; a server that failed after serving is started again (see
`supervise`), so a failure a restart cures stops nothing.
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
RESTARTS = 3  # within RESTART_WINDOW_S: failing more often is not cured by restarting
RESTART_WINDOW_S = 600.0

log = logging.getLogger("policyqa.supervisor")


def supervise(command: list[str], health_url: str, *, grace_s: float = GRACE_S,
              hang_s: float = HANG_S, every_s: float = CHECK_EVERY_S,
              restarts: int = RESTARTS, window_s: float = RESTART_WINDOW_S) -> int:
    """Run the server `command` as a child until it is stopped; the exit code to end with.

    A child that had served and then failed (it exited with an error, or stopped answering
    /healthz and was killed: a store that failed mid-write stops its writes until a restart)
    is started again, up to `restarts` times within `window_s`; one that never served, fails
    more often, or cannot be ended (blocked in the kernel), is a fault a restart does not
    cure, and its exit code is returned for the service manager to see.
    """
    # glibc gives each thread of the request pool a malloc arena of its own that keeps what
    # it frees; two arenas keep the server's peak memory lower under concurrent clients
    # (evals/BENCH.md, "Memory"). An operator's own setting wins.
    env = {"MALLOC_ARENA_MAX": "2", **os.environ, CHILD_ENV: "1"}
    stopping = threading.Event()
    running: list[subprocess.Popen] = []

    def forward(signum, _frame) -> None:
        stopping.set()
        if running and running[0].poll() is None:
            running[0].send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, forward)
    recent: list[float] = []
    while True:
        running[:] = [subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)]
        code, served = _watch(running[0], health_url, stopping, grace_s, hang_s, every_s)
        now = time.monotonic()
        recent = [t for t in recent if now - t < window_s]
        # A child still there after SIGKILL is blocked in the kernel and holds the port and
        # the index: a new one could not start until it ends.
        gone = running[0].poll() is not None
        if stopping.is_set() or code == 0 or not served or not gone or len(recent) >= restarts:
            return code
        recent.append(now)
        log.error("the server failed after serving (exit %d); starting it again", code)


def _watch(child: subprocess.Popen, health_url: str, stopping: threading.Event,
           grace_s: float, hang_s: float, every_s: float) -> tuple[int, bool]:
    """Wait for `child` to end, killing it when it stops answering /healthz for `hang_s`
    or does not stop `grace_s` after a signal; (exit code to report, whether it served)."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    last_answer: float | None = None
    while child.poll() is None:
        if stopping.wait(every_s):
            try:
                child.wait(grace_s)
            except subprocess.TimeoutExpired:
                log.error("the server did not stop within %.0f s of the signal; killed", grace_s)
                code = _kill(child, grace_s)
                return (128 - code if code < 0 else code), last_answer is not None
            break
        if _answers(direct, health_url, every_s):
            last_answer = time.monotonic()
        elif last_answer is not None and time.monotonic() - last_answer > hang_s:
            log.error("the server has not answered /healthz for %.0f s; killed", hang_s)
            _kill(child, grace_s)
            return 1, True
    code = child.wait()
    if stopping.is_set() and code in (0, -signal.SIGTERM, -signal.SIGINT):
        return 0, last_answer is not None
    return (128 - code if code < 0 else code), last_answer is not None


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
