"""Ruled tables of a PDF read row by row (pdfplumber): a list (清单, 一览表) that a government
publishes as a landscape table, one item a row, its cells merged down over the item's sub-rows
and its header repeated on every page. pypdf's text layer reads such a page cell by cell, letter
spaced, so an item's name and its materials come apart; pdfplumber finds the ruling lines.

A page is read as a table only where a table holds nearly all of its text and opens with a
header row (every cell a short label), as a list's table does; a page framed by a ruled box or
laid out in a grid by a converter (cells left empty, merged across) is left to the text layer."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

_HEADER_CELL_MAX = 12  # a column's label (序号, 事项名称, 材料提供适用情形)
_HEADER_CELLS_MIN = 3
_TABLE_SHARE = 0.8  # of the page's characters inside the table


@dataclass
class PageTable:
    """A page's table: where it stands (top and bottom, from the page's top, in points) and its
    rows as printed, each a list of cells ("" for an empty or merged cell)."""

    top: float
    bottom: float
    height: float  # the page's, to place the table in the text layer's coordinates
    rows: list[list[str]]
    merged: list[bool]  # the row's first cell is merged with the row above's


def page_tables(data: bytes, pages: set[int]) -> dict[int, PageTable]:
    """Of `pages` (numbered from 1), those that hold a list's table, and their tables."""
    if not pages:
        return {}
    # pdfminer reports every font it cannot measure (Chromium's subsets): noise here, where
    # only the ruling and the characters' places are read.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency; the text layer still reads
        return {}
    found: dict[int, PageTable] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in sorted(pages):
                table = _list_table(pdf.pages[number - 1])
                if table is not None:
                    found[number] = table
    except Exception as exc:  # a table reader's failure leaves the text layer's reading
        logger.warning("PDF tables unreadable (%s: %s)", type(exc).__name__, exc)
        return {}
    return found


def _list_table(page) -> PageTable | None:
    if not page.rects and not page.lines:
        return None  # no ruling: no table (and no layout analysis to pay for)
    tables = page.find_tables()
    if len(tables) != 1:
        return None
    table = tables[0]
    x0, top, x1, bottom = table.bbox
    chars = page.chars
    inside = sum(1 for c in chars if x0 - 1 <= c["x0"] <= x1 + 1 and top - 1 <= c["top"] <= bottom + 1)
    if not chars or inside < _TABLE_SHARE * len(chars):
        return None
    raw = table.extract()
    if not raw or not _is_header(raw[0]):
        return None
    rows = [[_cell(c) for c in row] for row in raw]
    merged = [row[0] is None for row in raw]
    return PageTable(top, bottom, float(page.height), rows, merged)


def _is_header(row: list[str | None]) -> bool:
    cells = [_cell(c) for c in row]
    return len(cells) >= _HEADER_CELLS_MIN and all(
        cell and len(cell) <= _HEADER_CELL_MAX for cell in cells)


def _cell(text: str | None) -> str:
    # A cell's text wraps inside its column: the breaks are the table's, not the writer's.
    return (text or "").replace("\n", "").strip()
