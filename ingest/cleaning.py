"""Repair extraction scars while keeping offsets into the exact source text.

Two stages:
- `normalise_chars` maps one character to one character (no-break spaces, full-width
  letters and digits, half-width punctuation in Chinese text), so offsets stay valid against
  the loaded text: a citation can always show the source slice.
- `paragraphs` joins physical lines into logical paragraphs (lines broken inside sentences
  and inside office names), drops bullets and mojibake, removes spaces inside numbers and
  between Chinese characters, and mends a character repeated across a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import markers

# The one place where full-/half-width punctuation is normalised.
_WIDTH_MAP = {
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u3000": " ", "\u200b": " ",
    "\ufeff": " ", "\t": " ",
    "(": "（", ")": "）", ":": "：", ";": "；", ",": "，", "?": "？", "!": "！",
}
# Full-width ASCII letters/digits (Ａ１) become half-width so numbers parse one way.
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_BETWEEN_DIGITS_KEEP = {",", ":"}  # 1,000 and 09:24 keep their ASCII form

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’《》〔〕【】—…·"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ ]+|[ ]+(?=[{_CJK}{_CJK_PUNCT}])")
_MULTISPACE = re.compile(r" {2,}")
_BULLET = re.compile(r"^(?:[-•·●▪◦*]\s*)+(?=\S)")
# "锛" is "（" (EF BC 88) decoded as GBK; with the digits that follow it is pure noise.
_MOJIBAKE = re.compile(r"^锛\d*")
_TERMINAL = set("。！？；…")
_CONTINUES = set("、，：（《“‘〔【—")
_OPEN, _CLOSE = "（《“〔【[", "）》”〕】]"
_LONG_LINE = 20  # a physical line this long was most likely wrapped by the extractor
# Doubled characters that are ordinary Chinese at a join (市市场监管局, 人人) are kept.
_LEGIT_DOUBLES = set("市县区省镇乡村人常天年月日各")


def normalise_chars(text: str) -> str:
    """Map characters one-to-one to their canonical form (same length as the input)."""
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _BETWEEN_DIGITS_KEEP and 0 < i < n - 1 and text[i - 1].isdigit() \
                and text[i + 1].isdigit():
            out.append(ch)
        else:
            out.append(_WIDTH_MAP.get(ch, ch))
    return "".join(out)


def tidy(text: str) -> str:
    """Remove spaces that extraction put between Chinese characters and inside numbers."""
    text = _SPACE_NEAR_CJK.sub("", text)
    text = text.replace("（。", "。（")  # a full stop pulled into the bracket by extraction
    text = _MULTISPACE.sub(" ", text)
    return _pair_quotes(text).strip()


def _pair_quotes(text: str) -> str:
    """ASCII double quotes in Chinese text become “ ” alternately."""
    if '"' not in text:
        return text
    parts = text.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


@dataclass(frozen=True)
class Paragraph:
    """A logical paragraph: cleaned text and its [start, end) span in the source text."""

    text: str
    start: int
    end: int


@dataclass
class _Line:
    text: str
    start: int
    end: int


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        stripped = _BULLET.sub("", stripped)
        stripped = _MOJIBAKE.sub("", stripped).strip()
        if stripped:
            lines.append(_Line(stripped, start + lead, end))
    return lines


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    return depth > 0


def _continues(paragraph: str, last_line: str, nxt: str, titles: set[str]) -> bool:
    """Whether the next physical line continues the paragraph instead of starting one."""
    if markers.starts_unit(nxt) or title_key(nxt) in titles or title_key(paragraph) in titles:
        return False
    tail = paragraph.rstrip()[-1]
    if tail in _TERMINAL:
        return False
    if _unbalanced(paragraph) or tail in _CONTINUES:
        return True
    if tail in _CLOSE:
        return False
    return len(last_line) >= _LONG_LINE


def _join(left: str, right: str) -> str:
    """Join two physical lines, mending a character duplicated across a page break."""
    a, b = left[-1], right[0]
    if a == b and re.match(rf"[{_CJK}]", a) and a not in _LEGIT_DOUBLES:
        right = right[1:]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return left + " " + right
    return left + right


def title_key(text: str) -> str:
    """A comparison key for titles: no whitespace, no quotes or book-title marks."""
    return re.sub(r"[\s\"“”‘’'《》]", "", text)


def paragraphs(text: str, titles: set[str] = frozenset()) -> list[Paragraph]:
    """Split normalised text into cleaned logical paragraphs with source spans.

    `titles` are title keys (see `title_key`) that always stand alone, so a document title
    is never glued to the preamble that follows it.
    """
    result: list[Paragraph] = []
    buf: str | None = None
    start = end = 0
    last_line = ""
    for line in _lines(text):
        if buf is not None and _continues(buf, last_line, line.text, titles):
            buf = _join(buf, line.text)
            end = line.end
        else:
            if buf is not None:
                result.append(Paragraph(tidy(buf), start, end))
            buf, start, end = line.text, line.start, line.end
        last_line = line.text
    if buf is not None:
        result.append(Paragraph(tidy(buf), start, end))
    return [p for p in result if p.text]
