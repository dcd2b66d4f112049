"""Markdown (.md), the format policy knowledge bases keep texts in: front matter read as
metadata, the markup (headings, emphasis, links, tables, comments) taken off the text."""

from __future__ import annotations

import re

from ingest.loaders.base import join_paragraphs
from ingest.loaders.text import decode_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^\s*([^:：\s][^:：]{0,15}?)\s*[:：]\s*(.*?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_BULLET_ITEM = re.compile(r"^\s{0,3}[-*+]\s+\S")
_ITEM_CONTINUATION = re.compile(r"^\s{2,}\S")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_markdown(source: str, data: bytes) -> tuple[str, str]:
    """A Markdown file's text, one paragraph per line of the source, and its encoding.

    A Markdown line break inside a paragraph is rare in policy knowledge bases (each line of
    the official text is its own line there), so every source line becomes a paragraph and
    the cleaner's joining rules mend the rest.
    """
    raw, encoding = decode_text(source, data)
    body = _COMMENT.sub("", _FRONT_MATTER.sub("", raw.replace("\r\n", "\n"), count=1))
    lines = []
    in_item = False  # the last line was a bullet item (or its continuation)
    for line in body.split("\n"):
        if _RULE.match(line) or _TABLE_SEPARATOR.match(line):
            continue
        if in_item and _ITEM_CONTINUATION.match(line):
            # An indented line under "- item" continues the item (Markdown's lazy
            # continuation): one paragraph, joined without a space as Chinese text is.
            lines[-1] += _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", line.strip()))
            continue
        in_item = bool(_BULLET_ITEM.match(line))
        line = _QUOTE.sub("", _HEADING.sub("", line))
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            line = "\t".join(c for c in cells if c)
        line = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", line))
        lines.append(line)
    return join_paragraphs(lines), encoding


def markdown_metadata(source: str, data: bytes) -> dict[str, str]:
    """The front matter's `key: value` fields (标题, 文号, 发布单位, 发布日期 …), as printed."""
    raw, _ = decode_text(source, data)
    match = _FRONT_MATTER.match(raw.lstrip("\ufeff").replace("\r\n", "\n"))
    if not match:
        return {}
    fields = {}
    for line in match.group(1).split("\n"):
        if (m := _FIELD.match(line)) and m.group(2) not in ("", "-", "无"):
            fields[m.group(1)] = m.group(2).strip("\"'")
    return fields
