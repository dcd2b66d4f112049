"""Find the measures a question is about: direct lookups, then dense + BM25 fused by rank.

Modes (also the baselines `eval --compare` runs): "hybrid" (default), "dense", "bm25".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.index import Catalog, PolicyIndex
from assistant.query import Place, Query
from ingest.records import Measure, PolicyDocument

_RRF_K = 60  # reciprocal-rank fusion constant (Cormack et al.)
_CANDIDATES = 60
# Keyword evidence counts double in the fusion: on the development benchmark BM25 alone beat
# dense alone (hit@1 0.90 vs 0.76) and 1:2 beat 1:1 (0.90 vs 0.83); see evals/README.md.
_DENSE_WEIGHT, _KEYWORD_WEIGHT = 1.0, 2.0
_PLACE_NUDGE = 0.001
_NATIONAL_RANK, _PART_RANK = 3, 4
_LEVELS_ABOVE = _PART_RANK  # a nudge for each rank more local than a part's
MODES = ("hybrid", "dense", "bm25")
_SWAP_RETRIES = 3


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
    province's (高唐县 is in 聊城市), so those stay allowed and are ranked later.
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
        place_docs = {d.doc_id for d in documents.values()
                      if any(place_rank(p, d) is not None for p in query.places)}
        allowed = place_docs if allowed is None else allowed & place_docs
    return allowed


def place_rank(place: Place, doc: PolicyDocument) -> int | None:
    """How local a document is to a place an enterprise is in: 0 the place's own, 1 and 2 the
    levels above it (city, province), 3 national, 4 a part of the place (a county's document for
    a question about its city); None for another place (a sibling county)."""
    if doc.level == "national":
        return _NATIONAL_RANK
    want = _chain(place.province, place.city, place.county)
    have = _chain(*(doc.region.get(k) for k in ("province", "city", "county", "town")))
    if not have:
        return None
    if len(have) <= len(want) and want[:len(have)] == have:
        return len(want) - len(have)
    if len(have) > len(want) and have[:len(want)] == want:
        return _PART_RANK
    return None


def _chain(*names: str | None) -> tuple[str, ...]:
    """A place from the top down, a 直辖市 named once (上海市 is province and city)."""
    chain: list[str] = []
    for name in names:
        if not name:
            break
        if not chain or chain[-1] != name:
            chain.append(name)
    return tuple(chain)


class Retriever:
    """Ranks measures for a query over one index."""

    def __init__(self, index: PolicyIndex, mode: str = "hybrid"):
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose from {MODES}")
        self.index = index
        self.mode = mode
        self._vectors: dict[str, np.ndarray] = {}  # one embedding per text, across searches

    def search(self, query: Query, top_k: int = 5) -> list[Hit]:
        # The dense and keyword rankings read the index's catalog again. When another writer's
        # ingest swaps it in between, keys of two catalogs meet (a KeyError, or a filter of the
        # wrong length): rank again on the new one, so a question sees one state, never an error.
        for _ in range(_SWAP_RETRIES):
            catalog = self.index.catalog
            try:
                return self._search(catalog, query, top_k)
            except (KeyError, ValueError):
                if self.index.catalog is catalog:
                    raise  # not a swap: a real bug
        return self._search(self.index.catalog, query, top_k)

    def _search(self, catalog: Catalog, query: Query, top_k: int) -> list[Hit]:
        documents = catalog.documents
        allowed_docs = allowed_documents(query, documents)
        if query.doc_ids:
            named = set(query.doc_ids)
            allowed_docs = named if allowed_docs is None else (allowed_docs & named or named)
        keep = self._measure_filter(query)

        direct = self._direct(catalog, query, allowed_docs, keep)
        dense = keyword = {}
        if self.mode in ("hybrid", "dense"):
            dense = self._dense(query, allowed_docs)
        if self.mode in ("hybrid", "bm25"):
            keyword = self._keyword(catalog, query, allowed_docs)
        fused: dict[str, float] = {}
        for weight, ranking in ((_DENSE_WEIGHT, dense), (_KEYWORD_WEIGHT, keyword)):
            for rank, key in enumerate(sorted(ranking, key=ranking.get, reverse=True)):
                fused[key] = fused.get(key, 0.0) + weight / (_RRF_K + rank + 1)
        if query.places:
            for key in fused:
                doc = documents[catalog.by_key[key].doc_id]
                ranks = [r for p in query.places if (r := place_rank(p, doc)) is not None]
                # Most local first, as a nudge worth a rank or two near the top: a county
                # question still reaches the city measure that alone answers it.
                fused[key] += _PLACE_NUDGE * (_LEVELS_ABOVE - min(ranks, default=_LEVELS_ABOVE))

        hits: list[Hit] = []
        seen: set[str] = set()
        for key in direct:
            hits.append(self._hit(catalog, key, 1.0 + len(direct) - len(hits), dense, keyword,
                                  direct=True))
            seen.add(key)
        for key in sorted(fused, key=fused.get, reverse=True):
            if key in seen or not keep(catalog.by_key[key]):
                continue
            hits.append(self._hit(catalog, key, fused[key], dense, keyword))
            if len(hits) >= top_k:
                break
        return hits[:top_k]

    # -- parts ---------------------------------------------------------------------------
    def _hit(self, catalog: Catalog, key: str, score: float, dense: dict, keyword: dict,
             direct: bool = False) -> Hit:
        measure = catalog.by_key[key]
        return Hit(measure, catalog.documents[measure.doc_id], score,
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

    def _direct(self, catalog: Catalog, query: Query, allowed_docs: set[str] | None,
                keep) -> list[str]:
        """Measures named by number, in the documents the question names or allows."""
        if not query.measure_numbers:
            return []
        hits = [m.key for m in catalog.measures
                if m.number in query.measure_numbers
                and (allowed_docs is None or m.doc_id in allowed_docs) and keep(m)]
        # With no document named, a bare "第5条" is too ambiguous to answer directly.
        return hits if (query.doc_ids or len(hits) <= 2) else []

    def _dense(self, query: Query, allowed_docs: set[str] | None) -> dict[str, float]:
        vector = self._vectors.get(query.search_text)
        if vector is None:
            vector = np.asarray(self.index.embedder.embed_queries([query.search_text])[0])
            self._vectors[query.search_text] = vector
        return self.index.dense_search(vector, _CANDIDATES, allowed_docs)

    def _keyword(self, catalog: Catalog, query: Query,
                 allowed_docs: set[str] | None) -> dict[str, float]:
        keywords = self.index.keywords
        if keywords.fingerprint != catalog.fingerprint:  # built for another catalog: a swap
            raise KeyError(f"keyword index {keywords.fingerprint} is not of this catalog")
        mask = None if allowed_docs is None else catalog.mask(allowed_docs)
        tokens = self.index.tokenizer.tokens(query.search_text)
        return dict(keywords.search(tokens, _CANDIDATES, allowed=mask))
