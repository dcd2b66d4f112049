"""Word 97–2003 binary .doc, and whatever else a file named .doc (or .docx) really is.

Governments publish many attachments as .doc, and many of those are not Word binaries at all:
a .docx renamed, a web page or an RTF file saved under a Word name. The file's first bytes say
which it is, and each goes to its own reader.

The binary format is read by the `antiword` program (Debian package `antiword`, catdoc as a
fallback): hand-written glue, because no maintained pure-Python library reads .doc text.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import LoadError
from ingest.loaders.base import MB, join_paragraphs, megabytes
from ingest.loaders.docx import read_docx
from ingest.loaders.html import html_metadata, read_html

logger = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file every Word 97-2003 .doc is
ZIP_MAGIC = b"PK\x03\x04"
#: How long antiword may take on one file, and how much text it may print: a .doc holds its
#: text uncompressed, so a real one prints at most a few times its size (tables are padded).
DOC_SECONDS = 60
MAX_DOC_OUTPUT = 200 * MB
# antiword prints CJK correctly only through its UTF-8 map, which needs a UTF-8 locale.
_ENV = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "HOME": tempfile.gettempdir(), "PATH": os.defpath}
_TABLE_EDGE = "|"  # antiword draws a table row as |cell|cell|
_PICTURE = "[pic]"  # where an image was


def read_word_file(source: str, data: bytes) -> tuple[str, str | None, dict[str, str]]:
    """A file named .doc or .docx, read by what its bytes are (a Word binary, a .docx, a web
    page); an RTF file is refused with that reason."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(OLE_MAGIC):
        return read_doc(source, data), None, {}
    if data.startswith(ZIP_MAGIC):
        return read_docx(source, data)
    if head.startswith(b"{\\rtf"):
        raise LoadError(source, "an RTF file with a Word name; RTF is not read, save it as .docx",
                        kind="old_doc")
    if head.startswith(b"<!doctype html") or b"<html" in head:
        text, encoding = read_html(source, data)  # Word's "save as web page" under a .doc name
        return text, encoding, html_metadata(source, data)
    # Nothing else it could be: the reader its name says gives the reason it cannot be read.
    return read_docx(source, data) if source.lower().endswith(".docx") else (read_doc(source, data), None, {})


def read_doc(source: str, data: bytes) -> str:
    """The paragraphs of a Word 97-2003 binary file, a table's rows one paragraph each with
    their cells tab-joined, as the .docx reader gives them."""
    antiword = shutil.which("antiword")
    if antiword is None:
        raise LoadError(source, "cannot read .doc files here: antiword is not installed "
                        "(make system-deps)", kind="old_doc")
    ok, out = _run([antiword, "-m", "UTF-8.txt", "-w", "0"], source, data)
    if not ok:
        if "encrypted" in out.lower():
            raise LoadError(source, "the .doc file is password-protected; remove the password first",
                            kind="encrypted")
        # catdoc only for a real compound file: it prints any other file as if it were text
        catdoc = shutil.which("catdoc") if data.startswith(OLE_MAGIC) else None
        fallback = _run([catdoc, "-d", "utf-8", "-w"], source, data) if catdoc else (False, "")
        if not fallback[0]:
            raise LoadError(source, f"not a readable .doc file (antiword: {out.strip()})",
                            kind="damaged")
        logger.warning("%s: antiword failed (%s); read with catdoc", source, out.strip())
        out = fallback[1]
    return join_paragraphs([_paragraph(line) for line in out.splitlines()])


def _paragraph(line: str) -> str:
    line = line.strip()
    if line == _PICTURE:
        return ""
    if len(line) > 1 and line.startswith(_TABLE_EDGE) and line.endswith(_TABLE_EDGE):
        return "\t".join(c for c in (c.strip() for c in line[1:-1].split(_TABLE_EDGE)) if c)
    return line


def _run(command: list[str], source: str, data: bytes) -> tuple[bool, str]:
    """Run a reader on `data` with the time and output limits: its text if it succeeded, else
    what it said. Files, not pipes: the output's size is checked before it is read."""
    with tempfile.TemporaryDirectory(prefix="policyqa-doc-") as folder:
        given, printed, said = (Path(folder) / name for name in ("in.doc", "out.txt", "err.txt"))
        given.write_bytes(data)
        with printed.open("wb") as stdout, said.open("wb") as stderr:
            try:
                code = subprocess.run([*command, str(given)], stdin=subprocess.DEVNULL,
                                      stdout=stdout, stderr=stderr,
                                      env=_ENV, timeout=DOC_SECONDS, check=False).returncode
            except subprocess.TimeoutExpired:
                raise LoadError(source, f"reading the .doc file took over {DOC_SECONDS} s",
                                kind="old_doc") from None
            except OSError as exc:
                return False, f"{Path(command[0]).name} could not run ({exc})"
        size = printed.stat().st_size
        if size > MAX_DOC_OUTPUT:
            raise LoadError(source, f"suspicious .doc: its text is {megabytes(size)} MB "
                            f"(limit {megabytes(MAX_DOC_OUTPUT)} MB)", kind="bomb")
        if code != 0:  # its message names our copy of the file: name the user's
            message = said.read_text("utf-8", "replace").replace(str(given), source)
            return False, message or f"exit code {code}"
        return True, printed.read_text("utf-8", "replace")
