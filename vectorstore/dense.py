"""Dense search: chunk vectors held in memory, and Chroma's own index past a size.

A question that names a place or a document may only be answered from those documents, and
Chroma's filtered query (`where`) gets slow as the index grows: the allowed documents' chunks
are scored exactly with one matrix product over `DenseRows` instead. An unfiltered search
does the same while the index is small (`EXACT_MAX_MEASURES`); past that, Chroma's HNSW
index answers it (`search_store`). The rows are read from the store once per catalog and
kept in one .npz file named by the catalog's fingerprint, so a restart loads them quickly.
evals/BENCH.md has the figures behind these choices.
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vectorstore.catalog import Catalog
from vectorstore.chunks import measure_of
from vectorstore.records import MeasureStore, Where

log = logging.getLogger(__name__)
#: Up to this many measures an unfiltered search is one matrix product here (about as long as
#: Chroma's query at this size); larger indexes ask Chroma's HNSW index.
EXACT_MAX_MEASURES = 5000


@dataclass(frozen=True)
class DenseRows:
    """One row per served chunk: its measure key, its vector, and the rows of each document."""

    fingerprint: str
    keys: tuple[str, ...]
    doc_ids: tuple[str, ...]  # the document of each row
    matrix: np.ndarray  # (rows, dim) float32, L2-normalised

    @classmethod
    def build(cls, catalog: Catalog, ids: Sequence[str], matrix: np.ndarray) -> DenseRows:
        """The rows of `catalog`'s served chunks among the stored `ids` (same order as `matrix`)."""
        keep, keys, docs = [], [], []
        for row, stored_id in enumerate(ids):
            key, version = measure_of(stored_id)
            measure = catalog.by_key.get(key)
            # Not committed, of a removed document, or of another version (being staged, or
            # left by an interrupted ingest): not served.
            if measure is None or not catalog.serves(measure, version):
                continue
            keep.append(row)
            keys.append(key)
            docs.append(measure.doc_id)
        vectors = np.ascontiguousarray(matrix[keep], dtype=np.float32) if keep else \
            np.zeros((0, matrix.shape[1] if matrix.ndim == 2 else 0), np.float32)
        return cls(catalog.fingerprint, tuple(keys), tuple(docs), vectors)

    def __post_init__(self) -> None:
        rows: dict[str, list[int]] = {}
        for row, doc_id in enumerate(self.doc_ids):
            rows.setdefault(doc_id, []).append(row)
        object.__setattr__(self, "_rows", {d: np.asarray(r, dtype=np.int64) for d, r in rows.items()})

    def __len__(self) -> int:
        return len(self.keys)

    def search(self, query_vector: np.ndarray, n: int,
               doc_ids: Iterable[str] | None = None) -> dict[str, float]:
        """Best cosine similarity per measure among the `n` nearest chunks of `doc_ids`
        (of all documents when None)."""
        if doc_ids is None:
            rows = np.arange(len(self.keys))
            matrix = self.matrix
        else:
            picked = [self._rows[d] for d in doc_ids if d in self._rows]
            rows = np.concatenate(picked) if picked else np.zeros(0, np.int64)
            matrix = self.matrix[rows]
        if not len(rows) or n < 1:
            return {}
        sims = matrix @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        top = min(n, len(rows))
        nearest = np.argpartition(-sims, top - 1)[:top]
        best: dict[str, float] = {}
        for i in nearest[np.argsort(-sims[nearest], kind="stable")]:
            key = self.keys[rows[i]]
            sim = min(1.0, max(-1.0, float(sims[i])))
            if sim > best.get(key, -2.0):
                best[key] = sim
        return best

    # -- on disk ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """One .npz file, written atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, fingerprint=np.array(self.fingerprint), keys=np.array(self.keys),
                         doc_ids=np.array(self.doc_ids), matrix=self.matrix)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> DenseRows | None:
        """The rows saved for this catalog fingerprint, or None (missing, stale, unreadable)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["fingerprint"]) != fingerprint:
                    return None
                return cls(fingerprint, tuple(data["keys"].tolist()),
                           tuple(data["doc_ids"].tolist()), data["matrix"].astype(np.float32))
        except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile) as err:
            if not isinstance(err, FileNotFoundError):
                log.warning("ignoring dense vector cache %s (%s)", path, err)
            return None


def search_store(store: MeasureStore, collection: str, catalog: Catalog,
                 query_vector: np.ndarray, n: int,
                 doc_ids: Sequence[str] | None = None) -> dict[str, float]:
    """Best cosine similarity per measure of `catalog` among the store's `n` nearest chunks
    (of `doc_ids` only, when given)."""
    where: Where | None = None
    if doc_ids is not None:
        where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": list(doc_ids)}}
    served: dict[str, float] = {}
    other: dict[str, float] = {}
    for stored_id, sim in store.query(collection, query_vector, n, where):
        key, version = measure_of(stored_id)
        measure = catalog.by_key.get(key)
        if measure is None:
            continue
        # Scores come from the version served; a chunk of another version (one being staged,
        # or one another process swapped in after this catalog was read) stands in for its
        # measure only when the served one is not among them.
        scores = served if catalog.serves(measure, version) else other
        scores[key] = max(sim, scores.get(key, -1.0))
    return {**other, **served}
