"""Time limits in their many printed shapes, each kept as printed plus a normalised value.

5个工作日内, 不超过11天, 两小时办结, 由原来的30个工作日缩短为20个工作日, 6月底前 (resolved
against the document's year), 到2025年, 执行期延长至2022年12月31日, 当日申请、次日接电, 即时开具.
"""

from __future__ import annotations

import calendar
import re

import cn2an

from ingest.records import TimeLimit

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半]{1,3})"
_UNIT = r"(?:个工作日|工作日|个小时|小时|分钟|个月|天|日|周)"
_QUALIFIER = ("不超过", "不多于", "控制在", "压缩至", "压缩到", "压缩为", "压减至", "压减到", "缩短至",
              "缩短为", "缩短到", "减少至", "减至", "在", "最快", "平均", "最多", "时限为", "之内")
_QUALIFIER_RE = re.compile("|".join(_QUALIFIER))
_DURATION = re.compile(rf"(?<![\d.月年])({_NUM})\s*({_UNIT})(以内|之内|内|办结|完成|即可)?")
_REDUCTION = re.compile(
    rf"由(?:原来的|原)?({_NUM})\s*({_UNIT})(?:压缩|缩短|减少|压减|精简)(?:至|为|到)({_NUM})\s*({_UNIT})")
# Same-day service: 当日申请、次日接电, 即时办结, 即时开具(缴费凭证), 当场缴税、当场发证.
_SAME_DAY_WHEN = r"(?:当日|当天|次日|即时|立即|当场)"
_SAME_DAY_DOES = r"(?:申请|办结|办理|接电|出件|生成|审批|完成|开具|开票|发证|缴税|办)"
_SAME_DAY = re.compile(rf"{_SAME_DAY_WHEN}{_SAME_DAY_DOES}(?:[、，]{_SAME_DAY_WHEN}{_SAME_DAY_DOES})?")
_MONTH_DEADLINE = re.compile(r"(?<!\d)(?:(\d{4})年)?(\d{1,2})月(底|末|中旬|上旬|下旬|份)?(?:前|之前)")
_YEAR_DEADLINE = re.compile(r"(?:到|至|于)(\d{4})年(?:底|末)?(?![\d月])|(\d{4})年(?:内|底前|年底前)")
_DATE = re.compile(r"((?:执行期|有效期|期限)?(?:延长)?(?:至|到|截至))(\d{4})年(\d{1,2})月(\d{1,2})日")
_QUOTED_DURATION = re.compile(rf"“({_NUM})\s*({_UNIT})”")
_CLAUSE_BREAK = re.compile(r"[，。；！？]")


def _number(text: str) -> float | None:
    if text == "半":
        return 0.5
    try:
        return float(text)
    except ValueError:
        try:
            return float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError):
            return None


def _unit(unit: str) -> str:
    return {"个工作日": "工作日", "个小时": "小时", "日": "天", "个月": "月"}.get(unit, unit)


def _qualified(text: str, start: int) -> bool:
    """A qualifier (不超过, 控制在 …) stands earlier in the same clause."""
    window = text[max(0, start - 16):start]
    clause = _CLAUSE_BREAK.split(window)[-1]
    return bool(_QUALIFIER_RE.search(clause))


def _month_end(year: int, month: int, when: str | None) -> str | None:
    if not 1 <= month <= 12:
        return None
    day = {"上旬": 10, "中旬": 20}.get(when or "", calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def extract(text: str, year: int | None = None) -> tuple[TimeLimit, ...]:
    """All time limits in a measure's text; `year` resolves `6月底前` to a date."""
    found: list[tuple[int, TimeLimit]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, item: TimeLimit) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, item))

    for m in _REDUCTION.finditer(text):
        add(m.start(), m.end(), TimeLimit(m.group(0), "reduction", _number(m.group(3)),
                                          _unit(m.group(4)), from_value=_number(m.group(1))))
    for m in _DATE.finditer(text):
        year_, month, day = int(m.group(2)), int(m.group(3)), int(m.group(4))
        if 1 <= month <= 12 and 1 <= day <= 31:
            add(m.start(), m.end(), TimeLimit(m.group(0), "date", date=f"{year_:04d}-{month:02d}-{day:02d}"))
    for m in _MONTH_DEADLINE.finditer(text):
        y = int(m.group(1)) if m.group(1) else year
        date = _month_end(y, int(m.group(2)), m.group(3)) if y else None
        add(m.start(), m.end(), TimeLimit(m.group(0), "deadline", date=date))
    for m in _YEAR_DEADLINE.finditer(text):
        y = int(m.group(1) or m.group(2))
        add(m.start(), m.end(), TimeLimit(m.group(0), "deadline", date=f"{y:04d}-12-31"))
    for m in _SAME_DAY.finditer(text):
        add(m.start(), m.end(), TimeLimit(m.group(0), "same_day"))
    for m in _QUOTED_DURATION.finditer(text):
        add(m.start(), m.end(), TimeLimit(m.group(0).strip("“”"), "duration",
                                          _number(m.group(1)), _unit(m.group(2))))
    for m in _DURATION.finditer(text):
        unit, suffix = m.group(2), m.group(3)
        if not (suffix or "工作日" in unit or _qualified(text, m.start())):
            continue
        start = _phrase_start(text, m.start())
        if any(s < m.end() and start < e for s, e in taken):
            start = m.start()  # 控制在4天、5天: the qualifier belongs to the first of the list
        add(start, m.end(), TimeLimit(text[start:m.end()], "duration", _number(m.group(1)), _unit(unit)))
    found.sort(key=lambda pair: pair[0])
    return tuple(item for _, item in found)


def _phrase_start(text: str, start: int) -> int:
    """Extend a duration back over its qualifier: `不超过11天`, not `11天`."""
    window_start = max(0, start - 8)
    window = text[window_start:start]
    best = start
    for q in _QUALIFIER_RE.finditer(window):
        if not _CLAUSE_BREAK.search(window[q.start():]):
            best = min(best, window_start + q.start())
    return best
