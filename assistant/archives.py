"""Files measured by what they unpack to, before any parser opens them.

A .docx is a zip of XML: python-docx builds the whole tree in memory, some 25 bytes per byte
of XML, so a 15.5 MB .docx holding 158 MB of XML (a ratio of 10, nothing like a zip bomb)
took past 4 GB and a minute. Its unpacked XML is limited here, from the zip's directory,
before anything is inflated; a PDF by its page count, read from its page tree.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import LoadError

MB = 1024 * 1024
#: The XML of a .docx (its text, tables and styles; pictures are not parsed): a 300-page
#: policy with tables has a few MB.
MAX_DOCX_XML = 32 * MB
#: Everything a .docx unpacks to, pictures included.
MAX_DOCX_UNPACKED = 128 * MB
MAX_PDF_PAGES = 2000


def screen(files: Iterable[Path]) -> tuple[list[Path], list[LoadError]]:
    """The files fit to parse, and a LoadError for each one that unpacks past the limits."""
    fit, refused = [], []
    for path in files:
        reason = _too_big(path)
        if reason:
            refused.append(LoadError(path.name, reason, kind="bomb"))
        else:
            fit.append(path)
    return fit, refused


def _too_big(path: Path) -> str | None:
    suffix = path.suffix.lower()
    try:
        # (a .docx saved under the old .doc name is read as the .docx it is: measured alike)
        if suffix in (".doc", ".docx") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = archive.infolist()
            xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
            total = sum(m.file_size for m in members)
            if xml > MAX_DOCX_XML:
                return (f"too large once unpacked: {xml / MB:.0f} MB of document XML "
                        f"(limit {MAX_DOCX_XML // MB} MB)")
            if total > MAX_DOCX_UNPACKED:
                return (f"too large once unpacked: {total / MB:.0f} MB "
                        f"(limit {MAX_DOCX_UNPACKED // MB} MB)")
        elif suffix == ".pdf":
            return _pdf_pages(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # the loader reports a file it cannot open, with its own reason
    return None


def _pdf_pages(path: Path) -> str | None:
    from pypdf import PdfReader

    try:
        pages = len(PdfReader(path).pages)
    except Exception:  # pypdf raises many kinds; the loader says why it cannot read it
        return None
    if pages > MAX_PDF_PAGES:
        return f"too many pages: {pages} (limit {MAX_PDF_PAGES})"
    return None
