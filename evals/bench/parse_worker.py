"""What parsing in a worker process (`assistant.parsing`) costs an ingest:
`python -m evals.bench.parse_worker [--rounds N] [CORPUS]`.

Each round runs two fresh processes, as a `policyqa ingest` is one, alternating: one parses
the corpus in its own process (screening and `ingest.pipeline.parse_paths`, as before the
worker), the other through the worker with its deadline (`assistant.parsing.parse_files`,
the forkserver and the worker started from cold). Printed: the medians of the parse call's
wall time in each, and of a second call in the same process (a server's next upload).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, sys, time
from pathlib import Path
paths = [Path(sys.argv[2])]
def in_process():
    from assistant import archives
    from ingest.pipeline import iter_policy_files, parse_paths
    return parse_paths(archives.screen(iter_policy_files(paths))[0])
def worker():
    from assistant.parsing import parse_files
    return parse_files(paths, seconds=60)
def main():
    run = in_process if sys.argv[1] == "in-process" else worker
    times = []
    for _ in range(2):
        started = time.perf_counter()
        report = run()
        times.append(time.perf_counter() - started)
    print(json.dumps({"first": times[0], "second": times[1], "measures": report.measure_count}))
if __name__ == "__main__":
    main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path,
                        default=Path(__file__).parents[2] / "data" / "policies")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, list[dict]] = {"in-process": [], "worker": []}
    for _ in range(args.rounds):
        for way in figures:
            out = subprocess.run([sys.executable, "-c", _CHILD, way, str(args.corpus)],
                                 capture_output=True, text=True, check=True)
            figures[way].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'parse of':<12} {'measures':>8} {'first call s':>13} {'second call s':>14}")
    for way, runs in figures.items():
        first = statistics.median(r["first"] for r in runs)
        second = statistics.median(r["second"] for r in runs)
        print(f"{way:<12} {runs[0]['measures']:>8} {first:>13.2f} {second:>14.2f}")
    ratio = [statistics.median(r[k] for r in figures["worker"])
             / statistics.median(r[k] for r in figures["in-process"]) for k in ("first", "second")]
    print(f"worker / in-process: first call {ratio[0]:.2f}×, second call {ratio[1]:.2f}×")


if __name__ == "__main__":
    main()
