"""sentence-transformers' backends side by side on the prepared model, in one run.

    python -m evals.bench.backends [--model DIR] [--rounds 2]

Each configuration runs in a fresh process (thread settings are process-wide) and the
configurations alternate round by round, so the machine's other load falls on all of them.
A row: load time, query p50 (the dev questions one at a time, wall and CPU), passages per
second over the shipped corpus's chunks as ingest embeds them (batches of 16, wall and CPU),
and the lowest cosine of its vectors to torch float32 over the same texts. A backend that
cannot load gets its error instead of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: name → (backend, threads, precision); torch rows run sentence-transformers directly,
#: openvino rows through the program's own `Embedder`, the way it serves.
CONFIGS = {
    "torch float32 1 thread": ("torch", 1, "float32"),
    "torch float32 2 threads": ("torch", 2, "float32"),
    "openvino auto 1 thread": ("openvino", 1, "auto"),
    "openvino auto 2 threads": ("openvino", 2, "auto"),
    "openvino float32 1 thread": ("openvino", 1, "float32"),
    "onnx 1 thread": ("onnx", 1, "float32"),
}
REFERENCE = "torch float32 1 thread"
_REPO = Path(__file__).resolve().parents[2]


def _texts() -> tuple[list[str], list[str]]:
    from assistant.components import parse_files, passage_texts
    from assistant.settings import SHIPPED_CORPUS

    passages = passage_texts(parse_files([SHIPPED_CORPUS]).documents)
    dev = (_REPO / "evals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in dev if line.strip()], passages


def _encoder(backend: str, threads: int, precision: str, model: str):
    """A function texts → vectors for this configuration."""
    from assistant.components import embedder_at, go_offline

    go_offline()
    if backend == "openvino":
        embedder = embedder_at(Path(model), threads=threads, inference_threads=threads,
                               precision=precision, query_prefix="", passage_prefix="")
        return embedder.embed_passages
    import torch
    from sentence_transformers import SentenceTransformer
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(threads)
    threadpool_limits(limits=threads, user_api="blas")  # as Embedder does
    st = SentenceTransformer(model, backend=backend, device="cpu")
    return lambda texts: st.encode(texts, batch_size=16, convert_to_numpy=True,
                                   normalize_embeddings=True, show_progress_bar=False)


def measure(name: str, model: str, vectors_to: str) -> dict:
    """Time one configuration in this process; save its vectors for the agreement column."""
    import numpy as np

    questions, passages = _texts()
    queries = ["query: " + q for q in questions]
    passages = ["passage: " + p for p in passages]
    started = time.perf_counter()
    try:
        encode = _encoder(*CONFIGS[name], model)
    except Exception as err:  # noqa: BLE001 — a backend that cannot load is a result here
        return {"name": name, "error": f"{type(err).__name__}: {str(err).splitlines()[0]}"}
    load_s = time.perf_counter() - started
    encode(queries[:3]), encode(passages[:16])  # warm-up
    wall, cpu, query_vectors = [], [], []
    for query in queries:
        w, c = time.perf_counter(), time.process_time()
        query_vectors.append(encode([query])[0])
        wall.append(time.perf_counter() - w), cpu.append(time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    passage_vectors = encode(passages)
    passages_wall, passages_cpu = time.perf_counter() - w, time.process_time() - c
    np.savez(vectors_to, queries=np.asarray(query_vectors), passages=passage_vectors)
    return {"name": name, "load_s": round(load_s, 1),
            "query_p50_ms": round(1000 * float(np.median(wall)), 1),
            "query_cpu_p50_ms": round(1000 * float(np.median(cpu)), 1),
            "passages_per_s": round(len(passages) / passages_wall, 1),
            "passages_per_cpu_s": round(len(passages) / passages_cpu, 1),
            "queries": len(queries), "passages": len(passages)}


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(model: str, rounds: int, names: list[str]) -> list[dict]:
    """Every configuration `rounds` times, alternated; one row per run, with its vectors."""
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(1, rounds + 1):
            for i, name in enumerate(names):
                vectors = str(Path(scratch) / f"{n}-{i}.npz")
                load_before = _load()
                out = subprocess.run(
                    [sys.executable, "-m", "evals.bench.backends", "--child", name,
                     "--model", model, "--vectors", vectors],
                    capture_output=True, text=True, cwd=_REPO, check=False)
                lines = out.stdout.strip().splitlines()
                row = json.loads(lines[-1]) if out.returncode == 0 and lines else \
                    {"name": name, "error": (out.stderr.strip().splitlines() or ["?"])[-1]}
                row.update(round=n, load_avg=f"{load_before} → {_load()}")
                row["vectors"] = vectors if os.path.exists(vectors) else None
                print(_line(row), flush=True)
                rows.append(row)
        _agreement(rows)
    return rows


def _agreement(rows: list[dict]) -> None:
    import numpy as np

    reference = next((r for r in rows if r["name"] == REFERENCE and r["vectors"]), None)
    if reference is None:
        return
    ref = np.load(reference["vectors"])
    for row in rows:
        if row["vectors"]:
            got = np.load(row["vectors"])
            row["min_cosine"] = round(float(min(
                np.min(np.sum(got[k] * ref[k], axis=1)) for k in ("queries", "passages"))), 6)


def _line(row: dict) -> str:
    if "error" in row:
        return f"r{row['round']} {row['name']}: cannot load — {row['error']}"
    return (f"r{row['round']} {row['name']}: load {row['load_s']} s, query p50 "
            f"{row['query_p50_ms']} ms (CPU {row['query_cpu_p50_ms']}), "
            f"{row['passages_per_s']} passages/s ({row['passages_per_cpu_s']} per CPU-s), "
            f"load avg {row['load_avg']}")


def table(rows: list[dict]) -> str:
    """Markdown table of all rows, ordered by configuration then round."""
    lines = ["| configuration | round | load s | query p50 ms (CPU) | passages/s (per CPU-s) "
             "| min cosine to torch fp32 | load avg |", "|---|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (list(CONFIGS).index(r["name"]), r["round"])):
        if "error" in row:
            lines.append(f"| {row['name']} | {row['round']} | cannot load: {row['error']} "
                         f"| | | | {row['load_avg']} |")
            continue
        lines.append(f"| {row['name']} | {row['round']} | {row['load_s']} | "
                     f"{row['query_p50_ms']} ({row['query_cpu_p50_ms']}) | "
                     f"{row['passages_per_s']} ({row['passages_per_cpu_s']}) | "
                     f"{row.get('min_cosine', '')} | {row['load_avg']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="prepared model folder (default: the data dir's)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", help="comma-separated configuration names")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--vectors", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model is None:
        from assistant.components import model_path
        from assistant.settings import Settings

        args.model = str(model_path(Settings()))
    if args.child:
        print(json.dumps(measure(args.child, args.model, args.vectors)))
        return
    names = args.only.split(",") if args.only else list(CONFIGS)
    if REFERENCE not in names:
        names.insert(0, REFERENCE)
    print(table(run(args.model, args.rounds, names)))


if __name__ == "__main__":
    main()
