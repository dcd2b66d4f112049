"""What the vector index stores, and the small protocol every index backend implements."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

#: A metadata value Chroma can store and filter on. No None, no lists: flat and typed.
MetadataValue = str | int | float | bool
Metadata = dict[str, MetadataValue]
#: A Chroma-style filter, e.g. {"doc_id": "x"} or {"$and": [{"doc_id": "x"}, {"kind": "measure"}]}.
Where = dict[str, Any]

_INT64 = (-(2**63), 2**63 - 1)
# Keys the store keeps for itself (Chroma reserves "#document", "#embedding", "chroma:document").
_RESERVED_KEY_PREFIXES = ("#", "chroma:")


@dataclass(frozen=True)
class StoredRecord:
    """One record of the vector index: an id, the text that was embedded, flat metadata."""

    id: str
    #: The text that was embedded (kept for display and debugging).
    text: str
    #: Flat, Chroma-compatible metadata: str/int/float/bool values only.
    metadata: Metadata
    #: Filled by `get(..., include_embeddings=True)` only (equal to float32 rounding).
    embedding: list[float] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"a record id must be a non-empty string, got {self.id!r}")
        if not isinstance(self.text, str):
            raise ValueError(f"record {self.id}: text must be a string, got {type(self.text).__name__}")
        check_metadata(self.metadata, owner=f"record {self.id}")


def check_metadata(metadata: Metadata, *, owner: str = "metadata") -> None:
    """Raise ValueError unless `metadata` is flat: string keys, str/int/float/bool values."""
    if not isinstance(metadata, dict):
        raise ValueError(f"{owner}: metadata must be a dict, got {type(metadata).__name__}")
    for key, value in metadata.items():
        if not isinstance(key, str) or not key or key.startswith(_RESERVED_KEY_PREFIXES):
            raise ValueError(f"{owner}: metadata key {key!r} is empty, not a string or reserved")
        if not isinstance(value, str | int | float | bool):
            raise ValueError(
                f"{owner}: metadata {key!r} must be str, int, float or bool, "
                f"got {type(value).__name__} ({value!r})"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{owner}: metadata {key!r} must be finite, got {value!r}")
        if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
            raise ValueError(f"{owner}: metadata {key!r} does not fit in 64 bits: {value!r}")


@runtime_checkable
class MeasureStore(Protocol):
    """A vector index of measure records, one named collection per index.

    Embeddings are always computed by the caller: a store never embeds text itself.
    """

    def upsert(
        self, collection: str, records: Sequence[StoredRecord], embeddings: np.ndarray
    ) -> None:
        """Insert or replace `records` (row i of `embeddings` belongs to records[i]).

        Replacing is complete: text, embedding and metadata all become the new ones.
        """
        ...

    def query(
        self, collection: str, embedding: np.ndarray, n: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """The `n` records nearest to `embedding` as (id, cosine similarity), best first."""
        ...

    def get(
        self,
        collection: str,
        ids: Sequence[str] | None = None,
        where: Where | None = None,
        include_embeddings: bool = False,
    ) -> list[StoredRecord]:
        """Records by id (in the order asked, missing ids skipped) and/or filter; all if neither."""
        ...

    def delete(
        self, collection: str, ids: Sequence[str] | None = None, where: Where | None = None
    ) -> int:
        """Delete records by id and/or filter; return how many existed and were deleted."""
        ...

    def count(self, collection: str) -> int:
        """How many records `collection` holds (0 if it does not exist)."""
        ...

    def heartbeat(self) -> bool:
        """True when the index can be reached and opened."""
        ...
