"""The index: measure chunks in Chroma (dense), BM25 over jieba tokens, and the record catalog.

Writes are ordered so a reader never sees a half-written document: a document's chunks go
in first and its document record last; the catalog only admits measures whose document
record exists with the same content hash. A changed file is staged beside the old one: chunk
ids carry the file's hash, so the new chunks are written while the old version is still
served, the upsert of the document record swaps versions in one write, and the old chunks
are deleted after it. Readers see the old document or the new one, never neither and never
a mix. A re-run of an interrupted ingest finds the document missing or stale and rewrites it
(chunks the interrupted run wrote are embedded and written again under the same ids); see
docs/operations.md.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.errors import BusyError, IndexError_, NotFoundError
from assistant.settings import Settings
from ingest.records import Measure, PolicyDocument

log = logging.getLogger(__name__)

_CHUNK_CHARS = 360  # e5-small reads 512 tokens; ~360 Chinese characters stay well inside
_CHUNK_OVERLAP = 60
_EMBED_BATCH = 256  # passages per embedding call (progress is reported per call, in measures)
_WRITE_BATCH = 1000  # chunk records per Chroma upsert (the store's own request limit)
_STALE_CHECK_S = 5.0


@dataclass
class SyncResult:
    """What an ingest changed: documents added, replaced, unchanged; files that failed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    measures_written: int = 0
    chunks_written: int = 0
    seconds: float = 0.0
    failures: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
            "removed": self.removed, "measures_written": self.measures_written,
            "chunks_written": self.chunks_written, "seconds": round(self.seconds, 3),
            "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
        }


@dataclass(frozen=True)
class Catalog:
    """Every committed document and measure, in index order."""

    documents: dict[str, PolicyDocument]
    measures: tuple[Measure, ...]

    @cached_property
    def by_key(self) -> dict[str, Measure]:
        return {m.key: m for m in self.measures}

    @cached_property
    def position(self) -> dict[str, int]:
        return {m.key: i for i, m in enumerate(self.measures)}

    @cached_property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for doc_id in sorted(self.documents):
            digest.update(f"{doc_id}:{self.documents[doc_id].sha256};".encode())
        digest.update(str(len(self.measures)).encode())
        return digest.hexdigest()[:16]

    @cached_property
    def measure_rows(self) -> dict[str, np.ndarray]:
        """Each document's positions in `measures`."""
        rows: dict[str, list[int]] = {}
        for i, m in enumerate(self.measures):
            rows.setdefault(m.doc_id, []).append(i)
        return {doc_id: np.asarray(r, dtype=np.int64) for doc_id, r in rows.items()}

    def mask(self, doc_ids: Iterable[str]) -> np.ndarray:
        """True for the measures of `doc_ids`, one entry per measure (a filter for BM25)."""
        mask = np.zeros(len(self.measures), dtype=bool)
        for doc_id in doc_ids:
            rows = self.measure_rows.get(doc_id)
            if rows is not None:
                mask[rows] = True
        return mask

    @cached_property
    def office_names(self) -> tuple[str, ...]:
        names = {n for m in self.measures for n in (*m.lead_offices, *m.offices)}
        return tuple(sorted(names, key=len, reverse=True))


