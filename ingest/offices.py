"""Responsibility lines: who leads (牵头单位) and who shares (责任单位) a measure."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ingest.markers import (
    FIRST_GROUP_LEADS,
    FIRST_LEADS,
    LEAD_LABEL,
    NOTATION_NOTE,
    ORGAN_END,
    RESPONSIBILITY_INLINE,
    SHARED_LABEL,
)

_OPEN = "（(〔[【"
_CLOSE = "）)〕]】"
_LEAD_WORD = re.compile(LEAD_LABEL)
_SHARED_WORD = re.compile(SHARED_LABEL)
_PERSON = ("责任人", "牵头领导")
_SCOPE = ("适用范围",)
_LABEL = re.compile(rf"(责任人|牵头领导|适用范围|{LEAD_LABEL}|{SHARED_LABEL})\s*[：:]")
# 责任单位：X、Y printed as a line of its own, without brackets.
_BARE_LINE = re.compile(rf"(?m)^(?:{LEAD_LABEL}|{SHARED_LABEL})\s*[：:][^\n]*$")
# Organs named by no name, only by where they stand: 有关部门, 市有关单位, 各相关部门 (X会同有关部门
# names X).
_UNNAMED = re.compile(r"^[\u4e00-\u9fff]{0,3}?(?:有关|相关)")
_SECTION_LEAD = re.compile(r"（\s*领域牵头单位\s*[：:]")
# （X、Y等负责。列第一位者为牵头单位，下同） / （X牵头，Y配合） / （各省级人民政府按职责分工负责）
# How the organs carry the work out stands between their names and the verb: 共同, 分别, or
# their duties and what is done by them (按职责分工, 依职责推进, 按职责抓好分工) — no part of a name.
_MANNER = r"(?:共同|分别|(?:按照?|依照?|根据)(?:各自)?职责[\u4e00-\u9fff]{0,6}?)?"
# (由X牵头实施: the agent marked by 由, the verb's object left out — 牵头 itself is the role)
_VERB_LEAD = re.compile(rf"^由?(?P<names>[^（）。；]+?)(?:等)?{_MANNER}牵头(?:组织)?(?:负责|落实|实施)?$")
_VERB_SHARED = re.compile(rf"^由?(?P<names>[^（）。；]+?)(?:等)?{_MANNER}"
                          r"(?:负责|落实|配合|参与|协同|实施|指导|督导)$")


@dataclass(frozen=True)
class Responsibility:
    person: str = ""
    lead: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    text: str = ""  # the bracket as printed
    scope: str = ""  # 适用范围, where the line states one

    def __bool__(self) -> bool:
        return bool(self.person or self.lead or self.shared)


def label_role(word: str) -> str:
    """"lead" for a lead label (牵头单位, 牵头考核单位), "shared" for another office label
    (责任单位, 配合落实部门), "" for any other word (a table header such as 序号)."""
    word = re.sub(r"\s", "", word)
    return "lead" if _LEAD_WORD.fullmatch(word) else "shared" if _SHARED_WORD.fullmatch(word) else ""


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators outside brackets: 各县（市、区）人民政府 stays whole."""
    parts, depth, buf = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


def parse_bracket(bracket: str, *, bare: bool = False) -> Responsibility:
    """Parse a responsibility bracket in any bracket style: labelled
    (`（责任人：…；牵头单位：…；责任单位：…）`) or by verb (`（X牵头，Y、Z配合）`, `（X、Y负责）`)."""
    inner = bracket.strip()
    if inner and inner[0] in _OPEN:
        inner = inner[1:]
    if inner and inner[-1] in _CLOSE:
        inner = inner[:-1]
    labels = list(_LABEL.finditer(inner))
    if not labels:
        return _by_verb(inner, bracket.strip(), bare)
    person, lead, shared, scope = "", [], [], ""
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(inner)
        value = without_notes(inner[label.end():end]).strip().rstrip("；;，,。")
        kind = label.group(1)
        if kind in _SCOPE:
            scope = value
            continue
        names = names_of(value)
        if kind in _PERSON:
            person = "、".join(names)
        elif label_role(kind) == "lead":
            lead.extend(names)
        else:
            shared.extend(names)
    lead = list(dict.fromkeys(lead))
    return Responsibility(person, tuple(lead),
                          tuple(n for n in dict.fromkeys(shared) if n not in lead),
                          bracket.strip(), scope)


def without_notes(value: str) -> str:
    """A line's offices without the notation's notes on how to read it (…；第一个逗号前为牵头
    单位，多个牵头部门的按照职责分工负责，下同 / 。以下各项任务均需…落实，不再列出): a sentence
    after the names holding a note is all note; in the names' own sentence, the clause that is."""
    sentences = re.split(r"(?<=[。；;])", value)
    first = "".join(c for c in re.split(r"(?<=[，,])", sentences[0]) if not NOTATION_NOTE.search(c))
    return first + "".join(t for t in sentences[1:] if not NOTATION_NOTE.search(t))


