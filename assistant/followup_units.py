"""Which units a follow-up means, read against what the answer to the last turn cited: the
counterpart of that answer in a new setting (那聊城呢？), or, for a follow-up asking of that
answer (这个归哪个部门牵头？), its units in the order the follow-up means them.

The rules of reading a follow-up are in `conversation`; this module applies them to hits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from assistant import conversation
from assistant.place_names import place_rank
from assistant.query import INTENT_WORDS, Query
from assistant.relevance import asked_intent, carries, distinctiveness
from assistant.retrieval import Hit, Retriever
from vectorstore.snapshot import IndexSnapshot


def _of_places(query: Query):
    """Whether a hit is of one of the places the question (or, carried, the earlier one) names."""
    return lambda h: any(place_rank(place, h.document) == 0 for place in query.places)


def counterpart_first(query: Query, hits: list[Hit], last: Sequence[Hit], retriever: Retriever,
                      later: Collection[str] = ()) -> list[Hit]:
    """For a follow-up that changes only the place, year or document, the new setting's
    counterpart of what the last answer cited first (`conversation.counterpart_first`), of
    the subject both questions name; when a named document applies is told by its own
    in-force unit, not by a counterpart; a measure asked by its number (第30条, carried from
    the earlier turn) is that number's measure in the new setting. A place with documents of
    its own is asked there first: when the first hits hold none of its units stating what is
    asked (a duration for 几天能办完, a benefit), its own documents are searched for them (`later`: the
    documents not yet issued on the day asked about)."""
    if not (query.changes_setting and last) or query.asks_document_validity \
            or (hits and hits[0].direct):
        return hits
    asked = asked_intent(query)
    of_place = _of_places(query)

    def states(hit: Hit) -> bool:
        return carries(hit.measure, asked)

    head = hits[:conversation.COUNTERPART_WINDOW]
    # Only what the parser records (a duration, a benefit) tells a unit stating the answer
    # from its neighbours; any other ask leaves the place's units in retrieval's order.
    if query.places and asked in _RECORDED and not any(of_place(h) and states(h) for h in head):
        own = [h for h in _in_own_documents(query, retriever, later) if states(h)]
        keys = {h.measure.key for h in own}
        hits = [*own, *(h for h in hits if h.measure.key not in keys)] if own else hits
    view = retriever.view
    words, weight = conversation.distinctive_words(view), distinctiveness(view)
    # The earlier question's subject: not the kind of answer it wanted (怎么要求) nor the
    # words naming the document it was asked of (威海…方案), which every unit of it shares.
    asked_before = words(query.turns[-1]) - conversation.governed_words(query.turns[-1], words) \
        - words(last[0].document.title)

    def held(hit: Hit) -> float:
        return sum(weight(word) for word in asked_before if word in hit.measure.text)

    # What answered before is the cited unit holding most of the earlier question's words: the
    # lead may be a neighbour (融资担保) of the unit a runner-up holds (小微企业贷款的办理时间).
    answered = max(last, key=held)  # the first of equals: the answer's order stands
    return conversation.counterpart_first(
        hits, answered.measure.text, query.turns[-1],
        conversation.topical_part(query.question, INTENT_WORDS, [p.name for p in query.places]),
        lambda h: h.measure.text, words, weight, states, of_place, answered.document.title)


_RECORDED = ("time_limit", "benefit")
# The place's own units searched for a counterpart the first hits lack.
_OWN_PLACE_HITS = 20


def _in_own_documents(query: Query, retriever: Retriever, later: Collection[str]) -> list[Hit]:
    """The query's hits in the documents the places it names issued themselves."""
    own = tuple(d.doc_id for d in retriever.catalog.documents.values() if d.doc_id not in later
                and any(place_rank(place, d) == 0 for place in query.places))
    return retriever.search(replace(query, doc_ids=own), _OWN_PLACE_HITS) if own else []


def of_last_answer(query: Query, last: list[Hit], view: IndexSnapshot) -> list[Hit]:
    """What the last answer cited, in the order a follow-up asking of it means its units
    (`conversation.ranked_for_followup`); as cited when the follow-up does not ask of it."""
    if not query.asks_of_last_answer:
        return last
    return conversation.ranked_for_followup(
        last, lambda h: h.measure.text, query.question, query.turns[-1],
        conversation.distinctive_words(view), INTENT_WORDS, distinctiveness(view),
        _of_places(query))
