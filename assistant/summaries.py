"""Readable plain-text summaries printed by the CLI."""

from __future__ import annotations

from ingest.pipeline import ParseReport


def _limits(measure) -> str:
    return "；".join(t.text for t in measure.time_limits)


_KIND_NAMES = {"article": "articles", "measure": "measures", "paragraph": "paragraphs",
               "row": "table rows"}


def parse_summary(report: ParseReport) -> str:
    """Per document: title, 文号, issuer, date, level and place, the structure found, how many
    units and how many carry offices, warnings; per unit: key, heading, offices, time limits."""
    lines: list[str] = []
    for doc in report.documents:
        kinds: dict[str, int] = {}
        for m in doc.measures:
            kinds[m.kind] = kinds.get(m.kind, 0) + 1
        counts = "，".join(f"{n} {_KIND_NAMES.get(k, k)}" for k, n in kinds.items())
        with_offices = sum(1 for m in doc.measures if m.lead_offices or m.offices)
        place = "".join(dict.fromkeys(doc.region.values())) or ("全国" if doc.level == "national" else "-")
        lines.append(f"《{doc.title}》 {doc.doc_number or '(no 文号)'}  [{doc.source}]")
        if doc.notice_title:
            lines.append(f"  carried by: {doc.notice_title}")
        lines.append(f"  issuer: {doc.issuer or '-'}  issued: {doc.issued or '-'}  "
                     f"level: {doc.level or '-'}  place: {place}")
        lines.append(f"  structure: {doc.structure or '-'}  units: {counts or 0}  "
                     f"with offices: {with_offices}")
        for warning in doc.warnings:
            lines.append(f"  warning: {warning}")
        for m in doc.measures:
            offices = "、".join(m.lead_offices or m.offices) or "-"
            if m.offices_inherited:
                offices += " (inherited)"
            limits = _limits(m)
            lines.append(f"  {m.key:<36} {m.heading[:30]:<32} 牵头: {offices}"
                         + (f"  时限: {limits}" if limits else ""))
        lines.append("")
    docs = len(report.documents)
    lines.append(f"{docs} documents, {report.measure_count} units"
                 + (f", {len(report.failures)} files failed" if report.failures else ""))
    return "\n".join(lines)


def ingest_summary(result) -> str:
    parts = [f"{len(result.added)} added", f"{len(result.replaced)} replaced",
             f"{len(result.unchanged)} unchanged"]
    if result.removed:
        parts.append(f"{len(result.removed)} removed")
    line = (f"documents: {', '.join(parts)}; {result.measures_written} measures written "
            f"({result.chunks_written} chunks) in {result.seconds:.1f} s")
    if result.measures_written and result.seconds:
        line += f", {result.measures_written / result.seconds:.0f} measures/s"
    if result.failures:
        line += f"; {len(result.failures)} files failed"
    return line


def hits_table(hits) -> str:
    if not hits:
        return "no measures found"
    lines = []
    for rank, hit in enumerate(hits, 1):
        m, d = hit.measure, hit.document
        lines.append(f"{rank:>2}. {hit.score:.4f}  《{d.title}》{d.doc_number} {m.label}  {m.heading}")
    return "\n".join(lines)
