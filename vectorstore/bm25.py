"""Okapi BM25 over search tokens, scored one query term at a time with numpy.

`BM25Index` is an inverted index over the tokens `vectorstore.keywords.Tokenizer` cuts,
saved to a single .npz file that carries a fingerprint so a caller can tell whether it is
stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from vectorstore.errors import StoreError


class BM25Index:
    """Okapi BM25 over token lists, with Lucene's idf: log(1 + (N - df + 0.5) / (df + 0.5)).

    Postings are kept per term as slices of two flat arrays (document indices, term
    frequencies); a query adds each of its terms' precomputed weights into one score vector.
    Each distinct query term counts once.
    """

    FORMAT = 1

    def __init__(
        self,
        doc_ids: Sequence[str],
        terms: Sequence[str],
        indptr: np.ndarray,
        postings_docs: np.ndarray,
        postings_tfs: np.ndarray,
        doc_lengths: np.ndarray,
        k1: float = 1.2,
        b: float = 0.75,
        fingerprint: str = "",
    ):
        """Wrap prepared postings; use `build` or `load` rather than calling this directly."""
        self.doc_ids = list(doc_ids)
        self.terms = list(terms)
        self.k1 = float(k1)
        self.b = float(b)
        self.fingerprint = fingerprint
        self._term_index = {term: i for i, term in enumerate(self.terms)}
        self._indptr = np.asarray(indptr, dtype=np.int64)
        self._docs = np.asarray(postings_docs, dtype=np.int32)
        self._tfs = np.asarray(postings_tfs, dtype=np.float32)
        self._lengths = np.asarray(doc_lengths, dtype=np.int32)
        if len(self._indptr) != len(self.terms) + 1 or len(self._lengths) != len(self.doc_ids):
            raise ValueError("postings do not match the terms and documents")
        self._weights = self._posting_weights()

    def _posting_weights(self) -> np.ndarray:
        n_docs = len(self.doc_ids)
        if not len(self._docs):
            return np.zeros(0, dtype=np.float32)
        df = np.diff(self._indptr).astype(np.float64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        lengths = self._lengths.astype(np.float64)
        avgdl = max(lengths.mean(), 1e-9)
        norm = self.k1 * (1.0 - self.b + self.b * lengths / avgdl)
        tf = self._tfs.astype(np.float64)
        term_of_posting = np.repeat(np.arange(len(self.terms)), np.diff(self._indptr))
        weights = idf[term_of_posting] * tf * (self.k1 + 1.0) / (tf + norm[self._docs])
        return weights.astype(np.float32)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term; 0.0 for a term no document holds."""
        i = self._term_index.get(term)
        if i is None:
            return 0.0
        df = float(self._indptr[i + 1] - self._indptr[i])
        return float(np.log1p((len(self.doc_ids) - df + 0.5) / (df + 0.5)))

    def __contains__(self, term: str) -> bool:
        return term in self._term_index

    @classmethod
    def build(
        cls,
        doc_ids: Sequence[str],
        token_lists: Sequence[list[str]],
        k1: float = 1.2,
        b: float = 0.75,
        fingerprint: str | None = None,
    ) -> BM25Index:
        """Index documents given as token lists; `fingerprint` defaults to a content hash."""
        if len(doc_ids) != len(token_lists):
            raise ValueError(f"{len(doc_ids)} doc ids but {len(token_lists)} token lists")
        if len(set(doc_ids)) != len(doc_ids):
            raise ValueError("doc ids must be unique")
        vocabulary: dict[str, int] = {}
        term_col: list[int] = []
        doc_col: list[int] = []
        tf_col: list[int] = []
        lengths = np.zeros(len(doc_ids), dtype=np.int32)
        digest = hashlib.sha256(f"bm25 k1={k1} b={b}".encode())
        for doc, tokens in enumerate(token_lists):
            lengths[doc] = len(tokens)
            if fingerprint is None:
                digest.update(json.dumps([doc_ids[doc], tokens], ensure_ascii=False).encode())
            for term, tf in Counter(tokens).items():
                term_col.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_col.append(doc)
                tf_col.append(tf)
        terms_arr = np.asarray(term_col, dtype=np.int64)
        # A stable sort keeps each term's documents in ascending order.
        order = np.argsort(terms_arr, kind="stable")
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms_arr, minlength=len(vocabulary)), out=indptr[1:])
        return cls(
            doc_ids=doc_ids,
            terms=list(vocabulary),
            indptr=indptr,
            postings_docs=np.asarray(doc_col, dtype=np.int32)[order],
            postings_tfs=np.asarray(tf_col, dtype=np.float32)[order],
            doc_lengths=lengths,
            k1=k1,
            b=b,
            fingerprint=digest.hexdigest() if fingerprint is None else fingerprint,
        )

    def __len__(self) -> int:
        return len(self.doc_ids)

    def search(
        self, query_tokens: Iterable[str], n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The `n` best documents as (doc id, score), best first; only positive scores.

        `allowed`, a boolean array with one entry per document, keeps only the documents
        where it is true (filters by city, document, ...).
        """
        if allowed is not None:
            allowed = np.asarray(allowed)
            if allowed.dtype != np.bool_ or allowed.shape != (len(self.doc_ids),):
                raise ValueError(f"allowed must be a boolean array of shape ({len(self)},)")
        term_ids = sorted({self._term_index[t] for t in query_tokens if t in self._term_index})
        if n <= 0 or not term_ids:
            return []
        scores = np.zeros(len(self.doc_ids), dtype=np.float32)
        for term in term_ids:
            start, stop = self._indptr[term], self._indptr[term + 1]
            # A term's postings name each document once, so fancy-index += is exact.
            scores[self._docs[start:stop]] += self._weights[start:stop]
        if allowed is not None:
            scores[~allowed] = 0.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > n:
            # Keep everything tied with the n-th score so ties break by position, not by chance.
            nth = np.partition(scores[hits], len(hits) - n)[len(hits) - n]
            hits = hits[scores[hits] >= nth]
        order = np.lexsort((hits, -scores[hits]))[:n]
        return [(self.doc_ids[i], float(scores[i])) for i in hits[order]]

    def save(self, path: Path) -> None:
        """Write the index to one .npz file, atomically (a temp file renamed into place)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"format": self.FORMAT, "k1": self.k1, "b": self.b,
                "doc_ids": self.doc_ids, "terms": self.terms}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(
                    fh,
                    fingerprint=_text_array(self.fingerprint),
                    meta=_text_array(json.dumps(meta, ensure_ascii=False)),
                    indptr=self._indptr,
                    postings_docs=self._docs,
                    postings_tfs=self._tfs,
                    doc_lengths=self._lengths,
                )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        """Read an index written by `save`; raises StoreError if it is missing or unreadable."""
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                meta = json.loads(_array_text(data["meta"]))
                if meta.get("format") != cls.FORMAT:
                    raise ValueError(f"format {meta.get('format')}, expected {cls.FORMAT}")
                return cls(
                    doc_ids=meta["doc_ids"],
                    terms=meta["terms"],
                    indptr=data["indptr"],
                    postings_docs=data["postings_docs"],
                    postings_tfs=data["postings_tfs"],
                    doc_lengths=data["doc_lengths"],
                    k1=meta["k1"],
                    b=meta["b"],
                    fingerprint=_array_text(data["fingerprint"]),
                )
        except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile) as err:
            raise StoreError(f"cannot read keyword index {path}: {err}") from err

    @staticmethod
    def stored_fingerprint(path: Path) -> str | None:
        """The fingerprint saved in an index file, without loading it; None if unreadable."""
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                return _array_text(data["fingerprint"])
        except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile):
            return None


def _text_array(text: str) -> np.ndarray:
    # Text as UTF-8 bytes: loads without pickle, unlike an object array.
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _array_text(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")
