"""One benchmark run: every section in order, figures collected into one dict.

Sections (`--only` picks some): help, ingest, cold, queries, stores, api, precision.
Expensive preparation (generating the corpora, building the 10× and 100× indexes) is cached
(see `evals.bench.corpora`); the 1× index is rebuilt in every run that measures ingest.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from evals.bench import queries, servers
from evals.bench.corpora import REPO, BenchCache, BuiltIndex, job_environment, run_job, scale_label
from evals.bench.stats import TimedStore, load_average, machine, summary
from evals.metrics import percentile

SECTIONS = ("help", "ingest", "cold", "queries", "stores", "api", "precision")
DEV = REPO / "evals" / "dev.jsonl"
COLD_QUESTION = "出口退税几天办完？"


@dataclass
class BenchOptions:
    """What to run and how long; `quick` trades precision of the figures for minutes."""

    cache_dir: Path
    model: Path
    source: Path
    sizes: tuple[float, ...] = (1, 10, 100)
    sections: tuple[str, ...] = SECTIONS
    quick: bool = False
    rebuild: bool = False
    reuse_index: bool = False
    dev: Path = DEV
    rounds: int = 2
    questions: int | None = None
    cold_runs: int = 3
    help_runs: int = 5
    api_seconds: float = 20.0
    api_clients: tuple[int, ...] = (1, 8, 32)
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.quick:
            self.rounds, self.questions = 1, self.questions or 20
            self.cold_runs, self.help_runs = 1, 3
            self.api_seconds = min(self.api_seconds, 4.0)


class Bench:
    """Runs the sections of one benchmark and keeps what they measured in `results`."""

    def __init__(self, options: BenchOptions, say: Callable[[str], None] = lambda msg: None):
        self.o = options
        self._t0 = time.perf_counter()
        self.say = lambda msg: say(f"[{time.perf_counter() - self._t0:6.0f} s] {msg}")
        self.cache = BenchCache(options.cache_dir, options.source, options.model, say=self.say)
        self.items = queries.read_items(options.dev, options.questions)
        self.indexes: dict[float, BuiltIndex] = {}
        self._embedder = None
        self.results: dict = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
            "load_before": load_average(), "options": self._options(), "sizes": {},
        }

    def _options(self) -> dict:
        o = self.o
        return {"sizes": list(o.sizes), "sections": list(o.sections), "quick": o.quick,
                "rounds": o.rounds, "questions": len(self.items), "cold_runs": o.cold_runs,
                "api_seconds": o.api_seconds, "api_clients": list(o.api_clients),
                "model": str(o.model), "cache_dir": str(o.cache_dir)}

    def run(self) -> dict:
        wants = set(self.o.sections)
        if "help" in wants:
            self.results["help"] = self.help_time()
        if wants & {"ingest", "cold", "queries", "stores", "api"}:
            self.build_indexes(fresh_1x="ingest" in wants)
        if "cold" in wants:
            self.results["cold_start"] = self.cold_start()
        if "queries" in wants:
            for scale in self.o.sizes:
                self.size(scale)["queries"] = self.query_costs(scale)
        if "stores" in wants and max(self.o.sizes) > 1:
            self.results["stores"] = self.store_comparison(max(self.o.sizes))
        self._release()
        if "api" in wants:
            self.results["api"] = self.api()
        if "precision" in wants:
            self.results["precision"] = self.precision_agreement()
        self.results["load_after"] = load_average()
        self.results["seconds"] = round(time.perf_counter() - self._t0, 1)
        return self.results

    def size(self, scale: float) -> dict:
        return self.results["sizes"].setdefault(scale_label(scale), {"scale": scale})

    # -- sections ------------------------------------------------------------------------
    def help_time(self) -> dict:
        """`policyqa --help` wall time (a fresh interpreter each time)."""
        self.say("timing policyqa --help")
        policyqa = Path(sys.executable).parent / "policyqa"
        times = []
        for _ in range(self.o.help_runs):
            started = time.perf_counter()
            subprocess.run([str(policyqa), "--help"], capture_output=True, check=True,
                           env=job_environment())
            times.append((time.perf_counter() - started) * 1000)
        return summary(times)

    def build_indexes(self, *, fresh_1x: bool) -> None:
        for scale in self.o.sizes:
            built = self.cache.index(scale, rebuild=self.o.rebuild, fresh=fresh_1x and scale == 1,
                                     reuse_stale=self.o.reuse_index)
            self.indexes[scale] = built
            entry = self.size(scale)
            entry.update({"measures": built.manifest.measures,
                          "documents": len(built.manifest.documents) + len(built.manifest.originals),
                          "ingest": _ingest_figures(built)})
            ingest = entry["ingest"]
            self.say(f"{built.label}: {entry['measures']:,} measures; ingest "
                     f"{ingest.get('measures_per_s', '?')} measures/s"
                     + (" (cached)" if built.cached else ""))

    def cold_start(self) -> dict:
        """Process start → first answer, in phases (fresh processes), and `policyqa ask`."""
        out: dict = {}
        for scale in self.o.sizes:
            runs = self.o.cold_runs if scale == min(self.o.sizes) else 1
            self.say(f"cold start at {scale_label(scale)} ×{runs}")
            phases = [_phases(run_job("coldstart", self.o.cache_dir / "logs" / "coldstart.log",
                                      "--data-dir", str(self.indexes[scale].data_dir),
                                      "--model", str(self.o.model), "--question", COLD_QUESTION))
                      for _ in range(runs)]
            out[scale_label(scale)] = {
                name: round(statistics.median(p[name] for p in phases), 2) for name in phases[0]}
            out[scale_label(scale)]["runs"] = runs
        scale = min(self.o.sizes)
        out["cli_ask_s"] = self._cli_ask(self.indexes[scale].data_dir)
        return out

    def _cli_ask(self, data_dir: Path) -> dict:
        """`policyqa ask QUESTION` end to end, as a user types it."""
        env = job_environment()
        env.update({"POLICYQA_DATA_DIR": str(data_dir), "POLICYQA_MODEL": str(self.o.model)})
        policyqa = Path(sys.executable).parent / "policyqa"
        times = []
        for _ in range(self.o.cold_runs):
            started = time.perf_counter()
            subprocess.run([str(policyqa), "ask", COLD_QUESTION], capture_output=True,
                           check=True, env=env)
            times.append(time.perf_counter() - started)
        return {"p50": round(percentile(times, 50), 2), "max": round(max(times), 2),
                "runs": len(times)}

    def query_costs(self, scale: float) -> dict:
        built = self.indexes[scale]
        self.say(f"queries at {built.label}: {len(self.items)} questions × {self.o.rounds} rounds")
        assistant = self._assistant(built)
        started = time.perf_counter()
        assistant.warm_up()
        warm_up = time.perf_counter() - started
        naive = None
        naive_build = None
        if scale == 1:
            from evals.baselines import NaivePipeline

            naive = NaivePipeline(assistant)
            started = time.perf_counter()
            naive.build()
            naive_build = round(time.perf_counter() - started, 2)
        for item in self.items[:3]:  # first-call costs are not per-query latency
            assistant.ask(item.question, history=item.turns)
            if naive is not None:
                naive.search(item.question)
        figures = queries.measure_queries(assistant, self.items, rounds=self.o.rounds,
                                          naive=naive, origins=built.manifest.origins(),
                                          say=self.say)
        figures["warm_up_s"] = round(warm_up, 2)
        if naive is not None:
            figures["naive_build_s"] = naive_build
            figures["naive_texts"] = naive.texts
        _close(assistant)
        lat = figures["latency_ms"]
        self.say(f"  floor p50 {lat['floor']['p50']} ms, retrieval p50 {lat['retrieval']['p50']} ms,"
                 f" answer p50 {lat['answer']['p50']} ms, hit@1 {figures['hit@1']}")
        return figures

    def store_comparison(self, scale: float) -> dict:
        """Embedded Chroma vs a Chroma server holding a copy of the same index."""
        import shutil

        built = self.indexes[scale]
        self.say(f"embedded Chroma vs Chroma server at {built.label}")
        copy = self.o.cache_dir / f"server-{built.label}"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(built.data_dir, copy)
        log = self.o.cache_dir / "logs" / f"chroma-{built.label}.log"
        with servers.ChromaServer(copy / "index", log) as chroma:
            embedded = self._assistant(built, timed_store=True)
            server = self._assistant(built, timed_store=True, data_dir=copy, chroma_url=chroma.url)
            for assistant in (embedded, server):
                assistant.warm_up()
                for item in self.items[:3]:
                    assistant.ask(item.question, history=item.turns)
            figures = queries.compare_stores(
                embedded, server, self.items,
                {"embedded": embedded.index.store, "server": server.index.store})
            figures["server_ready_s"] = round(chroma.ready_s, 2)
            _close(embedded)
            _close(server)
        shutil.rmtree(copy, ignore_errors=True)
        figures["size"] = built.label
        return figures

    def api(self) -> dict:
        """The API under 1, 8, 32 concurrent clients at the smallest size; memory at each size."""
        bodies = [{"question": i.question, "history": list(i.turns)} for i in self.items]
        out: dict = {}
        for scale in dict.fromkeys((min(self.o.sizes), max(self.o.sizes))):
            built = self.indexes[scale]
            levels = self.o.api_clients if scale == min(self.o.sizes) else (8,)
            seconds = self.o.api_seconds if scale == min(self.o.sizes) else self.o.api_seconds / 2
            self.say(f"API at {built.label}: policyqa serve, clients {levels}, {seconds:g} s each")
            log = self.o.cache_dir / "logs" / f"serve-{built.label}.log"
            with servers.ApiServer(built.data_dir, self.o.model, log) as api:
                entry = {"ready_s": round(api.ready_s, 2), "after_ready": api.memory(),
                         "levels": []}
                for clients in levels:
                    result = servers.load(api.url, bodies, clients, seconds)
                    entry["levels"].append(result)
                    self.say(f"  {clients} clients: {result['throughput_rps']} req/s, "
                             f"p95 {result['latency_ms']['p95']} ms, errors {result['errors']}")
                entry["memory"] = api.memory()
            out[built.label] = entry
        return out

    def precision_agreement(self) -> dict:
        """How closely the embedder's vectors follow float32 ones (questions and passages)."""
        import numpy as np

        from assistant.components import embedder_at

        self.say("embedding precision: agreement with float32")
        ours = self.embedder
        exact = embedder_at(self.o.model, precision="float32")
        built = self.indexes.get(1) or next(iter(self.indexes.values()), None)
        passages = []
        if built is not None:
            from assistant.components import parse_files

            docs = parse_files([self.o.source]).documents
            passages = [m.text for d in docs for m in d.measures][:300]
        questions = [i.question for i in self.items]
        out = {"precision": ours.precision}
        for name, texts, fn in (("queries", questions, "embed_queries"),
                                ("passages", passages, "embed_passages")):
            if not texts:
                continue
            a, b = getattr(ours, fn)(texts), getattr(exact, fn)(texts)
            cosine = np.sum(a * b, axis=1)
            out[name] = {"n": len(texts), "min_cosine": round(float(cosine.min()), 6),
                         "mean_cosine": round(float(cosine.mean()), 6)}
        return out

    # -- helpers ---------------------------------------------------------------------------
    @property
    def embedder(self):
        """One embedder for every assistant of this process (loaded once)."""
        if self._embedder is None:
            from assistant.components import embedder_at, go_offline

            go_offline()
            self._embedder = embedder_at(self.o.model)
        return self._embedder

    def _assistant(self, built: BuiltIndex, *, timed_store: bool = False,
                   data_dir: Path | None = None, chroma_url: str | None = None):
        from assistant.components import chroma_store, open_index
        from assistant.service import PolicyAssistant
        from assistant.settings import Settings

        settings = Settings(data_dir=data_dir or built.data_dir, model=str(self.o.model),
                            corpus_dir=built.corpus_dir, chroma_url=chroma_url)
        store = chroma_store(settings)
        if timed_store:
            store = TimedStore(store)
        return PolicyAssistant(settings, index=open_index(settings, store=store,
                                                          embedder=self.embedder))

    def _release(self) -> None:
        gc.collect()


