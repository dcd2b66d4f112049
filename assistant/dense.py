"""Chunk vectors held in memory, for dense search restricted to some documents.

A question that names a place or a document may only be answered from those documents.
Chroma's filtered query (`where={"doc_id": {"$in": [...]}}`) got slow as the index grew:
over the 37,000 chunks of a 100× corpus it took 17–170 ms (42 ms for a single document),
against 1 ms unfiltered and an embedded query of ~20 ms. Scoring the allowed documents'
chunks exactly with one matrix product takes well under a millisecond. An unfiltered search
scores every row the same way while the index is small (`EXACT_MAX_MEASURES`): over the shipped
corpus's 372 chunks that is ~20 µs against ~1.2 ms for Chroma's query, and exact. Past
that, Chroma's HNSW index answers it.

The vectors are read from the store once per catalog (2.6 s for 37,000 chunks) and kept next
to the keyword index in one .npz file named by the catalog's fingerprint, so a restart loads
them in a fraction of a second; float32, 1.5 KB a chunk (57 MB at 100×).
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

log = logging.getLogger(__name__)
#: Up to this many measures (~5,200 chunks, 8 MB of float32: about as long as Chroma's query)
#: an unfiltered search is one matrix product here; larger indexes ask Chroma's HNSW index.
EXACT_MAX_MEASURES = 5000


@dataclass(frozen=True)
class DenseRows:
    """One row per served chunk: its measure key, its vector, and the rows of each document."""

    fingerprint: str
    keys: tuple[str, ...]
    doc_ids: tuple[str, ...]  # the document of each row
    matrix: np.ndarray  # (rows, dim) float32, L2-normalised

    @classmethod
    def build(cls, catalog, ids: Sequence[str], matrix: np.ndarray) -> DenseRows:
        """The rows of `catalog`'s served chunks among the stored `ids` (same order as `matrix`)."""
        keep, keys, docs = [], [], []
        for row, stored_id in enumerate(ids):
            key, _, version = stored_id.rpartition("#")
            version = version.partition(".")[2]
            measure = catalog.by_key.get(key)
            if measure is None:
                continue  # not committed, or of a removed document
            if version and not catalog.documents[measure.doc_id].sha256.startswith(version):
                continue  # another version (being staged, or left by an interrupted ingest)
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
