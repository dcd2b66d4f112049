"""Numbered items an extraction ran into one line, put back on lines of their own.

A web page that prints a whole outline in one <p>, or a PDF converted to HTML without its
line breaks, gives「…。2．…。3．…」or「一、总体要求 （一）指导思想 深入贯彻…」in one physical
line. A marker inside a line starts an item of its own only where a reader sees one:
- it stands after a finished sentence (。！？；) or after a gap (the space an extraction leaves
  where a line broke), outside any bracket or quotation;
- its number continues the outline read so far: the next number at its level (一、 after
  一、 is 二、), or the first item of a level below the item it follows ((一) under 二、);
  an article (第五条) the next article.
An inline list (…如下：1.…；2.…) or a cited item (第（三）项) fails one of these and stays.
The 落款 run onto the last sentence (…环境。 北京市人民政府 2016年9月8日) goes on a line of
its own too, as it is printed.
"""

from __future__ import annotations

import re

from ingest import markers

_SENTENCE_END = "。！？；"
_OPEN, _CLOSE = "（《“〔【[", "）》”〕】]"
_CANDIDATE = re.compile(r"第[一二三四五六七八九十百零〇\d]{1,5}条|[一二三四五六七八九十百]{1,3}、|（\s*[一二三四五六七八九十百]{1,3}\s*）|\d{1,3}\s*[.．、]")
_WORD_START = re.compile(r"\s*[\u4e00-\u9fff（“《【]")
_SIGNATURE_TAIL = re.compile(r"(?:[\u4e00-\u9fff（）]+\s+){0,8}?[\u4e00-\u9fff（）]+\s*"
                             r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^。；，]{2,12}日$")


class Outline:
    """The numbering read so far: the last number at each level, and the level last seen."""

    def __init__(self) -> None:
        self.last: dict[int, int] = {}
        self.level = 0
        self.article = 0
        # the last number, per level, of a list run inline (：1.…；2.…) in the current item's
        # text: its next number (…；3.… on the next line) continues that list, not the outline
        self.inline: dict[int, int] = {}

    def see(self, text: str) -> None:
        """Note a line that starts with a marker."""
        if m := markers.ARTICLE.match(text):
            self.article = markers.chinese_number(m.group(1))
        elif level := markers.outline_level(text):
            self.last[level] = _number(text)
            self.level = level

    def continues(self, text: str) -> bool:
        """Would an item starting `text` continue the outline (or the articles)?"""
        if m := markers.ARTICLE.match(text):
            return markers.chinese_number(m.group(1)) == self.article + 1
        level = markers.outline_level(text)
        if level < 2:  # divisions (第一部分) and articles are never run in unseen
            return False
        number = _number(text)
        return number == self.last.get(level, 0) + 1 or number == 1 and level > self.level


def _number(text: str) -> int:
    number = markers.outline_marker(text)[0]
    return int(number) if number.isdigit() else 0


def split_line(line: str, outline: Outline) -> list[int]:
    """Where in `line` items (or the 落款) run in: the offsets of the pieces after the first.
    Updates `outline` with every marker the line holds."""
    outline.see(line)
    if markers.outline_level(line) or markers.ARTICLE.match(line):
        outline.inline = {}  # a new item: the list of the one before is over
    inline = outline.inline
    cuts: list[int] = []
    depth = 0
    for i, ch in enumerate(line):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if i == 0 or depth > (1 if ch == "（" else 0) or line[i - 1].isdigit():
            continue
        rest = line[i:]
        # (an item starts with words: 1、2项 or 第 1、3 款 cite numbers, they start nothing)
        item = (m := _CANDIDATE.match(rest)) and _WORD_START.match(rest, m.end())
        level = markers.outline_level(rest) if item else 0
        if item and inline.get(level) == _number(rest) - 1:
            inline[level] += 1  # the next item of a list run inline (：1.…；2.…；3.…) is inline too
        elif item and _after_break(line, i) and outline.continues(rest):
            outline.see(rest)
            cuts.append(i)
        elif item and line[i - 1] != "第":  # (a cited 第（三）项 is no list's item)
            inline[level] = _number(rest)
        elif not _after_break(line, i):
            continue
        elif _SIGNATURE_TAIL.fullmatch(rest.strip()) and _is_signature(rest):
            cuts.append(i)
            break
    return cuts


def _after_break(line: str, i: int) -> bool:
    """A finished sentence, or a gap between words, comes right before offset i."""
    before = line[:i]
    stripped = before.rstrip()
    if not stripped or line[i].isspace():
        return False
    gap = len(stripped) < len(before)
    return stripped[-1] in _SENTENCE_END or gap and not stripped[-1].isascii()


def _is_signature(text: str) -> bool:
    """Organ names and a date: a 落款."""
    text = text.strip()
    date = re.search(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年", text)
    return bool(date and markers.is_date_line(text[date.start():])
                and markers.organ_names(text[:date.start()], r"\s"))
