"""Find documents, parts, groups, measures and articles in cleaned paragraphs.

One file may carry several documents (a notice 印发《A》《B》). A document body starts at a
paragraph that repeats one of the titles the notice names in 《》. Inside a body:
- `一、` starts a part; parts such as 总体要求 / 保障措施 hold no measures;
- `（一）` starts a group, or is itself the measure where the body has no arabic numbers;
- `1.` / `1、` / `1．` starts a measure; `第一条` an article (its `（一）` items stay inside it);
- a responsibility line standing on its own belongs to the measure above it where measures
  carry their own lines, else to the measures of its group above it that lack their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import markers
from ingest.cleaning import Paragraph, title_key
from ingest.offices import Responsibility, find_inline, find_section_lead, parse_bracket

# Parts and groups that frame a plan rather than state measures.
NON_MEASURE_HEADINGS = ("总体要求", "工作目标", "指导思想", "基本原则", "推进实施", "保障措施",
                        "组织保障", "组织实施", "实施步骤", "工作要求", "建设目标", "主要目标")
_TITLE_IN_BOOK_MARKS = re.compile(r"《([^《》]{4,60})》")
_NOTICE_TITLE = re.compile(r"关于(?:印发|转发)(.{4,80}?)的通\s*知")


@dataclass
class Segment:
    """The paragraphs of one document body, from its title on."""

    title: str
    paragraphs: list[Paragraph]


@dataclass
class Draft:
    """A measure or article as found, before its fields are extracted."""

    number: str
    printed: str
    kind: str
    section: tuple[str, ...]
    paragraphs: list[Paragraph]
    section_resp: Responsibility = field(default_factory=Responsibility)
    own: Responsibility = field(default_factory=Responsibility)
    inherited: Responsibility = field(default_factory=Responsibility)
    origin: str = ""

    @property
    def text(self) -> str:
        return _joined(self)


def carried_titles(header: list[Paragraph]) -> list[str]:
    """Titles the notice names: 《…》 in its header, else its `关于印发…的通知` object."""
    titles: list[str] = []
    for para in header:
        titles.extend(_TITLE_IN_BOOK_MARKS.findall(para.text))
        match = _NOTICE_TITLE.search(para.text)
        if match and "《" not in match.group(1):
            titles.append(match.group(1))
    return list(dict.fromkeys(t.strip() for t in titles))


def split_documents(paras: list[Paragraph], titles: list[str]) -> tuple[list[Paragraph], list[Segment]]:
    """Header paragraphs, then one segment per carried title that stands alone as a line."""
    keys = {title_key(t): t for t in titles}
    starts = [i for i, p in enumerate(paras) if title_key(p.text) in keys]
    # The notice's own header may repeat a title (e.g. in its subject line); a body starts
    # where a title is followed by content rather than by another header line.
    starts = [i for i in starts if i + 1 < len(paras)]
    if not starts:
        return _standalone_document(paras)
    segments = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(paras)
        segments.append(Segment(keys[title_key(paras[i].text)], paras[i + 1:end]))
    return paras[:starts[0]], segments


_TITLE_WORDS = re.compile(r"(?:措施|方案|计划|规划|办法|意见|通知|规定|细则|条例|决定|实施方案|若干政策)$")
_NOT_TITLE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|[〔\[（(]\s*\d{4}\s*[〕\]）)]\s*\d+\s*号")


def _standalone_document(paras: list[Paragraph]) -> tuple[list[Paragraph], list[Segment]]:
    """A file that is one document without a covering notice: its header runs up to the
    first numbered unit, and its title is the header line that reads like one."""
    first = next((i for i, p in enumerate(paras) if markers.starts_unit(p.text)), len(paras))
    header = paras[:first]
    candidates = [p.text for p in header if len(p.text) <= 60 and p.text[-1] not in "。；："
                  and not _NOT_TITLE.search(p.text)]
    titled = [t for t in candidates if _TITLE_WORDS.search(t)]
    title = (titled or candidates or [""])[-1]
    return header, [Segment(title, paras[first:])]


def _is_non_measure(heading: str) -> bool:
    return any(word in heading[:12] for word in NON_MEASURE_HEADINGS)


def _section_heading(text: str) -> str:
    """A heading without its (领域牵头单位：…) bracket or final full stop."""
    cut = re.split(r"（\s*领域牵头单位", text, maxsplit=1)[0]
    return cut.strip().rstrip("。")


class _BodyParser:
    """One pass over a document body; see the module docstring for the rules."""

    def __init__(self, paras: list[Paragraph]):
        self.paras = paras
        self.uses_articles = any(markers.ARTICLE.match(p.text) for p in paras)
        has_arabic = any(markers.MEASURE.match(p.text) for p in paras)
        self.groups_are_measures = not self.uses_articles and not has_arabic
        # Do measures here carry their own lines (brackets after their text), or do lines
        # standing on their own serve whole groups?
        inline = sum(_own_brackets(p.text) for p in paras)
        standalone = sum(1 for p in paras if markers.RESPONSIBILITY.match(p.text))
        self.measures_carry_own = inline > 0 and inline >= standalone
        self.units: list[Draft] = []
        self.part = self.group = ""
        self.part_measures = True
        self.part_resp = self.section_resp = Responsibility()
        self.current: Draft | None = None
        self.unclaimed: list[Draft] = []  # measures since the last standalone responsibility line

    def run(self) -> list[Draft]:
        for para in self.paras:
            self._feed(para)
        for draft in self.units:
            if not draft.own:
                draft.own = find_inline(_joined(draft))[0]
            if not draft.own and not draft.inherited and draft.section_resp:
                draft.inherited, draft.origin = draft.section_resp, "section"
            elif draft.own:
                draft.origin = "measure"
        return self.units

    def _feed(self, para: Paragraph) -> None:
        text = para.text
        if self.uses_articles and (m := markers.ARTICLE.match(text)):
            self._start(f"art{markers.chinese_number(m.group(1))}", f"第{m.group(1)}条", "article", para)
        elif m := markers.PART.match(text):
            self.part, self.group = _section_heading(m.group(2)), ""
            self.part_measures = not _is_non_measure(m.group(2))
            self.part_resp = self.section_resp = find_section_lead(text)
            self._new_group()
        elif (m := markers.GROUP.match(text)) and not (self.current and self.current.kind == "article"):
            if self.groups_are_measures and self.part_measures:
                number = markers.chinese_number(m.group(1))
                self._start(str(number), f"（{m.group(1)}）", "measure", para)
                return
            self.group = _section_heading(m.group(2))
            self.section_resp = find_section_lead(text) or self.part_resp
            self._new_group()
        elif self.part_measures and not self.uses_articles and (m := markers.MEASURE.match(text)):
            self._start(m.group(1), f"{m.group(1)}.", "measure", para)
        elif markers.RESPONSIBILITY.match(text):
            self._standalone_responsibility(para)
        elif self.current is not None:
            self.current.paragraphs.append(para)
        # else: preamble, framing sections, closing clauses — not measures

    def _new_group(self) -> None:
        self.current = None
        self.unclaimed = []

    def _start(self, number: str, printed: str, kind: str, para: Paragraph) -> None:
        section = tuple(s for s in (self.part, self.group) if s)
        draft = Draft(number, printed, kind, section, [para], section_resp=self.section_resp)
        self.units.append(draft)
        self.unclaimed.append(draft)
        self.current = draft

    def _standalone_responsibility(self, para: Paragraph) -> None:
        """A responsibility line standing on its own.

        Where measures carry their own lines, it belongs to the measure right above it (a
        wrap or a line break put it apart) and joins that measure's text, exactly as if it
        stood at the end of its last line. Elsewhere it applies to every measure above it,
        since the last such line in its group, that lacks a line of its own.
        """
        if self.measures_carry_own:
            if self.current is not None:
                self.current.paragraphs.append(para)  # run() reads its own line from the text
        else:
            resp = parse_bracket(para.text)
            for draft in self.unclaimed:
                if not find_inline(_joined(draft))[0]:
                    draft.inherited, draft.origin = resp, "group"
        self.unclaimed, self.current = [], None


def find_units(segment: Segment) -> list[Draft]:
    """Measures and articles of one document body, with responsibility lines attached."""
    return _BodyParser(segment.paragraphs).run()


def _own_brackets(text: str) -> int:
    """Responsibility brackets after some text, other than a section's 领域牵头单位."""
    return sum(1 for m in markers.RESPONSIBILITY_INLINE.finditer(text)
               if m.start() > 0 and "领域" not in m.group(0))


def _joined(draft: Draft) -> str:
    return "\n".join(p.text for p in draft.paragraphs)
