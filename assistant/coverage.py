"""What the indexed corpus covers, said in a line or two: the places, and the documents
closest to a question.

A refusal or a scope reply names them so the user knows where the assistant can help; on a
corpus of a hundred documents from twenty provinces a full list of titles and places runs to
pages, so a few places are named one by one and more are summed up by province.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from assistant.retrieval import Hit
from ingest.records import PolicyDocument

PLACES_LISTED = 6  # up to this many places are named one by one
PROVINCES_LISTED = 4  # beyond that, the provinces with the most documents, then 等N个省级地区
CLOSEST_LISTED = 3  # documents named as closest to a question
NATIONAL = "国家层面"
_LEVELS = {"national": 0, "province": 1, "city": 2}


def _place(doc: PolicyDocument) -> str:
    if doc.level == "national":
        return NATIONAL
    return doc.region.get("county") or doc.region.get("city") or doc.region.get("province", "")


def places(documents: Iterable[PolicyDocument]) -> str:
    """The places covered, the widest first (国家层面 for national documents): each one when
    few, else 国家层面 and the provinces with the most documents (上海市、广东省等23省（区、市）;
    written without 个, so no grounding check reads the count as a policy's claim)."""
    documents = list(documents)
    named: dict[str, int] = {}
    for doc in documents:
        if name := _place(doc):
            named.setdefault(name, _LEVELS.get(doc.level, 3))
    if len(named) <= PLACES_LISTED:
        return "、".join(sorted(named, key=lambda n: (named[n], n))) or "（暂无）"
    provinces = Counter(d.region.get("province") for d in documents
                        if d.level != "national" and d.region.get("province"))
    shown = [p for p, _ in sorted(provinces.items(), key=lambda pc: (-pc[1], pc[0]))]
    parts = [NATIONAL] if NATIONAL in named else []
    if shown:
        more = f"等{len(shown)}省（区、市）" if len(shown) > PROVINCES_LISTED else ""
        parts.append("、".join(shown[:PROVINCES_LISTED]) + more)
    return "，以及".join(parts)


def closest_titles(hits: Sequence[Hit], shown: int = CLOSEST_LISTED) -> list[str]:
    """The titles of the first documents among ranked hits, each once, best first."""
    titles = dict.fromkeys(f"《{h.document.title}》" for h in hits if h.document.title)
    return list(titles)[:shown]
