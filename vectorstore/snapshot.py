"""One state of the index, fixed when it is taken: what a request reads from start to end.

The catalog is read once; the keyword index, the dense rows and the corpus word sets are
built from that catalog alone (on first use, once, then shared by every request holding the
same snapshot). So every part a request reads agrees with every other, whatever another
process commits meanwhile: its changes reach the next snapshot (`PolicyIndex.snapshot`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import numpy as np

from vectorstore.bm25 import BM25Index
from vectorstore.catalog import Catalog
from vectorstore.corpus_words import CorpusWords
from vectorstore.dense import EXACT_MAX_MEASURES, DenseRows, search_store
from vectorstore.errors import StoreError
from vectorstore.keywords import Tokenizer
from vectorstore.layout import Collections
from vectorstore.records import MeasureStore
from vectorstore.sentence_vectors import SentenceVectors

log = logging.getLogger(__name__)
T = TypeVar("T")


def sentence_vectors_path(cache_dir: Path, names: Collections) -> Path:
    return cache_dir / f"sentences-{names.chunks}.npz"


class IndexSnapshot:
    """The catalog of one moment and the search structures built from it."""

    def __init__(self, catalog: Catalog, store: MeasureStore, names: Collections,
                 cache_dir: Path, tokenizer: Tokenizer):
        self.catalog = catalog
        self.tokenizer = tokenizer  # knows the catalog's office names as words
        self._store, self._names, self._cache_dir = store, names, cache_dir
        self._parts: dict[str, object] = {}
        # Parts are built on first use under one lock: concurrent requests on a fresh
        # snapshot must not build the keyword index twice.
        self._lock = threading.RLock()

    def _part(self, name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._parts:
                self._parts[name] = build()
            return self._parts[name]  # type: ignore[return-value]

    # -- parts built from the catalog ----------------------------------------------------
    @property
    def keywords(self) -> BM25Index:
        """BM25 over the catalog, loaded from its cache when the fingerprint matches."""
        return self._part("keywords", self._load_keywords)

    @property
    def dense_rows(self) -> DenseRows:
        """The served chunks' vectors in memory, loaded from their cache when it matches."""
        return self._part("dense_rows", self._load_dense_rows)

    @property
    def sentence_vectors(self) -> SentenceVectors:
        """The measures' sentence vectors stored at ingest (`vectorstore.sentence_vectors`)."""
        return self._part("sentence_vectors", lambda: SentenceVectors.load(
            sentence_vectors_path(self._cache_dir, self._names)))

    @property
    def corpus_words(self) -> CorpusWords:
        """`word in snapshot.corpus_words`: does any measure's keyword text contain it."""
        return self._part("corpus_words",
                          lambda: CorpusWords("\n".join(self.catalog.keyword_texts)))

    @property
    def _keywords_fingerprint(self) -> str:
        # The tokens depend on the vocabulary file as well as on the catalog: a cache built
        # before the package's vocabulary changed must not serve the new one.
        return f"{self.catalog.fingerprint}:{self.tokenizer.signature}"

    def _load_keywords(self) -> BM25Index:
        path = self._cache_dir / f"bm25-{self._names.chunks}.npz"
        catalog = self.catalog
        if BM25Index.stored_fingerprint(path) == self._keywords_fingerprint:
            try:
                return BM25Index.load(path)
            except StoreError as err:  # a corrupt cache: rebuilt below
                log.warning("rebuilding keyword index (%s)", err)
        index = BM25Index.build([m.key for m in catalog.measures],
                                [self.tokenizer.tokens(t) for t in catalog.keyword_texts],
                                fingerprint=self._keywords_fingerprint)
        index.save(path)
        return index

    def _load_dense_rows(self) -> DenseRows:
        path = self._cache_dir / f"dense-{self._names.chunks}.npz"
        rows = DenseRows.load(path, self.catalog.fingerprint)
        if rows is None:
            ids, matrix = self._store.vectors(self._names.chunks)
            rows = DenseRows.build(self.catalog, ids, matrix)
            try:
                rows.save(path)
            except OSError as err:  # a read-only data dir only costs time at the next start
                log.warning("cannot cache dense vectors at %s (%s)", path, err)
        return rows

    def warm_up(self) -> None:
        """Build every part now rather than on the first request."""
        _ = self.keywords, self.dense_rows, self.corpus_words, self.sentence_vectors
        self.tokenizer.warm_up()

    # -- searches ------------------------------------------------------------------------
    def dense_search(self, query_vector: np.ndarray, n: int,
                     doc_ids: Iterable[str] | None = None) -> dict[str, float]:
        """Best cosine similarity per measure key among the nearest chunks, best first."""
        ids = None if doc_ids is None else sorted(doc_ids)
        if ids is not None and not ids:
            return {}
        # Exact and in memory: restricted to some documents, or all of a small index.
        if ids is not None or len(self.catalog.measures) <= EXACT_MAX_MEASURES:
            found = self.dense_rows.search(query_vector, n, ids)
        else:
            found = search_store(self._store, self._names.chunks, self.catalog, query_vector,
                                 n, ids)
        return dict(sorted(found.items(), key=lambda item: item[1], reverse=True))

    def keyword_search(self, text: str, n: int,
                       doc_ids: Iterable[str] | None = None) -> dict[str, float]:
        """BM25 score per measure key for `text`, best first; only the measures of `doc_ids`
        when given."""
        mask = None if doc_ids is None else self.catalog.mask(doc_ids)
        return dict(self.keywords.search(self.tokenizer.tokens(text), n, allowed=mask))
