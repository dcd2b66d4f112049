"""Work the benchmark runs in a fresh process: a cold start, an ingest into an empty data dir.

`python -m evals.bench.jobs coldstart|ingest --data-dir D --model M ...` prints one JSON
object on its last stdout line. Only the standard library is imported before the clock
starts, so the cold start's "imports" are what the program itself imports.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

_STARTED = time.time()  # compared with the parent's clock just before it started us


def coldstart(data_dir: str, model: str, question: str) -> dict:
    """Process start → first answer, in phases: imports, model load, index open, answer."""
    marks = {"process": _STARTED}
    from assistant.components import go_offline
    from assistant.service import PolicyAssistant

    go_offline()
    # What the first answer needs anyway, imported here so "model load" is only the load.
    import chromadb  # noqa: F401
    import jieba  # noqa: F401
    import optimum.intel.openvino  # noqa: F401
    import sentence_transformers  # noqa: F401

    from assistant.settings import Settings

    marks["imports"] = time.time()
    assistant = PolicyAssistant(Settings(data_dir=data_dir, model=model))
    _ = assistant.index.embedder
    marks["model_load"] = time.time()
    view = assistant.index.snapshot()
    _ = view.keywords
    view.tokenizer.warm_up()
    marks["index_open"] = time.time()
    answer = assistant.ask(question)
    marks["first_answer"] = time.time()
    # CPU seconds since the process started (all threads): the cost the machine's other load
    # does not inflate, unlike the wall-clock marks.
    return {"marks": marks, "cpu_s": time.process_time(), "found": answer.found,
            "measures": len(assistant.index.catalog.measures),
            "precision": getattr(assistant.index.embedder, "precision", "float32")}


class _TimedEmbedder:
    """Delegates to an Embedder, adding up the seconds spent embedding passages."""

    def __init__(self, embedder):
        self._embedder = embedder
        self.seconds = self.cpu_seconds = 0.0
        self.texts = 0

    def embed_passages(self, texts):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return self._embedder.embed_passages(texts)
        finally:
            self.seconds += time.perf_counter() - started
            self.cpu_seconds += time.process_time() - cpu  # all threads: the workers' too
            self.texts += len(texts)

    def __getattr__(self, name):
        return getattr(self._embedder, name)


def ingest(data_dir: str, model: str, corpus: str) -> dict:
    """Index `corpus` into the empty `data_dir`, timing each stage, then build BM25."""
    from pathlib import Path

    from assistant.components import (
        chroma_store,
        go_offline,
        load_embedder,
        open_index,
        parse_files,
    )
    from assistant.settings import Settings
    from evals.bench.stats import TimedStore, peak_rss_mb

    go_offline()
    settings = Settings(data_dir=data_dir, model=model)
    loaded = time.perf_counter()
    embedder = _TimedEmbedder(load_embedder(settings))
    model_load = time.perf_counter() - loaded
    store = TimedStore(chroma_store(settings))
    index = open_index(settings, store=store, embedder=embedder)

    load = _LoadSampler()
    wall, cpu = time.perf_counter(), time.process_time()
    report = parse_files([Path(corpus)], max_bytes=int(settings.max_file_mb * 1024 * 1024))
    parse_s = time.perf_counter() - wall
    result = index.sync(report.documents)
    ingest_wall, ingest_cpu = time.perf_counter() - wall, time.process_time() - cpu
    load_during = load.stop()

    started = time.perf_counter()
    catalog = index.catalog
    catalog_s = time.perf_counter() - started
    started = time.perf_counter()
    _ = index.snapshot().keywords  # BM25 over jieba tokens, built and saved on first use
    keywords_s = time.perf_counter() - started
    return {
        "documents": len(report.documents), "failures": [str(f) for f in report.failures],
        "measures": result.measures_written, "chunks": result.chunks_written,
        "stored_measures": len(catalog.measures), "model_load_s": model_load,
        "parse_s": parse_s, "embed_s": embedder.seconds, "embed_cpu_s": embedder.cpu_seconds,
        "embedded_texts": embedder.texts,
        "store_s": store.seconds, "ingest_s": ingest_wall, "ingest_cpu_s": ingest_cpu,
        "catalog_s": catalog_s, "keywords_s": keywords_s,
        "precision": getattr(embedder, "precision", "float32"),
        "peak_rss_mb": peak_rss_mb(), "load_during": load_during,
    }


class _LoadSampler:
    """The 1-minute load average every few seconds while an ingest runs: on a shared machine
    measures/s says as much about the other processes as about this one."""

    def __init__(self, every_s: float = 5.0):
        import threading

        # One sample when it starts and one when it stops, however short the run; the
        # thread adds one every `every_s` in between.
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every_s,), daemon=True)
        self._thread.start()

    def _run(self, every_s: float) -> None:
        while not self._stop.wait(every_s):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])
        s = sorted(self.samples)
        return {"mean": round(sum(s) / len(s), 2), "max": round(s[-1], 2), "samples": len(s)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.bench.jobs")
    parser.add_argument("job", choices=("coldstart", "ingest"))
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--question", default="出口退税几天办完？")
    parser.add_argument("--corpus")
    args = parser.parse_args(argv)
    if args.job == "coldstart":
        result = coldstart(args.data_dir, args.model, args.question)
    else:
        result = ingest(args.data_dir, args.model, args.corpus)
    sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if args.job == "coldstart":  # read-only: interpreter teardown is not part of a cold start
        os._exit(0)


if __name__ == "__main__":
    main()
