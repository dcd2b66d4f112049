"""How long a document is in force, and what it overrides: its 有效期 clause (有效期一年,
期满自动失效) and its supersession clause (与本文件不一致的，以本文件为准), read from its last
paragraphs where documents print them.
"""

from __future__ import annotations

import datetime as dt
import re

from ingest import markers
from ingest.cleaning import Paragraph

_VALIDITY = re.compile(r"[^。]*有效期[^。]*。?")
_VALIDITY_YEARS = re.compile(r"有效期(?:为)?([一二两三四五六七八九十\d]{1,3})年")
_SUPERSEDES = re.compile(r"[^。]*(?:以本(?:文件|办法|措施|方案)为准|与本(?:文件|办法)不一致)[^。]*。?")


def last_day_of(start: str, years: int) -> str:
    """The last day of a validity of `years` years from `start` (ISO dates)."""
    first = dt.date.fromisoformat(start)
    try:
        end = first.replace(year=first.year + years)
    except ValueError:  # 29 February
        end = first.replace(year=first.year + years, day=28)
    return (end - dt.timedelta(days=1)).isoformat()


def validity(paras: list[Paragraph], issued: str | None) -> tuple[str, str | None, str]:
    """(validity clause, valid-until ISO date, supersession clause) of one document."""
    clause = until = supersedes = ""
    for para in paras[-8:]:
        if not clause and (m := _VALIDITY.search(para.text)) and "有效期延长" not in m.group(0):
            clause = m.group(0).strip()
            years = _VALIDITY_YEARS.search(clause)
            if years and issued:
                until = last_day_of(issued, markers.chinese_number(years.group(1)))
        if not supersedes and (m := _SUPERSEDES.search(para.text)):
            supersedes = m.group(0).strip()
    return clause, until or None, supersedes
