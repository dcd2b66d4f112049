"""Values crossing into chromadb and back: filters, metadata updates, vectors, distances.

chromadb 1.5.9's ways this module works around (see `vectorstore.chroma_store`): an upsert
merges metadata unless stale keys are sent as None; a cosine collection hands vectors back
off by float32 rounding; distances are 1 - cosine and may fall a hair below 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from vectorstore.records import Metadata, StoredRecord, Where


def normalise_where(where: Where | None) -> Where | None:
    """A filter Chroma accepts: {} → None; several keys → "$and"; a one-item "$and"/"$or" unwrapped."""
    if not where:
        return None
    if len(where) > 1:
        return {"$and": [normalise_where({key: value}) for key, value in where.items()]}
    ((key, value),) = where.items()
    if key in ("$and", "$or"):
        clauses = [c for c in (normalise_where(clause) for clause in value) if c]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {key: clauses}
    return where


def replacing(metadata: Metadata, stored: Stored | None) -> dict[str, Any] | None:
    """Metadata for chromadb's upsert that replaces the stored record's instead of merging."""
    update: dict[str, Any] = dict(metadata)
    for key in stored.metadata if stored else ():
        update.setdefault(key, None)  # None deletes the key
    return update or None  # chromadb rejects {}


def unchanged(stored: Stored | None, record: StoredRecord, vector: np.ndarray) -> bool:
    """Whether writing `record` with `vector` would leave the stored record as it is."""
    if stored is None or stored.text != record.text:
        return False
    # Compare types too: True == 1 in Python, but not in a Chroma filter.
    if {k: (type(v), v) for k, v in stored.metadata.items()} != {
        k: (type(v), v) for k, v in record.metadata.items()
    }:
        return False
    if stored.embedding is None:
        return False
    # A cosine collection hands vectors back with their last bits changed: compare loosely.
    old = np.asarray(stored.embedding, dtype=np.float32)
    return old.shape == vector.shape and np.allclose(old, vector, rtol=1e-5, atol=1e-7)


class Stored(NamedTuple):
    """A record as Chroma returned it, before any validation."""

    text: str
    metadata: dict[str, Any]
    embedding: Any


def as_matrix(embeddings: np.ndarray, rows: int) -> np.ndarray:
    vectors = np.asarray(embeddings, dtype=np.float32)
    if rows == 0 and vectors.size == 0:
        return vectors.reshape(0, 0)
    if vectors.ndim != 2 or vectors.shape[0] != rows or vectors.shape[1] == 0:
        raise ValueError(f"expected {rows} embeddings as a ({rows}, dim) array, got {vectors.shape}")
    if not np.isfinite(vectors).all():
        raise ValueError("embeddings contain NaN or infinite values")
    return vectors


def rows_or_none(embeddings: Any, count: int) -> Any:
    # chromadb returns a numpy array here (no truth value), or None when not included.
    return [None] * count if embeddings is None else embeddings


def similarity(distance: float) -> float:
    # Cosine distance is 1 - cos; float32 rounding can leave it a hair below 0.
    return min(1.0, max(-1.0, 1.0 - float(distance)))


def duplicates(ids: Sequence[str]) -> list[str]:
    return sorted(i for i, times in Counter(ids).items() if times > 1)
