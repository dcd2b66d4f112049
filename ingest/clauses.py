"""A measure's sentences and their clauses, found once at ingest (spans into its text).

Who a grant is for is read clause by clause (`assistant.matching`): `符合条件的小微企业，
办理时间不超过11天` names the enterprise in one clause and grants in the next. Sentences end
at 。；！？ or a line break; clauses at ，、,：.
"""

from __future__ import annotations

import re

from ingest.records import Sentence

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_CLAUSE = re.compile(r"[^，、,：]+[，、,：]?")


def sentences(text: str) -> tuple[Sentence, ...]:
    """Every sentence of `text` with its clauses; whitespace-only pieces are left out."""
    found = []
    for s in _SENTENCE.finditer(text):
        if not s.group().strip():
            continue
        clauses = tuple((s.start() + c.start(), s.start() + c.end())
                        for c in _CLAUSE.finditer(s.group()) if c.group().strip())
        found.append(Sentence(s.start(), s.end(), clauses))
    return tuple(found)
