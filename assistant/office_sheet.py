"""Office directory and time-limit sheet for service-hall staff.

Per office: every measure it leads (牵头) or shares (责任单位), with its time limits, its
deadlines resolved to dates and its status as of a date; exportable as CSV and Excel.

Who leads follows the parsed responsibility lines: a measure's own line first; where a
measure has none, the line of its group (liaocheng 2020: `（四）优化企业办税服务` → 市税务局)
or the part's `领域牵头单位` (liaocheng 2022) — such rows are marked as inherited. A measure
with its own line is not led by the field's 领域牵头单位 unless its line names it too
(liaocheng 2022 第170–172条 sit under 减税降费领域, 领域牵头单位 市财政局、市税务局, but
name other lead offices).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import date
from typing import Literal

from assistant import validity
from assistant.errors import NotFoundError
from assistant.spreadsheets import csv_text, xlsx_bytes
from ingest.records import Measure, PolicyDocument

LEAD, SHARED = "lead", "shared"
_ROLE = {LEAD: "牵头", SHARED: "责任"}
_ORIGIN = {"measure": "本条", "group": "所在组（继承）", "section": "领域牵头单位（继承）", "": ""}


@dataclass(frozen=True)
class OfficeRow:
    """One measure an office leads or shares (also the API's shape of a sheet row)."""

    # Read by pydantic when an API model holds rows (a plain dict: no pydantic import).
    __pydantic_config__ = {"use_attribute_docstrings": True}

    office: str
    role: Literal["lead", "shared"]
    origin: str
    """Where its responsibility line is printed: measure, group (inherited) or section
    (领域牵头单位, inherited)."""
    key: str
    doc_id: str
    title: str
    doc_number: str
    region: str
    label: str
    heading: str
    time_limits: str
    """The printed limits, ；-separated (deadlines apart)."""
    deadlines: str
    """Deadlines with their dates: 6月底前（2022-06-30）；…"""
    status: str
    """Where the measure stands on the sheet's date."""

    @property
    def role_name(self) -> str:
        return _ROLE.get(self.role, self.role)

    @property
    def origin_name(self) -> str:
        return _ORIGIN.get(self.origin, self.origin)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: Column headers of the CSV and Excel exports, in `OfficeRow` field order.
HEADERS = ("单位", "角色", "责任来源", "措施编号", "文件编号", "文件", "文号", "地区", "条款",
           "标题", "时限", "完成期限", "状态")


@dataclass(frozen=True)
class OfficeSheet:
    query: str
    offices: tuple[str, ...]  # the office names the query resolved to
    as_of: str
    rows: tuple[OfficeRow, ...]

    def to_dict(self) -> dict:
        return {"query": self.query, "offices": list(self.offices), "as_of": self.as_of,
                "rows": [r.to_dict() for r in self.rows]}


def office_names(documents: Iterable[PolicyDocument]) -> list[str]:
    names = {o for d in documents for m in d.measures for o in (*m.lead_offices, *m.offices)}
    return sorted(names)


def resolve(name: str, documents: Iterable[PolicyDocument]) -> list[str]:
    """The offices a name means: itself when some measure names it exactly, else every
    office whose name contains it (税务局 → 市税务局, 县税务局)."""
    names = office_names(documents)
    wanted = name.strip()
    if wanted in names:
        return [wanted]
    found = [n for n in names if wanted and wanted in n]
    if not found:
        raise NotFoundError(f"no office named {name!r} in the indexed policies")
    return found


def office_sheet(name: str, documents: Iterable[PolicyDocument], *, city: str | None = None,
                 as_of: date | None = None) -> OfficeSheet:
    """Every measure the named office leads or shares, grouped by place (the same office
    name in two cities is two offices), newest document first within a place."""
    docs = sorted(documents, key=lambda d: (d.issued or "", d.doc_id), reverse=True)
    docs.sort(key=place_of)  # stable: within a place the newest stays first
    if city:
        docs = [d for d in docs if any(city in part for part in d.region.values())]
    offices = resolve(name, docs)
    day = validity.as_of_or_today(as_of)
    rows = []
    for doc in docs:
        for measure in doc.measures:
            for office in offices:
                role = LEAD if office in measure.lead_offices else \
                    SHARED if office in measure.offices else None
                if role:
                    rows.append(_row(office, role, measure, doc, day))
    return OfficeSheet(name, tuple(offices), day.isoformat(), tuple(rows))


def place_of(doc: PolicyDocument) -> str:
    """The place a document applies to, province down (山东省聊城市高唐县)."""
    return "".join(dict.fromkeys(doc.region.values()))


def places(sheet: OfficeSheet) -> dict[str, int]:
    """Rows per place, in the sheet's order."""
    counts: dict[str, int] = {}
    for row in sheet.rows:
        counts[row.region] = counts.get(row.region, 0) + 1
    return counts


def _row(office: str, role: str, measure: Measure, doc: PolicyDocument, day: date) -> OfficeRow:
    limits = [t.text for t in measure.time_limits if not t.date]
    dated = [f"{t.text}（{t.date}）" for t in measure.time_limits if t.date]
    region = place_of(doc)
    return OfficeRow(
        office=office, role=role, origin=measure.offices_origin, key=measure.key,
        doc_id=doc.doc_id, title=doc.title, doc_number=doc.doc_number, region=region,
        label=measure.label, heading=measure.heading,
        time_limits="；".join(dict.fromkeys(limits)), deadlines="；".join(dict.fromkeys(dated)),
        status=validity.status(measure, doc, day).label)


def _display(row: OfficeRow) -> tuple:
    values = list(astuple(row))
    values[1], values[2] = row.role_name, row.origin_name
    return tuple(values)


_WIDTHS = (18, 6, 12, 34, 26, 40, 20, 16, 8, 30, 40, 30, 30)


def to_csv(sheet: OfficeSheet) -> str:
    """CSV with Chinese headers; write it with encoding utf-8-sig so Excel reads it."""
    return csv_text(HEADERS, (_display(r) for r in sheet.rows))


def to_xlsx(sheet: OfficeSheet) -> bytes:
    """An Excel workbook: one sheet of rows, headers bold and frozen, columns sized."""
    return xlsx_bytes(HEADERS, (_display(r) for r in sheet.rows), title="时限表", widths=_WIDTHS,
                      footer=(f"截至{sheet.as_of}；单位：{'、'.join(sheet.offices)}",))


def office_table(measures: Iterable[Measure]) -> dict[str, dict[str, list[str]]]:
    """Office name → {"lead": [keys of the measures it leads], "shared": [those it shares]}."""
    table: dict[str, dict[str, list[str]]] = {}
    for m in measures:
        for name in m.lead_offices:
            table.setdefault(name, {LEAD: [], SHARED: []})[LEAD].append(m.key)
        for name in m.offices:
            table.setdefault(name, {LEAD: [], SHARED: []})[SHARED].append(m.key)
    return dict(sorted(table.items()))
