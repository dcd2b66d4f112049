"""The notes printed under a table (注：1、以上材料须提供原件… 2、…): they tell how to fill in
or read the table above them; they are none of its rows and no measure of the document."""

from __future__ import annotations

import re

from ingest import markers
from ingest.cleaning import Paragraph

# (run on after a form's signature fields, printed with a blank date: （公章） 年 月 日)
_NOTE_LABEL = re.compile(r"^(?:.*\D年\s*月\s*日\s*)?(?:(?:备\s*)?注|说\s*明)\s*[:：]")
_ROWS_MIN = 3  # a table: this many tab-joined rows above the notes


def without_table_notes(paras: list[Paragraph]) -> list[Paragraph]:
    """`paras` without the notes closing a table: a 注： (备注：, 说明：) paragraph after the
    table's rows and the numbered items under it, where only end matter (…印发) follows."""
    for i, para in enumerate(paras):
        if not _NOTE_LABEL.match(para.text.strip()):
            continue
        rows = sum(1 for p in paras[:i] if "\t" in p.text)
        rest = paras[i + 1:]
        if rows >= _ROWS_MIN and all(markers.starts_unit(p.text) and "\t" not in p.text
                                     or markers.is_end_matter(p.text) for p in rest):
            return paras[:i]
    return paras
