"""What the documents tab shows while a confirmed batch is indexed (which file, i/N, the files
done and waiting) and after it (one result line per chosen file, in the order chosen).

Pure functions (no gradio). File names come from uploads and are shown as Markdown, so every
ASCII punctuation mark in them is backslash-escaped (CommonMark renders it as itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ui.admin import UploadOutcome

_STATUS = {"added": "已解析，已入库（新增）", "replaced": "已解析，已入库（更新）",
           "unchanged": "已解析，未变化", "failed": "入库失败"}
REFUSED = "解析失败"
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _literal(name: str) -> str:
    """`name` as Markdown that renders as exactly these characters (no emphasis, no HTML)."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", name)


def progress_markdown(names: Sequence[str], current: int) -> str:
    """The batch while file `current` (from 0) of `names` is being indexed: a heading naming
    it with i/N, then every file's state; the files before it are done (or failed, which
    the result list says once the batch ends)."""
    total = len(names)

    def state(n: int) -> str:
        return "已处理" if n < current else "**正在入库…**" if n == current else "等待入库"

    lines = [f"#### 正在入库 {_literal(names[current])}（{current + 1}/{total}）", ""]
    lines += [f"- {n + 1}/{total} {_literal(name)}：{state(n)}" for n, name in enumerate(names)]
    return "\n".join(lines)


def result_rows(assistant, outcomes: Sequence[UploadOutcome],
                refused: Sequence[Sequence]) -> list[list[str]]:
    """序号, 文件, 进度, 说明 for every chosen file in the order the user chose them: the
    indexed files' `outcomes` fill the places the preview did not refuse (`refused`:
    [place from 0, name, why])."""
    total = len(outcomes) + len(refused)
    refused_at = {place: [name, REFUSED, why] for place, name, why in refused}
    indexed = iter(outcome_row(assistant, o) for o in outcomes)
    rows = [refused_at[n] if n in refused_at else next(indexed) for n in range(total)]
    return [[f"{n}/{total}", *row] for n, row in enumerate(rows, 1)]


def outcome_row(assistant, outcome: UploadOutcome) -> list[str]:
    """文件, 进度, 说明: how far the file got, the documents it holds or why it failed."""
    if outcome.status == "failed":
        return [outcome.original, _STATUS["failed"], outcome.reason]
    described = []
    for doc_id in outcome.documents:
        doc = assistant.document(doc_id)
        described.append(f"《{doc.title}》{doc.doc_number} {len(doc.measures)} 条")
    return [outcome.original, _STATUS[outcome.status], "；".join(described)]
