"""A document's table of contents dropped, so its headings are not read as the text's: the
block under 目录, and entries (a heading, its dot leader, its page number) wherever they stand.
"""

from __future__ import annotations

import re

from ingest.cleaning import Paragraph

# An entry of a table of contents: a heading, its dot leader and page number (…………- 3 -).
_CONTENTS_LINE = re.compile(r"^[^。；]{0,40}?[.…·．]{6,}[\s\d\-—–.…·．]*$")
_LEADER = re.compile(r"^[.…·．]{6,}")


def without_contents(paras: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs without a table of contents or its entries."""
    return _without_entries(_without_table(paras))


def _without_table(paras: list[Paragraph]) -> list[Paragraph]:
    """Drop a table of contents (目录 and the headings listed under it, up to the repeat of
    its first entry), so its headings are not read twice."""
    for i, para in enumerate(paras[:60]):
        if re.sub(r"\s", "", para.text) != "目录" or i + 1 >= len(paras):
            continue
        first = _contents_entry(paras[i + 1].text)
        for j in range(i + 2, len(paras)):
            if re.sub(r"\s", "", paras[j].text) == first:
                return paras[:i] + paras[j:]
    return paras


def _without_entries(paras: list[Paragraph]) -> list[Paragraph]:
    """Drop the entries of a table of contents wherever they stand: a heading with its dot
    leader and page number, on its line or the lines after it."""
    return [p for i, p in enumerate(paras) if not _CONTENTS_LINE.search(p.text)
            and not (i + 1 < len(paras) and _LEADER.match(paras[i + 1].text))]


def _contents_entry(text: str) -> str:
    """A heading as a table of contents lists it, without its dot leader and page number."""
    return re.sub(r"[.·…．\s]{2,}\d*$", "", re.sub(r"\s", " ", text)).replace(" ", "")