def _by_verb(inner: str, printed: str, bare: bool) -> Responsibility:
    """`X牵头，Y、Z配合` / `X、Y等负责。列第一位者为牵头单位，下同`: the clauses before the
    first full stop, each a list of organs and what they do. With `bare` (a bracket standing
    after a finished sentence at the end of a paragraph), a plain list of organs also counts,
    its groups parted by commas or not ([X、Y，各区政府，Z])."""
    lead: list[str] = []
    shared: list[str] = []
    # (a notation's note, [X，Y，列第一位的为牵头单位，下同], tells how to read the list: no clause)
    clauses = split_top_level(re.split(r"[。；;]", without_notes(inner), maxsplit=1)[0], "，,")
    by_verb = [_VERB_LEAD.match(c) or _VERB_SHARED.match(c) for c in clauses]
    if not all(by_verb):
        if not bare or any(by_verb):
            return Responsibility()
        # a plain list is read whole: its groups may be one organ each (，市足协)
        names = [n for clause in clauses for n in names_of(clause)]
        if not _organs(names) or any(re.search(r"有关|相关", n) for n in names) \
                or all(_UNNAMED.match(n) for n in names):
            return Responsibility()  # a bare bracket naming no particular organ explains
        return Responsibility("", (), tuple(dict.fromkeys(names)), printed)
    for m in by_verb:
        names = names_of(m.group("names"))
        if not _organs(names) or all(_UNNAMED.match(n) for n in names):
            # a line whose organs are all unnamed (市有关部门按照职责分工负责) assigns the work
            # to none in particular
            return Responsibility()
        (lead if m.re is _VERB_LEAD else shared).extend(names)
    lead = list(dict.fromkeys(lead))
    return Responsibility("", tuple(lead),
                          tuple(n for n in dict.fromkeys(shared) if n not in lead), printed)


def _organs(names: list[str]) -> bool:
    """Does a list read as organ names (most end as organs do, none is a sentence)? A
    bracket that assigns work by verb (（X、Y负责）) is read only where it does."""
    return bool(names) and all(len(n) <= 30 for n in names) and \
        2 * sum(1 for n in names if ORGAN_END.search(n)) >= len(names)


def names_of(value: str) -> list[str]:
    """Office names of a list as printed: split on 、，；, a trailing 等 or verb dropped, and
    clauses (各领域由相关单位具体牵头) that name no office left out."""
    parts = [name for group in split_top_level(re.sub(r"等(?=[和及与])[和及与]", "、", value), "，,；;")
             for name in _shared_heads(split_top_level(group, "、"))]
    return [n for n in (_clean_name(p) for p in parts) if n and not re.search(r"[由的]", n)]


# 各区、县（市）政府: one 各 over places that share the government printed after the last of
# them (the governments of each district and of each county), one office as printed; 各市〔州〕、
# 各县人民政府 repeats 各, and 各街镇、区规划资源局 names a bureau of its own: two offices each.
_PLACE = r"[\u4e00-\u9fff]{1,3}(?:[（(〔][^）)〕]{1,6}[）)〕])?"
_EACH_PLACE = re.compile(f"各{_PLACE}")
_PLACE_GOVERNMENT = re.compile(f"{_PLACE}(?:人民)?政府")


def _shared_heads(parts: list[str]) -> list[str]:
    """Parts of a 、-list with places joined to the government they share (see _EACH_PLACE)."""
    names: list[str] = []
    for part in parts:
        if names and _EACH_PLACE.fullmatch(names[-1]) and not ORGAN_END.search(names[-1]) \
                and "各" not in part and _PLACE_GOVERNMENT.fullmatch(part):
            names[-1] = f"{names[-1]}、{part}"
        else:
            names.append(part)
    return names


def _clean_name(name: str) -> str:
    name = name.strip().rstrip("。；;，,")
    name = re.sub(r"(?:总|具体)?(?:牵头|负责)$", "", name)
    return re.sub(r"等(?:有关|相关)?(?:部门|单位|机构)?$", "", name).strip()


def find_inline(text: str) -> tuple[Responsibility, tuple[int, int] | None]:
    """Responsibility brackets inside a measure's text, merged, with the span they cover.

    A measure with several sub-tasks may carry one bracket per sub-task; all of them count.
    """
    brackets = [(s, e, r) for s, e, bare in _brackets(text)
                if (r := parse_bracket(text[s:e], bare=bare))]
    if not brackets:
        return Responsibility(), None
    parsed = [r for _, _, r in brackets]
    person = "、".join(dict.fromkeys(p.person for p in parsed if p.person))
    lead = tuple(dict.fromkeys(n for p in parsed for n in p.lead))
    shared = tuple(dict.fromkeys(n for p in parsed for n in p.shared if n not in lead))
    scope = "；".join(dict.fromkeys(p.scope for p in parsed if p.scope))
    bracket_text = "".join(text[s:e] for s, e, _ in brackets)
    return (Responsibility(person, lead, shared, bracket_text, scope),
            (brackets[0][0], brackets[-1][1]))


