"""PDF: pypdf's text layer, with each line's position to recover paragraphs and drop page
numbers; a list printed as a ruled table read row by row (`pdf_tables`); a page without a text
layer, and a first page's head drawn as pictures, read by OCR (`pdf_ocr`)."""

from __future__ import annotations

import io
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ingest import markers
from ingest.errors import LoadError
from ingest.loaders import ocr, pdf_ocr, pdf_tables, shared_glyphs
from ingest.loaders.base import PROPERTY_OCR, PROPERTY_TITLE, join_paragraphs, squeeze

logger = logging.getLogger(__name__)

_COLUMNS_MIN = 4  # a table's (a text starts lines at its margin, indent, centre and 落款)
_EDGE = 3  # lines at a page's top or bottom where running heads and footers stand


@dataclass
class _Line:
    """One printed line; x, y (its start) are unknown when pypdf's output cannot be placed."""

    text: str
    x: float | None = None
    y: float | None = None
    size: float = 0.0
    row: bool = False  # a table's row, read by pdf_tables

    @property
    def end(self) -> float:
        # Rough printed width: CJK characters (and ambiguous ones such as “ ”) are square.
        wide = sum(1 for c in self.text.strip() if unicodedata.east_asian_width(c) in "WFA")
        return (self.x or 0.0) + self.size * (wide + (len(self.text.strip()) - wide) / 2)


