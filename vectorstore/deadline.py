"""Writes to the store with a deadline: one that does not return in time fails, and the
index takes no write after it. The reads a writer makes (what is stored now) and the reads
of every request's snapshot have a deadline too, so that a store that stopped answering
fails a request with 503 in bounded time instead of hanging it.

A write blocked inside Chroma's engine cannot be cancelled from Python. So each write runs
in a thread of its own and is waited for up to `seconds`; past that the caller gets
StoreError (HTTP 503) and the store is marked stuck. Every later write is then refused at
once — the rest of the same sync too, so a document whose chunks were being written never
gets its document record (the swap, `vectorstore.writer`) and readers keep the version they
had. Only a new process clears it: `policyqa serve`'s supervisor kills a server whose
/healthz fails, and opening the index again rolls back a batch the stuck write had not
committed.

That needs the blocked write to let go of the GIL, which a Chroma server's HTTP call does
and embedded Chroma does not: its Rust bindings keep the GIL while they wait (seen on a
frozen file system: every thread of the server, the event loop included, waited for it).
No Python code can run then, so a second deadline is armed where no GIL is needed —
faulthandler's watchdog thread, in C — which writes every thread's stack to stderr and ends
the process (`_exit(1)`) `GRACE_S` after the first; its supervisor or service manager
restarts it. The request then gets no answer (its connection closes), never a false one.
"""

from __future__ import annotations

import faulthandler
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from vectorstore.errors import StoreError
from vectorstore.records import MeasureStore, StoredRecord, Where

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How long after its deadline a write that holds the GIL ends the process.
GRACE_S = 5.0

# What a client is told (in Chinese); the log says it in English.
READ_LATE = "索引在 {seconds:g} 秒内没有应答，本次请求没有完成；请稍后再试"
WRITER_READ_LATE = ("索引在 {seconds:g} 秒内没有应答，写入在此停止：此后的内容都没有写入，"
                    "此前已完成的不受影响；请稍后再试")
WRITE_LATE = ("索引在 {seconds:g} 秒内没有完成写入，这次写入是否生效要等索引恢复后才能确定；"
              "服务已停止接受写入，请重启服务后在文档列表中确认")
#: What every write after that is refused with (and /readyz, /healthz say).
STOPPED = "索引写入已停止（{cause}），本次没有做任何改动；请重启服务后再试"


def answer_within(seconds: float, call: Callable[[], T], what: str) -> T:
    """`call()`'s value, or StoreError (HTTP 503) when it has not returned in `seconds`: it
    goes on in a daemon thread of its own (it cannot be cancelled), nobody waits for it."""
    answered, value = _run_in_thread(call, seconds, what)
    if not answered:
        log.error("the store did not answer %s within %g s", what, seconds)
        raise StoreError(READ_LATE.format(seconds=seconds))
    return value()


def _run_in_thread(call: Callable[[], T], seconds: float,
                   what: str) -> tuple[bool, Callable[[], T]]:
    """Start `call` in a daemon thread and wait up to `seconds`: whether it returned, and
    a function that gives its value or raises its error."""
    done, outcome = threading.Event(), {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as err:  # handed to the waiting caller, raised there
            outcome["error"] = err
        finally:
            done.set()

    # A daemon thread, not an executor's: a stuck executor thread is joined at exit and
    # would keep the process from ending.
    threading.Thread(target=run, name=f"store-{what}", daemon=True).start()
    answered = done.wait(seconds)

    def value() -> T:
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    return answered, value


class WritesWithDeadline:
    """`store` as a writer sees it: its writes (upsert, delete) and the reads a writer makes
    first (get, count) each given `seconds` to return. A late read fails its write before
    anything was sent (nothing changed); a late write stops every later write."""

    def __init__(self, store: MeasureStore, seconds: float):
        self.store, self.seconds = store, seconds
        #: Why no write is taken any more (None while writes answer in time).
        self.stuck: str | None = None

    @property
    def refusal(self) -> str | None:
        """What a write is refused with now (None while writes are taken)."""
        return None if self.stuck is None else STOPPED.format(cause=self.stuck)

    def upsert(self, collection: str, records: Sequence[StoredRecord],
               embeddings: np.ndarray) -> None:
        self._within_deadline(lambda: self.store.upsert(collection, records, embeddings))

    def delete(self, collection: str, ids: Sequence[str] | None = None,
               where: Where | None = None) -> int:
        return self._within_deadline(lambda: self.store.delete(collection, ids=ids, where=where))

    def get(self, collection: str, ids: Sequence[str] | None = None,
            where: Where | None = None, include_embeddings: bool = False) -> list[StoredRecord]:
        return self._within_deadline(lambda: self.store.get(
            collection, ids=ids, where=where, include_embeddings=include_embeddings),
            writes=False)

    def query(self, collection: str, embedding: np.ndarray, n: int,
              where: Where | None = None) -> list[tuple[str, float]]:
        return self.store.query(collection, embedding, n, where)

    def count(self, collection: str) -> int:
        return self._within_deadline(lambda: self.store.count(collection), writes=False)

    def heartbeat(self) -> bool:
        return self.store.heartbeat()

    def stop(self, cause: str) -> None:
        """Take no more writes (each refused, saying `cause`) until a restart."""
        if self.stuck is None:
            self.stuck = cause
            log.error("writes stopped until a restart: the store failed in a way that may "
                      "leave it stuck")

    def _within_deadline(self, call: Callable[[], T], *, writes: bool = True) -> T:
        if self.stuck is not None:
            raise StoreError(self.refusal)
        faulthandler.dump_traceback_later(self.seconds + GRACE_S, exit=True)
        try:
            answered, value = _run_in_thread(call, self.seconds, "write" if writes else "read")
        finally:
            faulthandler.cancel_dump_traceback_later()
        if answered:
            return value()
        if not writes:  # nothing was sent yet: the store may answer the next one
            log.error("a writer's read passed its %g s deadline; nothing written", self.seconds)
            raise StoreError(WRITER_READ_LATE.format(seconds=self.seconds))
        self.stuck = f"一次写入在 {self.seconds:g} 秒内没有完成"
        log.error("a store write passed its %g s deadline; writes stopped", self.seconds)
        raise StoreError(WRITE_LATE.format(seconds=self.seconds))
