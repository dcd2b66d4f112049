"""Lists printed a line an item, without numbers (a working group's 组长：某某 省长 / 成员：…
/ 某某 省教育厅厅长): short lines that end no sentence, as headings are. A heading heads text;
lines that follow one another with no text under any of them are the rows of a list."""

from __future__ import annotations

import re

from ingest import markers

_RUN_MIN = 4  # a title, a subtitle and a part's heading may stand three in a row; a list runs on
_BODY_SHARE = 0.6  # a list is what the body holds (as a table's rows are), not a few lines in it


def list_rows(texts: list[str]) -> set[int]:
    """Indices of the lines that are rows of a list: runs of at least `_RUN_MIN` heading-like
    lines in a row (a run's first line may be the list's own heading; it is a row as well),
    where such runs make most of the body (a table broken into short lines, a heading
    over its subheadings, make a few)."""
    rows: set[int] = set()
    run: list[int] = []
    for i, text in enumerate([*texts, "。"]):
        if _row_like(text) and not markers.starts_unit(text):
            run.append(i)
            continue
        if len(run) >= _RUN_MIN:
            rows.update(run)
        run = []
    return rows if len(rows) >= _BODY_SHARE * len(texts) else set()


# A note in brackets closing a line (何洪明（市纪委）: a member and the body they come from)
# annotates the label, as a heading's (5分) does; the line is as short as a heading without it.
_CLOSING_NOTE = re.compile(r"[（(][^（）()]{1,20}[）)]$")


def _row_like(text: str) -> bool:
    """A line that ends no sentence, with or without a bracketed note closing it."""
    text = text.strip()
    return markers.is_heading(text) or markers.is_heading(_CLOSING_NOTE.sub("", text))
