"""Check an answer's claims against the text it cites.

A claim is a number with a unit (11天, 45%, 1800元), a time limit or deadline (两小时,
6月底前, 2022年12月31日) or an office name (市地方金融监管局). It is supported when it appears,
ignoring whitespace, in a cited measure's text, its printed responsibility line, or the
citation itself (title, 文号, measure number). Used on LLM answers to drop unsupported
sentences, and by the tests on every default answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.records import Citation

_CN_NUM = "零一二两三四五六七八九十百千万半"
_UNIT = (r"(?:个工作日|工作日|个小时|小时|分钟|个月|天|日|周|年|%|％|元|万元|亿元|折|个百分点|"
         r"千伏安|千伏|千瓦|平方米|件|项|个环节|个)")
CLAIM_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"),
    re.compile(r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:底|末|中旬|上旬|下旬|份)?(?:前|之前)"),
    re.compile(rf"\d+(?:\.\d+)?\s*{_UNIT}"),
    re.compile(rf"[{_CN_NUM}]{{1,3}}(?:个工作日|个小时|小时|分钟|个月|天)"),
)
OFFICE = re.compile(r"(?:[市县区省][\u4e00-\u9fff]{1,12}?(?:局|委|办|厅|中心|支行|分局|法院|委员会|办公室|管委会)"
                    r"|[\u4e00-\u9fff]{2,8}(?:海关|银保监分局|中心支行|供电公司|人民法院))")
_SPACE = re.compile(r"\s+")
# Sentences in a measure's text that address a model rather than an enterprise. They stay in
# an LLM's prompt (fenced off as data) but never count as support for a claim, and no answer
# line is cut from them.
INSTRUCTION = re.compile(
    r"忽略(?:以上|上述|之前|前面|此前|所有|全部)|无视(?:以上|上述|之前)|(?:以上|上述|之前的?)(?:规则|指令)"
    r"|你现在是|扮演|系统提示|提示词|(?:回答|回复|输出)[:：]|ignore (?:all |the )?(?:previous|above)"
    r"|system prompt", re.I)


def claims(text: str) -> list[str]:
    """Numbers with units, time limits and office names in a text, in order, each once."""
    found: list[tuple[int, str]] = []
    for pattern in (*CLAIM_PATTERNS, OFFICE):
        found.extend((m.start(), m.group(0)) for m in pattern.finditer(text))
    found.sort()
    return list(dict.fromkeys(_SPACE.sub("", c) for _, c in found))


def sources(citations: Iterable[Citation]) -> str:
    """Everything the citations put on record, whitespace removed."""
    parts = []
    for c in citations:
        parts.extend([c.text, c.responsibility, c.title, c.doc_number, c.label,
                      "、".join(c.lead_offices), "、".join(c.offices)])
    return _SPACE.sub("", "\n".join(parts))


def unsupported(text: str, citations: Sequence[Citation]) -> list[str]:
    """Claims in `text` that no cited measure supports."""
    record = sources(citations)
    return [c for c in claims(text) if c not in record]
