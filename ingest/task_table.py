"""A 任务分工表 (task division table) attached to a plan: its rows restate the plan's measures
with 牵头单位 / 配合单位 columns. It is no document of its own: each row gives the offices of
the measure it restates, matched by what the row says the task is.
"""

from __future__ import annotations

import difflib
import re
from typing import TypeVar

from ingest.offices import Responsibility, label_role, names_of

_MATCH_MIN = 0.6  # how much of a row's task a measure's opening must hold
_OPENING = 40  # characters of each compared
_MARKER = re.compile(r"^(?:\d{1,3}\s*[.．、]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|"
                     r"第[一二三四五六七八九十百零\d]+条)\s*")

Segment = TypeVar("Segment")


def apply(parsed: list[tuple[Segment, str, list]]) -> list[tuple[Segment, str, list]]:
    """Fold task tables into the measures they restate; other documents unchanged."""
    measures = [d for _, shape, drafts in parsed if shape in ("outline", "articles") for d in drafts]
    if not measures:
        return parsed
    kept = []
    for segment, shape, drafts in parsed:
        columns = _columns(segment.paragraphs) if shape == "table" else None
        if columns is None:
            kept.append((segment, shape, drafts))
            continue
        for row in drafts:
            _assign(row.paragraphs[0].text, columns, measures)
    return kept


def _columns(paras) -> tuple[int, list[int], list[int]] | None:
    """(task column, lead columns, shared columns) of a table whose header names offices."""
    rows = [p.text.split("\t") for p in paras if "\t" in p.text]
    if not rows:
        return None
    header = [re.sub(r"\s", "", c) for c in rows[0]]
    lead = [i for i, c in enumerate(header) if label_role(c) == "lead"]
    shared = [i for i, c in enumerate(header) if label_role(c) == "shared"]
    if not lead and not shared:
        return None
    others = [i for i in range(len(header)) if i not in lead + shared]
    if not others:
        return None
    # The task is the column with the longest texts (序号 and 完成时限 are short).
    task = max(others, key=lambda i: sum(len(r[i]) for r in rows[1:] if i < len(r)))
    return task, lead, shared


def _assign(row: str, columns: tuple[int, list[int], list[int]], measures: list) -> None:
    cells = row.split("\t")
    task, lead, shared = columns
    width = max([task, *lead, *shared]) + 1
    if len(cells) < width:  # a merged cell (a category spanning rows) is printed once
        cells = [""] * (width - len(cells)) + cells
    best = _best_match(cells[task], measures)
    if best is None or best.own:
        return  # a measure's own notation wins over the table
    lead_names = [n for i in lead for n in names_of(cells[i])]
    shared_names = [n for i in shared for n in names_of(cells[i]) if n not in lead_names]
    if lead_names or shared_names:
        best.own = Responsibility("", tuple(lead_names), tuple(shared_names), row)
        best.origin = "table"


def _best_match(task: str, measures: list):
    key = _squeeze(task)[:_OPENING]
    if len(key) < 4:
        return None
    scored = [(_coverage(key, _opening(m)), -n) for n, m in enumerate(measures)]
    share, n = max(scored)
    return measures[-n] if share >= _MATCH_MIN else None


def _coverage(key: str, opening: str) -> float:
    """How much of a row's task reads in a measure's opening, in order (a table restates a
    measure by its heading, or shortens it)."""
    blocks = difflib.SequenceMatcher(None, key, opening, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= 2) / len(key)


def _opening(measure) -> str:
    return _squeeze(_MARKER.sub("", measure.paragraphs[0].text.strip(), count=1))[:_OPENING]


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)
