"""Crash trials: kill `policyqa ingest` with SIGKILL at random moments and check what it leaves.

    .venv/bin/python tests/reliability/crash_trials.py --trials 20 --seed 9 --model DIR [--json report.json]

First a full ingest of the corpus (the shipped `data/policies` by default) into an empty data
directory is timed, twice (the shorter is T; the first index is the baseline). Then each trial

1. starts `policyqa ingest CORPUS` in a subprocess, either into an empty data directory
   (`fresh`) or over a copy of the baseline with every file of the corpus changed (`replace`: a
   newline appended, so each file's sha256 differs and every document is rewritten);
2. kills it with SIGKILL after a random delay between 0 and T (deterministic seed);
3. checks the index in a new process: it opens, the catalog loads, a search and a question are
   answered, and every document served is whole — its measures and its chunks are exactly
   those parsed from one version of its file (never a half-written document);
4. runs the same ingest again to completion and checks that every document of the corpus
   (6 documents, 356 measures for the shipped one) is served from the version just written,
   with no uncommitted chunk left behind.

Per-trial results are printed; `--json` writes them too. The exit code is 1 if a trial failed.
`check` is the subcommand step 3 and 4 run in a fresh process (no cached index state).

Every child runs a copy of the code taken when the script starts (`PYTHONPATH`), so that the
ingests and the checks of a run are of one version even if the tree is edited meanwhile (a
check parsing with a newer extractor would call a whole document half-written).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHIPPED_CORPUS = REPO / "data" / "policies"
PACKAGES = ("assistant", "ingest", "vectorstore", "prompts", "ui", "evals")
CODE_ENV = "POLICYQA_TRIALS_CODE"  # where the copy is: children inherit it
QUESTION = "出口退税几天办完？"
QUESTION_KEY = "liaocheng_2020_measures:16"


# -- running the real CLI ---------------------------------------------------------------------
def snapshot_code(work: Path) -> Path:
    """A copy of the packages (and a link to the shipped data) for every child to import."""
    target = work / "code"
    for name in PACKAGES:
        shutil.copytree(REPO / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "data").symlink_to(REPO / "data")
    return target


def environment(data_dir: Path, model: Path) -> dict[str, str]:
    """The environment of a child: our data dir and model, the embedded index, offline, and
    the code copy first on its path."""
    code = os.environ.get(CODE_ENV)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    env.update(POLICYQA_DATA_DIR=str(data_dir), POLICYQA_MODEL=str(model),
               ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    if code:
        env.update({CODE_ENV: code, "PYTHONPATH": code})
    return env


def policyqa_command() -> list[str]:
    script = Path(sys.executable).parent / "policyqa"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from assistant.cli import main; main()"]


def start_ingest(corpus: Path, data_dir: Path, model: Path, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen([*policyqa_command(), "ingest", "--json", str(corpus)],
                                env=environment(data_dir, model), cwd=REPO, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def run_ingest(corpus: Path, data_dir: Path, model: Path, log: Path, timeout: float) -> tuple[int, float]:
    """Ingest to completion; (exit code, seconds)."""
    started = time.monotonic()
    process = start_ingest(corpus, data_dir, model, log)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise RuntimeError(f"ingest did not finish within {timeout:.0f} s; see {log}") from None
    return code, time.monotonic() - started


def run_check(data_dir: Path, model: Path, versions: list[Path], complete: Path | None,
              out: Path, log: Path) -> dict:
    """`check` in a fresh process: nothing cached from an earlier look at the index."""
    command = [sys.executable, str(Path(__file__).resolve()), "check", str(data_dir),
               "--model", str(model), "--out", str(out)]
    command += [arg for corpus in versions for arg in ("--version", str(corpus))]
    if complete is not None:
        command += ["--complete", str(complete)]
    with log.open("ab") as output:
        code = subprocess.run(command, env=environment(data_dir, model), cwd=REPO,
                              stdout=output, stderr=subprocess.STDOUT, timeout=900).returncode
    if not out.exists():
        return {"ok": False, "problems": [f"check exited with {code} and no report; see {log}"]}
    return json.loads(out.read_text(encoding="utf-8"))


# -- the check --------------------------------------------------------------------------------
def _expected(versions: list[Path]) -> dict[tuple[str, str], dict]:
    """(doc_id, sha256) → the measures and chunks a whole document of that version has."""
    from ingest.pipeline import parse_paths
    from vectorstore.chunks import chunk_text

    expected = {}
    for corpus in versions:
        report = parse_paths([corpus])
        if report.failures:
            raise SystemExit(f"cannot parse {corpus}: {report.failures}")
        for doc in report.documents:
            expected[(doc.doc_id, doc.sha256)] = {
                "measures": {m.key: m.to_dict() for m in doc.measures},
                "chunks": {(m.key, n, chunk) for m in doc.measures
                           for n, chunk in enumerate(chunk_text(m.text))},
            }
    return expected


def check_index(data_dir: Path, model: Path, versions: list[Path], complete: Path | None) -> dict:
    """What the index in `data_dir` serves, and every way it falls short (`problems`)."""
    from assistant.service import PolicyAssistant
    from assistant.settings import Settings

    expected = _expected(versions)
    problems: list[str] = []
    report: dict = {"opened": False, "documents": 0, "measures": 0, "stored_chunks": 0,
                    "uncommitted_chunks": 0, "problems": problems}
    assistant = PolicyAssistant(Settings(data_dir=data_dir, model=str(model)))
    index = assistant.index
    try:
        catalog = index.catalog
        report["opened"] = True
        report["documents"] = len(catalog.documents)
        report["measures"] = len(catalog.measures)
        committed_chunks = 0
        for doc_id, doc in sorted(catalog.documents.items()):
            want = expected.get((doc_id, doc.sha256))
            if want is None:
                problems.append(f"{doc_id}: served from an unknown version {doc.sha256[:12]}")
                continue
            served = {m.key: m.to_dict() for m in doc.measures}
            if served != want["measures"]:
                problems.append(f"{doc_id}: half-written: {len(served)} measures served, "
                                f"{len(want['measures'])} parsed")
            chunks = index.store.get(index.names.chunks,
                                     where={"doc_id": doc_id, "doc_sha": doc.sha256})
            stored = {(r.metadata["key"], r.metadata["chunk"], r.text) for r in chunks}
            committed_chunks += len(chunks)
            if stored != want["chunks"]:
                problems.append(f"{doc_id}: {len(stored)} chunks stored, "
                                f"{len(want['chunks'])} expected")
        report["stored_chunks"] = index.store.count(index.names.chunks)
        report["uncommitted_chunks"] = report["stored_chunks"] - committed_chunks
        hits = assistant.search("企业开办", top_k=3)
        answer = assistant.ask(QUESTION)
        report["search_hits"] = len(hits)
        report["answer_found"] = answer.found
        if any(h.measure.key not in catalog.by_key for h in hits):
            problems.append("search returned a measure the catalog does not serve")
        if complete is not None:
            _check_complete(report, catalog, complete, answer, problems)
    except Exception as err:  # the point is to report any failure, whatever it is
        problems.append(f"{type(err).__name__}: {err}")
    report["ok"] = not problems
    return report


def _check_complete(report: dict, catalog, corpus: Path, answer, problems: list[str]) -> None:
    from ingest.pipeline import parse_paths

    parsed = parse_paths([corpus]).documents
    want = {d.doc_id: d.sha256 for d in parsed}
    have = {doc_id: d.sha256 for doc_id, d in catalog.documents.items()}
    if have != want:
        problems.append(f"after recovery: documents {sorted(have)} do not match the corpus "
                        f"{sorted(want)} (or are of another version)")
    total = sum(len(d.measures) for d in parsed)
    if len(catalog.measures) != total:
        problems.append(f"after recovery: {len(catalog.measures)} measures, expected {total}")
    if report["uncommitted_chunks"]:
        problems.append(f"after recovery: {report['uncommitted_chunks']} uncommitted chunks left")
    cited = [c.key for c in answer.citations]
    if QUESTION_KEY in {m.key for m in catalog.measures} and QUESTION_KEY not in cited:
        problems.append(f"after recovery: {QUESTION!r} does not cite {QUESTION_KEY} ({cited})")


# -- the trials -------------------------------------------------------------------------------
def changed_copy(corpus: Path, target: Path) -> Path:
    """The corpus with a newline appended to every file: new sha256, the same parse."""
    target.mkdir(parents=True)
    for path in sorted(corpus.iterdir()):
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes() + b"\n")
    return target


def trial(number: int, mode: str, delay: float, full_s: float, work: Path, model: Path,
          corpus: Path, changed: Path, baseline: Path) -> dict:
    folder = work / f"trial-{number:02d}"
    folder.mkdir()
    data_dir = folder / "data"
    log = folder / "log.txt"
    target = corpus if mode == "fresh" else changed
    if mode == "replace":
        shutil.copytree(baseline, data_dir)
    versions = [corpus, changed]
    result: dict = {"trial": number, "mode": mode, "delay_s": round(delay, 2)}

    process = start_ingest(target, data_dir, model, log)
    try:
        process.wait(timeout=delay)
        result["killed"] = False  # finished before the kill: still checked below
        result["ingest_exit"] = process.returncode
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        result["killed"] = True
    result["after_kill"] = run_check(data_dir, model, versions, None, folder / "after-kill.json", log)

    timeout = max(600.0, 6 * full_s)
    code, seconds = run_ingest(target, data_dir, model, log, timeout)
    result["recovery_exit"] = code
    result["recovery_s"] = round(seconds, 1)
    result["after_recovery"] = run_check(data_dir, model, versions, target,
                                         folder / "after-recovery.json", log)
    result["ok"] = (result["after_kill"]["ok"] and code == 0
                    and result["after_recovery"]["ok"])
    return result


def describe(result: dict, full_s: float) -> str:
    kill = result["after_kill"]
    rec = result["after_recovery"]
    when = (f"killed at {result['delay_s']:5.1f} s of {full_s:.0f} s" if result["killed"]
            else f"finished before {result['delay_s']:.1f} s")
    line = (f"trial {result['trial']:2d} {result['mode']:7s} {when}: "
            f"served {kill['documents']} docs / {kill['measures']} measures, "
            f"{kill['uncommitted_chunks']} uncommitted chunks; "
            f"recovery exit {result['recovery_exit']} in {result['recovery_s']:.0f} s → "
            f"{rec['documents']} docs / {rec['measures']} measures  "
            f"{'ok' if result['ok'] else 'FAILED'}")
    for problem in kill["problems"] + rec["problems"]:
        line += f"\n    {problem}"
    return line


def run_trials(trials: int, seed: int, model: Path, corpus: Path, work: Path) -> dict:
    rng = random.Random(seed)
    baseline = work / "baseline"
    times = []
    # Twice: the first run also warms the page cache, so the second is what trials will see.
    for target in (baseline, work / "timing"):
        code, seconds = run_ingest(corpus, target, model, work / "baseline-log.txt", timeout=1800)
        if code != 0:
            raise SystemExit(f"the baseline ingest failed (exit {code}); "
                             f"see {work / 'baseline-log.txt'}")
        times.append(seconds)
    full_s = min(times)
    print(f"full ingest of {corpus}: {full_s:.1f} s (of {times[0]:.1f} s and {times[1]:.1f} s; "
          "kills fall between 0 and that)", flush=True)
    changed = changed_copy(corpus, work / "corpus-changed")
    results = []
    for number in range(1, trials + 1):
        mode = "fresh" if number % 2 else "replace"
        result = trial(number, mode, rng.uniform(0, full_s), full_s, work, model, corpus,
                       changed, baseline)
        print(describe(result, full_s), flush=True)
        results.append(result)
    failed = [r["trial"] for r in results if not r["ok"]]
    print(f"{trials - len(failed)}/{trials} trials ok (seed {seed})" +
          (f"; failed: {failed}" if failed else ""), flush=True)
    return {"seed": seed, "trials": trials, "full_ingest_s": round(full_s, 1),
            "corpus": str(corpus), "ok": not failed, "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="check one data dir (run in a fresh process)")
    check.add_argument("data_dir", type=Path)
    check.add_argument("--model", type=Path, required=True)
    check.add_argument("--version", type=Path, action="append", default=[])
    check.add_argument("--complete", type=Path)
    check.add_argument("--out", type=Path, required=True)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--model", type=Path, default=os.environ.get("POLICYQA_MODEL"),
                        help="a prepared model folder (default: $POLICYQA_MODEL)")
    parser.add_argument("--corpus", type=Path, default=SHIPPED_CORPUS)
    parser.add_argument("--work", type=Path, help="where the trials' data dirs go (kept)")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)

    if args.command == "check":
        report = check_index(args.data_dir, args.model, args.version, args.complete)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0 if report["ok"] else 1
    if not args.model:
        parser.error("--model (or POLICYQA_MODEL) is required: a prepared model folder")
    work = args.work or Path(tempfile.mkdtemp(prefix="policyqa-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ[CODE_ENV] = str(snapshot_code(work))
    print(f"work dir: {work}", flush=True)
    summary = run_trials(args.trials, args.seed, args.model.resolve(), args.corpus.resolve(), work)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
