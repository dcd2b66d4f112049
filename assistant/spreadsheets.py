"""Tables exported for people: CSV, and Excel workbooks with a readable layout."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV text with a header row (write it as utf-8-sig: Excel opens a BOM-less UTF-8 CSV
    as GBK and garbles the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str,
               widths: Sequence[float] = (), footer: Sequence[str] = ()) -> bytes:
    """An Excel workbook of one sheet: headers bold and frozen, columns `widths` wide (in
    characters; 14 where none is given), cells wrapped; `footer` lines after a blank row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
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
            ws.append((line,))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
