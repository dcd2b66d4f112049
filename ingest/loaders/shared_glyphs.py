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

import re
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


# A font's ToUnicode table may give a mark its GB2312 code in place of its Unicode one: the
# full-width comma, GB2312 A3AC, comes out as U+A3AC, a syllable of the Yi script (ꎬ). The
# codes of GB2312's rows of marks, symbols and full-width forms (A1A1–A3FE) all fall in the
# Yi Syllables block; in a Chinese text a Yi syllable standing alone between other characters
# is such a code (Yi writing runs its syllables together) and is read as the mark it codes.
_GB_MARK_ROWS = range(0xA1A1, 0xA3FF)
_YI = re.compile(r"(?<![\ua000-\ua48c])[\ua1a1-\ua3fe](?![\ua000-\ua48c])")
# GB2312's full-width full stop (A3AE, ．) ends a Chinese sentence as 。 does: after a
# character that is no digit or letter (2．5 and A．stay as printed) it is printed as 。.
_NUMBERING = re.compile(r"[\dA-Za-z０-９Ａ-Ｚａ-ｚ]")
# Guillemets (« ») are no Chinese marks: a pair of them quoting Chinese text (a title, wrapped
# or not) is the title marks 《 》 drawn alike by a Western font.
_GUILLEMETS = re.compile(r"«(?=[^«»]{0,80}[\u3400-\u9fff])([^«»]{1,80})»")
# Low and reversed double quotes („ ‟) are no Chinese marks either: a pair of them around the
# year of a 文号 (沪松府办„2016‟87号) is the year bracket 〔 〕 a Western font drew alike.
_YEAR_QUOTES = re.compile(r"„(\s*\d{4}\s*)‟(?=\s*\d{1,4}\s*号)")


def _gb_mark(code: int) -> str | None:
    if code not in _GB_MARK_ROWS or not 0xA1 <= code & 0xFF <= 0xFE:
        return None
    try:
        return code.to_bytes(2, "big").decode("gb2312")
    except UnicodeDecodeError:
        return None


def marks_as_printed(text: str) -> str:
    """`text` with the marks a PDF's text layer coded by look-alikes read as printed: Yi syllables
    standing for GB2312-coded marks, guillemets for title marks, „ ‟ for a 文号's year brackets. Each character is replaced
    by one, so offsets into the text stay valid."""
    if _YI.search(text):
        def mark(m: re.Match) -> str:
            found = _gb_mark(ord(m.group(0)))
            before = text[max(0, m.start() - 8):m.start()].rstrip()[-1:]
            if found == "．" and before and not _NUMBERING.match(before):
                return "。"
            return found or m.group(0)
        text = _YI.sub(mark, text)
    return _YEAR_QUOTES.sub(r"〔\1〕", _GUILLEMETS.sub(r"《\1》", text))