def chunk_text(text: str, size: int = _CHUNK_CHARS, overlap: int = _CHUNK_OVERLAP) -> list[str]:
    """Split a long measure at sentence ends into overlapping chunks; short ones stay whole."""
    if len(text) <= size:
        return [text]
    chunks, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(p, start + size // 2, end) for p in "。；")
            end = cut + 1 if cut > 0 else end
        chunks.append(text[start:end])
        if end >= len(text):
            break
        start = max(end - overlap, start + 1)
    return chunks


def passage_text(doc: PolicyDocument, measure: Measure, chunk: str) -> str:
    """What is embedded: the document title and section path give the chunk its context."""
    section = " ".join(measure.section)
    return f"{doc.title} {section} {chunk}"


def _flat_metadata(doc: PolicyDocument, measure: Measure, chunk_no: int) -> dict:
    meta = {
        "key": measure.key, "doc_id": doc.doc_id, "source": doc.source, "doc_sha": doc.sha256,
        "number": measure.number, "kind": measure.kind, "chunk": chunk_no,
        "province": doc.region.get("province", ""), "city": doc.region.get("city", ""),
        "county": doc.region.get("county", ""), "issued": doc.issued or "",
        "lead_offices": "|".join(measure.lead_offices), "offices": "|".join(measure.offices),
        "has_time_limit": bool(measure.time_limits), "has_benefit": bool(measure.benefits),
    }
    if chunk_no == 0:
        meta["record"] = json.dumps(measure.to_dict(), ensure_ascii=False)
    return meta


class PolicyIndex:
    """Read and write the index. Heavy parts (model, Chroma) load on first use."""

    def __init__(self, settings: Settings, *, store=None, embedder=None):
        self.settings = settings
        self._store = store
        self._embedder = embedder
        self._catalog: Catalog | None = None
        self._keywords = None
        self._dense = None
        # Lazy loads happen under one lock: concurrent API requests after an ingest must not
        # rebuild the keyword index twice or see a half-built view.
        self._lock = threading.RLock()
        self._checked_at = 0.0
        self._stored_state: str | None = None

    # -- parts -------------------------------------------------------------------------
    @property
    def store(self):
        if self._store is None:  # ChromaStore connects lazily and is itself thread-safe
            from vectorstore.chroma_store import ChromaStore

            self._store = ChromaStore.from_settings(self.settings)
        return self._store

    @property
    def embedder(self):
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    from vectorstore.model import Embedder, resolve_model_path

                    self._embedder = Embedder(resolve_model_path(self.settings),
                                              threads=self.settings.torch_threads)
        return self._embedder

    @property
    def chunks_collection(self) -> str:
        return self.settings.collection

    @property
    def documents_collection(self) -> str:
        return f"{self.settings.collection}_docs"

    # -- reading -----------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        self._refresh_if_stale()
        if self._catalog is None:
            with self._lock:
                if self._catalog is None:
                    self._stored_state = self._documents_state()
                    self._catalog = self._load_catalog()
        return self._catalog

    def _documents_state(self) -> str:
        records = self.store.get(self.documents_collection)
        return ";".join(sorted(f"{r.id}:{r.metadata.get('sha256')}" for r in records))

    def _refresh_if_stale(self) -> None:
        """Another process (a second worker, the CLI) may have ingested: look every few seconds."""
        now = time.monotonic()
        if self._catalog is None or now - self._checked_at < _STALE_CHECK_S:
            return
        self._checked_at = now
        if self._documents_state() != self._stored_state:
            log.info("index changed on disk; reloading")
            self.refresh()

    def refresh(self) -> None:
        """Forget cached views so the next read sees what another process wrote."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        self._catalog = None
        self._keywords = None
        self._dense = None
        self.__dict__.pop("catalog_text", None)
        self.__dict__.pop("corpus_words", None)
        self.__dict__.pop("tokenizer", None)

    def _load_catalog(self) -> Catalog:
        docs: dict[str, PolicyDocument] = {}
        counts: dict[str, object] = {}
        for record in self.store.get(self.documents_collection):
            data = json.loads(str(record.metadata["record"]))
            docs[record.id] = PolicyDocument(**{**data, "measures": ()})
            counts[record.id] = record.metadata.get("measures")
        measures: dict[str, Measure] = {}
        for record in self.store.get(self.chunks_collection, where={"chunk": 0}):
            meta = record.metadata
            doc = docs.get(str(meta["doc_id"]))
            if doc is None or doc.sha256 != meta.get("doc_sha"):
                continue  # an uncommitted or stale write: invisible until re-ingested
            measures[str(meta["key"])] = Measure.from_dict(json.loads(str(meta["record"])))
        by_doc: dict[str, list[Measure]] = {}
        for m in sorted(measures.values(), key=lambda m: (m.doc_id, m.span[0])):
            by_doc.setdefault(m.doc_id, []).append(m)
        for doc_id, count in counts.items():
            found = len(by_doc.get(doc_id, []))
            if isinstance(count, int) and count != found:
                # Never serve part of a document; the next ingest of its file rewrites it.
                log.warning("document %s has %d of its %d measures stored; not served",
                            doc_id, found, count)
                del docs[doc_id]
                by_doc.pop(doc_id, None)
        ordered = [m for doc_id in sorted(by_doc) for m in by_doc[doc_id]]
        docs = {doc_id: _with_measures(doc, by_doc.get(doc_id, [])) for doc_id, doc in docs.items()}
        return Catalog(docs, tuple(ordered))

    @property
    def dense_rows(self):
        """The served chunks' vectors in memory (`assistant.dense`), for filtered dense search;
        None when the store cannot hand its vectors over."""
        catalog = self.catalog
        dense = self._dense
        if dense is not None and dense.fingerprint == catalog.fingerprint:
            return dense
        if not hasattr(self.store, "vectors"):
            return None
        with self._lock:
            if self._dense is None or self._dense.fingerprint != catalog.fingerprint:
                self._dense = self._load_dense(catalog)
            return self._dense

    def _load_dense(self, catalog: Catalog):
        from assistant.dense import DenseRows

        path = self.settings.index_dir / f"dense-{self.settings.collection}.npz"
        rows = DenseRows.load(path, catalog.fingerprint)
        if rows is None:
            ids, matrix = self.store.vectors(self.chunks_collection)
            rows = DenseRows.build(catalog, ids, matrix)
            try:
                rows.save(path)
            except OSError as err:  # a read-only data dir only costs time at the next start
                log.warning("cannot cache dense vectors at %s (%s)", path, err)
        return rows

    @property
    def keywords(self):
        """The BM25 index over the catalog, loaded from disk when its fingerprint matches."""
        if self._keywords is not None:
            return self._keywords
        with self._lock:
            return self._load_keywords()

    def _load_keywords(self):
        if self._keywords is None:
            from vectorstore.keywords import BM25Index

            catalog = self.catalog
            path = self.settings.index_dir / f"bm25-{self.settings.collection}.npz"
            index = None
            if BM25Index.stored_fingerprint(path) == catalog.fingerprint:
                try:
                    index = BM25Index.load(path)
                except IndexError_ as err:  # corrupt cache: rebuild below
                    log.warning("rebuilding keyword index (%s)", err)
            if index is None:
                index = self._build_keywords(catalog)
                path.parent.mkdir(parents=True, exist_ok=True)
                index.save(path)
            self._keywords = index
        return self._keywords

    @cached_property
    def tokenizer(self):
        from vectorstore.keywords import Tokenizer

        cache = self.settings.data_dir / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        return Tokenizer(cache_dir=cache, user_words=self.catalog.office_names)

    def _build_keywords(self, catalog: Catalog):
        from vectorstore.keywords import BM25Index

        tokens = [self.tokenizer.tokens(keyword_text(catalog.documents[m.doc_id], m))
                  for m in catalog.measures]
        return BM25Index.build([m.key for m in catalog.measures], tokens,
                               fingerprint=catalog.fingerprint)

    @cached_property
    def catalog_text(self) -> str:
        """All measure texts and offices in one string, for "is this word in the corpus?"."""
        catalog = self.catalog
        return "\n".join(keyword_text(catalog.documents[m.doc_id], m) for m in catalog.measures)

    @cached_property
    def corpus_words(self):
        """`word in index.corpus_words` is `word in catalog_text`, answered from n-gram sets."""
        from assistant.corpus_words import CorpusWords

        return CorpusWords(self.catalog_text)

    def keyword_text_of(self, key: str) -> str:
        measure = self.catalog.by_key[key]
        return keyword_text(self.catalog.documents[measure.doc_id], measure)

    def document(self, ref: str) -> PolicyDocument:
        """A document by id, source file name, or 文号."""
        from ingest.metadata import normalise_doc_number

        docs = self.catalog.documents
        if ref in docs:
            return docs[ref]
        matches = [d for d in docs.values()
                   if ref == d.source or ref == Path(d.source).stem
                   or (d.doc_number and normalise_doc_number(ref) == normalise_doc_number(d.doc_number))]
        if not matches:
            raise NotFoundError(f"no document {ref!r} in the index")
        return matches[0]

    def measure(self, key: str) -> Measure:
        try:
            return self.catalog.by_key[key]
        except KeyError:
            raise NotFoundError(f"no measure {key!r} in the index") from None

    # -- writing -----------------------------------------------------------------------
    def sync(self, documents: Sequence[PolicyDocument], *,
             progress: Callable[[int], None] | None = None) -> SyncResult:
        """Write parsed documents: unchanged sources are skipped, changed ones replaced."""
        result = SyncResult()
        with self._write_lock():
            stored = self._load_catalog()
            writes = _Writes(self, progress)
            by_source: dict[str, list[PolicyDocument]] = {}
            for doc in documents:
                by_source.setdefault(doc.source, []).append(doc)
            for source, docs in by_source.items():
                old = [d for d in stored.documents.values() if d.source == source]
                old_ids = {d.doc_id for d in old}
                sha = docs[0].sha256
                if old and {d.doc_id for d in docs} == old_ids and all(
                        d.sha256 == sha for d in old) and all(
                        len(stored.documents[d.doc_id].measures) == len(d.measures)
                        and stored.documents[d.doc_id].parser == d.parser for d in docs):
                    result.unchanged.extend(sorted(old_ids))
                    self._delete_stale_chunks(source, sha)  # left by an interrupted replace
                    continue
                if any(d.sha256 == sha for d in old):
                    # The same file parsed differently (a new parser): its chunk ids do not
                    # change, so it cannot be staged beside the old version.
                    self._delete_source(source)
                for doc in docs:
                    result.chunks_written += writes.add(doc)
                    result.measures_written += len(doc.measures)
                    (result.replaced if doc.doc_id in old_ids else result.added).append(doc.doc_id)
                gone = sorted(old_ids - {d.doc_id for d in docs})
                result.removed.extend(gone)
                # Once this source's new records are written: its old version goes.
                writes.then(lambda source=source, sha=sha, gone=gone:
                            self._finish_source(source, sha, gone))
            writes.flush()
        self.refresh()
        return result

    def remove(self, ref: str) -> list[str]:
        """Delete a document (by id, source or 文号) and every other document of its file."""
        doc = self.document(ref)
        with self._write_lock():
            removed = [d.doc_id for d in self.catalog.documents.values() if d.source == doc.source]
            self._delete_source(doc.source)
        self.refresh()
        return removed

    def _delete_source(self, source: str) -> None:
        # Document records first: from this moment the old measures are invisible.
        self.store.delete(self.documents_collection, where={"source": source})
        self.store.delete(self.chunks_collection, where={"source": source})

    def _delete_stale_chunks(self, source: str, sha: str) -> None:
        """Chunks of `source` from other versions than `sha`: invisible already, now gone."""
        self.store.delete(self.chunks_collection,
                          where={"source": source, "doc_sha": {"$ne": sha}})

    def _finish_source(self, source: str, sha: str, gone: list[str]) -> None:
        """After a source's new document records are written: drop what the old version had."""
        if gone:
            self.store.delete(self.documents_collection, ids=gone)
        self._delete_stale_chunks(source, sha)

    def _write_lock(self):
        return _FileLock(self.settings.data_dir / "ingest.lock")

    # -- dense search -------------------------------------------------------------------
    def dense_search(self, query_vector: np.ndarray, n: int,
                     doc_ids: Iterable[str] | None = None) -> dict[str, float]:
        """Best cosine similarity per measure key among the nearest chunks."""
        from assistant.dense import EXACT_MAX_MEASURES

        where = None
        ids = None if doc_ids is None else sorted(doc_ids)
        if ids is not None and not ids:
            return {}
        # Exact and in memory: restricted to some documents, or all of a small index.
        exact = ids is not None or len(self.catalog.measures) <= EXACT_MAX_MEASURES
        rows = self.dense_rows if exact else None
        if rows is not None:
            return dict(sorted(rows.search(query_vector, n, ids).items(),
                               key=lambda item: item[1], reverse=True))
        if ids is not None:
            where = {"doc_id": ids[0]} if len(ids) == 1 else {"doc_id": {"$in": ids}}
        served: dict[str, float] = {}
        other: dict[str, float] = {}
        catalog = self.catalog
        for stored_id, sim in self.store.query(self.chunks_collection, query_vector, n, where):
            key, _, version = stored_id.rpartition("#")
            version = version.partition(".")[2]
            measure = catalog.by_key.get(key)
            if measure is None:
                continue
            # Scores come from the version served; a chunk of another version (one being
            # staged, or just swapped in by another process before this one's catalog
            # noticed) stands in for its measure only when the served one is not among them.
            same = not version or catalog.documents[measure.doc_id].sha256.startswith(version)
            scores = served if same else other
            scores[key] = max(sim, scores.get(key, -1.0))
        merged = {**other, **served}
        return dict(sorted(merged.items(), key=lambda item: item[1], reverse=True))


class _Writes:
    """What `sync` writes, buffered across documents into few large Chroma upserts.

    Chroma's embedded engine costs about 0.1 s per write call whatever its size (50 records
    took 140 ms, 1,000 took 670 ms): written per document, an ingest of 3,562 measures spent
    23 s of 230 in ~190 upserts. The order readers rely on is kept: a document's record is
    written only after all its chunks, and whatever follows a source's records (deleting its
    old version) only after them.
    """

    def __init__(self, index: PolicyIndex, progress: Callable[[int], None] | None):
        self.index, self.progress = index, progress
        self.records: list = []
        self.vectors: list[np.ndarray] = []  # rows for the first records; the rest await
        self.unembedded: list[str] = []  # passage texts of the records not embedded yet
        self.documents: list[PolicyDocument] = []
        self.after: list[Callable[[], None]] = []

    def add(self, doc: PolicyDocument) -> int:
        """Queue a document's chunks; they are embedded in full batches across documents and
        written (with the document's record) at the next flush."""
        from vectorstore.records import StoredRecord

        count = 0
        for measure in doc.measures:
            for n, chunk in enumerate(chunk_text(measure.text)):
                self.records.append(StoredRecord(chunk_id(measure.key, n, doc.sha256), chunk,
                                                 _flat_metadata(doc, measure, n)))
                self.unembedded.append(passage_text(doc, measure, chunk))
                count += 1
        self.documents.append(doc)
        self._embed(full_batches_only=True)
        if len(self.records) >= _WRITE_BATCH:
            self.flush()
        return count

    def _embed(self, *, full_batches_only: bool) -> None:
        """Embed queued passages _EMBED_BATCH at a time. Batches span documents: embedded one
        document at a time, the shipped corpus's small documents left a worker idle and
        padded short batches (its embedding took 5.5 s wall and 9.5 CPU-s, now 4.5 and 8.7)."""
        while len(self.unembedded) >= (_EMBED_BATCH if full_batches_only else 1):
            batch = self.unembedded[:_EMBED_BATCH]
            del self.unembedded[:_EMBED_BATCH]
            done = sum(len(v) for v in self.vectors)
            self.vectors.append(self.index.embedder.embed_passages(batch))
            if self.progress:  # in measures, as the bar counts them: their first chunks
                self.progress(sum(r.metadata["chunk"] == 0
                                  for r in self.records[done:done + len(batch)]))

    def then(self, action: Callable[[], None]) -> None:
        """Run `action` once everything added so far is written."""
        self.after.append(action)

    def flush(self) -> None:
        from vectorstore.records import StoredRecord

        index = self.index
        self._embed(full_batches_only=False)
        if self.records:
            index.store.upsert(index.chunks_collection, self.records, np.vstack(self.vectors))
        if self.documents:
            doc_records = []
            for doc in self.documents:
                summary = {k: v for k, v in doc.to_dict().items() if k != "measures"}
                doc_records.append(StoredRecord(doc.doc_id, doc.title, {
                    "source": doc.source, "sha256": doc.sha256, "title": doc.title,
                    "doc_number": doc.doc_number, "measures": len(doc.measures),
                    "record": json.dumps(summary, ensure_ascii=False)}))
            index.store.upsert(index.documents_collection, doc_records,
                               index.embedder.embed_passages([d.title for d in self.documents]))
        after = self.after
        self.records, self.vectors, self.documents, self.after = [], [], [], []
        for action in after:
            action()


def chunk_id(key: str, n: int, sha256: str) -> str:
    """`<measure key>#<chunk>.<file hash>`: two versions of a document can be stored at once."""
    return f"{key}#{n}.{sha256[:16]}"


def keyword_text(doc: PolicyDocument, measure: Measure) -> str:
    """Text for BM25: the measure with its section path and offices (for 'who' questions)."""
    return " ".join([*measure.section, measure.text, *measure.lead_offices, *measure.offices])


def _with_measures(doc: PolicyDocument, measures: list[Measure]) -> PolicyDocument:
    from dataclasses import replace

    return replace(doc, measures=tuple(measures))


class _FileLock:
    """One ingest at a time per data directory; a second one is refused clearly."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise BusyError("another ingest is writing this index; try again when it ends") from None
        return self

    def __exit__(self, *exc):
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
