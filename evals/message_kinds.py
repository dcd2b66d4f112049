"""How the message-kind rule (`assistant.message_kind`) splits policy questions from other
messages, with the figures its thresholds rest on.

    python -m evals.message_kinds [BENCHMARK.jsonl ...]

For the questions of each benchmark file (answerable or not: all are about policy) and for
`off_topic_messages.txt`, it prints how many were taken for chitchat / off-topic / a question,
the share of their words found in the corpus, and their best e5 similarity to any measure.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant import message_kind
from assistant.service import PolicyAssistant

_HERE = Path(__file__).parent
_OFF_TOPIC = _HERE / "off_topic_messages.txt"


def _figures(assistant: PolicyAssistant, messages: list[tuple[str, tuple[str, ...]]]) -> dict:
    view = assistant.index.snapshot()
    embed = assistant._retriever(view, "hybrid").embed
    kinds, shares, best = {"question": 0, **dict.fromkeys(message_kind.KINDS, 0)}, [], []
    for question, turns in messages:
        query = assistant.understand(question, turns, None, view)
        kinds[message_kind.kind_of(query, view, embed) or "question"] += 1
        words = [t for t in dict.fromkeys(view.tokenizer.tokens(question)) if len(t) >= 2]
        shares.append(sum(t in view.keywords for t in words) / len(words) if words else 0.0)
        best.append(max(view.dense_search(embed(question), 1).values()))
    q = lambda values, p: float(np.percentile(values, p))  # noqa: E731
    return {"n": len(messages), **kinds, "word share p5/median": (q(shares, 5), q(shares, 50)),
            "similarity min/p5/median/max": (min(best), q(best, 5), q(best, 50), max(best))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=[_HERE / "dev.jsonl", _HERE / "holdout.jsonl"])
    args = parser.parse_args(argv)
    assistant = PolicyAssistant()
    groups = {}
    for path in args.files:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        groups[path.name] = [(i["question"], tuple(i.get("turns") or ())) for i in items]
    groups[_OFF_TOPIC.name] = [(m, ()) for m in _OFF_TOPIC.read_text(encoding="utf-8").split("\n") if m]
    for name, messages in groups.items():
        figures = _figures(assistant, messages)
        print(name, " ".join(f"{k}={_show(v)}" for k, v in figures.items()))


def _show(value) -> str:
    if isinstance(value, tuple):
        return "/".join(f"{v:.3f}" for v in value)
    return str(value)


if __name__ == "__main__":
    main()
