"""Read a policy file (.txt, .md and its other names, .doc, .docx, .pdf, .html) into plain text, or say precisely why not.

Every loader returns the same shape: "\\n" line ends, no BOM, one blank line between
paragraphs and a single "\\n" only where a line wrapped inside one, like the shipped .txt
files. Repairing the text (broken lines, stray spaces) is the cleaner's job, not ours; we only
refuse what cannot be read and strip what is not the document (page numbers, site navigation).

One module per format: `text` (also the decoding HTML builds on), `docx`, `legacy_word` (.doc,
and a Word-named file that is really another format), `pdf`, `html`; each imports its
libraries only when a file of its format is read. Which one reads a file is decided by its
content (`sniff`): a page saved as .txt or .jsp is read as the page it is; a name claiming no
format we read is refused only where the content is not one we read either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ingest.errors import LoadError
from ingest.loaders import shared_glyphs
from ingest.loaders.base import MB, LoadedText, megabytes
from ingest.loaders.docx import MAX_DOCX_MEMBERS, MAX_DOCX_RATIO, MAX_DOCX_UNCOMPRESSED
from ingest.loaders.html import html_metadata, read_html
from ingest.loaders.legacy_word import read_word_file
from ingest.loaders.lost_marks import restore_lost_points
from ingest.loaders.markdown import markdown_metadata, read_markdown
from ingest.loaders.pdf import read_pdf
from ingest.loaders.script_strings import carried_page
from ingest.loaders.sniff import reader_for
from ingest.loaders.text import read_text, text_metadata, text_record

__all__ = ["MAX_DOCX_MEMBERS", "MAX_DOCX_RATIO", "MAX_DOCX_UNCOMPRESSED", "SUPPORTED_SUFFIXES",
           "LoadedText", "load_text"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".mdx", ".doc", ".docx", ".pdf", ".html", ".htm")
# A format's reader: the text, its encoding, and the record the file carries beside the text.
_Reader = Callable[[str, bytes], tuple[str, str | None, dict[str, str]]]


def _with_record(read: Callable[[str, bytes], tuple[str, str | None]],
                 record: Callable[[str, bytes], dict[str, str]]) -> _Reader:
    """A reader of a format whose record (front matter, a page's table) is read apart."""
    return lambda source, data: (*read(source, data), record(source, data))


# PDF and Word read their document properties from the file they open for the text.
_READERS: dict[str, _Reader] = {
    ".txt": _with_record(read_text, text_metadata), ".md": _with_record(read_markdown, markdown_metadata),
    ".doc": read_word_file, ".docx": read_word_file, ".pdf": read_pdf,
    ".html": _with_record(read_html, html_metadata), ".htm": _with_record(read_html, html_metadata),
}


def load_text(path: Path, *, max_bytes: int = 20 * MB) -> LoadedText:
    """Read `path` into text; raise LoadError(source, reason) for anything unreadable."""
    path = Path(path)
    source = path.name
    named = path.suffix.lower()
    data = _read_bytes(path, max_bytes)
    suffix = reader_for(named, data)
    if suffix is None:
        shown = f"'{named}'" if named else "(no suffix)"
        raise LoadError(
            source, f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})",
            kind="unsupported")
    if not data.strip():
        raise LoadError(source, "empty file", kind="empty")
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".txt" and (page := carried_page(source, data)) is not None:
        data, suffix = page, ".html"  # a view's code holding the page in a string: read the page
    text, encoding, meta = _READERS[suffix](source, data)
    # a text layer's lost glyph is the extraction's, whatever format carried the text on
    text = restore_lost_points(_normalise_newlines(text))
    if suffix == ".pdf":  # a PDF font may code a mark by a look-alike (ꎬ for ，): read as printed;
        # other formats hold the characters their authors typed, and are read as they are
        text = shared_glyphs.marks_as_printed(text)
    if suffix in (".pdf", ".doc", ".docx", ".md"):  # a page printed, pasted or kept with its record
        # (标题：…, **发文机关**：…) in its text; a file's own properties and front matter win
        meta = {**text_record(text), **meta}
    if not text.strip():
        raise LoadError(source, "empty file" if suffix == ".txt" else "no text found in the file",
                        kind="empty")
    fmt = "html" if suffix == ".htm" else suffix[1:]
    return LoadedText(source, text, fmt, encoding, digest, meta)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = path.name
    try:
        with path.open("rb") as file:
            # Read one byte past the limit so a file that grows or lies about its size is caught.
            data = file.read(max_bytes + 1)
            size = max(len(data), path.stat().st_size)
    except FileNotFoundError:
        raise LoadError(source, "file not found", kind="missing") from None
    except IsADirectoryError:
        raise LoadError(source, "is a directory, not a file", kind="missing") from None
    except OSError as exc:
        raise LoadError(source, f"cannot read file ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise LoadError(
            source, f"file too large ({megabytes(size)} MB > {megabytes(max_bytes)} MB limit)",
            kind="too_large")
    return data


def _normalise_newlines(text: str) -> str:
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n\n")
