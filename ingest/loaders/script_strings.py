"""A page carried as a string inside program code: a web or mini-program view (`Page({data:
{text: `<p>…</p>`}})`, `var html = "<p>…<\\/p>"`) that holds the document's markup in a string
literal.

Read as text, the code's own words (function names, comments, the view's label) become the
document's first lines and the markup's tags and escapes are cut into its units. The document
is the markup inside the literal: we read the literal out, undo the language's escapes, and
hand it to the HTML reader. Only a file that is mostly such a literal is taken this way — code
that merely builds a tag or two is still code (and still text).
"""

from __future__ import annotations

import re

# A string literal of C-family script: backquoted (template, may span lines), double- or
# single-quoted (one line); a backslash escapes the next character in all three.
_LITERAL = re.compile(r"`((?:[^`\\]|\\.)*)`|\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'", re.S)
_TAG = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|!--)>")
_MIN_TAGS = 3  # as for a page (sniff): a literal holding a lone <br> is not a page
_SHARE = 0.5  # the markup literals hold most of the file: it is a carrier, not a program
_ESCAPES = {"n": "\n", "r": "\n", "t": "\t", "b": "", "f": "", "v": "", "0": ""}
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\n|.)", re.S)


def carried_page(source: str, data: bytes) -> bytes | None:
    """The page (UTF-8 bytes) a text file of program code carries, or None: see carried_markup."""
    from ingest.errors import LoadError
    from ingest.loaders.text import decode_text

    try:
        text, _ = decode_text(source, data)
    except LoadError:
        return None  # the text reader says why
    markup = carried_markup(text)
    return None if markup is None else markup.encode("utf-8")


def carried_markup(text: str) -> str | None:
    """The markup the code `text` carries in its string literals, unescaped, or None when it
    is not mostly markup held in literals. Where several literals hold markup, the longest is
    the document; the short ones are the view's own strings (a label, a button)."""
    if _TAG.match(text.lstrip()):  # a page itself (its scripts may quote markup too)
        return None
    pieces = [next(group for group in match.groups() if group is not None)
              for match in _LITERAL.finditer(text)]
    markup = [piece for piece in pieces if len(_TAG.findall(piece)) >= _MIN_TAGS]
    if not markup or sum(map(len, markup)) < _SHARE * len(text.strip()):
        return None
    return unescape(max(markup, key=len))


def unescape(literal: str) -> str:
    """A literal's characters as the program sees them: \\n, \\", \\/, \\uXXXX, \\u{…}, \\xXX
    undone; a backslash before a line end continues the line."""
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "\n":
            return ""
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code.strip("u{}x"), 16))
        return _ESCAPES.get(code, code)
    return _ESCAPE.sub(one, literal)
