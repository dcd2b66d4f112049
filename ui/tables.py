"""Rows for the lookup and documents tables, and the lookup table exported as CSV / Excel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from assistant.spreadsheets import csv_text, xlsx_bytes
from ingest.records import Measure, PolicyDocument
from ui.cards import region_name

#: The lookup table; the last column is the measure key, which row selection reads back.
MEASURE_HEADERS = ["文件", "文号", "条号", "标题", "牵头单位", "时限", "优惠", "条款编号"]
MEASURE_WIDTHS = ["210px", "120px", "70px", "190px", "150px", "140px", "150px", "180px"]
DOCUMENT_HEADERS = ["标题", "文号", "发文机关", "成文日期", "地区", "条款数", "含时限", "含优惠",
                    "来源文件"]
DOCUMENT_WIDTHS = ["250px", "140px", "170px", "100px", "130px", "64px", "64px", "64px", "180px"]
#: An upload's per-file list: its place in the batch ("2/3"), how far it got, and why.
RESULT_HEADERS = ["序号", "文件", "进度", "说明"]
#: The office time-limit sheet as the lookup tab shows it (exports carry every column).
SHEET_HEADERS = ["地区", "单位", "角色", "文件", "条号", "标题", "时限", "完成期限", "状态",
                 "条款编号"]
SHEET_WIDTHS = ["120px", "110px", "90px", "200px", "70px", "180px", "150px", "150px", "190px",
                "170px"]


def measure_row(measure: Measure, doc: PolicyDocument) -> list[str]:
    return [
        doc.title,
        doc.doc_number,
        measure.label,
        measure.heading,
        "、".join(measure.lead_offices),
        "；".join(t.text for t in measure.time_limits),
        "；".join(b.text for b in measure.benefits),
        measure.key,
    ]


def hit_rows(hits: Iterable) -> list[list[str]]:
    """Search hits (`assistant.retrieval.Hit`) as lookup-table rows, in rank order."""
    return [measure_row(h.measure, h.document) for h in hits]


def sheet_rows(sheet) -> list[list[str]]:
    """An `assistant.office_sheet.OfficeSheet` as table rows; inherited responsibility marked."""
    return [[r.region or "-", r.office,
             r.role_name + ("" if r.origin in ("measure", "") else "（继承）"),
             r.title, r.label, r.heading, r.time_limits or "-", r.deadlines or "-", r.status,
             r.key]
            for r in sheet.rows]


def document_rows(documents: Iterable[PolicyDocument]) -> list[list]:
    return [
        [d.title, d.doc_number, d.issuer, d.issued or "", region_name(d), len(d.measures),
         sum(1 for m in d.measures if m.time_limits), sum(1 for m in d.measures if m.benefits),
         d.source]
        for d in documents
    ]


def write_csv(rows: Sequence[Sequence], path: Path, headers: Sequence[str] = MEASURE_HEADERS) -> Path:
    # utf-8-sig: Excel opens a BOM-less UTF-8 CSV as GBK and garbles the Chinese.
    path.write_text(csv_text(headers, rows), encoding="utf-8-sig", newline="")
    return path


_WIDTHS = {"文件": 36, "标题": 30, "牵头单位": 24, "时限": 18, "优惠": 24, "条款编号": 30}


def write_xlsx(rows: Sequence[Sequence], path: Path, headers: Sequence[str] = MEASURE_HEADERS,
               sheet: str = "检索结果") -> Path:
    path.write_bytes(xlsx_bytes(headers, rows, title=sheet,
                                widths=[_WIDTHS.get(name, 14) for name in headers]))
    return path
