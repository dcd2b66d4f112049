"""A comparison answers every side it names side by side: each side (a document, a place) is
searched in its own documents, and its best measure cited, one per side.

"永济和聊城，新开一家企业分别承诺多长时间？" has two sides, 永济's documents and 聊城's own (not
高唐's, a part of 聊城); "威海2018年的方案和聊城2022年的计划" two documents. The user named the
sides, so each is answered even when one side covers the question less well than the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant import relevance
from assistant.place_names import NATIONAL_RANK, place_rank
from assistant.query import Query
from assistant.retrieval import Hit
from ingest.records import PolicyDocument
from vectorstore.snapshot import IndexSnapshot

_SIDE_WINDOW = 3  # a side's measure that states what is asked may stand this far down


def sides(query: Query, documents: dict[str, PolicyDocument]) -> list[tuple[str, ...]]:
    """The documents of each side the question names, in the order named; [] for fewer than
    two sides (a comparison within one place is answered per document)."""
    if len(query.doc_ids) > 1:
        # A notice and the text it carries (one file) are one document to the user.
        by_file: dict[str, tuple[str, ...]] = {}
        for doc_id in query.doc_ids:
            source = documents[doc_id].source
            by_file[source] = (*by_file.get(source, ()), doc_id)
        return list(by_file.values()) if len(by_file) > 1 else []
    if len(query.places) < 2:
        return []
    found = []
    for place in sorted(query.places, key=lambda p: query.question.find(p.name)):
        # A place's own documents; with none, those of the nearest level above it.
        for near in (0, 1, 2, NATIONAL_RANK):
            own = tuple(d.doc_id for d in documents.values() if place_rank(place, d) == near)
            if own:
                # Of those, the one the question names (聊城2020年的措施), if it names one.
                found.append(tuple(d for d in own if d in query.doc_ids) or own)
                break
    return found if len(found) > 1 else []


def side_best(query: Query, per_doc: Sequence[Sequence[Hit]], view: IndexSnapshot) -> Hit | None:
    """A side's answer (`per_doc`: each of its documents' own hits): the measure that covers
    the question best (`relevance.per_document`), else the side's best that states what is
    asked (时限, 优惠), else its best."""
    picks = relevance.per_document(query, per_doc, view)
    if picks:
        return picks[0]
    asked = relevance.asked_intent(query)
    hits = sorted((h for doc_hits in per_doc for h in doc_hits[:_SIDE_WINDOW]), key=lambda h: -h.score)
    return next((h for h in hits if relevance.carries(h.measure, asked)), hits[0] if hits else None)


def side_answers(query: Query, view: IndexSnapshot,
                 search: Callable[[Query], list[Hit]]) -> list[Hit]:
    """One answer per side the question names, each searched in that side's own documents
    and cited side by side in the order named; [] for fewer than two sides answered."""
    out: list[Hit] = []
    for side in sides(query, view.catalog.documents):
        best = side_best(query, [search(replace(query, doc_ids=(doc_id,))) for doc_id in side], view)
        if best is not None and all(best.measure.key != h.measure.key for h in out):
            out.append(best)
    return out if len(out) > 1 else []


def side_by_side(answers: Sequence[Hit], hits: Sequence[Hit]) -> list[Hit]:
    """A comparison's ranking: each side's answer first, then the other hits."""
    keys = {h.measure.key for h in answers}
    return [*answers, *(h for h in hits if h.measure.key not in keys)]
