"""What leaves a conversation: an answer as plain text, a conversation as Markdown, and
feedback as a benchmark draft (the JSONL format of DESIGN.md that `policyqa eval` reads)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from assistant import answer_markdown
from assistant.conversations import COMPLETE, Feedback, Message

NOTE_PREFIX = "提示："
STOPPED_MARK = "（已停止生成）"  # after an answer the user stopped part-way
_LEAD_WORD = re.compile(r"^[\u4e00-\u9fff]{1,4}[：:]")


def citation_line(n: int, citation: Mapping) -> str:
    """[1] 《title》（文号）第N条 heading — how a copied answer names its source."""
    number = f"（{citation['doc_number']}）" if citation.get("doc_number") else ""
    heading = f" {citation['heading']}" if citation.get("heading") else ""
    return f"[{n}] 《{citation.get('title', '')}》{number}{citation.get('label', '')}{heading}"


def note_lines(content: str, notes: Sequence[str]) -> list[str]:
    """The notes to print under an answer: those its text does not already carry (expiry
    warnings are both appended to the text and kept as notes), each with one lead word."""
    squashed = "".join(content.split())
    lines = []
    for note in dict.fromkeys(n.strip() for n in notes if n and n.strip()):
        if "".join(note.split()) in squashed:
            continue
        # A note that opens with its own lead word (注意：…) is not given a second one.
        lines.append(note if _LEAD_WORD.match(note) else NOTE_PREFIX + note)
    return lines


def answer_plain(content: str, citations: Sequence[Mapping] = (),
                 notes: Sequence[str] = (), mode: str = "") -> str:
    """An answer as the user copies it: its text (a model's Markdown as the text it shows),
    its notes, then its numbered sources."""
    text = answer_markdown.to_plain(content) if mode == "llm" else content
    parts = [text.strip(), *note_lines(content, notes)]
    if citations:
        parts.append("引用：\n" + "\n".join(citation_line(n, c)
                                          for n, c in enumerate(citations, 1)))
    return "\n".join(p for p in parts if p)


def markdown(title: str, messages: Iterable[Message]) -> str:
    """A conversation as a Markdown document (questions as headings, answers as quotes)."""
    lines = [f"# {title}", ""]
    for message in messages:
        if message.role == "user":
            lines += [f"## 问：{message.content}", ""]
            continue
        text = answer_plain(message.content, message.citations, message.notes, message.mode)
        if message.state != COMPLETE:
            text = f"{text}\n{STOPPED_MARK}".strip()
        lines += ["**答：**", "", *(f"> {line}" if line else ">" for line in text.splitlines()), ""]
    return "\n".join(lines).rstrip() + "\n"


def benchmark_items(feedback: Iterable[Feedback]) -> list[dict]:
    """Feedback as benchmark lines for an evaluator to correct.

    gold: the measures the answer cited (right for 👍, to be checked for 👎); facts and
    offices: for 👍 the cited time limits and lead offices the answer states, else empty.
    """
    items = []
    for fb in feedback:
        if not fb.question:
            continue
        gold = [{"source": c["source"], "measure": c["number"]}
                for c in fb.citations if c.get("source") and c.get("number")]
        facts, offices = [], []
        if fb.rating > 0:
            facts = _stated(fb.answer, (t for c in fb.citations for t in c.get("time_limits", ())))
            offices = _stated(fb.answer,
                              (o for c in fb.citations for o in c.get("lead_offices", ())))
        item = {"id": f"feedback-{fb.id}", "type": fb.intent or "general",
                "question": fb.question, "turns": list(fb.turns), "gold": gold,
                "facts": facts, "offices": offices,
                "feedback": {"rating": "up" if fb.rating > 0 else "down", "comment": fb.comment,
                             "answer": fb.answer}}
        items.append(item)
    return items


def _stated(answer: str, values: Iterable[str]) -> list[str]:
    """The values the answer text states, each once, in order."""
    squashed = "".join(answer.split())
    return list(dict.fromkeys(v for v in values if v and "".join(v.split()) in squashed))


def write_benchmark(items: Sequence[dict], path: Path) -> None:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                    encoding="utf-8")
