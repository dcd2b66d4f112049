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
# 1.1 / 1.2.1 (emergency plans, standards): one outline level per dot below "1".
DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(?![.\d])\s*(\S.*)$", re.S)
# "1总则" (the top of a decimal outline, its space taken by the cleaner): a bare short heading.
DECIMAL_TOP = re.compile(r"^(\d{1,2})(?![.．、\d])\s*([\u4e00-\u9fff][^。；，：]{0,18})$")
ARTICLE = re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})条(?![款项])\s*(.*)$", re.S)
# 第一编 / 第二章 / 第三节 headings (short: the word, its number and a title).
SECTION = re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})([编章节])(?:\s+|(?=[\u4e00-\u9fff]))[^。；]{{0,30}}$")
_RESP_LABELS = ("责任人|牵头单位|牵头部门|领域牵头单位|责任单位|配合单位|责任部门|负责部门|执行单位|"
                "实施单位|协办单位|参与单位|主责单位|主责部门|配合部门|牵头领导")
RESPONSIBILITY = re.compile(rf"^[（〔\[【]\s*(?:{_RESP_LABELS})\s*[：:]")
# A responsibility bracket anywhere in a text (inline at the end of a measure).
RESPONSIBILITY_INLINE = re.compile(rf"[（〔\[【]\s*(?:{_RESP_LABELS})\s*[：:]")
# A document's rule that the first office listed in a responsibility line leads (下同).
FIRST_LEADS = re.compile(r"(?:列|排在?|位列)第一位?的?(?:者|部门|单位)?为牵头|第一个(?:部门|单位)为牵头")
_DATE_ONLY = re.compile(r"^[（(]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
                        r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*[）)]?$")
_PUBLICATION_NOTE = re.compile(r"^[（(]此件[^）)]{1,12}[）)]$")
_ADDRESSEE_MAX = 80
_HEADING_MAX = 25


def outline_level(text: str, decimal: bool = False) -> int:
    """1 for 一、, 2 for （一）, 3 for 1. (and for the top of a decimal outline, 3 + dots
    below it when `decimal`), 0 for anything else (（1）, ① stay inside their unit)."""
    if PART.match(text):
        return 1
    if GROUP.match(text):
        return 2
    if decimal and (m := DECIMAL.match(text)):
        return 3 + m.group(1).count(".")
    if MEASURE.match(text) or decimal and DECIMAL_TOP.match(text):
        return 3
    return 0


def outline_marker(text: str) -> tuple[str, str, str]:
    """(number as an arabic string, the marker as printed, the item's heading)."""
    for pattern, printed in ((PART, "{}、"), (GROUP, "（{}）"), (DECIMAL, "{}"),
                             (MEASURE, "{}."), (DECIMAL_TOP, "{}")):
        if m := pattern.match(text):
            raw = m.group(1)
            number = raw if "." in raw else str(chinese_number(raw))
            heading = re.split(r"[。；\n]", m.group(2).strip(), maxsplit=1)[0]
            return number, printed.format(raw), heading
    return "", "", text


def is_date_line(text: str) -> bool:
    """A line that is only a date (the 落款's), in arabic or Chinese numerals."""
    return bool(_DATE_ONLY.match(re.sub(r"\s", "", text)))


def is_signature_or_date(text: str) -> bool:
    """The 落款's date line, or a note printed under it such as （此件公开发布）."""
    compact = re.sub(r"\s", "", text)
    return bool(_DATE_ONLY.match(compact) or _PUBLICATION_NOTE.match(compact))


def is_addressee(text: str) -> bool:
    """The line a letter or notice is addressed to: 各区人民政府，市政府各部门： / 某某代表："""
    text = text.strip()
    balanced = all(text.count(a) == text.count(b) for a, b in ("（）", "〔〕", "[]", "【】"))
    return len(text) <= _ADDRESSEE_MAX and text.endswith(("：", ":")) and "。" not in text \
        and balanced and not RESPONSIBILITY.match(text)


def is_heading(text: str) -> bool:
    """An unnumbered heading: a short line that ends no sentence."""
    text = text.strip()
    return 0 < len(text) <= _HEADING_MAX and text[-1] not in "。；，：！？…）)" \
        and "。" not in text and "\t" not in text


def starts_unit(text: str) -> bool:
    """Whether a line begins a new structural unit (so it never continues the last one)."""
    return bool(PART.match(text) or GROUP.match(text) or MEASURE.match(text)
                or ARTICLE.match(text) or RESPONSIBILITY.match(text) or SECTION.match(text))


_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """十九 → 19, 一百零五 → 105, 二〇二二 → 2022; arabic digits pass through (cn2an).

    Total over what the markers match: a malformed numeral (十十) still reads as a number,
    so a scar in a heading never stops the parse.
    """
    if text.isdecimal():
        return int(text)
    if all(ch in _DIGITS for ch in text):  # written digit by digit: 二〇二二
        return int("".join(str(_DIGITS[ch]) for ch in text))
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return sum(_DIGITS.get(ch, 10 if ch == "十" else 0) for ch in text)
