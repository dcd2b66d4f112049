"""Which reader a file needs, by what its bytes are rather than what its name says.

Copies of policy documents travel under names that do not say their format: a law database's
page saved as .txt, a notice retyped into a web application's .jsp view, a .docx mailed as
.txt. A name is only a claim; the first bytes (a PDF or Word signature) and the text itself
(markup opening it) decide. A file named as one of the binary formats keeps its own reader,
which already reads it by its bytes or says why it cannot (`legacy_word`, `pdf`).
"""

from __future__ import annotations

import io
import re
import zipfile

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word 97-2003 compound file
ZIP_MAGIC = b"PK\x03\x04"
# A tag of the markup a page's body is written in, or the directive or declaration that opens
# a page or a server template (<!DOCTYPE, <?xml, <%@ page …%>, <!-- … -->).
_TAG = re.compile(rb"<(?:/?(?:html|head|body|meta|title|style|script|div|p|br|span|a|li|ul|ol|"
                  rb"table|tr|td|th|tbody|strong|b|font|center|h[1-6])\b[^>]*|!doctype\b[^>]*|"
                  rb"\?xml\b[^>]*\?|%@[^>]*%|!--)>?", re.I)
_OPENING = 512  # where a page's first tag stands: before any of its text
_MIN_TAGS = 3  # a lone <br> in a text file is no page
# Markdown's names: documentation sites keep pages as MDX (Markdown with components), older
# tools write .markdown; all are read by the Markdown reader.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def reader_for(suffix: str, data: bytes) -> str | None:
    """The suffix of the reader the file's content needs: ".pdf", ".doc" or ".docx", ".html",
    or the text readers (".md" for a Markdown file, else ".txt"); None for binary
    content no reader takes under a name that claims no readable format."""
    if suffix in (".pdf", ".doc", ".docx"):
        return suffix
    if data.startswith(PDF_MAGIC):
        return ".pdf"
    if data.startswith(OLE_MAGIC):
        return ".doc"
    if data.startswith(ZIP_MAGIC) and _is_word_package(data):
        return ".docx"
    if suffix in MARKDOWN_SUFFIXES:  # Markdown may open with a tag of its own (<div align="center">)
        return ".md"
    if suffix in (".html", ".htm") or is_markup(data):
        return ".html"
    if suffix == ".txt" or looks_like_text(data):
        return ".txt"
    return None


def is_markup(data: bytes) -> bool:
    """A page's markup: it opens with a tag (after any byte-order mark and space) and holds
    several; a text that quotes a tag or two is still text."""
    start = data[:_OPENING].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(_TAG.match(start)) and len(_TAG.findall(data[:200_000])) >= _MIN_TAGS


def looks_like_text(data: bytes) -> bool:
    """Bytes a text reader can take: no NUL byte (binary), or a byte-order mark saying how
    to read them."""
    return data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in data[:8192]


def _is_word_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
