"""A watchdog on the store: `/readyz` turns false when the index stops answering.

Every few seconds a probe (the stored document records, read as every request's snapshot
reads them) runs in a thread of its own with a deadline. A probe past its deadline, or one
that fails, makes the server not ready — a load balancer then stops sending it questions —
until a probe answers again. A probe still stuck is never stacked with another. A write
that passed its deadline (`vectorstore.deadline`) makes it not ready for good: this process
takes no more writes, and `/healthz` fails too so that the supervisor restarts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

from assistant.api.errors import ApiError
from assistant.service import PolicyAssistant

log = logging.getLogger("policyqa.api")


class StoreWatchdog:
    """Probes `assistant`'s store every `every_s`; `problem` says why it is not ready."""

    def __init__(self, assistant: PolicyAssistant, *, timeout_s: float, every_s: float = 5.0):
        self.assistant, self.timeout_s, self.every_s = assistant, timeout_s, every_s
        self.problem: ApiError | None = None
        self._probe: threading.Thread | None = None

    async def run(self) -> None:
        while True:
            await self.check()
            await asyncio.sleep(self.every_s)

    async def check(self) -> None:
        """One probe (or a look at the one still running)."""
        stuck = self.assistant.index.write_problem
        if stuck is not None:
            self.problem = ApiError(503, stuck, headers={"Retry-After": "30"})
            return
        if self._probe is not None and self._probe.is_alive():
            self._stalled()
            return
        loop = asyncio.get_running_loop()
        answered: asyncio.Future = loop.create_future()

        def probe() -> None:
            try:
                self.assistant.index.probe()
                outcome = None
            except Exception as err:  # any failure means the index cannot be read
                outcome = err
            # A probe still running when the server shut down answers no one.
            with contextlib.suppress(RuntimeError):  # the event loop is closed
                loop.call_soon_threadsafe(lambda: answered.done() or answered.set_result(outcome))

        self._probe = threading.Thread(target=probe, name="store-watchdog", daemon=True)
        self._probe.start()
        try:
            failure = await asyncio.wait_for(asyncio.shield(answered), self.timeout_s)
        except TimeoutError:
            self._stalled()
            return
        if failure is not None:
            log.warning("store probe failed: %s", failure)
            self.problem = ApiError(503, "索引无法读取，服务暂不可用；请查看服务日志",
                                    headers={"Retry-After": "10"})
        elif self.problem is not None:
            log.info("the index answers again")
            self.problem = None

    def _stalled(self) -> None:
        if self.problem is None or self.problem.reason != self._late:
            log.error("the index did not answer a probe within %.0f s", self.timeout_s)
        self.problem = ApiError(503, self._late, headers={"Retry-After": "10"})

    @property
    def _late(self) -> str:
        return f"索引在 {self.timeout_s:g} 秒内没有应答，服务暂不可用；请稍后再试"
