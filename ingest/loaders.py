"""Read a policy file (.txt, .docx, .pdf, .html) into plain text, or say precisely why not.

Every loader returns the same shape: "\\n" line ends, no BOM, one blank line between
paragraphs, like the shipped .txt files. Repairing the text (broken lines, stray spaces) is the
cleaner's job, not ours; we only refuse what cannot be read and strip what is not the document
(page numbers, site navigation).
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import logging
import math
import re
import statistics
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import LoadError

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")

#: Zip-bomb guards for .docx, checked on the archive directory before anything is inflated.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_RATIO = 100  # real Word XML compresses 5-30x; a bomb compresses 1000x
MAX_DOCX_MEMBERS = 10_000

_MB = 1024 * 1024


@dataclass(frozen=True)
class LoadedText:
    """The text of one file and how it was read."""

    source: str  # file name
    text: str  # "\n" line ends, no BOM, paragraphs separated by a blank line
    format: str  # "txt" | "docx" | "pdf" | "html"
    encoding: str | None  # the detected encoding of .txt and .html files
    sha256: str  # of the raw file bytes


def load_text(path: Path, *, max_bytes: int = 20 * _MB) -> LoadedText:
    """Read `path` into text; raise LoadError(source, reason) for anything unreadable."""
    path = Path(path)
    source = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no suffix)"
        raise LoadError(
            source, f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise LoadError(source, "empty file")
    reader = {".txt": _decode_text, ".docx": _read_docx, ".pdf": _read_pdf}.get(suffix, _read_html)
    text, encoding = reader(source, data)
    text = _normalise_newlines(text)
    if not text.strip():
        raise LoadError(source, "empty file" if suffix == ".txt" else "no text found in the file")
    fmt = "html" if suffix == ".htm" else suffix[1:]
    return LoadedText(source, text, fmt, encoding, hashlib.sha256(data).hexdigest())


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = path.name
    try:
        with path.open("rb") as file:
            # Read one byte past the limit so a file that grows or lies about its size is caught.
            data = file.read(max_bytes + 1)
            size = max(len(data), path.stat().st_size)
    except FileNotFoundError:
        raise LoadError(source, "file not found") from None
    except IsADirectoryError:
        raise LoadError(source, "is a directory, not a file") from None
    except OSError as exc:
        raise LoadError(source, f"cannot read file ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise LoadError(
            source, f"file too large ({_megabytes(size)} MB > {_megabytes(max_bytes)} MB limit)"
        )
    return data


def _megabytes(n: int) -> str:
    value = n / _MB
    if value >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _normalise_newlines(text: str) -> str:
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n\n")


def _join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p for p in (p.strip() for p in paragraphs) if p)


# ---------------------------------------------------------------- .txt

_MAGIC = (
    (b"%PDF-", "looks like a PDF file; give it the .pdf suffix"),
    (b"PK\x03\x04", "looks like a ZIP archive or .docx file"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Office file (.doc/.xls)"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"GIF8", "looks like a GIF image"),
    (b"\x1f\x8b", "looks like a gzip archive"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_text(source: str, data: bytes, decode=None) -> tuple[str, str]:
    """Decode bytes that should be text, refusing binary files with a reason that says so."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(source, f"binary content, not text ({what})")
    text, encoding = (decode or _decode)(source, data)
    if "\x00" in text:
        raise LoadError(source, "binary content, not text (NUL characters)")
    if _garbage_ratio(text) > 0.1:
        raise LoadError(source, "binary content, not text (too many control characters)")
    return text, encoding


