"""The units of one document body: articles, the leaves of a numbered outline, or paragraphs.

Chinese official documents number their text in one of three ways, and a body is read by the
first that it uses:
- articles: 第一条 … (a regulation, 办法, 细则), grouped in 编/章/节 sections; 款 and 项
  ((一), 1.) stay inside their article, and a section heading never joins an article;
- an outline: 一、 → （一） → 1. (or 1 / 1.1 / 1.1.1), in any nesting, numbering free to
  restart in each part. A unit is a numbered item without numbered children (a leaf); an
  item whose own text introduces a list (…如下：) keeps the list inside it; deeper markers
  (（1）, ①) always stay inside; parts that frame a plan (指导思想, 保障措施 …) hold no units;
- paragraphs: a letter, reply or notice without numbering: one unit per body paragraph,
  unnumbered short headings becoming its section path.
A responsibility line standing on its own belongs to the measure above it where measures
carry their own lines, else to the measures of its group above it that lack one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import contents, framing, line_lists, markers, unit_offices
from ingest.cleaning import Paragraph
from ingest.doc_numbers import DOC_NUMBER
from ingest.offices import Responsibility, find_section_lead, responsibility_of
from ingest.table_notes import without_table_notes

_LIST_INTRO = re.compile(r"(?:：|:|如下|以下)\s*$")
_REMARK = re.compile(r"^(?:特别)?(?:提醒|提示|注意|说明|注)\s*[：:]")
_LIST_ITEM_MAX = 200  # a clause of a list; a measure runs longer
_CLAUSE_MAX = 40  # the clauses of an inline list (1.死亡的；2.失踪的；…) are short
_BARE_HEADING_MAX = 15  # a heading only names a topic; a longer line is a sentence
_CLOSING_MAX = 10  # a last paragraph this short only closes the text (特此批复。此复。)
_ATTACHMENT_LINE_MAX = 80  # a line of a list of attachments
_LIST_LINE_MAX = 60  # a line of a list under a paragraph (组长：某某 副省长)


@dataclass
class Draft:
    """A unit as found, before its fields are extracted."""

    number: str
    printed: str
    kind: str  # "measure" | "article" | "paragraph" | "row"
    section: tuple[str, ...]
    paragraphs: list[Paragraph]
    section_resp: Responsibility = field(default_factory=Responsibility)
    own: Responsibility = field(default_factory=Responsibility)
    inherited: Responsibility = field(default_factory=Responsibility)
    origin: str = ""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class _Node:
    """An outline item: its level, its marker and its paragraphs, and the items below it."""

    level: int
    number: str
    printed: str
    heading: str
    paragraphs: list[Paragraph]
    parent: _Node | None
    children: list[_Node] = field(default_factory=list)
    framing: bool = False
    requirements: bool = False  # named by requirements: framing or not by where it stands
    lead: Responsibility = field(default_factory=Responsibility)

    def path(self) -> tuple[str, ...]:
        nodes, node = [], self.parent
        while node is not None and node.level > 0:
            nodes.insert(0, _section_heading(node.heading))
            node = node.parent
        return tuple(h for h in nodes if h)


def find_units(paras: list[Paragraph], rows: bool = False) -> tuple[str, list[Draft]]:
    """The structure a body uses ("table", "articles", "outline", "paragraphs") and its units;
    `rows`: the body is a list, a unit a line (a name and a post), numbered as paragraphs."""
    if rows:
        return "paragraphs", [Draft(f"p{n}", f"第{n}段", "paragraph", (), [para])
                              for n, para in enumerate(paras, 1)]
    paras = without_table_notes(without_attachment_list(contents.without_contents(paras)))
    rows = [p for p in paras if "\t" in p.text]
    numbered = any(markers.starts_unit(p.text) for p in paras if "\t" not in p.text)
    if len(rows) >= 3 and len(rows) >= 0.6 * len(paras) and not numbered:
        return "table", _table_rows(rows)  # a table of its own; one inside a measure stays
    if sum(1 for p in paras if markers.ARTICLE.match(p.text)) >= 2:
        return "articles", unit_offices.assign(_articles(paras), paras)
    # 1 总则 / 1.1 编制目的: a decimal outline, its top printed bare. Under "1.耕整地机械"
    # (the 1. level of 一、/（一）/1.) decimals are deeper markers, inside their item.
    decimal = sum(1 for p in paras if markers.DECIMAL.match(p.text)) >= 2 and \
        sum(1 for p in paras if markers.DECIMAL_TOP.match(p.text)) >= \
        sum(1 for p in paras if markers.MEASURE.match(p.text) and "." in p.text[:4])
    levels = [markers.outline_level(p.text, decimal) for p in paras]
    if any(levels):
        units = _outline(paras, levels)
        if units:
            return "outline", unit_offices.assign(units, paras)
    return "paragraphs", unit_offices.assign(_paragraph_units(paras), paras)


def without_attachment_list(paras: list[Paragraph]) -> list[Paragraph]:
    """Drop the list of attachments a notice prints above its 落款 (附件：1.XX表 2.XX清单): it
    names documents, it states nothing. (An attachment's own text is a document of its own.)"""
    out: list[Paragraph] = []
    listing = False
    for para in paras:
        text = para.text.strip()
        if markers.ATTACHMENT.match(text) and len(text) <= _ATTACHMENT_LINE_MAX:
            listing = True
            continue
        if listing and len(text) <= _ATTACHMENT_LINE_MAX and not markers.is_end_matter(text) \
                and (not text.endswith("。") or markers.MEASURE.match(text)):
            continue
        listing = False
        out.append(para)
    return out


_TOTAL_ROW = re.compile(r"^\s*(?:合\s*计|总\s*计|小\s*计|共\s*计)\s*(?:\t|$)")


def _table_rows(rows: list[Paragraph]) -> list[Draft]:
    """A table's data rows, one unit each, numbered by their 序号 cell where they have one (the
    first cell, or the second under a merged category cell); header rows are not units."""
    numbers = [_row_number(r.text) for r in rows]
    numbered = sum(1 for n in numbers if n)
    units = []
    for n, (row, number) in enumerate(zip(rows, numbers, strict=True)):
        if numbered >= len(rows) / 2 and not number or numbered < len(rows) / 2 and n == 0:
            continue  # a header row
        if _TOTAL_ROW.match(row.text):
            continue  # 合计 | 29: the rows' sum, no item of its own
        number = number or f"r{n}"
        units.append(Draft(number, f"第{number}行" if number[0] != "r" else f"第{n}行", "row",
                           (), [row]))
    return units


def _row_number(text: str) -> str:
    cells = [c.strip() for c in text.split("\t")]
    return next((c for c in cells[:2] if c.isdigit()), "")


def _articles(paras: list[Paragraph]) -> list[Draft]:
    units: list[Draft] = []
    sections: dict[str, str] = {}
    current: Draft | None = None
    signers = _signer_lines(paras)
    for n, para in enumerate(paras):
        text = para.text
        if n in signers:
            current = None  # the 落款's organs end the text
        elif m := markers.ARTICLE.match(text):
            number = str(markers.chinese_number(m.group(1)))
            if m.group(2):
                number += f"-{markers.chinese_number(m.group(2))}"
            current = Draft(f"art{number}", m.group(0)[:m.start(3)].strip(), "article",
                            tuple(sections.values()), [para])
            units.append(current)
        elif m := markers.SECTION.match(text):
            # 编 > 章 > 节: a heading drops the lower levels' headings and ends the article.
            rank = "编章节".index(m.group(2))
            sections = {k: v for k, v in sections.items() if "编章节".index(k) < rank}
            title = text[m.end(2):].strip()
            sections[m.group(2)] = f"第{m.group(1)}{m.group(2)} {title}".strip()
            current = None
        elif markers.is_end_matter(text) and units:
            current = None  # the 落款 ends the text
        elif current is not None:
            current.paragraphs.append(para)
    return units


def _outline(paras: list[Paragraph], levels: list[int]) -> list[Draft]:
    current = root = _Node(0, "", "", "", [], None)
    ended = False
    # Text after a responsibility line waits: it is the measure's if another line of its own
    # follows (责任单位：… under each of its paragraphs, or a bracket inside a paragraph closing
    # the next sub-task), else the document's closing remarks.
    held: list[Paragraph] | None = None
    signers = _signer_lines(paras)
    note_next = 0  # the number the items of a note (注：1.… 2.…) go on with, 0 outside one
    for n, (para, level) in enumerate(zip(paras, levels, strict=True)):
        if note_next and (m := markers.MEASURE.match(para.text)) and int(m.group(1)) == note_next:
            note_next += 1  # the note's next item, not a measure
            current.paragraphs.extend([para] if not ended and current is not root else [])
            continue
        note_next = int(m.group(1)) + 1 if (m := markers.NOTE.match(para.text)) else 0
        if n in signers:
            ended = True  # the 落款's organs, on the lines above its date
        elif level:
            ended, held = False, None
            parent = current
            while parent.level >= level:
                parent = parent.parent
            number, printed, heading = markers.outline_marker(para.text)
            node = _Node(level, number, printed, heading, [para], parent)
            node.framing = parent.framing or framing.is_framing(heading, level, para.text)
            node.requirements = not node.framing and framing.names_requirements(heading, level)
            node.lead = find_section_lead(para.text) or parent.lead
            parent.children.append(node)
            current = node
        elif markers.is_end_matter(para.text) and current is not root:
            ended = True  # the 落款: what follows (attachment lists, notes) is not a unit's
        elif not ended and current is not root:
            is_line = markers.RESPONSIBILITY.match(para.text) is not None
            if held is not None and not is_line and not markers.RESPONSIBILITY_INLINE.search(para.text):
                held.append(para)
                continue
            current.paragraphs.extend([*(held or []), para])
            held = [] if is_line else None
    _place_requirements(root)
    units: list[Draft] = []
    _collect(root, units)
    return units


def _place_requirements(node: _Node) -> None:
    """Parts named by requirements frame the plan where they stand around its measures."""
    flags = [c.framing for c in node.children]
    for i, child in enumerate(node.children):
        if child.requirements:
            child.framing = framing.frames_by_place(flags, i)
        _place_requirements(child)


def _signer_lines(paras: list[Paragraph]) -> set[int]:
    """The lines of organ names standing right above a date line: a 落款's."""
    signers: set[int] = set()
    for i, para in enumerate(paras):
        if markers.is_date_line(para.text):
            k = i - 1
            while k >= 0 and k not in signers and markers.is_organ_line(paras[k].text):
                signers.add(k)
                k -= 1
    return signers


def _collect(node: _Node, units: list[Draft]) -> None:
    for child in node.children:
        if child.framing and not _assigned(child):
            continue
        if child.children and not _introduces_list(child):
            _collect(child, units)
        else:
            units.append(Draft(child.number, child.printed, "measure", child.path(),
                               _subtree_paragraphs(child), section_resp=child.parent.lead))


def _assigned(node: _Node) -> bool:
    """A group named like framing (（一）加强足球工作组织领导, （三十四）加强组织保障) inside a part
    of measures that assigns its own work to offices (a responsibility bracket or line of its
    own) is a task those offices carry out, as its part's other measures are; framing stands
    in a framing part (五、保障措施), or names no office of its own."""
    return node.level >= 3 and not node.parent.framing and not node.children and \
        bool(responsibility_of("\n".join(p.text for p in node.paragraphs)))


def _introduces_list(node: _Node) -> bool:
    """An item whose own text (not a bare heading) ends by announcing what follows, or
    announces it and then only notes how its items combine (符合第（一）、（二）项…)."""
    texts = [p.text.strip() for p in node.paragraphs]
    own = len(node.paragraphs) > 1 or len(node.heading) + 6 < len(node.paragraphs[0].text) \
        or len(node.heading) > _BARE_HEADING_MAX
    intro = next((i for i in range(len(texts) - 1, -1, -1) if _LIST_INTRO.search(texts[i])), None)
    announced = intro is not None and all(_is_list_note(t) for t in texts[intro + 1:])
    # What a list holds are clauses (conditions, materials, criteria), not measures with
    # paragraphs of their own.
    clauses = all(_is_clause(c.paragraphs[0].text) for c in node.children)
    # Items that end in ； but the last are the parts of one sentence: the colon's list
    # (职权是：（一）…；（二）…。), even under a line that reads like a bare heading.
    ends = ["\n".join(p.text for p in _subtree_paragraphs(c)).rstrip()[-1:] for c in node.children]
    one_sentence = len(ends) >= 2 and all(e == "；" for e in ends[:-1])
    return announced and (own or one_sentence) and clauses


def _is_list_note(text: str) -> bool:
    """A short sentence on the list's items by their numbers (符合（一）至（三）项中一项), or a
    remark labelled as one (特别提醒：…, 注意：…) set between the announcement and its list."""
    return len(text) <= _LIST_LINE_MAX and "项" in text or _REMARK.match(text) is not None


def _is_clause(text: str) -> bool:
    """A list item (or items printed on one line: 1.…；2.…；3.…), not a measure of its own."""
    parts = [p for p in re.split(r"[；;。]", text) if p.strip()]
    return len(text) <= _LIST_ITEM_MAX or sum(map(len, parts)) / max(len(parts), 1) <= _CLAUSE_MAX



def _subtree_paragraphs(node: _Node) -> list[Paragraph]:
    paras = list(node.paragraphs)
    for child in node.children:
        paras.extend(_subtree_paragraphs(child))
    return sorted(paras, key=lambda p: p.start)


def _paragraph_units(paras: list[Paragraph]) -> list[Draft]:
    body = _body_paragraphs(paras)
    rows = line_lists.list_rows([p.text for p in body])
    units: list[Draft] = []
    heading = ""
    for i, para in enumerate(body):
        if units and _LIST_INTRO.search(units[-1].paragraphs[0].text) and _is_list_line(para.text):
            units[-1].paragraphs.append(para)  # a line of the list the paragraph announced
            continue
        if markers.is_heading(para.text) and i not in rows:
            heading = para.text.strip()
            continue
        n = len(units) + 1
        units.append(Draft(f"p{n}", f"第{n}段", "paragraph", (heading,) if heading else (),
                           [para]))
    return units


def _is_list_line(text: str) -> bool:
    """A short line of a list (a name and post, a table row), not a sentence of its own."""
    text = text.strip()
    return len(text) <= _LIST_LINE_MAX and not text.endswith(("。", "！", "？"))


def _body_paragraphs(paras: list[Paragraph]) -> list[Paragraph]:
    """A body without numbering, without its addressee line, 文号, 落款 and formulaic closing."""
    end = next((i for i, p in enumerate(paras) if markers.is_end_matter(p.text)
                and i > 0), len(paras))
    # (a line that is only a 文号 is the header printed again where a page breaks, no paragraph)
    body = [p for p in paras[:end] if not markers.is_addressee(p.text)
            and not DOC_NUMBER.fullmatch(p.text.strip())]
    while len(body) > 1 and (markers.is_organ_line(body[-1].text) or len(re.sub(
            r"\s", "", body[-1].text)) <= _CLOSING_MAX and body[-1].text.rstrip()[-1:] in "。！"):
        body.pop()  # the 落款's organs, and a closing (特此函告。此复。) that states nothing
    return body


def _section_heading(text: str) -> str:
    """A heading without its (领域牵头单位：…) bracket or final full stop."""
    cut = re.split(r"（\s*领域牵头单位", text, maxsplit=1)[0]
    return cut.strip().rstrip("。")
