"""Dates as official documents print them (2019年1月27日, 二〇〇六年九月七日) or as pages
record them (2024-04-19), read as ISO dates."""

from __future__ import annotations

import datetime as dt
import re

from ingest import markers

_ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def parse_date(text: str) -> str | None:
    """The first date in a text as ISO: 2019年1月27日, 二〇〇六年九月七日, 2024-04-19."""
    if m := markers.DATE.search(text):
        year, month, day = (markers.chinese_number(g.replace("○", "〇")) for g in m.groups())
        return _iso(year, month, day)
    if m := _ISO.search(text):
        return _iso(*map(int, m.groups()))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
