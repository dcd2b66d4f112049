"""Markdown (.md), the format policy knowledge bases keep texts in: front matter read as
metadata, the markup (headings, emphasis, links, tables, comments) taken off the text."""

from __future__ import annotations

import html
import re

from ingest.loaders.base import join_paragraphs
from ingest.loaders.text import decode_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^\s*([^:：\s][^:：]{0,15}?)\s*[:：]\s*(.*?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_QUOTE = re.compile(r"^\s*>\s?")
# A backslash ending a line is Markdown's hard line break (a 落款's organs, one a line).
_HARD_BREAK = re.compile(r"\\$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_BULLET_ITEM = re.compile(r"^\s{0,3}[-*+]\s+\S")
_ITEM_CONTINUATION = re.compile(r"^\s{2,}\S")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Markdown carries raw HTML: a block element or a <br> ends a paragraph, any other tag is
# markup only; character references (&emsp;, &nbsp;) are the characters they name.
_HTML_BREAK = re.compile(r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|center)"
                         r"\b[^<>]*>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>", re.I)
# Site generators' own markup, never the document's: a container fence (::: tip 修订信息 …
# :::, markdown-it-container), a table-of-contents placeholder ([[toc]], [TOC]), a tab
# marker (@tab 名称), an attribute list closing a line ({align="center"}, {#id .class}).
_CONTAINER_FENCE = re.compile(r"^\s*:::")
_TOC_PLACEHOLDER = re.compile(r"^\s*(?:\[\[toc\]\]|\[toc\]|@tab\b.*)\s*$", re.I)
_ATTRIBUTE = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
_ATTRIBUTE_LIST = re.compile(rf"\s*\{{\s*:?\s*{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*\s*\}}\s*$")
# A link to an anchor of the same page (目录: [1](#t1) [2](#t2) …) is the page's navigation.
_ANCHOR_LINK = re.compile(r"\[[^\]]*\]\(#[^)]*\)")


def read_markdown(source: str, data: bytes) -> tuple[str, str]:
    """A Markdown file's text, one paragraph per line of the source, and its encoding.

    A Markdown line break inside a paragraph is rare in policy knowledge bases (each line of
    the official text is its own line there), so every source line becomes a paragraph and
    the cleaner's joining rules mend the rest.
    """
    raw, encoding = decode_text(source, data)
    body = _COMMENT.sub("", _FRONT_MATTER.sub("", raw.replace("\r\n", "\n"), count=1))
    body = html.unescape(_HTML_TAG.sub("", _HTML_BREAK.sub("\n", _AUTOLINK.sub(r"\1", body))))
    lines = []
    in_item = False  # the last line was a bullet item (or its continuation)
    for line in body.split("\n"):
        if _RULE.match(line) or _TABLE_SEPARATOR.match(line) or _CONTAINER_FENCE.match(line) \
                or _TOC_PLACEHOLDER.match(line):
            continue
        if in_item and _ANCHOR_LINK.search(line) and not _ANCHOR_LINK.sub("", line).strip():
            lines.pop()  # an item whose content is links within the page: a 目录 entry
            in_item = False
            continue
        line = _ATTRIBUTE_LIST.sub("", _ANCHOR_LINK.sub("", line))
        if not line.strip():
            continue
        if in_item and _ITEM_CONTINUATION.match(line):
            # An indented line under "- item" continues the item (Markdown's lazy
            # continuation): one paragraph, joined without a space as Chinese text is.
            lines[-1] += _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", line.strip()))
            continue
        in_item = bool(_BULLET_ITEM.match(line))
        line = _HARD_BREAK.sub("", _QUOTE.sub("", _HEADING.sub("", line.rstrip())))
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
