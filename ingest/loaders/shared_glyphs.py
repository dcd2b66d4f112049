"""Characters a PDF font draws alike, read as the ones the text was written in.

A PDF's font often maps a character's glyph to the CJK radical drawn alike (⼈⺠ for 人民): each
radical stands for its ideograph (Unicode's EquivalentUnifiedIdeograph, `cjk_radicals.txt`).
A CJK font may draw a traditional character and its simplified form with one glyph (Noto
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
_RADICALS = Path(__file__).resolve().parents[1] / "cjk_radicals.txt"


@cache
def radicals() -> dict[str, str]:
    """Each CJK radical a font may map a glyph to, and the ideograph it stands for."""
    table = {}
    for line in _RADICALS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            points, ideograph = (field.strip() for field in line.split(";"))
            first, _, last = points.partition("..")
            for code in range(int(first, 16), int(last or first, 16) + 1):
                table[chr(code)] = chr(int(ideograph, 16))
    return table


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
    """`text` with its radicals read as ideographs, and its traditional-only characters in their
    simplified form where `body` (the document `text` comes from; `text` by default) is written
    in simplified characters."""
    traditional, simplified = _variants()
    # A radical's ideograph is Unicode's traditional form (⼾ → 戶): read radicals first.
    text = "".join(radicals().get(c, c) for c in text)
    body = text if body is None else "".join(radicals().get(c, c) for c in body)
    old = sum(1 for c in set(body) if ord(c) in traditional)
    new = sum(1 for c in set(body) if c in simplified)
    if new < _SIMPLIFIED_RATIO * max(old, 1):
        return text
    return text.translate(traditional)