def _close(assistant) -> None:
    store = assistant.index.store
    close = getattr(store, "close", None)
    if close:
        close()


def _phases(job: dict) -> dict:
    """Seconds per cold-start phase from the marks a coldstart job reports."""
    marks = job["marks"]
    order = ["process", "imports", "model_load", "index_open", "first_answer"]
    out = {"interpreter_s": marks["process"] - job["started"]}
    for before, after in zip(order, order[1:], strict=False):
        out[f"{after}_s"] = marks[after] - marks[before]
    out["total_s"] = marks["first_answer"] - job["started"]
    out["process_s"] = job["wall_s"]
    if "cpu_s" in job:
        out["cpu_s"] = job["cpu_s"]
    return out


def _ingest_figures(built: BuiltIndex) -> dict:
    f = built.ingest or {}
    if not f.get("measures"):
        return {"cached": built.cached}
    store = f.get("store_s") or {}
    out = {
        "cached": built.cached, "stale": built.stale, "measures": f["measures"],
        "chunks": f["chunks"], "documents": f["documents"],
        "ingest_s": round(f["ingest_s"], 1),
        "measures_per_s": round(f["measures"] / f["ingest_s"], 1),
        "measures_per_cpu_s": round(f["measures"] / f["ingest_cpu_s"], 1),
        "parse_s": round(f["parse_s"], 1), "embed_s": round(f["embed_s"], 1),
        "embed_cpu_s": round(f["embed_cpu_s"], 1) if "embed_cpu_s" in f else None,
        "store_s": round(sum(store.values()), 1),
        "store_parts_s": {k: round(v, 1) for k, v in store.items()},
        "keywords_s": round(f["keywords_s"], 1), "catalog_s": round(f["catalog_s"], 1),
        "model_load_s": round(f["model_load_s"], 1), "precision": f.get("precision"),
        "peak_rss_mb": f.get("peak_rss_mb"), "load_during": f.get("load_during"),
    }
    out["to_searchable_measures_per_s"] = round(
        f["measures"] / (f["ingest_s"] + f["keywords_s"] + f["catalog_s"]), 1)
    return out
