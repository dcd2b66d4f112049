"""Decide whether the retrieved measures answer the question at all, and which to cite.

Retrieval scores alone do not separate "answered" from "on-topic but not covered" here
(e5 similarities of unrelated policy text sit at 0.85–0.90; BM25 always finds some overlap).
What does separate them is whether the question's own subject exists in the corpus:
"个人所得税起征点" or "外汇管制" name things no indexed measure mentions, while colloquial
but answerable questions keep most of their weight on words the measures use. So a question
is refused when
- the places it names are covered by no document, or nothing was retrieved; or
- it names a subject noun absent from the whole corpus vocabulary and its best measure covers
  little of the question's keyword weight (IDF-weighted).
A measure named by number (第108条) is always answered. Thresholds were set on the
development benchmark; evals/README.md reports refusal and false-refusal rates on it and on
the held-out set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.query import INTENT_WORDS, Query
from assistant.retrieval import Hit
from ingest.metadata import DOC_NUMBER

COVERAGE_MIN = 0.50  # share of the question's IDF weight present in the best measure
# A runner-up within 3 % of the best fused score is cited as well (dev: citation recall
# 0.85 → 0.92 and fact recall 0.82 → 0.91 for precision 0.88 → 0.74).
SECOND_RATIO = 0.97
# In a comparison, a document's best measure is cited when it covers at least this share of
# what the best-covering document's measure does (dev: the same citation recall, fewer unrelated documents cited).
PER_DOCUMENT_SHARE = 0.6
PER_DOCUMENT_MIN = 0.3  # and at least this much of the question's keyword weight
# Only plain nouns name a subject; idioms and set phrases (头一回, 真的假的) are manner of speech.
SUBJECT_TAGS = frozenset({"n", "nz", "vn"})
# Words this common in jieba's dictionary (时候, 名字, 家属) are everyday words, not subjects.
GENERIC_FREQUENCY = 1000
_STRIP = re.compile(rf"{DOC_NUMBER.pattern}|第\\s*[0-9一二三四五六七八九十百]+\\s*[条项]")


def unknown_subjects(query: Query, index) -> list[str]:
    """Nouns of the question that no indexed measure contains (places and 文号 removed)."""
    text = _STRIP.sub(" ", query.question)
    for place in query.places:
        text = text.replace(place.name, " ")
    corpus_words = index.corpus_words
    tokenizer = index.tokenizer
    return [n for n in tokenizer.nouns(text, tags=SUBJECT_TAGS)
            if n not in corpus_words and tokenizer.frequency(n) < GENERIC_FREQUENCY
            and not any(cue in n for cue in INTENT_WORDS)]


def coverage(query: Query, hit: Hit, index) -> float:
    """IDF-weighted share of the question's keyword tokens that the hit's text contains."""
    tokens = set(index.tokenizer.tokens(query.search_text))
    for place in query.places:
        tokens -= set(index.tokenizer.tokens(place.name))
    keywords = index.keywords
    weights = {t: keywords.idf(t) for t in tokens}
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    text = index.keyword_text_of(hit.measure.key)
    return sum(w for t, w in weights.items() if t in text) / total


def answerable(query: Query, hits: Sequence[Hit], index) -> bool:
    if not hits:
        return False
    best = hits[0]
    if best.direct:
        return True
    return not (unknown_subjects(query, index) and coverage(query, best, index) < COVERAGE_MIN)


def comparing(query: Query) -> bool:
    """The question compares documents or places: it is answered per document."""
    return query.intent == "compare" or len(query.places) > 1 or len(query.doc_ids) > 1


def per_document(query: Query, bests: Sequence[Hit], index) -> list[Hit]:
    """Of each document's best measure, those that cover the question nearly as well as the
    best of them does (a county's other document rarely speaks to the matter compared)."""
    covered = sorted(((coverage(query, h, index), h) for h in bests), key=lambda ch: -ch[0])
    top = covered[0][0] if covered else 0.0
    return [h for c, h in covered if c >= max(PER_DOCUMENT_MIN, PER_DOCUMENT_SHARE * top)]


def select(query: Query, hits: Sequence[Hit], index, bests: Sequence[Hit] = ()) -> list[Hit]:
    """The hits to cite: the best one, and for comparisons the best of each other document.

    `bests`: each candidate document's best measure for the question (retrieved within that
    document alone), when the caller looked for them; else the other documents' best come
    from `hits`.
    """
    if not answerable(query, hits, index):
        return []
    chosen = [_best_for_intent(query, hits)]
    if chosen[0] is not hits[0]:
        # The best-ranked measure stays cited after the one that states what was asked: its
        # own text may say it in words the field extraction does not read.
        chosen.append(hits[0])
    field = _INTENT_FIELD.get(query.intent)
    for hit in hits[:2]:
        # A runner-up nearly as strong is cited too (the user sees both and picks), unless it
        # lacks what the question asks for (a time limit, a benefit) and the first has it.
        close = hit is not chosen[0] and not hit.direct and hit.score >= SECOND_RATIO * chosen[0].score
        if close and not (field and getattr(chosen[0].measure, field)
                          and not getattr(hit.measure, field)):
            chosen.append(hit)
    if comparing(query):
        seen = {hit.document.doc_id for hit in chosen}
        keys = {hit.measure.key for hit in chosen}
        for hit in per_document(query, bests, index) if bests else hits[1:]:
            if hit.document.doc_id not in seen and hit.measure.key not in keys:
                chosen.append(hit)
                seen.add(hit.document.doc_id)
    return chosen


_INTENT_FIELD = {"time_limit": "time_limits", "benefit": "benefits"}
_INTENT_WINDOW = 3


def _best_for_intent(query: Query, hits: Sequence[Hit]) -> Hit:
    """"How long?" is best answered by a measure that states a time limit: when the top hit
    has none, a close runner-up (top 3, same document) that has one is cited instead."""
    field = _INTENT_FIELD.get(query.intent)
    if not field or getattr(hits[0].measure, field) or hits[0].direct:
        return hits[0]
    for hit in hits[1:_INTENT_WINDOW]:
        if getattr(hit.measure, field) and hit.document.doc_id == hits[0].document.doc_id:
            return hit
    return hits[0]
