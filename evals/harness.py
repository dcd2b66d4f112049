"""Run benchmark items through the same core users get, and score them.

Each item is asked with `PolicyAssistant.ask` (its `turns` as the conversation history): the
answer text, its citations and whether it found anything are what users see, and the
wall time of that call is the item's latency. Retrieval ranks come from
`PolicyAssistant.search` with the same question, turns and mode (the same query
understanding and retriever `ask` uses), top max(5, top_k).
"""

from __future__ import annotations

import inspect
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from assistant.errors import CORE_ERRORS, InputError
from evals import metrics
from evals.benchmark import Benchmark, BenchmarkItem

log = logging.getLogger(__name__)

#: The assistant as users get it; its figures are the report's headline.
PRIMARY_MODE = "hybrid"
#: What `--compare` accepts: the assistant's retrieval modes and the naive baseline.
MODES = ("naive", "bm25", "dense", "hybrid")
_WARM_UP_QUESTION = "企业开办需要多长时间？"


@dataclass
class ModeRun:
    """One pipeline over every item: the scored rows and their summary."""

    mode: str
    rows: list[dict]
    summary: dict  # {"overall": {...}, "by_type": {...}}


@dataclass
class Evaluation:
    """The result of a benchmark run: the primary mode's figures and any compared modes."""

    meta: dict
    primary: ModeRun
    compared: dict[str, ModeRun] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The documented JSON shape (evals/README.md): evaluators script against it."""
        data = {"meta": self.meta, "overall": self.primary.summary["overall"],
                "by_type": self.primary.summary["by_type"], "items": self.primary.rows}
        if self.compared:
            data["compare"] = {mode: {"overall": run.summary["overall"],
                                      "by_type": run.summary["by_type"], "items": run.rows}
                               for mode, run in self.compared.items()}
        return data


def parse_modes(text: str | None) -> list[str]:
    """"naive,bm25" → ["naive", "bm25"]; unknown names raise InputError."""
    if not text:
        return []
    modes = list(dict.fromkeys(m.strip().lower() for m in text.split(",") if m.strip()))
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise InputError(f"unknown mode(s) {', '.join(unknown) or repr(text)} for --compare; "
                         f"choose from {', '.join(MODES)}")
    return modes


def llm_options(assistant, use_llm: bool) -> dict:
    """Keyword arguments that make `ask` answer with the configured LLM, if asked to."""
    if not use_llm:
        return {}
    if not assistant.settings.llm_base_url:
        raise InputError("no LLM configured: set POLICYQA_LLM_BASE_URL (and POLICYQA_LLM_MODEL) "
                         "to an OpenAI-compatible endpoint, or run without --llm")
    if "use_llm" not in inspect.signature(assistant.ask).parameters:
        raise InputError("no LLM configured: this version of the assistant has no LLM answer "
                         "mode; run without --llm")
    return {"use_llm": True}


def evaluate(assistant, benchmark: Benchmark, *, compare: Sequence[str] = (),
             top_k: int | None = None, use_llm: bool = False, progress: bool = False) -> Evaluation:
    """Run every item of `benchmark` through the assistant (and each compared mode).

    The primary run is the assistant's default hybrid mode (with the LLM if `use_llm`);
    compared modes run on the same items in this process; a compared "hybrid" reuses it.
    """
    llm = llm_options(assistant, use_llm)
    unknown = [m for m in compare if m not in MODES]
    if unknown:
        raise InputError(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    top_k = top_k or assistant.settings.top_k
    retrieval_k = max(5, top_k)
    items = benchmark.items
    assistant.warm_up()

    naive = None
    runs: dict[str, ModeRun] = {}
    for mode in dict.fromkeys([PRIMARY_MODE, *compare]):
        if mode == "naive":
            from evals.baselines import NaivePipeline

            naive = NaivePipeline(assistant)
            naive.build()
            answer = partial(naive_outcome, naive, retrieval_k=retrieval_k)
        else:
            assistant.ask(_WARM_UP_QUESTION, mode=mode)  # first-call costs are not latency
            answer = partial(assistant_outcome, assistant, mode=mode, top_k=top_k,
                             retrieval_k=retrieval_k, llm=llm)
        outcomes = _run(items, mode, progress, answer)
        rows = [make_row(item, outcome) for item, outcome in zip(items, outcomes, strict=True)]
        runs[mode] = ModeRun(mode, rows, metrics.summarize(rows))

    meta = _meta(assistant, benchmark, top_k, retrieval_k, use_llm, list(compare), runs, naive)
    return Evaluation(meta, runs[PRIMARY_MODE],
                      {mode: runs[mode] for mode in compare})


def _run(items: Sequence[BenchmarkItem], mode: str, progress: bool, answer) -> list[metrics.Outcome]:
    from tqdm import tqdm

    bar = tqdm(items, desc=f"eval {mode}", unit="q", file=sys.stderr, disable=not progress,
               leave=False, dynamic_ncols=True)
    return [answer(item) for item in bar]


def assistant_outcome(assistant, item: BenchmarkItem, mode: str, top_k: int,
                      retrieval_k: int, llm: dict | None = None) -> metrics.Outcome:
    """Ask the item as a user would (timed), then fetch its retrieval ranks.

    A user asks a follow-up after its earlier turns were answered: they are asked first,
    untimed (without the LLM, which selects nothing), so its latency is a chat's."""
    for n, turn in enumerate(item.turns):
        try:
            assistant.ask(turn, history=item.turns[:n], top_k=top_k, mode=mode, use_llm=False)
        except CORE_ERRORS as err:  # the item itself says whether it fails
            log.info("%s, turn %d: %s", item.id, n, err)
    started = time.perf_counter()
    try:
        answer = assistant.ask(item.question, history=item.turns, top_k=top_k, mode=mode,
                               **(llm or {}))
    except CORE_ERRORS as err:  # one failing item (an LLM timeout) must not end the run
        log.warning("%s: %s", item.id, err)
        return metrics.Outcome("", False, (), (), _ms(started), error=str(err))
    latency = _ms(started)
    hits = assistant.search(item.question, turns=item.turns, top_k=retrieval_k, mode=mode)
    return metrics.Outcome(
        answer=answer.text, found=answer.found,
        citations=tuple((c.source, c.number) for c in answer.citations),
        retrieved=tuple((h.document.source, h.measure.number) for h in hits),
        latency_ms=latency, labels=tuple(c.label for c in answer.citations),
        answer_mode=answer.mode, intent=answer.intent)


