"""What an upload would add, before it is indexed: the ingest dry run, per file and document.

The same parse `policyqa ingest --dry-run` prints (`components.parse_files`), kept as records
for an edge to show: title, 文号, issuer, date, level and place, units with their offices and
time limits, and what a reviewer should check (said in Chinese, from the parsed fields).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant import uploads
from assistant.errors import LoadError, UploadRefused
from assistant.settings import Settings
from ingest.records import Measure, PolicyDocument

LEVEL_NAMES = {"national": "国家级", "province": "省级", "city": "市级", "county": "县级",
               "district": "区级", "town": "乡镇级"}


@dataclass(frozen=True)
class UnitPreview:
    key: str
    label: str
    heading: str
    offices: str  # lead offices, else the offices sharing it ("" when none was found)
    inherited: bool  # the offices come from a group's or a field's line
    time_limits: str


@dataclass(frozen=True)
class DocumentPreview:
    """A parsed document (its title, 文号, issuer and date as parsed) and what it would add."""

    document: PolicyDocument
    units: tuple[UnitPreview, ...]
    warnings: tuple[str, ...]

    @property
    def level(self) -> str:
        return LEVEL_NAMES.get(self.document.level, self.document.level)

    @property
    def place(self) -> str:
        doc = self.document
        return "".join(dict.fromkeys(doc.region.values())) or (
            "全国" if doc.level == "national" else "")

    @property
    def with_offices(self) -> int:
        return sum(1 for u in self.units if u.offices)


@dataclass(frozen=True)
class FilePreview:
    """One chosen file: its documents, or why it cannot be indexed (`refused`, `failure`)."""

    original: str
    documents: tuple[DocumentPreview, ...] = ()
    refused: UploadRefused | None = None
    failure: LoadError | None = None

    @property
    def ok(self) -> bool:
        return bool(self.documents) and self.refused is None and self.failure is None


def preview(settings: Settings, paths: Sequence[str | Path]) -> list[FilePreview]:
    """Parse each file as ingesting it would, without touching the index or the uploads."""
    from assistant.components import parse_files

    found = []
    for path in map(Path, paths):
        try:
            uploads.check_size(settings, uploads.safe_name(path.name), path.stat().st_size)
        except UploadRefused as err:
            found.append(FilePreview(path.name, refused=err))
            continue
        report = parse_files([path], max_bytes=uploads.max_file_bytes(settings))
        if report.failures:
            found.append(FilePreview(path.name, failure=report.failures[0]))
        elif not report.documents:
            found.append(FilePreview(path.name, failure=LoadError(
                path.name, "no policy document parsed", kind="no_body")))
        else:
            found.append(FilePreview(path.name, tuple(_document(d) for d in report.documents)))
    return found


def _document(doc: PolicyDocument) -> DocumentPreview:
    units = tuple(_unit(m) for m in doc.measures)
    return DocumentPreview(doc, units, tuple(_warnings(doc, units)))


def _unit(m: Measure) -> UnitPreview:
    return UnitPreview(key=m.key, label=m.label, heading=m.heading,
                       offices="、".join(m.lead_offices or m.offices),
                       inherited=m.offices_inherited,
                       time_limits="；".join(dict.fromkeys(t.text for t in m.time_limits)))


def _warnings(doc: PolicyDocument, units: Sequence[UnitPreview]) -> list[str]:
    """What to check before the document is cited, read off the parsed fields."""
    found = [f"未识别到{name}" for name, value in (
        ("标题", doc.title), ("文号", doc.doc_number), ("发文机关", doc.issuer),
        ("成文日期", doc.issued)) if not value]
    if not units:
        found.append("没有解析出条款")
    if doc.structure == "paragraphs":
        found.append("未识别到条款编号，按段落切分")
    if any("@" in u.key for u in units):
        found.append("条款编号在各部分重新开始，编号后加 @2、@3 区分")
    missing = sum(1 for u in units if not u.offices)
    if units and missing:
        found.append(f"{missing} 条未识别到责任单位")
    return found
