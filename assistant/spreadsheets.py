"""Tables exported for people: CSV, and Excel workbooks with a readable layout."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

#: What makes Excel, LibreOffice or WPS read a cell as a formula (and run `cmd|…` links):
#: OWASP's list for CSV injection.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    """A CSV cell a spreadsheet shows as written: formula-leading text gets a `'` in front."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV text with a header row (write it as utf-8-sig: Excel opens a BOM-less UTF-8 CSV
    as GBK and garbles the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_as_text(h) for h in headers])
    writer.writerows([_as_text(v) for v in row] for row in rows)
    return out.getvalue()


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str,
               widths: Sequence[float] = (), footer: Sequence[str] = ()) -> bytes:
    """An Excel workbook of one sheet: headers bold and frozen, columns `widths` wide (in
    characters; 14 where none is given), cells wrapped; `footer` lines after a blank row.

    Every text is a string cell: one starting with `=` is shown, never run as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = title
    for row in (headers, *rows):
        _append_text(ws, row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for col in range(1, len(headers) + 1):
        width = widths[col - 1] if col <= len(widths) else 14
        ws.column_dimensions[ws.cell(1, col).column_letter].width = width
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if footer:
        ws.append(())
        for line in footer:
            _append_text(ws, (line,))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append_text(ws, row: Sequence) -> None:
    """Append a row; openpyxl makes any str starting with "=" a formula, so text is typed back."""
    ws.append(list(row))
    for cell, value in zip(ws[ws.max_row], row, strict=False):
        if isinstance(value, str) and cell.data_type != "s":
            cell.value, cell.data_type = value, "s"
