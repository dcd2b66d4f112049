"""Item markers whose point a PDF's text layer lost: `１．做大做强…` read back as a lone `１` line
and a `� 做大做强…` line.

A printed item marker is often set in another font than the text (a number and its point in
the Latin face). When an extraction cannot map the point's glyph to a character it writes
U+FFFD where the glyph stood, and, the number being a separate run of text, it lands on a line
of its own: usually just before the line the marker opened, sometimes just after it (where the
run sat lower on the page). A text has no other reason to open a line with U+FFFD beside a line
that is only a number, so the two are one marker: the number, its point, the item's text.
"""

from __future__ import annotations

import re

_LOST = "\ufffd"
_LONE_NUMBER = re.compile(r"[0-9０-９]{1,3}")
_NEIGHBOURS = 2  # a blank line or two may stand between the number and its item's line


def restore_lost_points(text: str) -> str:
    """`text` with each lone number line and the U+FFFD-opened line beside it joined into one
    numbered line (`N．` and the item's text); the number's own line goes (left blank, it would
    part the item's wrapped lines where the number fell after the first)."""
    if _LOST not in text:
        return text
    lines = text.split("\n")
    taken: set[int] = set()
    for i, line in enumerate(lines):
        body = line.lstrip()
        if not body.startswith(_LOST):
            continue
        number = _number_beside(lines, i, taken)
        if number is None:
            continue
        taken.add(number)
        indent = line[:len(line) - len(body)]
        lines[i] = f"{indent}{lines[number].strip()}．{body[1:].lstrip()}"
    return "\n".join(line for n, line in enumerate(lines) if n not in taken)


def _number_beside(lines: list[str], i: int, taken: set[int]) -> int | None:
    """The index of the lone number line next to line `i` (before it first, as printed
    markers stand before their text), skipping blank lines; None if there is none."""
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(lines) and not lines[j].strip() and seen < _NEIGHBOURS:
            j, seen = j + step, seen + 1
        if 0 <= j < len(lines) and j not in taken and _LONE_NUMBER.fullmatch(lines[j].strip()):
            return j
    return None
