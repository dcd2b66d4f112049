"""Which offices each unit of a body is given: the lines it prints, the line its group prints
for the measures above it, the lead its group or part heading names, and the notation's rules
for the lines after it (列第一位者为牵头单位，下同)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest import markers
from ingest.offices import later_lines, parse_bracket, responsibility_of, under_heading

if TYPE_CHECKING:
    from ingest.cleaning import Paragraph
    from ingest.outline import Draft


def assign(units: list[Draft], paras: list[Paragraph]) -> list[Draft]:
    """Each unit's own responsibility, or the group line / section lead it inherits; `paras`:
    the body the units were found in."""
    carry_own = _measures_carry_own(units)
    pending: list[Draft] = []
    section: tuple[str, ...] = ()
    for unit in units:
        if unit.section != section:
            pending, section = [], unit.section
        own_text = "\n".join(p.text for p in unit.paragraphs if not markers.RESPONSIBILITY.match(p.text))
        unit.own = responsibility_of(unit.text if carry_own else own_text)
        standalone = [p for p in unit.paragraphs[1:] if markers.RESPONSIBILITY.match(p.text)]
        pending.append(unit)
        if standalone and not carry_own:
            # A line standing apart from the text: the measure's own where it alone waits
            # (责任单位：… under each measure), else the group's, for every measure above it
            # that has none of its own; either way not part of the text quoted. (The measure's
            # own lines are all its brackets: those closing its sub-tasks inside its text too.)
            with_lines = unit.text
            unit.paragraphs = [p for p in unit.paragraphs if p not in standalone]
            if pending == [unit]:
                unit.own = responsibility_of(with_lines)
            else:
                resp = parse_bracket(standalone[-1].text)
                for waiting in pending:
                    if not waiting.own:
                        waiting.inherited, waiting.origin = resp, "group"
            pending = []
        if unit.own:
            unit.own, unit.origin = under_heading(unit.own, unit.section_resp), "measure"
        elif not unit.inherited and unit.section_resp:
            unit.inherited, unit.origin = unit.section_resp, "section"
    _apply_document_rules(units, paras)
    return units


def _measures_carry_own(units: list[Draft]) -> bool:
    """Do units here carry their own lines (brackets after their text), or do lines standing
    on their own serve whole groups?"""
    inline = standalone = 0
    for unit in units:
        first = unit.paragraphs[0].text
        inline += 1 if responsibility_of(first) else 0
        standalone += sum(1 for p in unit.paragraphs[1:] if markers.RESPONSIBILITY.match(p.text))
    return inline > 0 and inline >= standalone


def _apply_document_rules(units: list[Draft], paras: list[Paragraph]) -> None:
    """A notation's rules for the units after it (offices.later_lines), wherever the text prints
    them: in a unit, or in a part that holds none (a framing item's bracket, a preamble)."""
    unit_starts = {p.start for unit in units for p in unit.paragraphs}
    outside = [p for p in paras if p.start not in unit_starts]
    texts, k = [], 0
    for unit in units:
        first = min(p.start for p in unit.paragraphs)
        lead_in = []
        while k < len(outside) and outside[k].start < first:
            lead_in.append(outside[k].text)
            k += 1
        texts.append("\n".join([*lead_in, unit.text]))
    resps = later_lines([(text, unit.own or unit.inherited) for text, unit in zip(texts, units, strict=True)])
    for unit, resp in zip(units, resps, strict=True):
        if unit.own:
            unit.own = resp
        elif unit.inherited:
            unit.inherited = resp
