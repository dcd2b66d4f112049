"""Responsibility lines: who leads (牵头单位) and who shares (责任单位) a measure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.markers import RESPONSIBILITY_INLINE

_OPEN = "（(〔[【"
_CLOSE = "）)〕]】"
_LEAD = ("领域牵头单位", "牵头单位", "牵头部门")
_SHARED = ("责任单位", "配合单位", "责任部门")
_PERSON = ("责任人",)
_LABEL = re.compile(r"(领域牵头单位|牵头单位|牵头部门|责任单位|配合单位|责任部门|责任人)\s*[：:]")
_SECTION_LEAD = re.compile(r"（\s*领域牵头单位\s*[：:]")


@dataclass(frozen=True)
class Responsibility:
    person: str = ""
    lead: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    text: str = ""  # the bracket as printed

    def __bool__(self) -> bool:
        return bool(self.person or self.lead or self.shared)


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


def parse_bracket(bracket: str) -> Responsibility:
    """Parse `（责任人：…；牵头单位：…；责任单位：…）` in any bracket style."""
    inner = bracket.strip()
    if inner and inner[0] in _OPEN:
        inner = inner[1:]
    if inner and inner[-1] in _CLOSE:
        inner = inner[:-1]
    person, lead, shared = "", [], []
    labels = list(_LABEL.finditer(inner))
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(inner)
        value = inner[label.end():end].strip().rstrip("；;，,")
        names = [n for n in (_clean_name(n) for n in split_top_level(value, "、，,")) if n]
        kind = label.group(1)
        if kind in _PERSON:
            person = "、".join(names)
        elif kind in _LEAD:
            lead.extend(names)
        elif kind in _SHARED:
            shared.extend(names)
    return Responsibility(person, tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(shared)),
                          bracket.strip())


def _clean_name(name: str) -> str:
    return name.strip().rstrip("。；;，,")


def find_inline(text: str) -> tuple[Responsibility, tuple[int, int] | None]:
    """Responsibility brackets inside a measure's text, merged, with the span they cover.

    A measure with several sub-tasks may carry one bracket per sub-task; all of them count.
    """
    found = [m.start() for m in RESPONSIBILITY_INLINE.finditer(text)]
    if not found:
        return Responsibility(), None
    brackets = [(start, _matching_close(text, start)) for start in found]
    parsed = [parse_bracket(text[s:e]) for s, e in brackets]
    person = "、".join(dict.fromkeys(p.person for p in parsed if p.person))
    lead = tuple(dict.fromkeys(n for p in parsed for n in p.lead))
    shared = tuple(dict.fromkeys(n for p in parsed for n in p.shared if n not in lead))
    bracket_text = "".join(text[s:e] for s, e in brackets)
    return Responsibility(person, lead, shared, bracket_text), (brackets[0][0], brackets[-1][1])


def find_section_lead(heading: str) -> Responsibility:
    """`（领域牵头单位：…）` at the end of a group or part heading."""
    match = _SECTION_LEAD.search(heading)
    if not match:
        return Responsibility()
    end = _matching_close(heading, match.start())
    return parse_bracket(heading[match.start():end])


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