def _decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM, strict UTF-8, strict GB18030, then a checked guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise LoadError(
                    source, f"starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start})"
                ) from None
    if b"\x00" in data:
        # UTF-16 without a BOM also has NULs, but it cannot be told from binary reliably.
        raise LoadError(source, "binary content, not text (NUL bytes)")
    for encoding in ("utf-8", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    guess = _guess_encoding(data)
    if guess:
        return guess
    # A UTF-8 file with a few broken bytes (a truncated download) is still worth reading.
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(2, len(text) // 1000) and _garbage_ratio(text) < 0.01:
        logger.warning("%s: replaced %d undecodable bytes", source, text.count("\ufffd"))
        return text, "utf-8"
    raise LoadError(
        source, "binary content or unknown encoding: not UTF-8, UTF-16 or GB18030, "
        "and no reliable encoding detected"
    )


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, kept only if it reads as Chinese or plain printable text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    visible = [c for c in text if not c.isspace()]
    if not visible or _garbage_ratio(text) > 0.01:
        return None
    foreign = [c for c in visible if ord(c) > 0x7F]
    # Binary read as a single-byte code page comes out as accented Latin soup: reject it.
    if len(foreign) > 0.1 * len(visible) and sum(map(_is_cjk, foreign)) < 0.9 * len(foreign):
        return None
    return text, best.encoding


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # unified ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x20000 <= code <= 0x3134F  # extensions B-G
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation: “ ” — …
    )


def _garbage_ratio(text: str) -> float:
    """Share of visible characters that no text file contains: controls, U+FFFD, unassigned."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    bad = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Cs", "Cn"))
    return bad / len(visible)


# ---------------------------------------------------------------- .docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _read_docx(source: str, data: bytes) -> tuple[str, None]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise LoadError(source, "not a valid .docx file (old binary .doc format; save it as .docx)")
    _check_docx_archive(source, data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_docx_paragraphs(document.element.body))
    except Exception as exc:  # python-docx raises KeyError, lxml and zipfile errors alike
        raise LoadError(source, f"not a valid .docx file ({type(exc).__name__}: {exc})") from None
    return _join_paragraphs(paragraphs), None


def _check_docx_archive(source: str, data: bytes) -> None:
    """Refuse archives that would inflate far beyond any real Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, but also ValueError, EOFError, ...
        raise LoadError(source, f"not a valid .docx file (not a ZIP archive: {exc})") from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise LoadError(source, f"suspicious .docx: {len(members)} archive members")
    total = sum(m.file_size for m in members)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise LoadError(
            source, f"suspicious .docx: would inflate to {_megabytes(total)} MB "
            f"(limit {_megabytes(MAX_DOCX_UNCOMPRESSED)} MB), a zip bomb?"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _MB and ratio > MAX_DOCX_RATIO:
            raise LoadError(
                source, f"suspicious .docx: member '{member.filename}' has compression ratio "
                f"{ratio:.0f}:1 (limit {MAX_DOCX_RATIO}:1), a zip bomb?"
            )


def _docx_paragraphs(container) -> Iterator[str]:
    """Paragraph texts in reading order; a table gives one paragraph per row, cells tab-joined."""
    for child in container.iterchildren():
        tag = child.tag.rpartition("}")[2]
        if tag == "p":
            yield _docx_paragraph_text(child)
        elif tag == "tbl":
            yield from _docx_table_rows(child)
        elif tag == "sdt":  # content control: a wrapper around ordinary paragraphs
            for content in child.iterchildren(f"{{{_W}}}sdtContent"):
                yield from _docx_paragraphs(content)


def _docx_table_rows(table) -> Iterator[str]:
    for row in table.iterchildren(f"{{{_W}}}tr"):
        cells = []
        for cell in row.iterchildren(f"{{{_W}}}tc"):
            if _is_vmerge_continuation(cell):  # the merged text sits in the first cell
                continue
            text = "\n".join(p for p in _docx_paragraphs(cell) if p.strip())
            if text.strip():
                cells.append(text.strip())
        if cells:
            yield "\t".join(cells)


def _is_vmerge_continuation(cell) -> bool:
    merge = cell.find(f"{{{_W}}}tcPr/{{{_W}}}vMerge")
    return merge is not None and merge.get(f"{{{_W}}}val", "continue") == "continue"


_SKIPPED_CONTAINERS = (f"{{{_W}}}txbxContent", f"{{{_MC}}}Fallback")
_RUN_TEXT = {"t": None, "tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def _docx_paragraph_text(paragraph) -> str:
    """Text of a <w:p>, including tracked insertions; text boxes and fallbacks left out."""
    parts = []
    for element in paragraph.iter(*(f"{{{_W}}}{name}" for name in _RUN_TEXT)):
        if any(a.tag in _SKIPPED_CONTAINERS for a in element.iterancestors()):
            continue
        name = element.tag.rpartition("}")[2]
        if name == "br" and element.get(f"{{{_W}}}type") in ("page", "column"):
            continue
        parts.append((element.text or "") if name == "t" else _RUN_TEXT[name])
    return "".join(parts)


# ---------------------------------------------------------------- .pdf

_PAGE_NUMBER = re.compile(
    r"[-—–－]+\s*\d{1,4}\s*[-—–－]+"  # — 3 —
    r"|第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第3页 共9页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/9
)


@dataclass
class _Line:
    """One printed line; x, y (its start) are unknown when pypdf's output cannot be placed."""

    text: str
    x: float | None = None
    y: float | None = None
    size: float = 0.0

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


def _read_pdf(source: str, data: bytes) -> tuple[str, None]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(source, "PDF is password-protected; remove the password first")
        pages = list(reader.pages)
    except LoadError:
        raise
    except DependencyError as exc:
        raise LoadError(source, f"encrypted PDF needs a package to decrypt it ({exc})") from None
    except Exception as exc:  # pypdf raises its own errors, but also ValueError, KeyError, ...
        raise LoadError(source, f"not a valid PDF ({type(exc).__name__}: {exc})") from None
    page_lines = []
    for number, page in enumerate(pages, start=1):
        try:
            page_lines.append(_pdf_lines(page, number))
        except Exception as exc:  # one broken page should not lose the others
            logger.warning("%s: page %d has unreadable text (%s)", source, number, exc)
    if not any(page_lines):
        raise LoadError(source, "PDF has no text layer (scanned image?); OCR it first")
    layout = _Layout.of([line for lines in page_lines for line in lines])
    paragraphs: list[list[_Line]] = []
    for lines in filter(None, page_lines):
        for prev, line in zip([None, *lines], lines, strict=False):
            if prev is None:  # a new page: a new paragraph, unless the last one runs on
                new = not (layout and paragraphs and layout.runs_on(paragraphs[-1][-1], line))
            else:
                new = bool(layout and layout.starts_paragraph(prev, line))
            if new:
                paragraphs.append([])
            paragraphs[-1].append(line)
    return _join_paragraphs(["\n".join(line.text for line in p) for p in paragraphs]), None


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
    if _squeeze("".join(line.text for line in lines)) != _squeeze(plain):
        lines = [_Line(text) for text in plain.split("\n")]  # unplaced: no paragraph hints
    lines = [line for line in lines if line.text.strip()]
    while lines and _is_page_number(lines[-1].text, number):
        lines.pop()
    while lines and _is_page_number(lines[0].text, number):
        lines.pop(0)
    return lines


def _is_page_number(text: str, number: int) -> bool:
    text = text.strip()
    # A bare number counts only near the page's position: covers are often left unnumbered.
    return bool(_PAGE_NUMBER.fullmatch(text)) or (text.isdigit() and abs(int(text) - number) <= 2)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- .html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)""", re.I)
_CHINESE_CHARSETS = {"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "hz-gb-2312"}
_BOILERPLATE_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "textarea", "head", "object", "embed", "canvas",
)
_BOILERPLATE_WORDS = (
    "nav", "menu", "crumb", "footer", "header", "banner", "sidebar", "share", "copyright",
    "toolbar", "search", "login",
)
_BOILERPLATE_NAMES = re.compile("|".join(_BOILERPLATE_WORDS), re.I)
# The same, for trafilatura to prune: smaller elements whose class or id names one of the words.
_BOILERPLATE_XPATH = "//*[({}) and string-length(.) < {{}}]".format(" or ".join(
    f"contains(translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), "
    f"'{word}')"
    for word in _BOILERPLATE_WORDS for attr in ("class", "id")
))
_PARAGRAPH_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "blockquote"}
_BLOCK_TAGS = [
    "p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tbody", "thead", "tr",
    "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd",
    "center", "body", "html", "br", "hr",
]

_BLOCKS_IN_CELLS = [tag for tag in _BLOCK_TAGS if tag not in ("td", "th")]


def _read_html(source: str, data: bytes) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    markup, encoding = _decode_text(source, data, _decode_html)
    # lxml refuses str input that still declares an encoding.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(_BOILERPLATE_TAGS):
        tag.decompose()
    # An element named like a menu but holding much of the page is a wrapper: keep it.
    wrapper_size = len(soup.get_text()) // 3
    reference = _soup_blocks(soup, wrapper_size)
    # trafilatura's precise mode first; its recall mode, then our own heuristic, only when it
    # leaves out lines of the article the heuristic finds.
    for favor_recall in (False, True):
        blocks = _trafilatura_blocks(markup, favor_recall, wrapper_size)
        if blocks and _covers(blocks, reference):
            return _join_paragraphs(blocks), encoding
    if not reference:
        raise LoadError(source, "no article text found in the HTML page")
    logger.info("%s: trafilatura missed part of the article; using the block heuristic", source)
    return _join_paragraphs(reference), encoding


def _decode_html(source: str, data: bytes) -> tuple[str, str]:
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return _decode(source, data)
    try:  # valid UTF-8 is UTF-8, whatever an old <meta> left in a re-saved page claims
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in _CHINESE_CHARSETS else name  # servers say gb2312, send GBK
        try:
            return data.decode(codecs.lookup(name).name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            logger.info("%s: declared charset %r does not decode the page", source, name)
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    guess = _guess_encoding(data)
    return guess if guess else (data.decode("utf-8", errors="replace"), "utf-8")


@functools.cache
def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    # By default a text under 250 characters sends trafilatura to its whole-page fallback,
    # which keeps menus and footers; a short notice is still an article.
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
    return config


def _trafilatura_blocks(markup: str, favor_recall: bool, wrapper_size: int) -> list[str]:
    """trafilatura's article text, one block per line; table rows become tab-joined cells."""
    import trafilatura

    try:
        text = trafilatura.extract(
            markup, output_format="txt", include_formatting=False, include_comments=False,
            include_tables=True, include_links=False, include_images=False,
            favor_recall=favor_recall, deduplicate=False, with_metadata=False,
            config=_trafilatura_config(), prune_xpath=_BOILERPLATE_XPATH.format(wrapper_size),
        )
    except Exception as exc:  # a parser failure here just means: use the fallback
        logger.info("trafilatura failed: %s", exc)
        return []
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if len(line) > 1 and line[0] == line[-1] == "|":  # "| cell | cell |"
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line[1:-1])]
            line = "\t".join(c for c in cells if c.strip("-: "))
        if line:
            blocks.append(line)
    return blocks


