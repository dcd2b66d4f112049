"""Find the measures a question is about: direct lookups, then dense + BM25 fused by rank.

Modes (also the baselines `eval --compare` runs): "hybrid" (default), "dense", "bm25".
A retriever reads one `IndexSnapshot`: every ranking of a question comes from one state of
the index, whatever another process writes meanwhile.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant import in_force, word_trust
from assistant.place_names import NATIONAL_RANK, answered_from_inside, inside, place_rank
from assistant.query import Query
from assistant.standout import standing_apart
from ingest.announcements import is_opening
from ingest.records import Measure, PolicyDocument
from vectorstore.snapshot import IndexSnapshot

_RRF_K = 60  # reciprocal-rank fusion constant (Cormack et al.)
_CANDIDATES = 60
# Keyword evidence counts double in the fusion: on the development benchmark BM25 alone beat
# dense alone, and 1:2 beat 1:1 (evals/BENCH.md has the figures).
_DENSE_WEIGHT, _KEYWORD_WEIGHT = 1.0, 2.0
_PLACE_NUDGE = 0.001
# How far down the fused ranking a place's own measure is still taken to be on the matter.
_OWN_PLACE_WINDOW = 5
# Nudges by place rank: the place's own most, the level above less, the province's and the
# nation's none.
_NEARNESS = {0: 2, 1: 1, 2: 0, NATIONAL_RANK: 0}
MODES = ("hybrid", "dense", "bm25")

#: Embeds one search text: a string in, its vector out.
EmbedQuery = Callable[[str], np.ndarray]


@dataclass(frozen=True)
class Hit:
    """A retrieved measure with its document and the evidence behind its rank."""

    measure: Measure
    document: PolicyDocument
    score: float
    dense: float | None = None  # cosine similarity of the best chunk
    keyword: float | None = None  # BM25 score
    direct: bool = False  # named by number (第108条) rather than found by similarity


def allowed_documents(query: Query, documents: dict[str, PolicyDocument]) -> set[str] | None:
    """Documents a question may be answered from: explicit filters and the places it names.

    A county question may be answered by its county's documents and by its city's and
    province's (高唐县 is in 聊城市), so those stay allowed and are ranked later. A province
    with no document of its own is answered from its places' (`answered_from_inside`).
    """
    allowed: set[str] | None = None
    f = query.filters
    if f.get("document"):
        wanted = f["document"]
        allowed = {d.doc_id for d in documents.values()
                   if wanted in (d.doc_id, d.source, d.doc_number, d.title)}
    if f.get("city"):
        place_docs = {d.doc_id for d in documents.values() if f["city"] in "".join(d.region.values())
                      or d.region.get("city", "").startswith(f["city"])
                      or d.region.get("county", "").startswith(f["city"])}
        allowed = place_docs if allowed is None else allowed & place_docs
    if query.places:
        near = {0} if query.own_place_only else {0, 1, 2, NATIONAL_RANK}
        place_docs = {d.doc_id for d in documents.values()
                      if any(place_rank(p, d) in near for p in query.places)}
        if not query.own_place_only:
            wider = answered_from_inside(query.places, documents)
            place_docs |= {d.doc_id for d in documents.values()
                           if any(inside(p, d) for p in wider)}
        allowed = place_docs if allowed is None else allowed & place_docs
    return allowed


class Retriever:
    """Ranks measures for queries over one snapshot of the index."""

    def __init__(self, view: IndexSnapshot, embed_query: EmbedQuery, mode: str = "hybrid"):
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose from {MODES}")
        self.view = view
        self.catalog = view.catalog
        self.mode = mode
        self._embed_query = embed_query
        self._vectors: dict[str, np.ndarray] = {}  # one embedding per text, across searches

    def search(self, query: Query, top_k: int = 5) -> list[Hit]:
        catalog = self.catalog
        documents = catalog.documents
        allowed_docs = allowed_documents(query, documents)
        if query.doc_ids:
            named = set(query.doc_ids)
            allowed_docs = named if allowed_docs is None else (allowed_docs & named or named)
        keep = self._measure_filter(query)

        direct = self._direct(query, allowed_docs, keep)
        dense = keyword = {}
        if self.mode in ("hybrid", "dense"):
            dense = self.view.dense_search(self._vector(query.search_text), _CANDIDATES,
                                           allowed_docs)
        if self.mode in ("hybrid", "bm25"):
            keyword = self.view.keyword_search(query.search_text, _CANDIDATES, allowed_docs)
        fused: dict[str, float] = {}
        for weight, ranking in self._weighted(query, dense, keyword):
            for rank, key in enumerate(sorted(ranking, key=ranking.get, reverse=True)):
                fused[key] = fused.get(key, 0.0) + weight / (_RRF_K + rank + 1)
        if query.places:
            for key in fused:
                doc = documents[catalog.by_key[key].doc_id]
                ranks = [r for p in query.places if (r := place_rank(p, doc)) is not None]
                # Most local first, as a nudge worth a rank or two near the top: a county
                # question still reaches the city measure that alone answers it.
                fused[key] += _PLACE_NUDGE * max((_NEARNESS[r] for r in ranks), default=0)

        if query.places:
            self._own_place_first(query, fused)
        self._announced_before_opening(fused)
        hits: list[Hit] = []
        seen: set[str] = set()
        for key in direct:
            hits.append(self._hit(key, 1.0 + len(direct) - len(hits), dense, keyword, direct=True))
            seen.add(key)
        for key in sorted(fused, key=fused.get, reverse=True):
            if key in seen or not keep(catalog.by_key[key]):
                continue
            hits.append(self._hit(key, fused[key], dense, keyword))
            if len(hits) >= top_k:
                break
        return self._with_apart(hits[:top_k], standing_apart(dense), fused, dense, keyword, keep)

    def apart(self, query: Query) -> str | None:
        """The measure standing apart in meaning for the question (`assistant.standout`), among
        the documents it allows, if one does."""
        allowed = allowed_documents(query, self.catalog.documents)
        if query.doc_ids:
            allowed = set(query.doc_ids) if allowed is None else (allowed & set(query.doc_ids))
        if allowed is not None and not allowed:
            return None
        return standing_apart(self.view.dense_search(self._vector(query.search_text),
                                                     _CANDIDATES, allowed))

    # -- parts ---------------------------------------------------------------------------
    def _weighted(self, query: Query, dense: dict[str, float],
                  keyword: dict[str, float]) -> list[tuple[float, dict[str, float]]]:
        """The rankings fused and their weights: in hybrid mode the keyword ranking counts
        as far as the corpus knows the question's words, and a ranking by each candidate's
        closest sentence takes the rest (`assistant.word_trust`)."""
        plain = [(_DENSE_WEIGHT, dense), (_KEYWORD_WEIGHT, keyword)]
        if self.mode != "hybrid":
            return plain
        trust = word_trust.word_trust(self.view.tokenizer.tokens(query.search_text),
                                      self.view.keywords)
        if trust >= 1.0:
            return plain
        closest = word_trust.closest_sentences(
            [*word_trust.leading(dense), *word_trust.leading(keyword)],
            self._vector(query.search_text), self.catalog.by_key, self.view.sentence_vectors.stored)
        if not closest:  # an index made before sentence vectors were stored
            return plain
        return [(_DENSE_WEIGHT, dense), (_KEYWORD_WEIGHT * trust, keyword),
                (word_trust.SENTENCE_WEIGHT * (1.0 - trust), closest)]

    def _with_apart(self, hits: list[Hit], apart: str | None, fused: dict[str, float],
                    dense: dict, keyword: dict, keep) -> list[Hit]:
        """The hits with the measure standing apart in meaning among them, last if the fusion
        ranked it lower: keyword evidence counts double, and a question's colloquial words
        can push the measure it is about below the candidates (`assistant.standout`)."""
        if not hits or apart is None or apart not in fused or not keep(self.catalog.by_key[apart]) \
                or any(hit.measure.key == apart for hit in hits):
            return hits
        return [*hits[:-1], self._hit(apart, fused[apart], dense, keyword)]

    def _own_place_first(self, query: Query, fused: dict[str, float]) -> None:
        """An enterprise follows its own place's measure on a matter before the levels above:
        the best measure of a named place's own documents, when it is among the first few on
        the matter, is ranked first (高唐县企业开办 → 高唐's own measure, not 聊城's)."""
        ranked = sorted(fused, key=fused.get, reverse=True)
        documents, by_key = self.catalog.documents, self.catalog.by_key
        for key in ranked[:_OWN_PLACE_WINDOW]:
            doc = documents[by_key[key].doc_id]
            if any(place_rank(p, doc) == 0 for p in query.places):
                if key != ranked[0]:
                    fused[key] = fused[ranked[0]] + _PLACE_NUDGE
                return

    def _announced_before_opening(self, fused: dict[str, float]) -> None:
        """A paragraph that only opens a reply (…收悉。现批复如下：) states nothing a question
        asks for, though it repeats the request's title: the paragraph it announces takes its
        place in the ranking, and it follows that one (`ingest.announcements`)."""
        measures, position = self.catalog.measures, self.catalog.position
        for key in [k for k in fused if is_opening(self.catalog.by_key[k])]:
            at = position[key] + 1
            if at >= len(measures) or measures[at].doc_id != measures[at - 1].doc_id:
                continue
            announced, opening = measures[at].key, fused[key]
            below = fused.get(announced)
            if below is None or below < opening:
                fused[announced] = opening
                # just under it when it was not found at all
                fused[key] = below if below is not None else math.nextafter(opening, 0.0)

    def _hit(self, key: str, score: float, dense: dict, keyword: dict,
             direct: bool = False) -> Hit:
        measure = self.catalog.by_key[key]
        return Hit(measure, self.catalog.documents[measure.doc_id], score,
                   dense.get(key), keyword.get(key), direct)

    def _measure_filter(self, query: Query):
        f = query.filters

        def keep(m: Measure) -> bool:
            if f.get("office") and not any(f["office"] in o for o in (*m.lead_offices, *m.offices)):
                return False
            if f.get("has_time_limit") and not m.time_limits:
                return False
            return not (f.get("has_benefit") and not m.benefits)

        return keep

    def _direct(self, query: Query, allowed_docs: set[str] | None, keep) -> list[str]:
        """Measures named by number, in the documents the question names or allows; for a
        question on when named documents apply, each one's own 施行 unit."""
        if query.asks_document_validity:
            units = (in_force.in_force_unit(self.catalog.documents[d]) for d in query.doc_ids)
            return [u.key for u in units if u is not None and keep(u)]
        if not query.measure_numbers:
            return []
        hits = [m.key for m in self.catalog.measures
                if m.number in query.measure_numbers
                and (allowed_docs is None or m.doc_id in allowed_docs) and keep(m)]
        # With no document named, a bare "第5条" is too ambiguous to answer directly.
        return hits if (query.doc_ids or len(hits) <= 2) else []

    def embed(self, text: str) -> np.ndarray:
        """The query vector of a text (each text embedded once per retriever)."""
        return self._vector(text)

    def _vector(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        if vector is None:
            vector = self._vectors[text] = np.asarray(self._embed_query(text))
        return vector
