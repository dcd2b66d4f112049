"""How the index lays documents and measures out in the store, and reads them back.

Two collections: `<name>` holds one record per measure chunk (its vector, the chunk's text,
flat metadata to filter on; the first chunk also carries the whole measure as JSON), and
`<name>_docs` one record per document (its title embedded, the document as JSON). A measure
is served only when its document record exists with the same content hash and the document
has all its measures stored: what a reader sees is whole (see `vectorstore.writer`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace

from ingest.records import Measure, PolicyDocument
from vectorstore.catalog import Catalog
from vectorstore.chunks import chunk_id
from vectorstore.records import MeasureStore, Metadata, StoredRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Collections:
    """The names of an index's two collections."""

    chunks: str

    @property
    def documents(self) -> str:
        return f"{self.chunks}_docs"


def chunk_record(doc: PolicyDocument, measure: Measure, n: int, chunk: str) -> StoredRecord:
    """The record of a measure's n-th chunk."""
    meta: Metadata = {
        "key": measure.key, "doc_id": doc.doc_id, "source": doc.source, "doc_sha": doc.sha256,
        "number": measure.number, "kind": measure.kind, "chunk": n,
        "province": doc.region.get("province", ""), "city": doc.region.get("city", ""),
        "county": doc.region.get("county", ""), "issued": doc.issued or "",
        "lead_offices": "|".join(measure.lead_offices), "offices": "|".join(measure.offices),
        "has_time_limit": bool(measure.time_limits), "has_benefit": bool(measure.benefits),
    }
    if n == 0:
        meta["record"] = json.dumps(measure.to_dict(), ensure_ascii=False)
    return StoredRecord(chunk_id(measure.key, n, doc.sha256), chunk, meta)


def document_record(doc: PolicyDocument) -> StoredRecord:
    """The record of a document (its measures are stored as chunks)."""
    summary = {k: v for k, v in doc.to_dict().items() if k != "measures"}
    return StoredRecord(doc.doc_id, doc.title, {
        "source": doc.source, "sha256": doc.sha256, "title": doc.title,
        "doc_number": doc.doc_number, "measures": len(doc.measures),
        "record": json.dumps(summary, ensure_ascii=False)})


def stored_state(store: MeasureStore, names: Collections) -> str:
    """What the document records say now: changes when any process commits or removes one."""
    records = store.get(names.documents)
    return ";".join(sorted(f"{r.id}:{r.metadata.get('sha256')}" for r in records))


def read_catalog(store: MeasureStore, names: Collections) -> Catalog:
    """Every committed document with its measures; uncommitted or partial writes left out."""
    docs: dict[str, PolicyDocument] = {}
    counts: dict[str, object] = {}
    for record in store.get(names.documents):
        data = json.loads(str(record.metadata["record"]))
        docs[record.id] = PolicyDocument(**{**data, "measures": ()})
        counts[record.id] = record.metadata.get("measures")
    measures: dict[str, Measure] = {}
    for record in store.get(names.chunks, where={"chunk": 0}):
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
    docs = {doc_id: replace(doc, measures=tuple(by_doc.get(doc_id, ())))
            for doc_id, doc in docs.items()}
    return Catalog(docs, tuple(ordered))