def _covers(blocks: list[str], reference: list[str]) -> bool:
    """Does trafilatura's text hold the heuristic's article lines, in order, kept apart, with
    none missing in the middle and at most a fifth of the text missing at the edges?"""
    found = _squeeze("".join(blocks))
    hits, position = [], 0
    for block in map(_squeeze, reference):
        at = found.find(block, position)
        hits.append(at >= 0)
        position = at + len(block) if at >= 0 else position
    if True not in hits:
        return not reference
    first, last = hits.index(True), len(hits) - hits[::-1].index(True)
    missing = sum(len(b) for b, hit in zip(reference, hits, strict=True) if not hit)
    return (
        all(hits[first:last])
        and missing <= 0.2 * sum(len(b) for b in reference)
        and len(blocks) >= 0.8 * sum(hits)  # not run together into a few long lines
    )


def _soup_blocks(soup, wrapper_size: int) -> list[str]:
    """Text blocks of the element that holds the most paragraph text (readability's idea)."""
    from bs4 import NavigableString, Tag

    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("body", "html"):
            continue
        names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if _BOILERPLATE_NAMES.search(names) and len(tag.get_text()) < wrapper_size:
            tag.decompose()

    blocks: list[tuple[str, Tag]] = []  # (text, the block element it sits in)

    def walk(element: Tag) -> None:
        buffer: list[str] = []

        def flush() -> None:
            text = re.sub(r"[ \t\r\n\f]+", " ", "".join(buffer)).strip()
            if text:
                blocks.append((text, element))
            buffer.clear()

        for child in element.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    buffer.append(str(child))
            elif child.name == "tr" and not child.find(_BLOCKS_IN_CELLS):
                # A row of plain cells is one block, cells tab-joined, as in the .docx loader.
                flush()
                cells = (" ".join(c.get_text(" ").split()) for c in child.find_all(["td", "th"]))
                row = "\t".join(c for c in cells if c)
                if row:
                    blocks.append((row, child))
            elif child.name in _BLOCK_TAGS:
                flush()
                walk(child)
            else:
                buffer.append(child.get_text())
        flush()

    walk(soup)
    if not blocks:
        return []
    scores: dict[int, float] = {}
    by_id: dict[int, Tag] = {}
    for text, element in blocks:
        # A paragraph's text counts for its container and half for the one above; text sitting
        # directly in a container (lines split by <br>) counts for that container itself.
        if element.name in _PARAGRAPH_TAGS and element.parent is not None:
            container, above = element.parent, element.parent.parent
        else:
            container = element
            in_table = element.name in ("td", "th", "tr")
            above = element.find_parent("table") if in_table else element.parent
        for node, weight in ((container, 1.0), (above, 0.5)):
            if node is not None:
                scores[id(node)] = scores.get(id(node), 0.0) + weight * len(text)
                by_id[id(node)] = node
    best = by_id[max(scores, key=scores.__getitem__)]
    return [text for text, element in blocks if any(n is best for n in (element, *element.parents))]
