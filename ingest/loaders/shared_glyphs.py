"""A CJK font may draw a traditional character and its simplified form with one glyph (Noto
CJK's 戶 and 户), and a PDF's text layer then maps that glyph back to one of the two code points,
often the traditional one. In a text written in simplified characters, a character that exists
only in traditional writing was printed from such a glyph: it is read as its simplified form.
The table is Unicode's (Unihan kSimplifiedVariant / kTraditionalVariant, `cjk_variants.txt`);
no library ships just the one-to-one character variants (OpenCC converts phrases)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# A text is written in simplified characters where the simplified-only characters it uses
# outnumber the traditional-only ones this many times (different characters, not occurrences:
# one shared glyph may stand for a word the text repeats; a traditional text has the opposite).
_SIMPLIFIED_RATIO = 5
_TABLE = Path(__file__).resolve().parents[1] / "cjk_variants.txt"


@cache
def _variants() -> tuple[dict[int, str], frozenset[str]]:
    traditional: dict[int, str] = {}
    simplified: set[str] = set()
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if ";" in line:
            old, new = (int(field, 16) for field in line.split(";"))
            traditional[old] = chr(new)
        else:
            simplified.add(chr(int(line, 16)))
    return traditional, frozenset(simplified)


def as_simplified(text: str, body: str | None = None) -> str:
    """`text` with its traditional-only characters in their simplified form, where `body` (the
    document `text` comes from; `text` itself by default) is written in simplified characters;
    otherwise `text` unchanged."""
    traditional, simplified = _variants()
    body = text if body is None else body
    old = sum(1 for c in set(body) if ord(c) in traditional)
    new = sum(1 for c in set(body) if c in simplified)
    if new < _SIMPLIFIED_RATIO * max(old, 1):
        return text
    return text.translate(traditional)
