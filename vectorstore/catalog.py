"""The catalog: every committed document and measure of the index, as one immutable value."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ingest.records import Measure, PolicyDocument
from vectorstore.chunks import keyword_text


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
        """Names this catalog's content; the caches built from it carry it."""
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

    def document_of(self, measure: Measure) -> PolicyDocument:
        return self.documents[measure.doc_id]

    def serves(self, measure: Measure, version: str) -> bool:
        """Whether this catalog serves the version of `measure` a stored chunk belongs to
        (`version`: the file-hash prefix of the chunk's id, see `chunks.measure_of`)."""
        return not version or self.documents[measure.doc_id].sha256.startswith(version)

    @cached_property
    def keyword_texts(self) -> tuple[str, ...]:
        """Each measure's BM25 text (`chunks.keyword_text`), in index order."""
        return tuple(keyword_text(m) for m in self.measures)

    def keyword_text_of(self, key: str) -> str:
        return self.keyword_texts[self.position[key]]
