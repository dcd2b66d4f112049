"""The PDF loader's use of OCR: which pages and parts of pages it reads, and how far it trusts
what it read.

Two rules decide what is read:
- a page without a text layer (a scan, or text drawn as outlines) is read whole;
- a 公文 prints its 发文机关标志 (红头) and its title at the top of its first page (GB/T 9704).
  Where the first page's text layer holds no title, pictures in the page's top half, where no
  text-layer line stands, are read line by line: many files draw the 红头 and title as images.

A title or 文号 misread is cited with every answer, so OCR is trusted there only with
confidence: the lines of a first page's head (those above its first sentence) read with low
confidence are left out, and a drawn head is used only if every line of it was read with
confidence. What was read by OCR, and what was left out, is noted for the parse's warnings.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from typing import Protocol

from ingest import markers
from ingest.loaders import ocr
from ingest.loaders.base import squeeze

logger = logging.getLogger(__name__)

_SENTENCE_END = ("。", "；", "：", ":", "！", "？")
_HEAD_LINES = 12
# Whole pages read at most a file (about 3–4 s a page on a small machine): the parse of a file
# has a deadline (Settings.parse_seconds, 60 s), and a long scan indexed in part, saying which
# pages were not read, is better than one refused for passing it. A count, not a clock, so that
# a file parses the same on a busy machine as on an idle one.
OCR_PAGES = 12
_TITLE_MAX = 40  # characters of a one-line title
_HEAD_CJK_MIN = 6  # Chinese characters a 红头 and title hold at the least
# A picture taller than a line of the largest type a 公文 prints (初号, 42 pt) with its
# leading holds a figure, a seal or a logo, not a line of text.
_LINE_PICTURE_MAX = 60.0  # a first page's head is at most so many lines (红头, 文号, a wrapped title)


class _Placed(Protocol):
    text: str
    x: float | None
    y: float | None
    size: float


Make = Callable[[str, float, float, float], _Placed]  # text, x, y (baseline), glyph size


class Drawn:
    """A PDF as pypdfium2 renders it, opened only when a page needs OCR, with notes of what
    OCR read."""

    def __init__(self, source: str, data: bytes):
        self.source = source
        self._data = data
        self._doc = None
        self._pages: list[int] = []  # pages read whole
        self._unread: list[int] = []  # pages without text that no engine could read
        self._notes: list[str] = []
        self._draws_headings = False  # page 1's head was drawn as pictures
        self._over: list[int] = []  # pages without text past OCR_PAGES

    @property
    def notes(self) -> list[str]:
        notes = []
        if self._pages:
            notes.append(f"{_pages(self._pages)} had no text layer and {_were(self._pages)} read by OCR")
        if self._unread:
            notes.append(f"{_pages(self._unread)} had no text layer and {_were(self._unread)} not read "
                         "(no OCR engine installed)")
        if self._over:
            notes.append(f"{_pages(self._over)} had no text layer and {_were(self._over)} not read "
                         f"(OCR reads at most {OCR_PAGES} pages a file)")
        return notes + self._notes

    def page_lines(self, number: int, make: Make) -> list:
        """The lines OCR reads on a page without a text layer; none without the engine."""
        page = self._page(number)
        if page is None or not _draws_anything(page):
            return []
        if ocr.engine() is None or len(self._pages) + len(self._over) >= OCR_PAGES:
            (self._unread if ocr.engine() is None else self._over).append(number)
            return []
        read = ocr.read_page(page)
        if read:
            self._pages.append(number)
        kept, dropped = [], 0
        for k, line in enumerate(read):
            in_head = number == 1 and k < _HEAD_LINES and \
                not any(prev.text.endswith(_SENTENCE_END) for prev in read[:k])
            if in_head and not line.trusted:
                dropped += 1  # a 红头, 文号 or title line misread would be cited with every answer
                continue
            kept.append(make(line.text, line.left, line.bottom, _pitch(line)))
        if dropped:
            self._notes.append(f"{dropped} line(s) of page 1's head read with low confidence "
                               "were left out: check the title and 文号")
        return kept

    def has_title(self, lines: list[_Placed]) -> bool:
        """Does the first page's text layer hold a title: a line ending in a 文种, or a law's
        name (…法: the 立法法 names laws so)?"""
        return any(markers.TITLE_END.search(text) or text.endswith("法") and len(text) <= _TITLE_MAX
                   for text in (squeeze(line.text) for line in lines))

    def with_drawn_head(self, lines: list[_Placed], make: Make) -> list:
        """The first page's lines with its 红头 and title read from the pictures in its top half
        where its text layer prints nothing; unchanged unless every such line reads with
        confidence."""
        if ocr.engine() is None or any(line.y is None for line in lines):
            return lines
        page = self._page(1)
        if page is None:
            return lines
        found = self._pictured_lines(page, lines, page.get_size()[1] / 2, page.get_size()[1])
        if not found:
            return lines
        if not all(line.trusted for line in found):
            if sum(len(re.findall(r"[\u4e00-\u9fff]", line.text)) for line in found) < _HEAD_CJK_MIN:
                return lines  # a logo or an emblem, not a head: nothing to warn of
            logger.info("%s: page 1's head drawn as pictures read with low confidence: %s",
                        self.source, " / ".join(f"{line.text} ({line.confidence:.0f})" for line in found))
            self._notes.append("page 1's head is drawn as pictures and OCR could not read it "
                               "with confidence: check the title")
            return lines
        self._notes.append("page 1's head (红头 and title) is drawn as pictures and was read by OCR")
        self._draws_headings = True
        return _placed(lines, found, make)

    def with_drawn_lines(self, number: int, lines: list[_Placed], make: Make) -> list:
        """A later page of a file whose first page draws its head: the file draws the same face
        (one it could not embed) wherever it prints it — the title of the text a notice issues,
        an 附件's — so its pictures of one line where no text-layer line stands are read too,
        each used only where read with confidence."""
        if not self._draws_headings or any(line.y is None for line in lines):
            return lines
        page = self._page(number)
        if page is None:
            return lines
        found = [line for line in self._pictured_lines(page, lines, 0.0, _LINE_PICTURE_MAX)
                 if line.trusted]
        if found:
            self._notes.append(f"page {number}: a heading drawn as a picture was read by OCR")
        return _placed(lines, found, make) if found else lines

    def _pictured_lines(self, page, lines: list[_Placed], above: float, tallest: float) -> list[ocr.OcrLine]:
        """Lines of text that the page's pictures (those reaching above y=`above`, none taller
        than `tallest`) print where
        its text layer prints nothing, each read alone at the size the recogniser reads best
        (a picture holding one line within its own edges); the more confident reading is kept."""
        bands = _bands([box for box in ocr.image_boxes(page) if box[3] > above
                        and box[3] - box[1] <= tallest])
        found = []
        for band in bands:
            read = [line for line in ocr.read_page(page, band) if not _on_text_line(line, lines)]
            for line in read:
                box = band if len(read) == 1 else (line.left, line.bottom, line.right, line.top)
                again = ocr.read_line(page, box)
                found.append(again if again and again.confidence > line.confidence else line)
        return [line for line in found if line.text]

    def _page(self, number: int):
        try:
            if self._doc is None:
                import pypdfium2

                self._doc = pypdfium2.PdfDocument(self._data)
            return self._doc[number - 1]
        except Exception as exc:  # pdfium may refuse a file pypdf read: then nothing is drawn
            logger.warning("%s: page %d cannot be rendered (%s)", self.source, number, exc)
            return None


def _placed(lines: list[_Placed], found: list[ocr.OcrLine], make: Make) -> list:
    """`lines` with `found` among them where they are printed. The part of the page down to
    the lowest line found is read in print order, top down: a text layer may hold a 文号
    after the body, as it was written into the file, though it is printed above it."""
    lowest = min(line.bottom for line in found)
    head = [make(line.text, line.left, line.bottom, _pitch(line)) for line in found]
    head += [line for line in lines if line.y >= lowest]  # type: ignore[operator]
    head.sort(key=lambda line: -line.y)  # type: ignore[operator]
    return head + [line for line in lines if line.y < lowest]  # type: ignore[operator]


def _draws_anything(page) -> bool:
    """A blank page (or one holding only its number) is not worth an OCR pass."""
    import pypdfium2.raw as pdfium_c

    kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH]
    return next(iter(page.get_objects(filter=kinds, max_depth=4)), None) is not None


def _bands(boxes: list[tuple[float, ...]]) -> list[tuple[float, float, float, float]]:
    """Boxes side by side (a line drawn as several pictures) merged into bands across them."""
    bands: list[list[float]] = []
    for left, bottom, right, top in sorted(boxes, key=lambda box: -box[3]):
        for band in bands:
            if bottom < band[3] and top > band[1]:
                band[:] = [min(band[0], left), min(band[1], bottom), max(band[2], right), max(band[3], top)]
                break
        else:
            bands.append([left, bottom, right, top])
    return [tuple(band) for band in bands]  # type: ignore[misc]


def _on_text_line(line: ocr.OcrLine, lines: list[_Placed]) -> bool:
    middle = (line.bottom + line.top) / 2
    return any(old.y - 0.3 * old.size <= middle <= old.y + old.size for old in lines)  # type: ignore[operator]


def _pitch(line: ocr.OcrLine) -> float:
    """The glyph size that makes the loader's estimate of the line's width come out right."""
    wide = sum(1 for c in line.text if unicodedata.east_asian_width(c) in "WFA")
    units = wide + (len(line.text) - wide) / 2
    return (line.right - line.left) / units if units else line.top - line.bottom


def _were(numbers: list[int]) -> str:
    return "was" if len(numbers) == 1 else "were"


def _pages(numbers: list[int]) -> str:
    """page 3 / pages 1–4, 7"""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"