def responsibility_of(text: str) -> Responsibility:
    """The responsibility a unit's own text states (every bracket in it, merged)."""
    return find_inline(text)[0]


def _brackets(text: str) -> list[tuple[int, int, bool]]:
    """Outermost bracketed spans that may assign work: labelled anywhere; by verb only at the
    end of a sentence or paragraph, or standing between two sentences (a bracket inside a
    sentence explains, it assigns nothing);
    flagged `bare` where it follows a finished sentence and ends its paragraph."""
    # (a line that closes a bracket opened above it is the end of a wrapped bracket, not bare)
    spans = [(m.start(), m.end(), False) for m in _BARE_LINE.finditer(text)
             if m.group(0).count("）") <= m.group(0).count("（")]
    i = 0
    while i < len(text):
        if text[i] not in _OPEN:
            i += 1
            continue
        end = _matching_close(text, i)
        tail = text[end:end + 2]
        labelled = RESPONSIBILITY_INLINE.match(text, i) is not None
        before = text[:i].rstrip()[-1:]
        # (…标准体系。（X、Y负责）推广…: a bracket between two sentences closes the first)
        at_end = tail[:1] in ("", "\n", "。", "；") or before in ("。", "；")
        if labelled or at_end:
            bare = before in ("", "\n", "。", "；") and tail.rstrip("。；")[:1] in ("", "\n")
            spans.append((i, end, bare))
        i = end
    return spans


def find_section_lead(heading: str) -> Responsibility:
    """The responsibility a group or part heading states for every item under it:
    `（领域牵头单位：…）` in it, or a responsibility bracket closing it (一、扩大有效投资政策
    （由市发改委牵头实施）, （二）…（牵头单位：X））."""
    match = _SECTION_LEAD.search(heading)
    if match:
        end = _matching_close(heading, match.start())
        return parse_bracket(heading[match.start():end])
    text = heading.rstrip().rstrip("。；")
    if not text or text[-1] not in _CLOSE:
        return Responsibility()
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += (text[i] in _CLOSE) - (text[i] in _OPEN)
        if depth == 0:
            return parse_bracket(text[i:]) if i > 0 else Responsibility()
    return Responsibility()


def under_heading(own: Responsibility, heading: Responsibility) -> Responsibility:
    """An item's own line under a heading that names the lead: a line naming only the offices
    that carry the item out (（责任单位：X、Y）) leaves the lead to the heading, which then leads
    it; a line naming its own lead keeps it."""
    if own.lead or not heading.lead or not own.shared:
        return own
    return dataclasses.replace(own, lead=heading.lead,
                               shared=tuple(n for n in own.shared if n not in heading.lead))


def _matching_close(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def later_lines(units: list[tuple[str, Responsibility]]) -> list[Responsibility]:
    """Each unit's responsibility (its text, its line) under a notation's rules for the lines
    after it: 「列第一位者为牵头单位，下同」 (a line naming no lead has its first office lead),
    「第一个逗号前为牵头单位，下同」 (the offices before the line's first comma lead). A note that
    some offices carry out every later task (以下各项任务均需X落实，不再列出) adds them to no
    later unit: a unit's offices are those printed for it."""
    first_leads = first_group_leads = False
    fixed = []
    for text, resp in units:
        first_leads = first_leads or FIRST_LEADS.search(text) is not None
        first_group_leads = first_group_leads or FIRST_GROUP_LEADS.search(text) is not None
        if resp and not resp.lead and resp.shared:
            if first_group_leads:
                lead = _before_first_comma(resp)
                resp = dataclasses.replace(resp, lead=lead, shared=tuple(n for n in resp.shared if n not in lead))
            elif first_leads:
                resp = dataclasses.replace(resp, lead=resp.shared[:1], shared=resp.shared[1:])
        fixed.append(resp)
    return fixed


def _before_first_comma(resp: Responsibility) -> tuple[str, ...]:
    """The offices a line prints before its first comma (市科技局、市数据局，市委网信办…)."""
    listed = re.sub(r"^[（(〔\[【]?[^：:]*[：:]", "", resp.text)
    head = set(names_of(re.split(r"[，,；;。]", listed, maxsplit=1)[0]))
    return tuple(n for n in resp.shared if n in head) or resp.shared[:1]