def naive_outcome(pipeline, item: BenchmarkItem, retrieval_k: int) -> metrics.Outcome:
    """The naive baseline's answer (its top chunk) and measure ranking, timed."""
    started = time.perf_counter()
    answer = pipeline.answer(item.question, top_k=retrieval_k, turns=item.turns)
    return metrics.Outcome(answer.text, answer.found, answer.citations, answer.retrieved,
                           _ms(started), answer_mode="naive")


def make_row(item: BenchmarkItem, outcome: metrics.Outcome) -> dict:
    """The per-item record of the JSON report: the item, what came back, and its figures."""
    row = {"id": item.id, "type": item.type, **{k: v for k, v in item.to_dict().items()
                                               if k not in ("id", "type")}}
    labels = outcome.labels or ("",) * len(outcome.citations)
    row.update({
        "answer": outcome.answer, "found": outcome.found, "answer_mode": outcome.answer_mode,
        "intent": outcome.intent,
        "citations": [{"source": s, "number": n, "label": label}
                      for (s, n), label in zip(outcome.citations, labels, strict=True)],
        "retrieved": [{"source": s, "number": n} for s, n in outcome.retrieved],
    })
    row.update(metrics.score(item, outcome))
    row["latency_ms"] = round(outcome.latency_ms, 1)
    row["error"] = outcome.error
    return row


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _meta(assistant, benchmark: Benchmark, top_k: int, retrieval_k: int, use_llm: bool,
          compare: list[str], runs: dict[str, ModeRun], naive) -> dict:
    catalog = assistant.index.catalog
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "file": str(benchmark.path), "items": len(benchmark.items),
        "skipped_lines": benchmark.bad_lines, "mode": PRIMARY_MODE, "llm": use_llm,
        "top_k": top_k, "retrieval_k": retrieval_k, "compare": compare,
        "model": assistant.index.embedder.name, "corpus_fingerprint": catalog.fingerprint,
        "documents": len(catalog.documents), "measures": len(catalog.measures),
        "errors": {mode: sum(1 for r in run.rows if r["error"]) for mode, run in runs.items()},
        "version": _version(),
    }
    if use_llm:
        meta["llm_model"] = assistant.settings.llm_model
    if naive is not None:
        meta["naive"] = {"chunks": len(naive.chunks), "chunk_size": naive.chunk_size,
                         "chunk_overlap": naive.chunk_overlap, "texts": naive.texts}
    return meta


def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policyqa")
    except PackageNotFoundError:
        return None
