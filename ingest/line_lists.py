"""Lists printed a line an item, without numbers (a working group's 组长：某某 省长 / 成员：…
/ 某某 省教育厅厅长): short lines that end no sentence, as headings are. A heading heads text;
lines that follow one another with no text under any of them are the rows of a list."""

from __future__ import annotations

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
        if markers.is_heading(text) and not markers.starts_unit(text):
            run.append(i)
            continue
        if len(run) >= _RUN_MIN:
            rows.update(run)
        run = []
    return rows if len(rows) >= _BODY_SHARE * len(texts) else set()
