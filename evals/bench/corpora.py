"""The corpora and indexes the benchmark runs on: generated and built once, then cached.

Layout under the cache directory (`--cache-dir`, by default `$POLICYQA_DATA_DIR/bench`):
`corpus-10x/` (the generated .txt files and manifest.json), `index-10x/` (a data directory:
Chroma, BM25, jieba cache) with `bench-stamp.json` (what it was built from and the figures
of the ingest that built it), `logs/`. An index is rebuilt when its corpus, the model or the
code that decides what is stored (ingest/, vectorstore/) changed, or
with `--rebuild`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from evals import synthetic

REPO = Path(__file__).resolve().parents[2]
#: What decides the stored vectors and records; a change means the cached index is stale.
INDEX_CODE = ("ingest", "vectorstore")
STAMP = "bench-stamp.json"


def scale_label(scale: float) -> str:
    return f"{scale:g}x"


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INDEX_CODE:
        root = REPO / name
        files = sorted(root.rglob("*.py")) + sorted(root.rglob("*.txt")) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class BuiltIndex:
    """A data directory holding the index of one corpus size, and how it was built."""

    scale: float
    data_dir: Path
    corpus_dir: Path
    manifest: synthetic.Manifest
    ingest: dict  # figures of the ingest that built it (jobs.ingest)
    cached: bool  # built by an earlier run
    stale: bool = False  # reused although the code changed since (--reuse-index)

    @property
    def label(self) -> str:
        return scale_label(self.scale)


class BenchCache:
    """Generated corpora and built indexes, keyed by corpus size."""

    def __init__(self, root: Path, source: Path, model: Path, *, say=lambda msg: None):
        self.root = Path(root)
        self.source = Path(source)
        self.model = Path(model)
        self.say = say

    def corpus(self, scale: float, *, rebuild: bool = False) -> tuple[Path, synthetic.Manifest]:
        folder = self.root / f"corpus-{scale_label(scale)}"
        manifest = synthetic.generate(self.source, folder, scale, force=rebuild)
        return folder, manifest

    def index(self, scale: float, *, rebuild: bool = False, fresh: bool = False,
              reuse_stale: bool = False) -> BuiltIndex:
        """The index of the `scale`× corpus: the cached one if still valid, else built now.

        `rebuild` regenerates the corpus too; `fresh` only builds the index again."""
        corpus_dir, manifest = self.corpus(scale, rebuild=rebuild)
        data_dir = self.root / f"index-{scale_label(scale)}"
        wanted = self._stamp_key(corpus_dir)
        stamp = _read_json(data_dir / STAMP)
        if stamp and not (rebuild or fresh):
            if stamp.get("key") == wanted:
                return BuiltIndex(scale, data_dir, corpus_dir, manifest, stamp["ingest"], True)
            if reuse_stale and stamp.get("key", {}).get("corpus") == wanted["corpus"]:
                self.say(f"reusing the {scale_label(scale)} index although the code changed")
                return BuiltIndex(scale, data_dir, corpus_dir, manifest, stamp["ingest"], True,
                                  stale=True)
        figures = self._build(scale, corpus_dir, data_dir, manifest)
        return BuiltIndex(scale, data_dir, corpus_dir, manifest, figures, False)

    def adopt(self, scale: float, data_dir: Path, figures: dict | None = None) -> None:
        """Use an index built elsewhere (by the test suite, say) for `scale`× from now on."""
        corpus_dir, _ = self.corpus(scale)
        target = self.root / f"index-{scale_label(scale)}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(data_dir, target)
        _write_json(target / STAMP, {"key": self._stamp_key(corpus_dir), "ingest": figures or {},
                                     "built_at": _now()})

    def _stamp_key(self, corpus_dir: Path) -> dict:
        manifest = (corpus_dir / synthetic.MANIFEST).read_bytes()
        return {"corpus": hashlib.sha256(manifest).hexdigest()[:16], "code": code_fingerprint(),
                "model": str(self.model.resolve())}

    def _build(self, scale: float, corpus_dir: Path, data_dir: Path,
               manifest: synthetic.Manifest) -> dict:
        label = scale_label(scale)
        building = data_dir.with_name(data_dir.name + ".building")
        for path in (building, data_dir):
            if path.exists():
                shutil.rmtree(path)
        self.say(f"ingesting the {label} corpus ({manifest.measures:,} measures) "
                 "into an empty data dir…")
        key = self._stamp_key(corpus_dir)  # the code as it was when the build started
        figures = run_job("ingest", self.root / "logs" / f"ingest-{label}.log",
                          "--data-dir", str(building), "--model", str(self.model),
                          "--corpus", str(corpus_dir))
        building.rename(data_dir)
        _write_json(data_dir / STAMP, {"key": key, "ingest": figures, "built_at": _now()})
        return figures


def job_environment() -> dict[str, str]:
    """The environment of a benchmark subprocess: offline, no telemetry, our settings only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "TOKENIZERS_PARALLELISM": "false", "GRADIO_ANALYTICS_ENABLED": "False",
                "PYTHONUNBUFFERED": "1"})
    return env


def run_job(job: str, log: Path, *args: str, timeout: float | None = None) -> dict:
    """Run `python -m evals.bench.jobs JOB ARGS` and return the JSON it prints last.

    The child's output goes to `log`; "started" (the wall clock just before the child
    was started) and "wall_s" (until it exited) are added to what it reports.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.time()
        process = subprocess.run([sys.executable, "-m", "evals.bench.jobs", job, *args],
                                 stdout=out, stderr=subprocess.STDOUT, env=job_environment(),
                                 cwd=REPO, timeout=timeout, check=False)
        ended = time.time()
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"benchmark job {job} failed (exit {process.returncode}); "
                           f"see {log}:\n{text[-2000:]}")
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return {**json.loads(line), "started": started, "wall_s": ended - started}
    raise RuntimeError(f"benchmark job {job} printed no result; see {log}")


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
