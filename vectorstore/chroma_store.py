"""The vector index in Chroma, embedded or on a server (chromadb itself: `chroma_client`).

chromadb is imported on first use, so importing this module stays cheap. Facts about
chromadb 1.5.9 this module relies on or works around:

- A collection opened without `embedding_function=None` gets chromadb's default embedding
  function, which downloads an ONNX model the first time it runs. We always pass None and
  always send our own vectors (`embeddings=`, `query_embeddings=`), never texts to embed.
- New collections default to L2 distance, and `get_or_create_collection` silently ignores
  the configuration of a collection that already exists: the space is checked on open.
- `upsert` of an existing id *merges* metadata (old keys survive) unless a key is sent as
  None; we send None for every stale key so that an upsert replaces the record.
- `delete(ids=...)` reports ids that never existed as deleted: we count what exists first.
- The HTTP client waits forever by default (httpx timeout None): we set a timeout.
- Writing an id that already exists costs far more than a new one (an HNSW update;
  evals/BENCH.md): unchanged records are skipped. A cosine collection returns vectors off by float32 rounding, not bit-exact.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from vectorstore.chroma_client import SPACE, check_space, set_http_timeout
from vectorstore.chroma_client import chroma as _chroma
from vectorstore.chroma_values import (
    Stored,
    as_matrix,
    duplicates,
    normalise_where,
    replacing,
    rows_or_none,
    similarity,
    unchanged,
)
from vectorstore.errors import StoreError
from vectorstore.records import StoredRecord, Where

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Records per request. Chroma allows more (client.get_max_batch_size(), 5461 here), but a
#: 1,000 × 384 float request stays a few MB of JSON on the wire to a server.
MAX_BATCH = 1000


class ChromaStore:
    """A `MeasureStore` over a Chroma client, opened lazily on first use.

    Build one with `ChromaStore.embedded(path)` or `ChromaStore.server(host, port)`. Safe to
    share between threads.
    """

    def __init__(self, connect: Callable[[], ClientAPI], location: str):
        self._connect = connect
        #: Where the index lives, for messages: "Chroma server at host:port" or a path.
        self.location = location
        self._client: ClientAPI | None = None
        self._batch = MAX_BATCH
        self._collections: dict[str, Collection] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ChromaStore({self.location})"

    # -- construction -------------------------------------------------------------------

    @classmethod
    def embedded(cls, path: Path) -> ChromaStore:
        """An index stored in the directory `path` (created when first written)."""
        path = Path(path)
        location = f"embedded Chroma index at {path}"

        def connect() -> ClientAPI:
            chroma = _chroma()
            try:
                return chroma.module.PersistentClient(
                    path=str(path), settings=chroma.client_settings()
                )
            except Exception as exc:  # any failure here means the index cannot be opened
                raise StoreError(f"cannot open {location}: {exc}") from exc

        return cls(connect, location)

    @classmethod
    def server(cls, host: str, port: int, *, timeout_s: float = 60.0) -> ChromaStore:
        """An index on a Chroma server (`chroma run`) at host:port, over HTTP."""
        location = f"Chroma server at {host}:{port}"

        def connect() -> ClientAPI:
            chroma = _chroma()
            import httpx

            netloc = f"[{host}]" if ":" in host else host
            try:
                # Fail fast with a clear message: chromadb's own first request has no timeout.
                httpx.get(f"http://{netloc}:{port}/api/v2/heartbeat", timeout=min(timeout_s, 5.0))
                client = chroma.module.HttpClient(
                    host=host, port=int(port), settings=chroma.client_settings()
                )
            except chroma.unreachable as exc:
                raise StoreError(f"cannot reach {location} ({exc})") from exc
            except chroma.failures as exc:
                raise StoreError(f"cannot connect to {location}: {exc}") from exc
            set_http_timeout(client, timeout_s)
            return client

        return cls(connect, location)

    def close(self) -> None:
        """Release the client; the store reconnects if used again."""
        with self._lock:
            client, self._client = self._client, None
            self._collections.clear()
        if client is not None and hasattr(client, "close"):
            client.close()

    # -- the MeasureStore protocol --------------------------------------------------------

    def upsert(
        self, collection: str, records: Sequence[StoredRecord], embeddings: np.ndarray
    ) -> None:
        """Insert or replace `records`; row i of `embeddings` is the vector of records[i]."""
        vectors = as_matrix(embeddings, len(records))
        ids = [record.id for record in records]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate record ids in one upsert: {duplicates(ids)}")
        if not records:
            return

        def write(col: Collection) -> None:
            written = 0
            for start in range(0, len(records), self._batch):
                batch = records[start:start + self._batch]
                old = col.get(ids=ids[start:start + self._batch],
                              include=["documents", "metadatas", "embeddings"])
                stored = {
                    i: Stored(text or "", metadata or {}, vector)
                    for i, text, metadata, vector in zip(
                        old["ids"], old["documents"], old["metadatas"],
                        rows_or_none(old["embeddings"], len(old["ids"])), strict=True,
                    )
                }
                # Rewriting an existing id costs far more than writing a new one (an HNSW
                # update), and re-ingesting mostly sends records that did not change: skip
                # those.
                fresh = [k for k, record in enumerate(batch)
                         if not unchanged(stored.get(record.id), record, vectors[start + k])]
                if not fresh:
                    continue
                col.upsert(
                    ids=[batch[k].id for k in fresh],
                    embeddings=vectors[[start + k for k in fresh]],
                    documents=[batch[k].text for k in fresh],
                    metadatas=[replacing(batch[k].metadata, stored.get(batch[k].id))
                               for k in fresh],
                )
                written += len(fresh)
            log.debug("upsert into %s: %d written, %d unchanged", collection, written,
                      len(records) - written)

        self._with_collection(collection, "upsert records", write, create=True, missing=None)

    def query(
        self, collection: str, embedding: np.ndarray, n: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """The `n` nearest records as (id, cosine similarity), best first; [] when empty."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        vector = np.asarray(embedding, dtype=np.float32)
        if vector.ndim == 2 and vector.shape[0] == 1:
            vector = vector[0]
        if vector.ndim != 1 or not vector.size or not np.isfinite(vector).all():
            raise ValueError(f"query embedding must be one finite vector, got shape {vector.shape}")
        where = normalise_where(where)

        def search(col: Collection) -> list[tuple[str, float]]:
            # chromadb 1.5.9 clamps n_results to what exists (and to what matches `where`).
            found = col.query(query_embeddings=[vector], n_results=n, where=where,
                              include=["distances"])
            distances = (found["distances"] or [[]])[0]
            return [(i, similarity(d)) for i, d in zip(found["ids"][0], distances, strict=True)]

        return self._with_collection(collection, "query", search, create=False, missing=[])

    def get(self, collection: str, ids: Sequence[str] | None = None,
            where: Where | None = None, include_embeddings: bool = False) -> list[StoredRecord]:
        """See `MeasureStore.get`; read a batch per request (`_pages`), then put in the order asked."""
        if ids is not None and not ids:
            return []
        where = normalise_where(where)
        include = ["documents", "metadatas"] + (["embeddings"] if include_embeddings else [])

        def read(col: Collection) -> list[StoredRecord]:
            records = [
                StoredRecord(
                    id=i,
                    text=text or "",
                    metadata=dict(metadata or {}),
                    embedding=None if vector is None else [float(x) for x in vector],
                )
                for page in self._pages(col, ids, where, include)
                for i, text, metadata, vector in zip(
                    page["ids"],
                    page["documents"] or [None] * len(page["ids"]),
                    page["metadatas"] or [None] * len(page["ids"]),
                    rows_or_none(page["embeddings"], len(page["ids"])),
                    strict=True,
                )
            ]
            if ids is None:
                return records
            by_id = {record.id: record for record in records}
            return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]

        return self._with_collection(collection, "get records", read, create=False, missing=[])

    def delete(
        self, collection: str, ids: Sequence[str] | None = None, where: Where | None = None
    ) -> int:
        """Delete records by id and/or filter; return how many existed and were deleted."""
        where = normalise_where(where)
        if ids is None and where is None:
            raise ValueError("delete needs ids or a where filter (refusing to empty a collection)")
        if ids is not None and not ids:
            return 0

        def remove(col: Collection) -> int:
            # Chroma counts ids that never existed as deleted: find what exists first.
            found = [i for page in self._pages(col, ids, where, []) for i in page["ids"]]
            for start in range(0, len(found), self._batch):
                col.delete(ids=found[start:start + self._batch])
            return len(found)

        return self._with_collection(collection, "delete records", remove, create=False, missing=0)

    def vectors(self, collection: str) -> tuple[list[str], np.ndarray]:
        """Every record's id and embedding, as one float32 matrix (empty when no collection).

        For searches that keep the vectors in memory (`vectorstore.dense`): Chroma's own
        filtered query (`where`) gets slow as the index grows.
        """

        def read(col: Collection) -> tuple[list[str], np.ndarray]:
            ids: list[str] = []
            rows: list[np.ndarray] = []
            for page in self._pages(col, None, None, ["embeddings"]):
                if page["ids"]:
                    ids.extend(page["ids"])
                    rows.append(np.asarray(page["embeddings"], dtype=np.float32))
            matrix = np.vstack(rows) if rows else np.zeros((0, 0), np.float32)
            return ids, matrix

        return self._with_collection(collection, "read vectors", read, create=False,
                                     missing=([], np.zeros((0, 0), np.float32)))

    def count(self, collection: str) -> int:
        """How many records `collection` holds (0 if it does not exist)."""
        return self._with_collection(collection, "count records", lambda col: col.count(),
                                     create=False, missing=0)

    def heartbeat(self) -> bool:
        """True when the index can be opened (embedded) or the server answers."""
        try:
            client = self._client_()
            try:
                client.heartbeat()
            except _chroma().failures as exc:
                raise self._error("answer a heartbeat", None, exc) from exc
        except StoreError as exc:
            log.warning("%s", exc)
            return False
        return True

    # -- beyond the protocol ----------------------------------------------------------------

    def drop(self, collection: str) -> bool:
        """Delete a whole collection; False if it did not exist."""
        client = self._client_()
        self._collections.pop(collection, None)
        chroma = _chroma()
        try:
            client.delete_collection(collection)
        except chroma.not_found:
            return False
        except chroma.failures as exc:
            raise self._error("drop the collection", collection, exc) from exc
        return True

    # -- internals ----------------------------------------------------------------------------

    def _client_(self) -> ClientAPI:
        with self._lock:
            if self._client is None:
                client = self._connect()
                try:
                    self._batch = max(1, min(MAX_BATCH, client.get_max_batch_size()))
                except _chroma().failures as exc:
                    raise self._error("report its batch size", None, exc) from exc
                self._client = client
            return self._client

    def _collection(self, name: str, *, create: bool) -> Collection | None:
        cached = self._collections.get(name)
        if cached is not None:
            return cached
        client = self._client_()
        chroma = _chroma()
        try:
            if create:
                col = client.get_or_create_collection(
                    name, configuration={"hnsw": {"space": SPACE}}, embedding_function=None
                )
            else:
                col = client.get_collection(name, embedding_function=None)
        except chroma.not_found:
            return None
        except chroma.failures as exc:
            raise self._error("open the collection", name, exc) from exc
        check_space(col, self.location)
        self._collections[name] = col
        return col

    def _with_collection(
        self, name: str, action: str, run: Callable[[Collection], T], *, create: bool, missing: T
    ) -> T:
        """Run `run` on the collection, translating chromadb's errors into StoreError."""
        chroma = _chroma()
        for attempt in range(2):
            col = self._collection(name, create=create)
            if col is None:
                return missing
            try:
                return run(col)
            except chroma.not_found as exc:
                # Dropped (and maybe recreated) behind our cached handle: reopen once.
                self._collections.pop(name, None)
                if attempt:
                    raise self._error(action, name, exc) from exc
            except chroma.failures as exc:
                raise self._error(action, name, exc) from exc
        raise AssertionError("unreachable")

    def _pages(
        self, col: Collection, ids: Sequence[str] | None, where: Where | None, include: list[str]
    ) -> Iterator[dict[str, Any]]:
        """chromadb `get` results, at most one batch per request."""
        if ids is not None:
            unique = list(dict.fromkeys(ids))
            for start in range(0, len(unique), self._batch):
                yield col.get(ids=unique[start:start + self._batch], where=where, include=include)
            return
        offset = 0
        while True:
            page = col.get(where=where, include=include, limit=self._batch, offset=offset)
            yield page
            if len(page["ids"]) < self._batch:
                return
            offset += self._batch

    def _error(self, action: str, collection: str | None, exc: Exception) -> StoreError:
        if isinstance(exc, _chroma().unreachable):
            return StoreError(f"cannot reach {self.location} ({exc})")
        where = f"collection {collection!r}, {self.location}" if collection else self.location
        return StoreError(f"Chroma failed to {action} ({where}): {exc}")


__all__ = ["MAX_BATCH", "ChromaStore", "normalise_where"]
