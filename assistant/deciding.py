"""For a yes/no or an eligibility question, the unit whose sentence decides it, first.

A polar question (积分制入户要收手续费吗？) is settled by a sentence that permits, forbids or
obliges (不得收取任何费用, 有权拒绝缴纳, 可以…, 应当…) on the question's own subject; an
eligibility question (什么样的人可以授予？) by one that states conditions (具备下列条件之一的…
可以授予, 本政策适用于…). Retrieval ranks a unit that shares the question's words anywhere
(第八条 「积分制入户的人员…可同时随迁入户」) above the one whose deciding sentence holds them,
so among the leading document's first hits the one whose deciding sentence holds most of the
question's weight is put first, when it holds clearly more than the first hit's does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.query import Query
from assistant.retrieval import Hit
from assistant.slots import NEGATED, covers, question_weights, ranked
from vectorstore.snapshot import IndexSnapshot

# Chinese modal (能愿) verbs and deontic markers are a closed grammatical class: permission,
# obligation and entitlement; prohibition and exemption are `slots.NEGATED`.
_MODAL = re.compile(r"可以|可|能够|准予|允许|应当|应|必须|须|需|有权|有义务|享有")
# How official texts state who a rule covers and on what terms: a list of conditions announced
# (符合下列条件之一的, 应当具备以下条件：) or a scope (本办法适用于…).
_CONDITIONS = re.compile(r"(?:下列|以下|如下)[^。；：:]{0,8}(?:条件|情形)|适用于")
# The leading document's first hits among which the deciding unit is looked for.
WINDOW = 5
# A hit this much weaker than the first (fused score) is another matter, whatever it says.
SCORE_RATIO = 0.5
# The deciding sentence must hold this much more of the question's weight than the first
# hit's best such sentence (blind3_real: margins of 0.2-0.4 were wrong three times).
MARGIN = 0.5


def _deontic(sentence: str) -> bool:
    return bool(_MODAL.search(sentence) or NEGATED.search(sentence))


def states_conditions(hit: Hit) -> bool:
    """The unit announces the conditions or the scope of what it grants (its heading too:
    第七条（申请条件）)."""
    return bool(_CONDITIONS.search(hit.measure.text) or "条件" in hit.measure.heading)


def deciding_cover(hit: Hit, weights) -> float:
    """The share of the question's weight held by the hit's best deciding sentence."""
    scored = ranked(hit.measure, weights, keep=_deontic)
    return covers(scored[0][2], weights) if scored else 0.0


def decider_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> list[Hit]:
    """`hits` with the unit whose deciding sentence speaks most to the question first, for a
    yes/no or eligibility question; otherwise (or when the first hit decides) unchanged."""
    hits = list(hits)
    if query.intent not in ("yes_no", "eligibility") or len(hits) < 2 or hits[0].direct:
        return hits
    weights = question_weights(query, view.tokenizer.tokens, view.keywords.idf)
    if not weights:
        return hits
    top = hits[0]
    candidates = [h for h in hits[1:WINDOW] if h.document.doc_id == top.document.doc_id
                  and h.score >= SCORE_RATIO * top.score]
    if not candidates:
        return hits
    if query.intent == "eligibility":
        if states_conditions(top):
            return hits
        best = next((h for h in candidates if states_conditions(h)), None)
        return hits if best is None else [best] + [h for h in hits if h is not best]
    floor = deciding_cover(top, weights) + MARGIN
    best = max(candidates, key=lambda h: deciding_cover(h, weights))
    if deciding_cover(best, weights) < floor:
        return hits
    return [best] + [h for h in hits if h is not best]
