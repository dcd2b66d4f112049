"""Plain text: BOM, strict UTF-8, strict GB18030, then charset-normalizer's checked guess.

Also the decoding the HTML loader builds on, and the refusal of binary files.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from ingest.errors import LoadError
from ingest.loaders.base import RECORD_FIELD, record_fields

logger = logging.getLogger(__name__)

_MAGIC = (
    (b"%PDF-", "looks like a PDF file; give it the .pdf suffix"),
    (b"PK\x03\x04", "looks like a ZIP archive or .docx file"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Office file (.doc/.xls)"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"GIF8", "looks like a GIF image"),
    (b"\x1f\x8b", "looks like a gzip archive"),
)
# A label of a page's record of the document (发文字号：, 发 布 机 构 ：), its value after it or
# on the next line; a saved page keeps the table as such lines above the text.
_RECORD_SCAN = 60  # the record stands above the text, within a page's first lines
_VALUE_MAX = 120
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(source: str, data: bytes, decoder=None) -> tuple[str, str]:
    """Decode bytes that should be text, refusing binary files with a reason that says so."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(source, f"binary content, not text ({what})", kind="binary")
    text, encoding = (decoder or decode)(source, data)
    if "\x00" in text:
        raise LoadError(source, "binary content, not text (NUL characters)", kind="binary")
    if _garbage_ratio(text) > 0.1:
        raise LoadError(source, "binary content, not text (too many control characters)",
                        kind="binary")
    return text, encoding


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM, strict UTF-8, strict GB18030, then a checked guess."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise LoadError(
                    source, f"starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start})", kind="encoding"
                ) from None
    if b"\x00" in data:
        # UTF-16 without a BOM also has NULs, but it cannot be told from binary reliably.
        raise LoadError(source, "binary content, not text (NUL bytes)", kind="binary")
    for encoding in ("utf-8", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    guess = guess_encoding(data)
    if guess:
        return guess
    # A UTF-8 file with a few broken bytes (a truncated download) is still worth reading.
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(2, len(text) // 1000) and _garbage_ratio(text) < 0.01:
        logger.warning("%s: replaced %d undecodable bytes", source, text.count("\ufffd"))
        return text, "utf-8"
    raise LoadError(
        source, "binary content or unknown encoding: not UTF-8, UTF-16 or GB18030, "
        "and no reliable encoding detected", kind="encoding"
    )


def guess_encoding(data: bytes) -> tuple[str, str] | None:
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


def read_text(source: str, data: bytes) -> tuple[str, str]:
    """A .txt file's text and its encoding."""
    return decode_text(source, data)


def text_metadata(source: str, data: bytes) -> dict[str, str]:
    """The label/value lines of a web page saved as text (名称：…, 发文字号：…), as printed:
    the same record html_metadata reads from a page's table."""
    return text_record(decode_text(source, data)[0])


def text_record(text: str) -> dict[str, str]:
    """The label/value lines (标题：…, 发文字号：…) among a text's first lines: a page's record,
    also where a page was printed to PDF or pasted into Word."""
    lines = [re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff：:])", "", line.strip())
             for line in text.splitlines()[:_RECORD_SCAN * 2] if line.strip()][:_RECORD_SCAN]
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        pairs = record_fields(line)
        for n, (label, value) in enumerate(pairs):
            if not value and n == len(pairs) - 1 and i + 1 < len(lines) \
                    and not RECORD_FIELD.search(lines[i + 1]):
                value = lines[i + 1]  # the value on the line under its label
            if value.strip() and len(value) <= _VALUE_MAX:
                fields.setdefault(label, value.strip())
    return fields
