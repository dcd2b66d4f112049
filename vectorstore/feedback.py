"""Colloquial questions in the corpus's own words: pseudo-relevance feedback from dense search.

A question may name its subject in words no indexed unit uses (开公司, 要钱, 还不上): keyword
search then matches only its generic words. The sentence model reads such words well, so the
units it ranks first (keyword matches breaking its near-ties) lend keyword search their own
distinctive terms (RM3-style feedback: Lavrenko & Croft 2001, Abdul-Jaleel et al. 2004),
weighted by the units' rank and the terms' BM25 weight in them. Only a question with words the
corpus vocabulary does not know is expanded, and the more of its words are unknown, the more
the borrowed terms count: a question in the documents' own wording is searched as it is.

Everything derives from the index of the moment (its vocabulary and BM25 weights), never
from a list, so it works the same for a corpus a service hall loads itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vectorstore.fusion import fuse_ranks
from vectorstore.keywords import BM25Index

#: How many units lend their terms, and how many terms in all (three units brought their
#: neighbours so close in score that near-miss questions got cited, dev: evals/BENCH.md).
FEEDBACK_UNITS = 2
FEEDBACK_TERMS = 8
#: What a borrowed term counts for at most, relative to a term of the question itself.
FEEDBACK_WEIGHT = 0.5
#: How much more the dense ranking counts than the keyword one in choosing those units; a
#: dense ranking alone lent noise to questions keyword search already answered, an equal or
#: keyword-heavier fusion left colloquial ones unexpanded (dev/holdout, evals/BENCH.md).
DENSE_SHARE = 2.0
#: A term in more than this share of units says nothing about a subject.
COMMON_SHARE = 0.1


@dataclass(frozen=True)
class Unknown:
    """How much of a question the corpus vocabulary does not know."""

    words: tuple[str, ...]  # the question's distinct search words no unit holds
    share: float  # their share of the question's distinct words (0.0: every word known)


def unknown_words(index: BM25Index, tokens: Sequence[str]) -> Unknown:
    """The question's words (two characters or more) that no indexed unit holds."""
    words = [t for t in dict.fromkeys(tokens) if len(t) >= 2]
    missing = tuple(t for t in words if t not in index)
    return Unknown(missing, len(missing) / len(words) if words else 0.0)


def feedback_units(dense: Sequence[str], keyword: Sequence[str]) -> list[str]:
    """The measures that lend their terms, best first: the dense and the keyword ranking of the
    question fused by reciprocal rank, the dense one counting `DENSE_SHARE` times as much (it
    reads words keyword matching cannot; keyword matches break its near-ties)."""
    fused = fuse_ranks(((DENSE_SHARE, dense), (1.0, keyword)))
    return sorted(fused, key=lambda key: -fused[key])[:FEEDBACK_UNITS]


def feedback_terms(index: BM25Index, tokens: Sequence[str],
                   ranked_keys: Sequence[str]) -> dict[str, float]:
    """Terms to add to a keyword query (term -> weight, at most `FEEDBACK_WEIGHT`), borrowed
    from the first units of `ranked_keys` (best first, `feedback_units`); none when the corpus
    knows every word of the question."""
    unknown = unknown_words(index, tokens)
    if not unknown.words or not ranked_keys:
        return {}
    asked = set(tokens)
    common = max(2, int(COMMON_SHARE * len(index)))
    scores: dict[str, float] = {}
    for rank, key in enumerate(ranked_keys[:FEEDBACK_UNITS]):
        terms = index.document_terms(key)
        if not terms:
            continue
        top = max(terms.values())
        for term, weight in terms.items():
            if (len(term) < 2 or term in asked or term.isascii()
                    or index.document_frequency(term) > common):
                continue
            scores[term] = scores.get(term, 0.0) + weight / top / (rank + 1)
    if not scores:
        return {}
    best = sorted(scores, key=lambda t: (-scores[t], t))[:FEEDBACK_TERMS]
    scale = FEEDBACK_WEIGHT * unknown.share / scores[best[0]]
    return {term: scores[term] * scale for term in best}
