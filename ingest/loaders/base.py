"""What every loader shares: the record it returns and the shape of the text in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MB = 1024 * 1024
# The Title a file's document properties give (Word's core properties, a PDF's info): the
# record's label for it; the tool or repository that made the file sets it, often not to the
# document's title (a site's name, a file name), which the metadata reader decides.
PROPERTY_TITLE = "<document Title>"
# The record's note that some of the text was read by OCR from page images (which pages, what
# was left out as read without confidence): the parse's warnings repeat it to a reviewer.
PROPERTY_OCR = "<read by OCR>"
# A page's record field: a short label and its colon (名称：, 发文字号：, 来源：).
RECORD_FIELD = re.compile(r"([\u4e00-\u9fff]{2,4})\s*[:：]\s*")


@dataclass(frozen=True)
class LoadedText:
    """The text of one file and how it was read."""

    source: str  # file name
    text: str  # "\n" line ends, no BOM, paragraphs separated by a blank line
    format: str  # "txt" | "md" | "doc" | "docx" | "pdf" | "html"
    encoding: str | None  # the detected encoding of .txt and .html files
    sha256: str  # of the raw file bytes
    # What the file says of the document beside its text: front matter, a page's metadata
    # table, its <title> — labels as printed.
    meta: dict[str, str] = field(default_factory=dict)


def join_paragraphs(paragraphs: list[str]) -> str:
    """The loaders' output: paragraphs separated by one blank line, a single "\n" only
    where a line wrapped inside a paragraph."""
    return "\n\n".join(p for p in (p.strip() for p in paragraphs) if p)


def megabytes(n: int) -> str:
    """A size for messages: 1.5, 250, 0.000954."""
    value = n / MB
    if value >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def squeeze(text: str) -> str:
    """The text with all whitespace removed: what survives any re-typesetting."""
    return re.sub(r"\s+", "", text)


def record_fields(line: str) -> list[tuple[str, str]]:
    """The label/value pairs of one line of a page's record, as printed; several can share a
    line (来源：某市人民政府办公室 发布时间：2024-01-05), a label without its value ends it."""
    found = list(RECORD_FIELD.finditer(line))
    return [(m.group(1), line[m.end():found[k + 1].start() if k + 1 < len(found) else len(line)].strip())
            for k, m in enumerate(found)]
