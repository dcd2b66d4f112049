"""Optical character recognition of PDF pages whose text is drawn, not written: a scanned page,
or a 红头 and title printed as pictures over a text layer that lacks them.

Tesseract (Debian's `tesseract-ocr` with `tesseract-ocr-chi-sim`, installed by `make
system-deps`) reads pages that pypdfium2 renders; nothing is fetched at run time. Without the
engine, `engine()` is None and the PDF loader refuses what it cannot read, as before.

What OCR returns is kept honest: its spacing and half-width marks are undone (Chinese separates
no words with spaces and prints full-width punctuation), and every line carries the lowest
confidence of its words, so that a caller trusts a line for a title or 文号 only when every
word of it was read with confidence.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

logger = logging.getLogger(__name__)

LANGUAGE = "chi_sim"
# A whole page is rendered so that a 公文's body text (三号, 16 pt) stands about 44 px high,
# the height Tesseract's line recogniser reads best; far larger glyphs read worse, not better.
PAGE_DPI = 200
# One line of large type (a title in 二号, a 红头) is scaled to these heights before it is read;
# which reads best depends on the face (a bold 小标宋 runs together when large), so both are tried.
LINE_PX = (40, 56)
# A word read with less confidence than this (Tesseract's 0–100) makes its line untrusted.
TRUSTED = 60
_MARGIN = 24  # px of white around a rendered region
_TIMEOUT = 120  # seconds for one call: a pathological page must not hang an ingest
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDE = _CJK + "\u3000-\u303f\uff00-\uffef《》“”‘’"


@dataclass(frozen=True)
class OcrLine:
    """One line read from a page: its text and box in PDF points (y up, as a text layer's)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    confidence: float  # the lowest of its words'

    @property
    def trusted(self) -> bool:
        return self.confidence >= TRUSTED


@functools.cache
def engine() -> str | None:
    """The tesseract program, if it is installed with the Simplified Chinese model."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                                timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        logger.warning("tesseract does not run (%s): no OCR", exc)
        return None
    if LANGUAGE not in listed.stdout.split():
        logger.warning("tesseract has no %s model (tesseract-ocr-chi-sim): no OCR", LANGUAGE)
        return None
    return program


def read_page(page, box: tuple[float, float, float, float] | None = None) -> list[OcrLine]:
    """The lines of a pypdfium2 page (or of its `box`: left, bottom, right, top in points),
    read as a single column of text of varying sizes."""
    return _read(page, box, PAGE_DPI, psm=4)


def read_line(page, box: tuple[float, float, float, float]) -> OcrLine | None:
    """One printed line in `box`, rendered at each height of LINE_PX whatever its type size;
    the most confident reading."""
    best = None
    for px in LINE_PX:
        dpi = min(600.0, max(72.0, px * 72 / max(box[3] - box[1], 1.0)))
        lines = _read(page, box, dpi, psm=7)
        if not lines:
            continue
        line = OcrLine(normalise("".join(line.text for line in lines)), box[0], box[1], box[2],
                       box[3], min(line.confidence for line in lines))
        if best is None or line.confidence > best.confidence:
            best = line
    return best


def normalise(text: str) -> str:
    """OCR text as Chinese prints it: no spaces between CJK characters, full-width marks beside
    them, a 文号's year in 〔〕 (GB/T 9704 prints it so; OCR reads the brackets as [ ] or 【 ])."""
    text = re.sub(r"[\[【〔（(]\s*((?:19|20)\d\d)\s*[\]】〕）)](?=\s*\d{1,4}\s*号)", r"〔\1〕", text.strip())
    text = re.sub(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])", "", text)
    text = re.sub(rf"(?<=[{_CJK}])[,，]|[,，](?=[{_CJK}])", "，", text)
    for half, full in ((":", "："), (";", "；"), ("?", "？"), ("!", "！")):
        text = re.sub(rf"(?<=[{_CJK}]){re.escape(half)}", full, text)
    text = re.sub(rf"\((?=[^()]*[{_CJK}])([^()]*)\)", r"（\1）", text)
    return re.sub(r"\s{2,}", " ", text)


def _read(page, box, dpi: float, psm: int) -> list[OcrLine]:
    program = engine()
    if program is None:
        return []
    width, height = page.get_size()
    left, bottom, right, top = box or (0.0, 0.0, width, height)
    scale = dpi / 72
    image = page.render(scale=scale, grayscale=True,
                        crop=(left, bottom, max(0.0, width - right), max(0.0, height - top))).to_pil()
    from PIL import ImageOps  # Pillow comes with pypdfium2's to_pil

    # A margin of white: glyphs touching the image's edge are misread or read twice.
    image = ImageOps.expand(image.convert("L"), border=_MARGIN, fill=255)
    png = io.BytesIO()
    image.save(png, format="PNG")
    # One thread a call: ingest already runs files side by side on a small machine.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", LANGUAGE, "--psm", str(psm),
                               "--dpi", str(round(dpi)), "tsv"], input=png.getvalue(),
                              capture_output=True, timeout=_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        logger.warning("OCR failed (%s)", exc)
        return []
    if done.returncode:
        logger.warning("OCR failed: %s", done.stderr.decode("utf-8", "replace").strip()[:200])
        return []
    margin = _MARGIN

    def at(px: float, origin: float) -> float:
        return origin + (px - margin) / scale

    return [OcrLine(text, at(x0, left), top - (y1 - margin) / scale, at(x1, left),
                    top - (y0 - margin) / scale, conf)
            for text, (x0, y0, x1, y1), conf in _tsv_lines(done.stdout.decode("utf-8", "replace"))]


def _tsv_lines(tsv: str):
    """(text, pixel box, lowest word confidence) of each line of Tesseract's TSV output."""
    lines: dict[tuple[str, ...], list[tuple[str, float, tuple[int, int, int, int]]]] = {}
    for row in tsv.splitlines()[1:]:
        field = row.split("\t")
        if len(field) < 12 or field[0] != "5" or not field[11].strip():
            continue
        x, y, w, h = map(int, field[6:10])
        lines.setdefault(tuple(field[1:5]), []).append((field[11], float(field[10]), (x, y, x + w, y + h)))
    for words in lines.values():
        text = normalise(" ".join(word for word, _, _ in words))
        if not text:
            continue
        boxes = [b for _, _, b in words]
        yield (text, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                      max(b[2] for b in boxes), max(b[3] for b in boxes)),
               min(conf for _, conf, _ in words))


def image_boxes(page) -> list[tuple[float, float, float, float]]:
    """Where a pypdfium2 page draws its images (left, bottom, right, top in points)."""
    import pypdfium2.raw as pdfium_c

    boxes = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        try:
            boxes.append(tuple(obj.get_bounds()))
        except Exception:  # an image whose bounds pdfium cannot tell is not one we can place
            continue
    return boxes
