"""Writing the index so that a reader never sees a half-written document.

A document's chunks go in first and its document record last; the catalog only admits
measures whose document record exists with the same content hash (`vectorstore.layout`). A
changed file is staged beside the old one: chunk ids carry the file's hash, so the new
chunks are written while the old version is still served, the upsert of the document record
swaps versions in one write, and the old chunks are deleted after it. Readers see the old
document or the new one, never neither and never a mix. A re-run of an interrupted ingest
finds the document missing or stale and rewrites it (chunks the interrupted run wrote are
embedded and written again under the same ids); see docs/operations.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ingest.records import PolicyDocument
from vectorstore.chunks import chunk_text, passage_text
from vectorstore.layout import Collections, chunk_record, document_record, read_catalog
from vectorstore.records import MeasureStore, StoredRecord

log = logging.getLogger(__name__)

EMBED_BATCH = 256  # passages per embedding call (progress is reported per call, in measures)
WRITE_BATCH = 1000  # chunk records per Chroma upsert (the store's own request limit)

#: Embeds passages: a list of texts in, an (n, dim) float32 array out.
EmbedPassages = Callable[[list[str]], np.ndarray]


@dataclass
class SyncResult:
    """What an ingest changed: documents added, replaced, unchanged, removed.

    `failures` (files that could not be parsed) and `seconds` (the whole ingest, parsing
    included) are filled in by the caller, which parsed the files.
    """

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    measures_written: int = 0
    chunks_written: int = 0
    seconds: float = 0.0
    failures: list = field(default_factory=list)


class IndexWriter:
    """Writes parsed documents into a store's two collections (under the caller's lock)."""

    def __init__(self, store: MeasureStore, names: Collections, embed: EmbedPassages):
        self.store, self.names, self.embed = store, names, embed

    def sync(self, documents: Sequence[PolicyDocument], *,
             progress: Callable[[int], None] | None = None) -> SyncResult:
        """Write parsed documents: unchanged sources are skipped, changed ones replaced."""
        result = SyncResult()
        stored = read_catalog(self.store, self.names)
        writes = _BatchedWrites(self, progress)
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
                self.remove_source(source)
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
        return result

    def remove_source(self, source: str) -> None:
        """Delete every document of a source file, and their chunks."""
        # Document records first: from this moment the old measures are invisible.
        try:
            self.store.delete(self.names.documents, where={"source": source})
        except Exception:
            if not _took_effect(lambda: not self.store.get(self.names.documents,
                                                           where={"source": source})):
                raise
            log.warning("the delete of %s failed but took effect; it is reported done", source)
        _after_commit(source, lambda: self.store.delete(self.names.chunks,
                                                        where={"source": source}))

    def _delete_stale_chunks(self, source: str, sha: str) -> None:
        """Chunks of `source` from other versions than `sha`: invisible already, now gone."""
        self.store.delete(self.names.chunks, where={"source": source, "doc_sha": {"$ne": sha}})

    def _finish_source(self, source: str, sha: str, gone: list[str]) -> None:
        """After a source's new document records are written: drop what the old version had."""
        if gone:
            self.store.delete(self.names.documents, ids=gone)
        _after_commit(source, lambda: self._delete_stale_chunks(source, sha))


def _took_effect(check: Callable[[], bool]) -> bool:
    """Whether a commit write that raised was applied all the same, read back: embedded
    Chroma on a full disk answered a delete of document records with an error after
    applying it (the document was gone, the API had said nothing changed). A read that
    fails says no: the error stands."""
    try:
        return check()
    except Exception as err:  # any store failure: nothing known, the write's error stands
        log.warning("could not read back a failed write (%s)", err)
        return False


def _all_stored(store: MeasureStore, collection: str, records: Sequence[StoredRecord]) -> bool:
    """Whether every record is stored as written (by its file's sha256)."""
    stored = {r.id: r.metadata.get("sha256")
              for r in store.get(collection, ids=[r.id for r in records])}
    return all(stored.get(r.id, object()) == r.metadata.get("sha256") for r in records)


def _after_commit(source: str, cleanup: Callable[[], object]) -> None:
    """Run a cleanup of chunks nobody sees any more. The write it follows is done (the
    document records decide what is served), so its failure — a full disk, a stuck store —
    must not make the caller report that write as failed: a delete answered 503 whose
    document was gone after a restart was one of issue 19's findings. The chunks stay,
    invisible, until the next write of their file removes them."""
    try:
        cleanup()
    except Exception as err:  # any store failure: the write before it stands
        log.warning("leftover chunks of %s not deleted (%s); they are not served", source, err)


class _BatchedWrites:
    """What `sync` writes, buffered across documents into few large upserts.

    Every write call to Chroma's embedded engine has a fixed cost, so records are written in
    batches of up to WRITE_BATCH, and passages embedded in full batches across documents
    (evals/BENCH.md has the figures). The order readers rely on is kept: a document's record
    is written only after all its chunks, and whatever follows a source's records (deleting
    its old version) only after them.
    """

    def __init__(self, writer: IndexWriter, progress: Callable[[int], None] | None):
        self.writer, self.progress = writer, progress
        self.records: list[StoredRecord] = []
        self.vectors: list[np.ndarray] = []  # rows for the first records; the rest await
        self.unembedded: list[str] = []  # passage texts of the records not embedded yet
        self.documents: list[PolicyDocument] = []
        self.after: list[Callable[[], None]] = []

    def add(self, doc: PolicyDocument) -> int:
        """Queue a document's chunks; they are embedded in full batches across documents and
        written (with the document's record) at the next flush."""
        count = 0
        for measure in doc.measures:
            for n, chunk in enumerate(chunk_text(measure.text)):
                self.records.append(chunk_record(doc, measure, n, chunk))
                self.unembedded.append(passage_text(doc, measure, chunk))
                count += 1
        self.documents.append(doc)
        self._embed(full_batches_only=True)
        if len(self.records) >= WRITE_BATCH:
            self.flush()
        return count

    def _embed(self, *, full_batches_only: bool) -> None:
        """Embed queued passages EMBED_BATCH at a time; batches span documents, so small
        documents do not leave short, padded batches."""
        while len(self.unembedded) >= (EMBED_BATCH if full_batches_only else 1):
            batch = self.unembedded[:EMBED_BATCH]
            del self.unembedded[:EMBED_BATCH]
            done = sum(len(v) for v in self.vectors)
            self.vectors.append(self.writer.embed(batch))
            if self.progress:  # in measures, as the bar counts them: their first chunks
                self.progress(sum(r.metadata["chunk"] == 0
                                  for r in self.records[done:done + len(batch)]))

    def then(self, action: Callable[[], None]) -> None:
        """Run `action` once everything added so far is written."""
        self.after.append(action)

    def flush(self) -> None:
        store, names = self.writer.store, self.writer.names
        self._embed(full_batches_only=False)
        if self.records:
            store.upsert(names.chunks, self.records, np.vstack(self.vectors))
        if self.documents:
            records = [document_record(d) for d in self.documents]
            try:
                store.upsert(names.documents, records,
                             self.writer.embed([d.title for d in self.documents]))
            except Exception:
                if not _took_effect(lambda: _all_stored(store, names.documents, records)):
                    raise
                log.warning("the upsert of %d document records failed but took effect; "
                            "they are reported written", len(records))
        after = self.after
        self.records, self.vectors, self.documents, self.after = [], [], [], []
        for action in after:
            action()
