"""Suggested follow-up questions after an answer, from the fields of the measures it cites.

A cited measure that states a time limit, a lead office, a benefit or whom it is for can be
asked about each of them; the suggestions ask about those the question did not ask, naming the
measure by its heading so that retrieval finds it again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

MAX_SUGGESTIONS = 3
_SUBJECT_CHARS = 18

# (the answer intent it repeats, the citation field it needs, the question about it)
_ASPECTS: tuple[tuple[str, str, str], ...] = (
    ("time_limit", "time_limits", "{subject}多长时间能办完？"),
    ("office", "lead_offices", "{subject}由哪个部门负责？"),
    ("benefit", "benefits", "{subject}有哪些优惠？"),
    ("eligibility", "beneficiaries", "哪些企业可以享受{subject}？"),
)


def subject_of(citation: Mapping) -> str:
    """What a question calls the measure: its heading without end punctuation, short."""
    heading = (citation.get("heading") or "").strip().rstrip("。；;，,：:")
    if not heading or len(heading) > _SUBJECT_CHARS:
        return ""
    return f"「{heading}」"


def suggest(intent: str, citations: Sequence[Mapping], asked: Sequence[str] = ()) -> list[str]:
    """Up to three questions about what the cited measures say besides what was asked."""
    seen = {q.strip() for q in asked}
    found: list[str] = []
    for aspect_intent, field, template in _ASPECTS:
        if aspect_intent == intent:
            continue
        for citation in citations:
            subject = subject_of(citation)
            if subject and citation.get(field):
                question = template.format(subject=subject)
                if question not in seen and question not in found:
                    found.append(question)
                break
    return found[:MAX_SUGGESTIONS]
