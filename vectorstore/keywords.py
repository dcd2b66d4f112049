"""Keyword retrieval over Chinese policy text: jieba search-mode tokens scored with BM25.

`Tokenizer` cuts text into lower-cased search tokens with its own jieba instance (policy terms
and office names added as words, colloquial words expanded to official terms, stopwords and
punctuation dropped). Character bigrams were tried and left out: they did not help retrieval
on the development questions (evals/BENCH.md).

`BM25Index` is an inverted index over those tokens, scored one query term at a time with
numpy, saved to a single .npz file that carries a fingerprint so a caller can tell whether
it is stale.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jieba
import numpy as np

from vectorstore.errors import StoreError

log = logging.getLogger(__name__)

#: The policy vocabulary shipped with the package: one term per line, `#` comments, and
#: `colloquial = official official` lines for words that should also yield official terms.
POLICY_TERMS = Path(__file__).with_name("policy_terms.txt")
#: jieba's prefix-dictionary cache, named after its version so an upgrade rebuilds it.
JIEBA_CACHE_NAME = f"jieba-{jieba.__version__}.cache"

# Question words, particles and pronouns: frequent in questions, absent from the measures.
_STOPWORD_TEXT = """
    的 地 得 了 着 过 和 与 及 以及 等 等等 在 对 对于 为 是 有 要 将 把 被 也 都 而 或 或者 并
    由 从 以 按 其 之 于 个 吗 呢 啊 吧 么 呀 哦 嘛 哈 我 我们 我司 你 你们 您 他 她 它 他们
    这 那 这个 那个 这些 那些 这样 那样 这里 那里 这边 那边 什么 怎么 怎么样 怎样 如何 哪 哪些
    哪个 哪里 哪儿 多少 几 能 能不能 可以 可不可以 会 会不会 请问 一下 一般 想 想要 问 问问
    咨询 就 还 又 再 给 让 跟 啥 咋 嗯 请
    """
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

#: Maps text to one canonical spelling, character for character (full-width letters and
#: digits to half-width, odd spaces to plain ones): ingest's `normalise_chars`, given by the
#: caller so that questions and measures are spelled alike; unchanged by default.
Normalise = Callable[[str], str]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Extraction leaves spaces and line breaks inside words (市市场监管\n\n局, 11 天).
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


@dataclass(frozen=True)
class Vocabulary:
    """Words jieba must keep whole, and the official terms some colloquial words stand for."""

    terms: tuple[str, ...]
    expansions: dict[str, tuple[str, ...]]


def read_vocabulary(path: Path = POLICY_TERMS, normalise: Normalise = str) -> Vocabulary:
    """Parse a vocabulary file (see `POLICY_TERMS`); every word in it becomes a term."""
    terms: dict[str, None] = {}
    expansions: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, equals, official = line.partition("=")
        words = [_search_form(w, normalise) for w in (word.strip(), *official.split())]
        if not words[0] or (equals and len(words) == 1) or not all(map(_is_word, words)):
            raise ValueError(f"{path}:{number}: cannot read {line!r}")
        terms.update(dict.fromkeys(words))
        if len(words) > 1:
            expansions[words[0].lower()] = tuple(w.lower() for w in words[1:])
    return Vocabulary(tuple(terms), expansions)


def _search_form(text: str, normalise: Normalise) -> str:
    return _SPACE_NEAR_CJK.sub("", normalise(text))


def _is_word(token: str) -> bool:
    # str.isalnum is true for Chinese characters as well as letters and digits.
    return any(ch.isalnum() for ch in token)


# jieba's tags for nouns, proper nouns, noun-verbs, idioms and abbreviations.
NOUN_TAGS = frozenset({"n", "nz", "vn", "nt", "nw", "l", "i", "j"})


class Tokenizer:
    """Chinese search tokens for BM25, from a private jieba tokenizer.

    `user_words` (office names, say) and the terms of `vocabulary` are kept whole by jieba;
    the vocabulary's colloquial words also yield the official terms they stand for. Every
    text is first spelled as `normalise` spells it (see `Normalise`), then the spaces that
    extraction leaves inside and around Chinese words are dropped.
    The dictionary loads on first use (`warm_up`). jieba keeps a cache
    of it in `cache_dir`; without one it writes to the system temp dir and fails if there
    is none that is writable.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        user_words: Iterable[str] = (),
        vocabulary: Path = POLICY_TERMS,
        normalise: Normalise = str,
    ):
        jieba.setLogLevel(logging.WARNING)
        self.vocabulary = Path(vocabulary)
        self._expansions: dict[str, tuple[str, ...]] = {}
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.normalise = normalise
        words = (_search_form(word.strip(), normalise) for word in user_words)
        self.user_words = tuple(dict.fromkeys(word for word in words if word))
        self._jieba = jieba.Tokenizer()
        if self.cache_dir is not None:
            self._jieba.tmp_dir = str(self.cache_dir)
            self._jieba.cache_file = JIEBA_CACHE_NAME
        self._lock = threading.Lock()
        # An answer tokenizes its question once per candidate it weighs (`coverage`) and per
        # search: 30 times, 0.5 s of a 500-character question's 1.5 s, before this cache.
        self._cached_tokens = functools.lru_cache(maxsize=64)(self._tokens)
        self._ready = False
        self._pos = None

    @property
    def cache_file(self) -> Path | None:
        """Where jieba's dictionary cache is kept, when a `cache_dir` was given."""
        return self.cache_dir / JIEBA_CACHE_NAME if self.cache_dir is not None else None

    def warm_up(self) -> None:
        """Load jieba's dictionary, the policy terms and the user words (once)."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            if self.cache_dir is not None:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            vocabulary = read_vocabulary(self.vocabulary, self.normalise)
            self._expansions = vocabulary.expansions
            self._jieba.initialize()
            for word in (*vocabulary.terms, *self.user_words):
                # No frequency given: jieba picks one just high enough to keep the word whole.
                self._jieba.add_word(word)
            self._ready = True
            log.debug("jieba ready in %.2f s with %d policy terms and %d user words",
                      time.perf_counter() - started, len(vocabulary.terms), len(self.user_words))

    def frequency(self, word: str) -> int:
        """How common a word is in jieba's general dictionary (0 when absent)."""
        self.warm_up()
        return int(self._jieba.FREQ.get(word) or 0)

    def nouns(self, text: str, tags: frozenset[str] = NOUN_TAGS) -> list[str]:
        """Nouns and noun phrases of two or more characters (jieba's part-of-speech tags)."""
        self.warm_up()
        if self._pos is None:
            from jieba.posseg import POSTokenizer

            self._pos = POSTokenizer(self._jieba)
        return [pair.word for pair in self._pos.cut(_search_form(text, self.normalise))
                if len(pair.word) >= 2 and pair.flag in tags]

    def tokens(self, text: str) -> list[str]:
        """Search-mode tokens of `text`: long words also yield their dictionary sub-words,
        colloquial words also yield the official terms they stand for."""
        return list(self._cached_tokens(text))

    def _tokens(self, text: str) -> tuple[str, ...]:
        self.warm_up()
        out = []
        for token in self._jieba.cut_for_search(_search_form(text, self.normalise)):
            token = token.strip().lower()
            if token and token not in STOPWORDS and _is_word(token):
                out.append(token)
                out.extend(self._expansions.get(token, ()))
        return tuple(out)


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
