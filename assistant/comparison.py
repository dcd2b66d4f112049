"""A comparison answers every side it names side by side: each side (a document, a place) is
searched in its own documents and its best measure cited first, then any runner-up of that side
as close as answering a single question would cite (citing one per side cost citation recall
on the development sets, evals/BENCH.md).

"永济和聊城，新开一家企业分别承诺多长时间？" has two sides, 永济's documents and 聊城's own (not
高唐's, a part of 聊城); "威海2018年的方案和聊城2022年的计划" two documents. The user named the
sides, so each is answered even when one side covers the question less well than the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant import relevance
from assistant.document_refs import document_naming
from assistant.place_names import NATIONAL_RANK, coordinated, place_rank
from assistant.query import Query
from assistant.retrieval import Hit, allowed_documents
from ingest.records import PolicyDocument
from vectorstore.snapshot import IndexSnapshot

_SIDE_WINDOW = 3  # a side's measure that states what is asked may stand this far down


def sides(query: Query, documents: dict[str, PolicyDocument]) -> list[tuple[str, ...]]:
    """The documents of each side the question names, in the order named; [] for fewer than
    two sides (a comparison within one place is answered per document), and for a question
    that does not compare (a title word shared by many documents, 国务院 or 管理办法, or a
    second place by chance: 长宁区有企业新建… names 新建区) or names too many to be sides."""
    if query.intent != "compare" and not _coordinated(query):
        return []
    found = _sides(query, documents)
    return found if 1 < len(found) <= _MAX_SIDES else []


_MAX_SIDES = 4
def _coordinated(query: Query) -> bool:
    """Two places the question names joined as the sides of a comparison (北京2016年和福建
    2015年的…, 景宁的荣誉市民条例和化隆的…): a coordinator between them, near."""
    return bool(coordinated(query.question, query.places))


def _sides(query: Query, documents: dict[str, PolicyDocument]) -> list[tuple[str, ...]]:
    if len(query.doc_ids) > 1:
        # A notice and the text it carries (one file) are one document to the user.
        by_file: dict[str, tuple[str, ...]] = {}
        for doc_id in query.doc_ids:
            source = documents[doc_id].source
            by_file[source] = (*by_file.get(source, ()), doc_id)
        return list(by_file.values())
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
    return found


def within(query: Query, doc_id: str, documents: dict[str, PolicyDocument]) -> Query:
    """The question asked of one side's document alone. What names the sides (a title's
    kind or words, a 文号: 潍坊和安阳的热线条例) says which
    document, and the search is already held to it; within it those words say nothing about
    which unit answers, and the other side's name only pulls units sharing its words. So the
    side is searched for the matter compared alone (在小微企业低压接电由谁投资上有什么不同)."""
    if query.asks_document_validity:  # when each document applies: its own 施行 unit
        return replace(query, doc_ids=(doc_id,))
    text = query.search_text
    for piece in sorted(document_naming(query.question, documents), key=len, reverse=True):
        text = text.replace(piece, " ")
    return replace(query, doc_ids=(doc_id,), search_text=text if text.strip() else query.search_text)


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
                 search: Callable[[Query], list[Hit]]) -> list[tuple[tuple[str, ...], Hit]]:
    """Each side the question names (its documents) with its answer, searched in that side's
    own documents, in the order named; [] for fewer than two sides answered."""
    out: list[tuple[tuple[str, ...], Hit]] = []
    for side in sides(query, view.catalog.documents):
        documents = view.catalog.documents
        best = side_best(query, [search(within(query, doc_id, documents)) for doc_id in side], view)
        if best is not None and all(best.measure.key != h.measure.key for _, h in out):
            out.append((side, best))
    return out if len(out) > 1 else []


def side_by_side(answers: Sequence[tuple[tuple[str, ...], Hit]], hits: Sequence[Hit], *,
                 answer: bool) -> list[Hit]:
    """An `answer`: each side's answer, then those of `hits` in that side's documents (a
    runner-up chosen as nearly as good), side after side, and no hit of a side not named. A
    ranking (not `answer`): each side's answer first, then every hit."""
    out = [h for side, best in answers
           for h in ([best, *(h for h in hits if h.document.doc_id in side)] if answer else [best])]
    out += () if answer else hits
    seen: set[str] = set()
    return [h for h in out if not (h.measure.key in seen or seen.add(h.measure.key))]


def per_document(query: Query, hits: list[Hit], documents: dict[str, PolicyDocument],
                 most: int, retrieve: Callable[[Query], list[Hit]]) -> list[list[Hit]]:
    """For a comparison: each candidate document's best measures, searched within it alone
    (`retrieve`) — the documents of the places it names, else those among the hits."""
    candidates = allowed_documents(query, documents)
    if len(query.doc_ids) > 1:  # the documents compared are named: those alone
        candidates = set(query.doc_ids)
    elif query.doc_ids:
        candidates = set(query.doc_ids) | (candidates or set())
    if candidates is None or len(candidates) > most:
        # A place with many documents (a province's worth) is compared on those that
        # retrieval already found, not searched document by document.
        in_hits = {h.document.doc_id for h in hits}
        candidates = in_hits if candidates is None else in_hits & candidates
    return [retrieve(within(query, doc_id, documents)) for doc_id in sorted(candidates)]
