"""The numbering markers of Chinese policy texts, recognised on normalised text.

一、 part  →  （一） group  →  1. / 1、 / 1． measure;  第一条 article;
（责任人：…；牵头单位：…；责任单位：…） responsibility lines in any bracket style.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇两"

PART = re.compile(rf"^([{_CN_NUM}]{{1,3}})、\s*(.*)$", re.S)
GROUP = re.compile(rf"^（\s*([{_CN_NUM}]{{1,3}})\s*）\s*(.*)$", re.S)
MEASURE = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$", re.S)
ARTICLE = re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})条\s*(.*)$", re.S)
_RESP_LABELS = "责任人|牵头单位|牵头部门|领域牵头单位|责任单位|配合单位|责任部门"
RESPONSIBILITY = re.compile(rf"^[（〔\[【]\s*(?:{_RESP_LABELS})\s*[：:]")
# A responsibility bracket anywhere in a text (inline at the end of a measure).
RESPONSIBILITY_INLINE = re.compile(rf"[（〔\[【]\s*(?:{_RESP_LABELS})\s*[：:]")


def starts_unit(text: str) -> bool:
    """Whether a line begins a new structural unit (so it never continues the last one)."""
    return bool(PART.match(text) or GROUP.match(text) or MEASURE.match(text)
                or ARTICLE.match(text) or RESPONSIBILITY.match(text))


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}


def chinese_number(text: str) -> int:
    """十九 → 19, 一百零五 → 105, 二〇二二 → 2022; arabic digits pass through.

    Total over what the markers match: a malformed numeral (十十) still reads as a number,
    so a scar in a heading never stops the parse.
    """
    if text.isdecimal():
        return int(text)
    if all(ch in _DIGITS for ch in text):  # written digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total = current = 0
    for ch in text:
        if ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            current = _DIGITS.get(ch, int(ch) if ch.isdecimal() else 0)
    return total + current
