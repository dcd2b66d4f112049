"""A share of another amount, spelled out as Chinese laws print it, as the answer to "how much".

Statutes state many amounts as a share of a base: 按照不低于劳动者本人工资的百分之三百支付,
不低于当地最低工资标准的百分之七十五支付生活费. The numeric amount forms (`slots.AMOUNT`) do not read
百分之/千分之 spelled in characters, so an amount question answered this way looked unanswered.
Such a share states the amount asked unless its base is the very thing asked: 最低工资标准的百分之
八十 says what is paid relative to the 最低工资, not what the 最低工资 is (最低工资标准是多少). The base
restates the question when it shares a run of `_RESTATED` characters with it (a compound noun
of the question: 最低工资标准); a single two-character word in common (工资 of 本人工资 and 加班工资)
does not make it the same thing.
"""

from __future__ import annotations

import re

_BASE_SPAN = 12  # characters before a share that may name its base
SPELLED = re.compile(r"(?:百分之|千分之)[零〇一二三四五六七八九十百点]+")  # a share in characters
# … and what it is a share of (the noun phrase before 的).
_SPELLED = re.compile(rf"([\u4e00-\u9fff]{{1,{_BASE_SPAN}}}?)的?{SPELLED.pattern}")
_RESTATED = 3  # characters in common that make the base the thing the question names
_LEAD = re.compile(r"^.*(?:不低于|不高于|不超过|不少于|低于|高于|超过|按照|按|为|的)")


def _base(prefix: str) -> str:
    """The base's noun phrase: what follows the last comparison or preposition (不低于X的)."""
    return _LEAD.sub("", prefix)


def _restates(base: str, question: str) -> bool:
    return any(base[i:i + _RESTATED] in question for i in range(len(base) - _RESTATED + 1))


def states_share(sentence: str, question: str) -> bool:
    """The sentence prints a spelled share (百分之七十五) of a base other than what the
    question itself names."""
    return any(not _restates(_base(m.group(1)), question) for m in _SPELLED.finditer(sentence))


def restates_base(sentence: str, at: int, question: str) -> bool:
    """The share printed at `at` (百分之八十, 80%) is of a base the question itself names."""
    prefix = sentence[:at].rstrip().removesuffix("的")[-_BASE_SPAN:]
    return _restates(_base(prefix), question)
