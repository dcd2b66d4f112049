"""Answer and LLM prompt templates, kept as text files beside this module.

Templates use `{name}` fields (str.format_map); a missing field raises at render time,
so a broken template fails its tests rather than a user's answer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@cache
def template(name: str) -> str:
    """The text of prompts/<name>.txt (trailing newline removed)."""
    return (_DIR / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")


def render(name: str, **fields: object) -> str:
    return template(name).format_map(fields)


@cache
def table(name: str) -> dict[str, str]:
    """prompts/<name>.txt read as `key：text` lines (a wording per intent, say)."""
    rows = (line.split("：", 1) for line in template(name).splitlines() if "：" in line)
    return {key.strip(): text.strip() for key, text in rows}
