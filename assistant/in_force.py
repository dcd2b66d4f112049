"""When a document applies, as it prints it, and the answer to 「这个政策现在还有效吗？」.

A regulation says it in its last article (本条例自2013年7月1日起施行…同时废止), a notice in
its last item (本通知自2024年3月4日起施行，有效期5年), a plan perhaps nowhere; a plan's
`到2025年` is a target year (`validity.is_target`). The answer is 有效 / 已失效 (since when) /
尚未施行, from those printed dates and the day asked about — never from the office.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant import validity
from ingest.dates import parse_date
from ingest.markers import chinese_number
from ingest.records import Measure, PolicyDocument
from ingest.validity import last_day_of

# Where a document says when it applies: 自2013年7月1日起施行, 有效期5年, …同时废止 — said of
# itself (本条例, 本办法, 本通知 …), unlike a measure's 从…起执行 of some task.
#: The verbs a document says it takes effect by (自…起施行 / 实施 / 执行).
IN_FORCE_VERB = r"施行|实施|执行"
_IN_FORCE_CLAUSE = re.compile(rf"(?:自|从)[^。；]{{0,24}}(?:{IN_FORCE_VERB})|有效期|废止|失效")
_KINDS = r"(?:条例|办法|规定|规则|细则|通知|意见|方案|决定|措施|计划|规划|文件|政策|指南)"
_ITSELF = re.compile(rf"本{_KINDS}")
# A reply or a notice names what it decides by its kind without 本 (…复函: 4、调价方案自2021年
# 11月1日起实施): a sentence opening with such a name, no title quoted, that starts it.
_DECIDED = re.compile(rf"^(?:[0-9０-９一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）)?"
                      rf"[^，。；《》“”]{{0,8}}{_KINDS}(?:自|从)[^，。；]{{0,24}}?起(?:{IN_FORCE_VERB})")
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


def in_force_sentences(measure: Measure) -> list[str]:
    """The measure's sentences on when its document applies, verbatim, and those next to
    them that say what it repeals (…同时废止)."""
    found = [s.strip() for s in _SENTENCE.findall(measure.text)]
    own = [i for i, s in enumerate(found)
           if (_ITSELF.search(s) and _IN_FORCE_CLAUSE.search(s)) or _DECIDED.search(s)]
    keep = {j for i in own for j in (i, i + 1)
            if j < len(found) and (j == i or _IN_FORCE_CLAUSE.search(found[j]))}
    return [found[i] for i in sorted(keep)]


_STARTS = re.compile(rf"自([^。；，]{{6,16}}?日)起(?:{IN_FORCE_VERB})")
_UNTIL = re.compile(r"有效期(?:至|到)([^。；，]{6,16}?日)")
_YEARS = re.compile(r"有效期(?:为)?([0-9一二三四五六七八九十两]+)年")


def printed_window(sentences: Sequence[str]) -> tuple[str | None, str | None]:
    """(in force from, valid until) as ISO dates, read from printed sentences:
    自2024年3月4日起施行，有效期5年 → (2024-03-04, 2029-03-03)."""
    text = "".join(sentences)
    start = parse_date(m.group(1)) if (m := _STARTS.search(text)) else None
    until = parse_date(m.group(1)) if (m := _UNTIL.search(text)) else None
    if not until and start and (m := _YEARS.search(text)):
        until = last_day_of(start, chinese_number(m.group(1)))
    return start, until


def _printed_lead(printed: Sequence[str], day: str, where: str) -> str:
    """The answer from a unit's 施行/有效期 sentences, when they give dates; `where` names
    the unit (该条, 该文件第7条)."""
    start, until = printed_window(printed)
    said = f"{where}规定“{''.join(printed).rstrip('。')}”"
    if start and day < start:
        return f"尚未施行：{said}，截至{day}尚未施行。"
    if until and day > until:
        return f"已失效：{said}，{until}到期，截至{day}已失效。"
    if until:
        return f"有效：{said}，截至{day}仍在有效期内（至{until}）。"
    return f"有效：{said}，未规定有效期，截至{day}未见失效。" if start else ""


def in_force_unit(doc: PolicyDocument) -> Measure | None:
    """The document's own unit on when it applies (its last such: 本条例自…起施行)."""
    return next((m for m in reversed(doc.measures) if in_force_sentences(m)), None)


def validity_lead(measure: Measure, doc: PolicyDocument, as_of: date | None = None,
                  asked: str = "") -> str:
    """有效 / 已失效（since when）/ the target a plan sets, from the document's and the
    measure's own printed dates: the answer to 「这个政策现在还有效吗？」. `asked`: the
    sentence the question is about; when its part of the measure has ended, that is the answer
    (货车85折…执行期至2022年12月31日 beside a 长期 5% for cars)."""
    state = validity.status(measure, doc, as_of)
    day = state.as_of
    if state.partial and state.partial in asked:
        return f"已失效：该条规定“{state.partial}”，截至{day}已届满；该条其余部分仍有效。"
    printed = in_force_sentences(measure)
    # The measure's own 施行 sentence, else its document's (cited beside it: `in_force_unit`).
    unit = measure if printed else in_force_unit(doc)
    where = "该条" if unit is measure else f"该文件{unit.label}" if unit else ""
    lead = _printed_lead(in_force_sentences(unit), day, where) if unit else ""
    if lead and (state.state != validity.NOT_YET or lead.startswith("尚未施行")):
        return lead
    if state.state == validity.EXPIRED:
        return f"已失效：规定“{state.phrase}”，{state.date}到期，截至{day}已失效。"
    if state.state in (validity.NOT_YET, validity.UNKNOWN):
        return f"{state.label}。"
    future_ends = [t.text for t in validity.end_dates(measure) if t.date and t.date >= day]
    if future_ends:
        lead = f"有效：该条规定“{'；'.join(dict.fromkeys(future_ends))}”，截至{day}仍在期限内"
    elif doc.valid_until:
        lead = f"有效：文件规定“{validity.validity_phrase(doc)}”，截至{day}仍在有效期内"
    elif not unit:
        lead = f"有效：文件未规定有效期或废止日期，截至{day}未见失效"
    else:
        lead = f"有效：截至{day}未见失效"
    if state.partial:
        lead += f"（其中“{state.partial}”的部分已届满）"
    if state.state == validity.DEADLINE_PASSED:
        lead += f"；该条的完成期限“{state.phrase}”已过，规定本身未失效"
    aims = [t.text for t in validity.targets(measure)]
    if aims:
        lead += f"；“{'；'.join(dict.fromkeys(aims))}”是规划设定的目标期限，不是失效日期"
    if unit:
        lead += f"；{where}规定“{''.join(in_force_sentences(unit)).rstrip('。')}”"
    return lead + "。"


_TERM = re.compile(r"有效期|期限|期满|届满")


def states_end(measure: Measure, doc: PolicyDocument) -> bool:
    """The measure or its document prints when it ends: a validity period or an expiry date
    (有效期至…, 有效期5年, …废止), or an end date of the measure's own."""
    # a term the measure sets of something it grants (证明文件有效期最长6个月) is asked too
    if doc.valid_until or validity.end_dates(measure) or _TERM.search(measure.text):
        return True
    unit = measure if in_force_sentences(measure) else in_force_unit(doc)
    printed = in_force_sentences(unit) if unit else []
    return bool(printed_window(printed)[1]) or any("废止" in s or "失效" in s for s in printed)
