"""Per-query cost over the development benchmark, against the floor of embedding the query.

For each question, in this order and under the same load: the floor (the retrieval text
embedded alone, `Embedder.embed_queries`), retrieval (`PolicyAssistant.search`, top 5) and
the full default answer (`PolicyAssistant.ask`), and at 1× the naive LangChain pipeline's
search and the assistant's keyword-only mode (no query embedding). Hit@1 is scored on the
first round: strictly against the gold measures, and leniently also counting a synthetic
copy of a gold measure (`evals.synthetic` records where each came from): at 10× and 100×
other cities' copies of a measure compete with the original.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from evals.bench.stats import summary, timed_ms
from evals.metrics import percentile


@dataclass
class Item:
    id: str
    question: str
    turns: tuple[str, ...]
    gold: frozenset[tuple[str, str]]


def read_items(path, limit: int | None = None) -> list[Item]:
    """Answerable and unanswerable dev questions (the bench times both)."""
    import json

    items = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                data = json.loads(line)
                items.append(Item(data["id"], data["question"], tuple(data.get("turns") or ()),
                                  frozenset((g["source"], g["measure"]) for g in data["gold"])))
    return items[:limit] if limit else items


@dataclass
class Timings:
    """Milliseconds per call of each operation, in question order (rounds concatenated)."""

    ms: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.ms.setdefault(name, []).append(value)

    def summary(self) -> dict:
        return {name: summary(values) for name, values in self.ms.items()}


def _wall_and_cpu_ms(fn: Callable, *args, **kwargs):
    """Wall and CPU milliseconds of one call. CPU time (of this process, all its threads)
    hardly depends on what else the machine runs; wall time, on a shared machine, does."""
    cpu = time.process_time()
    wall, result = timed_ms(fn, *args, **kwargs)
    return wall, (time.process_time() - cpu) * 1000, result


def hit_at(hits: Sequence[tuple[str, str]], gold: frozenset, origins: dict, k: int) -> tuple[int, int]:
    """(strict, lenient) hit within the first k: a gold measure, or also a copy of one."""
    top = list(hits)[:k]
    strict = int(any(ref in gold for ref in top))
    lenient = int(any(ref in gold or origins.get(ref) in gold for ref in top))
    return strict, lenient


def measure_queries(assistant, items: Sequence[Item], *, rounds: int = 1, naive=None,
                    origins: dict | None = None, say=lambda msg: None) -> dict:
    """Floor, retrieval and answer latency per question, hit@1, and the naive pipeline's."""
    origins = origins or {}
    embedder = assistant.index.embedder
    timings = Timings()
    ratios: list[float] = []
    scores = {"hit@1": [], "hit@1_lenient": [], "hit@5": [], "hit@5_lenient": [],
              "naive_hit@1": [], "naive_hit@5": [], "keyword_mode_hit@1": [],
              "keyword_mode_hit@5": []}
    answered = 0
    for round_no in range(rounds):
        for item in items:
            query = assistant.understand(item.question, item.turns)
            floor, floor_cpu, _ = _wall_and_cpu_ms(embedder.embed_queries, [query.search_text])
            retrieval, retrieval_cpu, hits = _wall_and_cpu_ms(assistant.search, item.question,
                                                              turns=item.turns, top_k=5)
            answer_ms, answer_cpu, answer = _wall_and_cpu_ms(assistant.ask, item.question,
                                                             history=item.turns)
            timings.add("floor", floor)
            timings.add("retrieval", retrieval)
            timings.add("answer", answer_ms)
            timings.add("floor_cpu", floor_cpu)
            timings.add("retrieval_cpu", retrieval_cpu)
            timings.add("answer_cpu", answer_cpu)
            ratios.append(retrieval / floor)
            naive_refs = keyword_hits = None
            if naive is not None:
                naive_ms, naive_cpu, naive_refs = _wall_and_cpu_ms(
                    naive.search, item.question, top_k=5, turns=item.turns)
                timings.add("naive", naive_ms)
                timings.add("naive_cpu", naive_cpu)
                # The assistant's keyword-only mode (`search --mode bm25`): no query embedding.
                keyword_ms, keyword_cpu, keyword_hits = _wall_and_cpu_ms(
                    assistant.search, item.question, turns=item.turns, top_k=5, mode="bm25")
                timings.add("keyword_mode", keyword_ms)
                timings.add("keyword_mode_cpu", keyword_cpu)
            if round_no or not item.gold:
                continue
            refs = [(h.document.source, h.measure.number) for h in hits]
            answered += 1
            for k in (1, 5):
                strict, lenient = hit_at(refs, item.gold, origins, k)
                scores[f"hit@{k}"].append(strict)
                scores[f"hit@{k}_lenient"].append(lenient)
                if naive_refs is not None:
                    scores[f"naive_hit@{k}"].append(hit_at(naive_refs, item.gold, {}, k)[0])
                if keyword_hits is not None:
                    keyword_refs = [(h.document.source, h.measure.number) for h in keyword_hits]
                    scores[f"keyword_mode_hit@{k}"].append(hit_at(keyword_refs, item.gold, {}, k)[0])
        say(f"  round {round_no + 1}/{rounds} done")
    result = {"latency_ms": timings.summary(), "questions": len(items), "rounds": rounds,
              "answerable": answered,
              "retrieval_over_floor": {
                  "of_p50": _ratio(timings.ms["retrieval"], timings.ms["floor"]),
                  "per_query_p50": round(percentile(ratios, 50), 3) if ratios else None,
                  "of_cpu_p50": _ratio(timings.ms["retrieval_cpu"], timings.ms["floor_cpu"])}}
    for name, values in scores.items():
        result[name] = round(sum(values) / len(values), 3) if values else None
    if naive is not None:
        result["naive_over_retrieval"] = _ratio(timings.ms["naive"], timings.ms["retrieval"])
    return result


def compare_stores(embedded, server, items: Sequence[Item], store_timers: dict) -> dict:
    """The same questions against two assistants that differ only in their store, interleaved
    so both see the same load: retrieval and answer latency, and the store's query time."""
    timings = Timings()
    for item in items:
        for name, assistant in (("embedded", embedded), ("server", server)):
            timer = store_timers[name]
            before = timer.calls("query"), timer.seconds.get("query", 0.0)
            ms, _ = timed_ms(assistant.search, item.question, turns=item.turns, top_k=5)
            timings.add(f"{name}_retrieval", ms)
            calls, seconds = timer.calls("query") - before[0], timer.seconds.get("query", 0.0) - before[1]
            if calls:
                timings.add(f"{name}_store_query", seconds * 1000 / calls)
            ms, _ = timed_ms(assistant.ask, item.question, history=item.turns)
            timings.add(f"{name}_answer", ms)
    return {"latency_ms": timings.summary(), "questions": len(items)}


def _ratio(a: list[float], b: list[float]) -> float | None:
    pa, pb = percentile(a, 50), percentile(b, 50)
    return round(pa / pb, 3) if pa is not None and pb else None
