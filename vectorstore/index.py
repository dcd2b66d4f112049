"""The index of policy measures: snapshots to read from, `sync` and `remove_source` to write.

A store (Chroma, embedded or on a server) holds the records (`vectorstore.layout`); this
module adds what lives beside it — the caches of the keyword index and of the dense rows,
jieba's dictionary cache, the write lock — and notices when another process (a second API
worker, the CLI) committed a change. Heavy parts load on first use: the model when something
is embedded, Chroma when the store is first asked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.records import Measure, PolicyDocument
from vectorstore.catalog import Catalog
from vectorstore.deadline import WritesWithDeadline, answer_within
from vectorstore.errors import BusyError
from vectorstore.keywords import Normalise, Tokenizer
from vectorstore.layout import Collections, read_catalog, stored_state
from vectorstore.lock import OWNED, SERVED, IngestLock, held_by_a_server
from vectorstore.records import MeasureStore
from vectorstore.sentence_vectors import SentenceVectors
from vectorstore.snapshot import IndexSnapshot, sentence_vectors_path
from vectorstore.writer import IndexWriter, SyncResult

if TYPE_CHECKING:
    from vectorstore.embedder import Embedder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexFiles:
    """Where an index keeps what is not in the store."""

    caches: Path  # the keyword index and dense rows, named after the collection
    jieba: Path  # jieba's dictionary cache
    lock: Path  # the lock one ingest holds while it writes
    #: The lock a server holds for its life on an embedded index (None: a Chroma server,
    #: which any number of processes may write to).
    server: Path | None = None


class PolicyIndex:
    """Read (`snapshot`) and write (`sync`, `remove_source`) one index.

    `embedder` is the model or a function that loads it, called once on first use.
    `recheck_s`: how often a reader looks whether another process changed the index.
    `normalise`: how questions and measures are spelled alike for keyword search
    (`keywords.Normalise`).
    `write_timeout_s`: how long one write to the store may take (`vectorstore.deadline`).
    `read_timeout_s`: how long the look at what is stored, which every snapshot begins
    with, may take before the request fails (503) instead of hanging.
    `sentences`: a measure's sentences as the answer side splits them; when given, ingest
    embeds them too (`vectorstore.sentence_vectors`).
    """

    def __init__(self, store: MeasureStore, embedder: Embedder | Callable[[], Embedder], *,
                 collection: str, files: IndexFiles, recheck_s: float = 5.0,
                 normalise: Normalise = str, write_timeout_s: float = 120.0,
                 read_timeout_s: float = 60.0,
                 sentences: Callable[[Measure], Iterable[str]] | None = None):
        self.store = store
        self._sentences = sentences
        self._writes = WritesWithDeadline(store, write_timeout_s)
        self.names = Collections(collection)
        self.files = files
        self.recheck_s = recheck_s
        self.read_timeout_s = read_timeout_s
        self.normalise = normalise
        self._load_embedder = embedder if callable(embedder) else (lambda: embedder)
        self._embedder: Embedder | None = None
        self._snapshot: IndexSnapshot | None = None
        self._state: str | None = None  # the stored state `_snapshot` was read in
        self._checked_at = 0.0
        self._lock = threading.RLock()
        self._owner: IngestLock | None = None  # held while this process serves the index

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = self._load_embedder()
        return self._embedder

    # -- reading -------------------------------------------------------------------------
    def snapshot(self) -> IndexSnapshot:
        """The index as it stands: take one per request and read only from it."""
        current = self._snapshot
        now = time.monotonic()
        # After `refresh` (`_state` None) no request may be served the snapshot from before
        # this process's own write: it waits for the new one, not only until one thread
        # has started reading it.
        if current is not None and self._state is not None \
                and now - self._checked_at < self.recheck_s:
            return current
        with self._lock:
            if self._snapshot is not current and self._state is not None:
                return self._snapshot  # another thread took a new one meanwhile
            self._checked_at = now
            # The first read (start-up: the store opens) may take its time; a later one
            # is what the watchdog probes, with the same deadline.
            state = stored_state(self.store, self.names) if current is None else \
                answer_within(self.read_timeout_s,
                              lambda: stored_state(self.store, self.names), "read")
            if current is None or state != self._state:
                if current is not None:
                    log.info("index changed on disk; reloading")
                self._snapshot, self._state = self._read(current), state
            return self._snapshot

    def probe(self) -> None:
        """Read what every snapshot reads first (raises StoreError when the store fails)."""
        stored_state(self.store, self.names)

    @property
    def write_problem(self) -> str | None:
        """Why this process takes no more writes (a write passed its deadline), or None."""
        return self._writes.refusal

    def stop_writes(self, cause: str) -> None:
        """Take no more writes in this process (each refused, saying `cause`: HTTP 503;
        /readyz and /healthz 503) until it is restarted."""
        self._writes.stop(cause)

    @property
    def catalog(self) -> Catalog:
        """The current snapshot's catalog (a request reads `snapshot()` once instead)."""
        return self.snapshot().catalog

    def refresh(self) -> None:
        """Make the next snapshot read what is stored now (what this or another process
        wrote); until then the current one still serves."""
        with self._lock:
            self._state, self._checked_at = None, float("-inf")

    def _read(self, previous: IndexSnapshot | None) -> IndexSnapshot:
        catalog = read_catalog(self.store, self.names)
        tokenizer = previous.tokenizer if previous is not None else None
        if tokenizer is None or tokenizer.user_words != catalog.office_names:
            tokenizer = Tokenizer(cache_dir=self.files.jieba, user_words=catalog.office_names,
                                  normalise=self.normalise)
        return IndexSnapshot(catalog, self.store, self.names, self.files.caches, tokenizer)

    # -- writing -------------------------------------------------------------------------
    def sync(self, documents: Sequence[PolicyDocument], *,
             progress: Callable[[int], None] | None = None) -> SyncResult:
        """Write parsed documents under the write lock: unchanged sources are skipped,
        changed ones replaced (see `vectorstore.writer`)."""
        with self.write_lock():
            # The new measures' sentence vectors are stored before the measures are: a reader
            # of the new catalog finds them; an interrupted embedding leaves both as they were.
            self._keep_sentence_vectors(
                [*self.stored_catalog().measures, *(m for d in documents for m in d.measures)])
            result = self._writer().sync(documents, progress=progress)
            self._keep_sentence_vectors(self.stored_catalog().measures)  # replaced ones go
        self.refresh()
        return result

    def remove_source(self, source: str) -> list[str]:
        """Delete every document of a source file; returns their ids."""
        with self.write_lock():
            stored = read_catalog(self._writes, self.names)
            removed = sorted(d.doc_id for d in stored.documents.values() if d.source == source)
            self._writer().remove_source(source)
            self._keep_sentence_vectors(self.stored_catalog().measures)
        self.refresh()
        return removed

    def write_lock(self) -> IngestLock:
        """The lock a writer holds (BusyError when another process holds it, or when a
        server owns this embedded index and this process is not that server)."""
        server = self.files.server
        if server is not None and self._owner is None and held_by_a_server(server):
            raise BusyError(SERVED)
        return IngestLock(self.files.lock)

    def own(self) -> None:
        """Mark this process as the server of an embedded index, for its whole life: other
        processes' writers are refused (BusyError) until it exits."""
        if self.files.server is not None and self._owner is None:
            owner = IngestLock(self.files.server, OWNED)
            owner.__enter__()
            self._owner = owner

    def stored_catalog(self) -> Catalog:
        """The catalog as stored now (not a snapshot's): what a writer compares against,
        read with the writes' deadline."""
        return read_catalog(self._writes, self.names)

    def _keep_sentence_vectors(self, measures: Iterable[Measure]) -> None:
        """Store the vectors of exactly these measures' sentences, embedding those missing."""
        if self._sentences is None:
            return
        path = sentence_vectors_path(self.files.caches, self.names)
        stored = SentenceVectors.load(path)
        texts = {t for m in measures for t in self._sentences(m)}
        if len(stored) != len(texts) or not all(t in stored for t in texts):
            stored.updated(texts, self.embedder.embed_passages).save(path)

    def _writer(self) -> IndexWriter:
        return IndexWriter(self._writes, self.names,
                           lambda texts: self.embedder.embed_passages(texts))
