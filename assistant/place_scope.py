"""Say so when a place the question names has no document of its own.

An enterprise in a county is subject to its city's, province's and the nation's policies, so
those answer for it (`retrieval.allowed_documents`); a sibling county's never do. When the
corpus holds nothing issued by the place itself, the answer says that first, plainly, and
whose documents it is answered from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import prompts
from assistant.message_kind import KINDS
from assistant.place_names import NATIONAL_RANK, Place, answered_from_inside, inside, place_rank
from assistant.query import Query
from assistant.records import Answer
from ingest.records import PolicyDocument


def without_own_documents(query: Query, documents: dict[str, PolicyDocument]) -> list[Place]:
    """The places named that no indexed document was issued by, though documents of the levels
    above them (below the province) or of places inside them (a province) were; a place
    covered by none is the refusal's to say."""
    missing = []
    for place in query.places:
        ranks = {place_rank(place, d) for d in documents.values()}
        if place.level != "province" and 0 not in ranks and ranks & {1, 2, NATIONAL_RANK}:
            missing.append(place)
    return missing + answered_from_inside(query.places, documents)


def note(query: Query, found: bool, cited: Iterable[str],
         documents: dict[str, PolicyDocument]) -> str:
    """The sentence to put first, or "" when every place named has documents of its own
    (`cited`: the ids of the documents the answer cites)."""
    missing = without_own_documents(query, documents)
    if not missing or query.intent in KINDS:  # a greeting or an off-topic message: no note
        return ""
    names = "、".join(p.name for p in missing)
    if not found:
        return prompts.render("place_without_documents_refused", place=names)
    cited_docs = [documents[d] for d in cited if d in documents]
    issuers = dict.fromkeys(_place_of(d) for d in cited_docs)
    within = dict.fromkeys(_place_of(d) for d in cited_docs if any(inside(p, d) for p in missing))
    if within:  # a province answered from its cities' documents: they bind those cities
        return prompts.render("place_answered_from_inside", place=names,
                              places="、".join(within))
    return prompts.render("place_without_documents", place=names,
                          levels="、".join(n for n in issuers if n) or "上级")


def with_note(answer: Answer, text: str) -> Answer:
    """The answer with the note as its first segment."""
    if not text:
        return answer
    return replace(answer, text=f"{text}\n\n{answer.text}",
                   segments=(text, *(answer.segments or (answer.text,))))


def _place_of(doc: PolicyDocument) -> str:
    if doc.level == "national":
        return "国家"
    return doc.region.get("county") or doc.region.get("city") or doc.region.get("province", "")
