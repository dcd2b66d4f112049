"""The store watchdog's probe thread outliving the server's event loop."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

from assistant.api.watchdog import StoreWatchdog


def test_a_probe_that_ends_after_the_loop_closed_raises_nothing_in_its_thread():
    release = threading.Event()
    index = SimpleNamespace(write_problem=None, probe=lambda: release.wait(10))
    watchdog = StoreWatchdog(SimpleNamespace(index=index), timeout_s=0.05)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(watchdog.check())  # the probe is late: the server says so
    assert watchdog.problem is not None and watchdog.problem.status_code == 503
    loop.close()  # the server shut down while the probe still ran

    failures = []
    previous, threading.excepthook = threading.excepthook, failures.append
    try:
        release.set()
        watchdog._probe.join(10)
    finally:
        threading.excepthook = previous
    assert not watchdog._probe.is_alive()
    assert failures == []
