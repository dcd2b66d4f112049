"""The numbers Word prints before list paragraphs: automatic numbering (一、 （一） 1.) is held
in the paragraph's numPr (or its style's) and the definitions of numbering.xml, not in the
text, so a reader of the XML text alone sees measures without their numbers.

Written by hand: python-docx exposes the numbering part but does not compute the labels.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_LEVELS = 9
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CUSTOM = {"一": "chineseCounting", "壹": "chineseLegalSimplified", "①": "decimalEnclosedCircle",
           "甲": "ideographTraditional"}
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _val(element, path: str) -> str | None:
    found = element.find(path, {"w": _W}) if element is not None else None
    return found.get(_w("val")) if found is not None else None


class _Level:
    def __init__(self, lvl) -> None:
        self.start = int(_val(lvl, "w:start") or 1)
        self.format = _level_format(lvl)
        self.text = _val(lvl, "w:lvlText") or ""
        # After which levels this one starts again: any higher one by default; lvlRestart 0
        # never (articles numbered on across chapters: 第一章 第一条 第二条 第二章 第三条), N after
        # level N (1-based) only.
        restart = _val(lvl, "w:lvlRestart")
        self.restart = int(restart) if restart is not None and restart.isdigit() else None


def _level_format(lvl) -> str:
    """numFmt, or where Word 2010+ wrote a custom one (一, 二, 三, ...) inside an
    AlternateContent, the format its first sample names (its fallback otherwise)."""
    if (direct := _val(lvl, "w:numFmt")) is not None:
        return direct
    for fmt in lvl.iter(_w("numFmt")):
        sample = (fmt.get(_w("format")) or "").split(",")[0].strip()
        if fmt.get(_w("val")) == "custom" and sample:
            return _CUSTOM.get(sample, "decimalZero" if sample.startswith("0") else "decimal")
    found = next(iter(lvl.iter(_w("numFmt"))), None)
    return found.get(_w("val")) if found is not None else "decimal"


class Numbering:
    """Counts a document's numbered paragraphs in reading order and gives each its label."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}  # numId → its levels
        self._list: dict[str, str] = {}  # numId → the list it counts in
        self._styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            self._read(document)
        except Exception as exc:  # a broken numbering part loses the numbers, not the text
            logger.warning("numbering definitions unreadable (%s); numbers left out", exc)
            self._levels = {}

    def _read(self, document) -> None:
        # A document without lists has no numbering part (python-docx's numbering_part would
        # try to create one and raise NotImplementedError): nothing is numbered, nothing lost.
        if not any(rel.reltype == _NUMBERING_REL for rel in document.part.rels.values()):
            return
        root = document.part.numbering_part.element
        for style in document.styles.element.iterchildren(_w("style")):
            self._styles[style.get(_w("styleId"))] = (
                _val(style, "w:pPr/w:numPr/w:numId"), _val(style, "w:pPr/w:numPr/w:ilvl"),
                _val(style, "w:basedOn"))
        abstract = {a.get(_w("abstractNumId")): {int(lvl.get(_w("ilvl"))): _Level(lvl)
                                                 for lvl in a.iterchildren(_w("lvl"))}
                    for a in root.iterchildren(_w("abstractNum"))}
        nums = {num.get(_w("numId")): _val(num, "w:abstractNumId")
                for num in root.iterchildren(_w("num"))}
        for a in root.iterchildren(_w("abstractNum")):
            # A definition that only links to a list style takes the levels of that style's list.
            if (link := _val(a, "w:numStyleLink")) and not abstract[a.get(_w("abstractNumId"))]:
                linked = nums.get(self._styles.get(link, (None,))[0])
                abstract[a.get(_w("abstractNumId"))] = abstract.get(linked, {})
        for num in root.iterchildren(_w("num")):
            num_id, abstract_id = num.get(_w("numId")), _val(num, "w:abstractNumId")
            levels = dict(abstract.get(abstract_id, {}))
            restarted = False
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl")))
                if (lvl := override.find(_w("lvl"))) is not None:
                    levels[ilvl] = _Level(lvl)
                if (start := _val(override, "w:startOverride")) is not None and ilvl in levels:
                    levels[ilvl] = _copy(levels[ilvl], int(start))
                    restarted = True
            self._levels[num_id] = levels
            # Instances of one definition continue one list unless one restarts it.
            self._list[num_id] = f"num{num_id}" if restarted else f"abstract{abstract_id}"

    def label(self, paragraph) -> str:
        """The number Word prints before this <w:p> ("一、", "（二）", "3."), "" for none;
        counts it, so call once per paragraph in reading order."""
        num_id, ilvl = self._num_pr(paragraph)
        levels = self._levels.get(num_id or "0")
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(self._list[num_id], [0] * _LEVELS)
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or ilvl < restart:
                counters[deeper] = 0
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl].start
        for higher in range(ilvl):  # a level never counted yet prints as its start
            if not counters[higher] and higher in levels:
                counters[higher] = levels[higher].start

        def field(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            level = levels.get(k)
            return _format(counters[k], level.format) if level else ""

        text = re.sub(r"%(\d)", field, levels[ilvl].text)
        if levels[ilvl].format in ("bullet", "none") or not text.strip():
            return ""
        # 1. / 一、 end in punctuation and run on into the text; a bare number gets a space.
        return text if not text[-1].isalnum() else text + " "

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        num_id = _val(paragraph, "w:pPr/w:numPr/w:numId")
        ilvl = _val(paragraph, "w:pPr/w:numPr/w:ilvl")
        style = _val(paragraph, "w:pPr/w:pStyle")
        seen = set()
        while style and style not in seen and (num_id is None or ilvl is None):
            seen.add(style)
            style_num, style_ilvl, based_on = self._styles.get(style, (None, None, None))
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
            style = based_on
        return num_id, int(ilvl or 0)


def _copy(level: _Level, start: int) -> _Level:
    copy = object.__new__(_Level)
    copy.start, copy.format, copy.text, copy.restart = start, level.format, level.text, level.restart
    return copy


def _format(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats."""
    if fmt.startswith("chineseCounting") or fmt in ("chineseLegalSimplified", "taiwaneseCounting",
                                                      "ideographDigital"):
        import cn2an

        return cn2an.an2cn(n, "up" if fmt == "chineseLegalSimplified" else "low")
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman, rest = "", n
        for value, numeral in _ROMAN:
            while rest >= value:
                roman, rest = roman + numeral, rest - value
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
