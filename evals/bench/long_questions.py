"""Answer latency by question length: `python -m evals.bench.long_questions --data-dir D`.

Issue 19 measured 2.2–2.4 s for a 500-character question (the longest one allowed). Long
questions here are development questions joined until they reach each length, so their words
are the corpus's own kind; each length is asked `--rounds` times, alternating with the
others, and printed as the median full default answer beside the median of embedding the
same text alone (the floor no retrieval can beat) and the question's token count.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from evals.bench.queries import read_items

LENGTHS = (30, 100, 250, 500)


def questions(dev: Path, lengths=LENGTHS) -> dict[int, str]:
    """One question per length: development questions joined, cut to `length` characters."""
    joined = "".join(item.question for item in read_items(dev))
    return {n: joined[:n - 1] + "？" for n in lengths}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="an indexed data dir")
    parser.add_argument("--model", default="", help="POLICYQA_MODEL (default: the bundled one)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--dev", type=Path, default=Path(__file__).parents[1] / "dev.jsonl")
    args = parser.parse_args()

    from tokenizers import Tokenizer

    from assistant.components import model_path
    from assistant.service import PolicyAssistant
    from assistant.settings import Settings

    settings = Settings(data_dir=args.data_dir, model=args.model)
    assistant = PolicyAssistant(settings)
    tokenizer = Tokenizer.from_file(str(model_path(settings) / "tokenizer.json"))
    assistant.warm_up()
    asked = questions(args.dev)
    answer: dict[int, list[float]] = {n: [] for n in asked}
    floor: dict[int, list[float]] = {n: [] for n in asked}
    embedder = assistant.index.embedder
    for _ in range(args.rounds):
        for n, question in asked.items():
            started = time.perf_counter()
            embedder.embed_queries([question])
            floor[n].append(time.perf_counter() - started)
            started = time.perf_counter()
            assistant.ask(question, use_llm=False)
            answer[n].append(time.perf_counter() - started)
    print(f"{'chars':>5} {'tokens':>6} {'answer p50 ms':>14} {'embed alone p50 ms':>19} {'rest ms':>8}")
    for n, question in asked.items():
        tokens = len(tokenizer.encode("query: " + question).ids)
        a, f = statistics.median(answer[n]) * 1000, statistics.median(floor[n]) * 1000
        print(f"{n:>5} {tokens:>6} {a:>14.0f} {f:>19.0f} {a - f:>8.0f}")


if __name__ == "__main__":
    main()
