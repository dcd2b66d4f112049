"""Word .docx: python-docx's XML tree, read run by run, after checking the zip archive."""

from __future__ import annotations

import email
import email.policy
import functools
import io
import zipfile
from collections.abc import Callable, Iterator

from ingest.errors import LoadError
from ingest.loaders.base import MB, PROPERTY_TITLE, join_paragraphs, megabytes
from ingest.loaders.docx_numbering import Numbering
from ingest.loaders.html import read_html

#: Zip-bomb guards, checked on the archive directory before anything is inflated.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_RATIO = 100  # real Word XML compresses 5-30x; a bomb compresses 1000x
MAX_DOCX_MEMBERS = 10_000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The formats of an imported chunk read here: a web page, a web archive (MHT) holding one, text.
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ARCHIVE_TYPES = ("message/rfc822", "multipart/related")


def read_docx(source: str, data: bytes) -> tuple[str, None, dict[str, str]]:
    """A .docx file's paragraphs in reading order (table rows tab-joined), and the Title of its
    document properties."""
    _check_docx_archive(source, data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        imported = functools.partial(_chunk_paragraphs, source, document.part)
        paragraphs = list(_docx_paragraphs(document.element.body, Numbering(document), imported))
    except Exception as exc:  # python-docx raises KeyError, lxml and zipfile errors alike
        raise LoadError(source, f"not a valid .docx file ({type(exc).__name__}: {exc})",
                        kind="damaged") from None
    try:
        title = " ".join((document.core_properties.title or "").split())
    except Exception:  # a broken docProps part only loses the record, not the text
        title = ""
    return join_paragraphs(paragraphs), None, {PROPERTY_TITLE: title} if title else {}


def _check_docx_archive(source: str, data: bytes) -> None:
    """Refuse archives that would inflate far beyond any real Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, but also ValueError, EOFError, ...
        raise LoadError(source, f"not a valid .docx file (not a ZIP archive: {exc})",
                        kind="damaged") from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise LoadError(source, f"suspicious .docx: {len(members)} archive members", kind="bomb")
    total = sum(m.file_size for m in members)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise LoadError(
            source, f"suspicious .docx: would inflate to {megabytes(total)} MB "
            f"(limit {megabytes(MAX_DOCX_UNCOMPRESSED)} MB), a zip bomb?", kind="bomb"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > MAX_DOCX_RATIO:
            raise LoadError(
                source, f"suspicious .docx: member '{member.filename}' has compression ratio "
                f"{ratio:.0f}:1 (limit {MAX_DOCX_RATIO}:1), a zip bomb?", kind="bomb"
            )


def _docx_paragraphs(container, numbering: Numbering,
                     imported: Callable[[object], list[str]] = lambda chunk: []) -> Iterator[str]:
    """Paragraph texts in reading order, each after the number Word prints before it; a table
    gives one paragraph per row, cells tab-joined; an altChunk gives the paragraphs of the
    content it imports."""
    for child in container.iterchildren():
        tag = child.tag.rpartition("}")[2]
        if tag == "p":
            label = numbering.label(child)
            text = _docx_paragraph_text(child)
            yield label + text if text.strip() else text
        elif tag == "tbl":
            yield from _docx_table_rows(child, numbering, imported)
        elif tag == "sdt":  # content control: a wrapper around ordinary paragraphs
            for content in child.iterchildren(f"{{{_W}}}sdtContent"):
                yield from _docx_paragraphs(content, numbering, imported)
        elif tag == "altChunk":
            yield from imported(child)


def _chunk_paragraphs(source: str, part, chunk) -> list[str]:
    """An altChunk's paragraphs: Word imports the part it points to (a web page, an MHT web
    archive, plain text) into the body where it stands when it opens the file, so the body
    can hold nothing else. Web pages are read as the HTML loader reads them; a chunk of a
    format not read here (RTF, another .docx) gives nothing."""
    target = part.related_parts.get(chunk.get(f"{{{_R}}}id"))
    if target is None:
        return []
    kind, blob = target.content_type.split(";")[0].strip().lower(), target.blob
    if kind in _ARCHIVE_TYPES or blob.lstrip().startswith(b"MIME-Version"):
        pages = [p for p in email.message_from_bytes(blob, policy=email.policy.default).walk()
                 if p.get_content_type() in _HTML_TYPES]
        if not pages:
            return []
        kind, blob = pages[0].get_content_type(), pages[0].get_content().encode("utf-8")
    if kind in _HTML_TYPES:
        try:
            return read_html(source, blob)[0].split("\n\n")
        except LoadError:
            return []
    if kind == "text/plain":
        return blob.decode("utf-8", "replace").splitlines()
    return []


def _docx_table_rows(table, numbering: Numbering, imported: Callable[[object], list[str]]) -> Iterator[str]:
    merged: dict[int, str] = {}  # grid column → the text of the cell merged down from it
    for row in table.iterchildren(f"{{{_W}}}tr"):
        cells = []
        column = 0
        for cell in row.iterchildren(f"{{{_W}}}tc"):
            if _is_vmerge_continuation(cell):
                # A cell merged over several rows (one 牵头单位 for three tasks) holds its text
                # in its first row only; it says the same of every row it spans.
                text = merged.get(column, "")
            else:
                # A cell's own paragraphs and line breaks are its layout (□购买 / 办公用房补助):
                # the row stays one line, as a reader reads it across.
                text = " ".join(" ".join(p.split("\n")) for p in _docx_paragraphs(cell, numbering, imported)
                                if p.strip()).strip()
                merged[column] = text
            if text:
                cells.append(text)
            column += _grid_span(cell)
        if cells:
            yield "\t".join(cells)


def _grid_span(cell) -> int:
    span = cell.find(f"{{{_W}}}tcPr/{{{_W}}}gridSpan")
    return int(span.get(f"{{{_W}}}val", "1")) if span is not None else 1


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
