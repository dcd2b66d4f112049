"""The numbering markers of Chinese policy texts, recognised on normalised text.

一、 part  →  （一） group  →  1. / 1、 / 1． measure;  第一条 article;
（责任人：…；牵头单位：…；责任单位：…） responsibility lines in any bracket style.
"""

from __future__ import annotations

import re

import cn2an

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


def chinese_number(text: str) -> int:
    """十九 → 19; digits pass through."""
    if text.isdigit():
        return int(text)
    return int(cn2an.cn2an(text, "smart"))