@dataclass(frozen=True)
class _Layout:
    """Where a document's body text sits and how it marks paragraphs."""

    left: float
    right: float
    size: float
    leading: float
    indented: bool  # first lines of paragraphs are indented
    spaced: bool  # paragraphs have extra space between them

    @classmethod
    def of(cls, lines: list[_Line]) -> _Layout | None:
        placed = [line for line in lines if line.y is not None and line.size > 0]
        if len(placed) < 2:
            return None
        size = statistics.median(line.size for line in placed)
        left = min(line.x for line in placed)
        pairs = list(zip(placed, placed[1:], strict=False))
        gaps = sorted(a.y - b.y for a, b in pairs if 0.5 * size < a.y - b.y < 3 * size)
        leading = gaps[len(gaps) // 10] if gaps else 1.2 * size
        ends = sorted(line.end for line in placed)
        right = ends[int(0.9 * (len(ends) - 1))]
        # Lines after a clearly short line start paragraphs: are those indented?
        starts = [b for a, b in pairs if a.end < right - 3 * size and 0 < a.y - b.y < 3 * size]
        indented = sum(b.x > left + 0.9 * size for b in starts) > len(starts) / 2
        spaced = any(gap > leading + 0.3 * size for gap in gaps)
        return cls(left, right, size, leading, indented, spaced)

    def starts_paragraph(self, prev: _Line, line: _Line) -> bool:
        """A new paragraph after extra space, at an indented line, or after a short line."""
        if prev.y is None or line.y is None:
            return False
        gap = prev.y - line.y
        return (
            gap < -0.5 * self.size  # moved up: a new column or a text box
            or gap > self.leading + 0.3 * self.size
            or (gap > 0.5 * self.size and line.x > self.left + 0.9 * self.size)
            or prev.end < self.right - 3 * self.size
        )

    def runs_on(self, last: _Line, first: _Line) -> bool:
        """Does a page's last line go on at the next page's first line? Yes if it is full and
        the next is not indented; where only spacing marks paragraphs, which a page break
        hides, also the last line must not end a sentence."""
        if last.y is None or first.y is None:
            return False
        ends_sentence = last.text.rstrip().endswith(("。", "！", "？"))
        return (
            last.end > self.right - 2.5 * self.size
            and first.x < self.left + 0.5 * self.size
            and (self.indented or not self.spaced or not ends_sentence)
        )


def read_pdf(source: str, data: bytes) -> tuple[str, None, dict[str, str]]:
    """A PDF's text layer as paragraphs (lines wrapped inside one stay single-"\n" apart), and
    its document information's Title; the file is opened once for both."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(source, "PDF is password-protected; remove the password first",
                            kind="encrypted")
        pages = list(reader.pages)
    except LoadError:
        raise
    except DependencyError as exc:
        raise LoadError(source, f"encrypted PDF needs a package to decrypt it ({exc})",
                        kind="encrypted") from None
    except Exception as exc:  # pypdf raises its own errors, but also ValueError, KeyError, ...
        raise LoadError(source, f"not a valid PDF ({type(exc).__name__}: {exc})",
                        kind="damaged") from None
    page_lines = []
    drawn = pdf_ocr.Drawn(source, data)
    for number, page in enumerate(pages, start=1):
        try:
            lines = _pdf_lines(page, number)
        except Exception as exc:  # one broken page should not lose the others
            logger.warning("%s: page %d has unreadable text (%s)", source, number, exc)
            continue
        if not lines:  # a scanned page, or one whose text is drawn as outlines
            lines = _dropping_page_numbers(drawn.page_lines(number, _Line), number)
        elif number == 1 and not drawn.has_title(lines):
            lines = drawn.with_drawn_head(lines, _Line)
        elif number > 1:
            lines = drawn.with_drawn_lines(number, lines, _Line)
        page_lines.append(lines)
    if not any(page_lines):
        reason = "PDF has no text layer (scanned image?)"
        raise LoadError(source, f"{reason}; OCR it first (no OCR engine: install tesseract-ocr "
                        "and tesseract-ocr-chi-sim)" if ocr.engine() is None
                        else f"{reason} and OCR read no text from its pages", kind="scanned")
    page_lines = _without_furniture(page_lines)
    layout = _Layout.of([line for lines in page_lines for line in lines])
    # (pdfplumber reads a page's ruling slowly, in pure Python: only pages whose lines start in
    # columns, as a table's cells do, are given to it)
    in_columns = {n for n, lines in enumerate(page_lines, start=1) if _columns(lines) >= _COLUMNS_MIN}
    page_lines = _with_tables(page_lines, pdf_tables.page_tables(data, in_columns))
    paragraphs: list[list[_Line]] = []
    for lines in filter(None, page_lines):
        for prev, line in zip([None, *lines], lines, strict=False):
            if line.row or prev is not None and prev.row:
                new = True  # a table's row is a paragraph of its own
            elif prev is None:  # a new page: a new paragraph, unless the last one runs on
                new = not (layout and paragraphs and layout.runs_on(paragraphs[-1][-1], line))
            else:
                new = bool(layout and layout.starts_paragraph(prev, line))
            if new:
                paragraphs.append([])
            paragraphs[-1].append(line)
    text = join_paragraphs(["\n".join(line.text for line in p) for p in paragraphs])
    record = {k: shared_glyphs.as_simplified(v, text) for k, v in _record(source, reader).items()}
    if drawn.notes:
        record[PROPERTY_OCR] = "; ".join(drawn.notes)
    return shared_glyphs.as_simplified(text), None, record


def _columns(lines: list[_Line]) -> int:
    """How many places (to 10 pt) at least two of a page's lines start at: a text's margin and
    indent, or a table's columns."""
    starts = Counter(round(line.x / 10) for line in lines if line.x is not None)
    return sum(1 for n in starts.values() if n >= 2)


def _with_tables(pages: list[list[_Line]], tables: dict[int, pdf_tables.PageTable]) -> list[list[_Line]]:
    """Pages holding a list's table with its rows in place of the text layer's lines there: one
    line an item, cells tab-separated. A row whose first cell is merged with the one above (the
    item's sub-rows), or that repeats the item's cells under the header printed again on the
    next page, adds its own cells to the item's line."""
    header: list[str] | None = None
    item: tuple[_Line, list[str]] | None = None  # the last item's line and its first cells
    out = []
    for number, lines in enumerate(pages, start=1):
        table = tables.get(number)
        if table is None or any(line.y is None for line in lines):
            out.append(lines)
            item = None
            continue
        top, bottom = table.height - table.top, table.height - table.bottom
        rows: list[_Line] = []
        for cells, merged in zip(table.rows, table.merged, strict=True):
            if cells == header:
                continue  # the header printed again on a later page
            if header is None:
                header = cells
                rows.append(_Line("\t".join(cells), row=True))
                continue
            if item is not None and (merged or not cells[0] or not rows and cells[0] == item[1][0]):
                line, first = item
                line.text += "".join(f"\t{c}" for i, c in enumerate(cells)
                                     if c and (i >= len(first) or c != first[i]))
                continue
            item = (_Line("\t".join(cells), row=True), cells)
            rows.append(item[0])
        out.append([line for line in lines if line.y > top]  # type: ignore[operator]
                   + rows + [line for line in lines if line.y < bottom])  # type: ignore[operator]
    return out


def _record(source: str, reader) -> dict[str, str]:
    try:
        info = reader.metadata
        title = str(info.get("/Title") or "") if info else ""
    except Exception:  # the text was readable; a broken info dictionary only loses the record
        logger.debug("%s: no readable document information", source)
        return {}
    title = " ".join(title.split())
    return {PROPERTY_TITLE: title} if title else {}


def _pdf_lines(page, number: int) -> list[_Line]:
    """The page's text lines and where each starts, page numbers dropped."""
    lines = [_Line("")]

    def visit(text, cm, tm, font_dict, font_size) -> None:
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append(_Line(""))
            line = lines[-1]
            # The matrices tell where this piece starts; a line begun inside it has no position.
            if i == 0 and part.strip() and line.x is None and not line.text.strip():
                line.x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
                line.size = abs(font_size * scale)
            line.text += part

    plain = page.extract_text(visitor_text=visit)
    if squeeze("".join(line.text for line in lines)) != squeeze(plain):
        lines = [_Line(text) for text in plain.split("\n")]  # unplaced: no paragraph hints
    # A page number in a form of its own (— 3 —, 第3页 共9页) goes wherever the page draws it.
    return _dropping_page_numbers(lines, number)


def _dropping_page_numbers(lines: list[_Line], number: int) -> list[_Line]:
    lines = [line for line in lines if line.text.strip()
             and not markers.PAGE_NUMBER.fullmatch(line.text.strip())]
    while lines and _is_page_number(lines[-1].text, number):
        lines.pop()
    while lines and _is_page_number(lines[0].text, number):
        lines.pop(0)
    return lines


def _is_page_number(text: str, number: int) -> bool:
    text = text.strip()
    # A bare number counts only near the page's position: covers are often left unnumbered.
    return text.isdigit() and abs(int(text) - number) <= 2


def _without_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop running heads and footers: a line at the top or bottom of a page that recurs at
    the same place on most pages (its numbers aside: 第3页, 2024年第5期) and ends no sentence
    is the page's, not the text's."""
    if len(pages) < 2:
        return pages

    def key(line: _Line) -> str | None:
        # A head or footer is a label, never a sentence, printed at one place on every page.
        text = squeeze(line.text)
        if not text or text[-1] in "。；！？：，、":
            return None
        place = "" if line.y is None else f"@{round(line.y / 2)}"
        return re.sub(r"\d+", "#", text) + place

    def edges(lines: list[_Line]) -> list[_Line]:
        return lines[:_EDGE] + lines[max(_EDGE, len(lines) - _EDGE):]

    seen: dict[str, int] = {}
    for lines in pages:
        for k in {key(line) for line in edges(lines)} - {None}:
            seen[k] = seen.get(k, 0) + 1
    recurring = {k for k, n in seen.items() if n >= 2 and 2 * n >= len(pages)}
    out = []
    for lines in pages:
        drop = {id(line) for line in edges(lines) if key(line) in recurring - {None}}
        out.append([line for line in lines if id(line) not in drop])
    return out
