"""An LLM answer's Markdown: as safe HTML for the page, and as plain text for copying.

Only answers a language model wrote are Markdown (`Answer.mode == "llm"`); the default answer
quotes policy text, whose `1.`, `-` and `*` are the document's own and are shown as written.
markdown-it-py (pinned; gradio depends on it too) parses it with raw HTML off, so a `<script>`
or `<img onerror>` in a reply is shown as text, never run; images are off (a page must not
fetch what a model names); its link check refuses javascript:, vbscript:, file: and data:.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

    def link_open(renderer, tokens, idx, options, env):  # a link leaves the chat in a new tab
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


def to_html(text: str) -> str:
    """The Markdown as HTML in which every value is escaped and no raw HTML passes."""
    return _parser().render(text or "")


def to_plain(text: str) -> str:
    """The Markdown as the text a reader sees: no `**`, `#` or escapes; list items keep a
    `- ` or their number, paragraphs a line each."""
    lines: list[str] = []
    numbers: list[int | None] = []  # per open list: the next item's number, None if bulleted
    prefix = ""
    for token in _parser().parse(text or ""):
        if token.type == "bullet_list_open":
            numbers.append(None)
        elif token.type == "ordered_list_open":
            numbers.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif token.type == "list_item_open":
            n = numbers[-1]
            prefix = "  " * (len(numbers) - 1) + ("- " if n is None else f"{n}. ")
            if n is not None:
                numbers[-1] = n + 1
        elif token.type == "inline":
            lines.append(prefix + "".join(_inline_text(token.children or [])))
            prefix = ""
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(lines)


def _inline_text(children) -> list[str]:
    return ["\n" if c.type in ("softbreak", "hardbreak") else c.content for c in children
            if c.type in ("text", "code_inline", "softbreak", "hardbreak")]
