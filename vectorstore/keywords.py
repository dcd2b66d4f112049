"""Search tokens of Chinese policy text for keyword retrieval (scored by `vectorstore.bm25`).

`Tokenizer` cuts text into lower-cased search tokens with its own jieba instance (policy terms
and office names added as words, colloquial words expanded to official terms, stopwords and
punctuation dropped). Character bigrams were tried and left out: they did not help retrieval
on the development questions (evals/BENCH.md).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

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


def _tagger(tokenizer: jieba.Tokenizer):
    """A part-of-speech tagger over `tokenizer`.

    Importing jieba.posseg already reads the word-tag table of jieba's default dictionary
    for its module-level tagger; a second `POSTokenizer` would read the same file again.
    """
    from jieba import posseg

    if tokenizer.dictionary != posseg.dt.tokenizer.dictionary:
        return posseg.POSTokenizer(tokenizer)
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = tokenizer
    tagger.word_tag_tab = posseg.dt.word_tag_tab
    return tagger


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

    @functools.cached_property
    def signature(self) -> str:
        """A digest of the vocabulary file: tokens cut with another vocabulary differ."""
        return hashlib.sha256(self.vocabulary.read_bytes()).hexdigest()[:16]

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
        return [word for word, flag in self.tagged(text) if len(word) >= 2 and flag in tags]

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, jieba part-of-speech tag) of every word of `text`, in order."""
        self.warm_up()
        if self._pos is None:
            self._pos = _tagger(self._jieba)
        return [(pair.word, pair.flag) for pair in self._pos.cut(_search_form(text, self.normalise))]

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
