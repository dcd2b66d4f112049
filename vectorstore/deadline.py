"""Writes to the store with a deadline: one that does not return in time fails, and the
index takes no write after it.

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

import numpy as np

from vectorstore.errors import StoreError
from vectorstore.records import MeasureStore, StoredRecord, Where

log = logging.getLogger(__name__)

#: How long after its deadline a write that holds the GIL ends the process.
GRACE_S = 5.0


class WritesWithDeadline:
    """`store` with its writes (upsert, delete) each given `seconds` to return; reads go
    straight to it (the watchdog of the API watches those)."""

    def __init__(self, store: MeasureStore, seconds: float):
        self.store, self.seconds = store, seconds
        #: Why no write is taken any more (None while writes answer in time).
        self.stuck: str | None = None

    def upsert(self, collection: str, records: Sequence[StoredRecord],
               embeddings: np.ndarray) -> None:
        self._within_deadline(lambda: self.store.upsert(collection, records, embeddings))

    def delete(self, collection: str, ids: Sequence[str] | None = None,
               where: Where | None = None) -> int:
        return self._within_deadline(lambda: self.store.delete(collection, ids=ids, where=where))

    def get(self, collection: str, ids: Sequence[str] | None = None,
            where: Where | None = None, include_embeddings: bool = False) -> list[StoredRecord]:
        return self.store.get(collection, ids=ids, where=where,
                              include_embeddings=include_embeddings)

    def query(self, collection: str, embedding: np.ndarray, n: int,
              where: Where | None = None) -> list[tuple[str, float]]:
        return self.store.query(collection, embedding, n, where)

    def count(self, collection: str) -> int:
        return self.store.count(collection)

    def heartbeat(self) -> bool:
        return self.store.heartbeat()

    def _within_deadline(self, write: Callable[[], object]):
        if self.stuck is not None:
            raise StoreError(self.stuck)
        done, outcome = threading.Event(), {}

        def run() -> None:
            try:
                outcome["value"] = write()
            except BaseException as err:  # handed to the waiting caller, raised there
                outcome["error"] = err
            finally:
                done.set()

        # A daemon thread, not an executor's: a stuck executor thread is joined at exit and
        # would keep the process from ending.
        faulthandler.dump_traceback_later(self.seconds + GRACE_S, exit=True)
        try:
            threading.Thread(target=run, name="store-write", daemon=True).start()
            answered = done.wait(self.seconds)
        finally:
            faulthandler.cancel_dump_traceback_later()
        if not answered:
            self.stuck = (f"a write to the index did not finish within {self.seconds:g} s; "
                          "it takes no more writes until the server is restarted")
            log.error("a store write passed its %g s deadline; writes stopped", self.seconds)
            raise StoreError(self.stuck)
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")
