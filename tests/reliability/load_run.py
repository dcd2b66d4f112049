"""Load test: N concurrent clients against a real `policyqa serve` on 127.0.0.1 for S seconds.

    .venv/bin/python tests/reliability/load_run.py --clients 64 --seconds 60 --data-dir DIR --model DIR
    .venv/bin/python tests/reliability/load_run.py --url http://127.0.0.1:8000 --pid 1234 ...

With `--data-dir` (an indexed data directory) the script starts its own server on a free
loopback port with the rate limit off and stops it after; with `--url` it uses a running one
(only 127.0.0.1/localhost/::1 are accepted). Each client sends one request after another, a
mix of questions (`/api/ask`, some streamed), searches and document lists, until the time is
up; every loop is bounded by time and by `--max-requests`.

A warm-up phase with every client comes first; then the server's resident memory (VmRSS from
/proc/<pid>/status) is taken, sampled every second during the run, and taken again at the
end. The run passes when no request failed (every answer 200, complete) and the final RSS is
below `--rss-factor` (1.5) times the RSS after warm-up. Prints a summary; `--json` writes it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import numpy as np

REPO = Path(__file__).resolve().parents[2]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
QUESTIONS = [
    "聊城小微企业从申请贷款到放款最多几天？", "出口退税几天办完？", "高唐县企业开办最快多久办结？",
    "在聊城开公司刻章要钱吗？", "威海市工程建设项目审批时限是多少？", "永济市企业开办需要几天？",
    "政府采购中小企业预留份额比例是多少？", "水电气报装要多久？", "不动产登记多长时间办完？",
    "由哪个部门牵头优化纳税服务？", "今天天气怎么样？",
]
SEARCHES = ["出口退税", "企业开办", "不动产登记", "用电报装", "融资担保"]


# -- the server -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, model: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    env.update(POLICYQA_DATA_DIR=str(data_dir), POLICYQA_MODEL=str(model),
               POLICYQA_ASK_RATE_PER_MINUTE="0", ANONYMIZED_TELEMETRY="False",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    script = Path(sys.executable).parent / "policyqa"
    command = [str(script)] if script.exists() else [
        sys.executable, "-c", "from assistant.cli import main; main()"]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{port}"


def wait_ready(url: str, process: subprocess.Popen | None, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=url, trust_env=False, timeout=5) as client:
        while time.monotonic() < deadline:
            try:
                if client.get("/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if process is not None and process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode}")
            time.sleep(0.3)
    raise SystemExit(f"{url} not ready within {timeout:.0f} s")


def serving_pid(pid: int) -> int:
    """The process that serves: `policyqa serve` runs the server as its one child."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = children.read_text().split() if children.exists() else []
    return int(found[0]) if found else pid


def rss_mb(pid: int) -> float:
    pid = serving_pid(pid)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


# -- the clients ----------------------------------------------------------------------------------
class Results:
    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.statuses: dict[str, int] = {}

    def add(self, kind: str, seconds: float, status: str, problem: str | None) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if problem is not None and len(self.errors) < 50:
            self.errors.append(problem)

    @property
    def count(self) -> int:
        return sum(map(len, self.latencies.values()))

    @property
    def error_count(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")


async def one_request(client: httpx.AsyncClient, n: int) -> tuple[str, str, str | None]:
    """Send the n-th request of the mix; (kind, status, problem or None)."""
    slot = n % 20
    if slot < 13:
        question = QUESTIONS[n % len(QUESTIONS)]
        response = await client.post("/api/ask", json={"question": question})
        ok = response.status_code == 200 and "answer" in response.json()
        return "ask", str(response.status_code), None if ok else f"ask {question}: {response.text[:200]}"
    if slot < 15:
        question = QUESTIONS[n % len(QUESTIONS)]
        async with client.stream("POST", "/api/ask/stream", json={"question": question}) as stream:
            body = (await stream.aread()).decode("utf-8")
        ok = stream.status_code == 200 and "event: done" in body and "event: error" not in body
        return "ask/stream", str(stream.status_code), None if ok else f"stream: {body[-200:]}"
    if slot < 18:
        response = await client.get("/api/search", params={"q": SEARCHES[n % len(SEARCHES)]})
        ok = response.status_code == 200 and response.json()["hits"]
        return "search", str(response.status_code), None if ok else f"search: {response.text[:200]}"
    response = await client.get("/api/documents")
    ok = response.status_code == 200 and response.json()["documents"]
    return "documents", str(response.status_code), None if ok else f"documents: {response.text[:200]}"


async def client_loop(client: httpx.AsyncClient, offset: int, until: float, cap: int,
                      results: Results) -> None:
    for n in range(offset, offset + cap):
        if time.monotonic() >= until:
            return
        started = time.monotonic()
        try:
            kind, status, problem = await one_request(client, n)
        except Exception as err:  # timeouts, dropped connections: each one is an error
            kind, status, problem = "error", type(err).__name__, repr(err)
        results.add(kind, time.monotonic() - started, status, problem)


async def phase(url: str, clients: int, seconds: float, cap: int) -> tuple[Results, float]:
    results = Results()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, trust_env=False, limits=limits,
                                 timeout=httpx.Timeout(120, connect=10)) as client:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(client_loop(client, i * 7, until, cap, results)
                               for i in range(clients)))
    return results, time.monotonic() - started


async def sample_rss(pid: int, every: float, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_mb(pid))
        with contextlib.suppress(TimeoutError):  # the usual case: a second went by
            await asyncio.wait_for(stop.wait(), timeout=every)


async def run(url: str, pid: int | None, clients: int, seconds: float, warmup: float,
              cap: int) -> dict:
    await phase(url, clients, warmup, cap)
    warm_rss = rss_mb(pid) if pid else None
    samples: list[float] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, 1.0, samples, stop)) if pid else None
    results, elapsed = await phase(url, clients, seconds, cap)
    stop.set()
    if sampler:
        await sampler
    final_rss = rss_mb(pid) if pid else None
    return summary(results, elapsed, clients, seconds, warm_rss, final_rss, samples)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0–1) of the values, 0.0 for none."""
    return float(np.quantile(values, q, method="nearest")) if values else 0.0


def summary(results: Results, elapsed: float, clients: int, seconds: float,
            warm_rss: float | None, final_rss: float | None, samples: list[float]) -> dict:
    every = [t for values in results.latencies.values() for t in values]
    by_kind = {kind: {"requests": len(values), "p50_ms": round(percentile(values, 0.5) * 1000),
                      "p95_ms": round(percentile(values, 0.95) * 1000),
                      "max_ms": round(max(values) * 1000)}
               for kind, values in sorted(results.latencies.items())}
    out = {"clients": clients, "seconds": seconds, "elapsed_s": round(elapsed, 1),
           "requests": results.count, "errors": results.error_count,
           "statuses": results.statuses, "requests_per_s": round(results.count / elapsed, 1),
           "p50_ms": round(percentile(every, 0.5) * 1000),
           "p95_ms": round(percentile(every, 0.95) * 1000),
           "p99_ms": round(percentile(every, 0.99) * 1000),
           "max_ms": round(max(every, default=0) * 1000), "by_kind": by_kind,
           "first_errors": results.errors[:10]}
    if warm_rss is not None:
        out.update(rss_after_warmup_mb=round(warm_rss), rss_final_mb=round(final_rss),
                   rss_max_mb=round(max(samples, default=final_rss)),
                   rss_growth=round(final_rss / warm_rss, 3))
    return out


def describe(result: dict) -> str:
    lines = [f"{result['clients']} clients × {result['seconds']:g} s: {result['requests']} requests "
             f"({result['requests_per_s']}/s), {result['errors']} errors; latency p50 "
             f"{result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
             f"max {result['max_ms']} ms"]
    for kind, stats in result["by_kind"].items():
        lines.append(f"  {kind:11s} {stats['requests']:6d} requests  p50 {stats['p50_ms']:6d} ms"
                     f"  p95 {stats['p95_ms']:6d} ms  max {stats['max_ms']:6d} ms")
    if "rss_final_mb" in result:
        lines.append(f"server RSS: {result['rss_after_warmup_mb']} MB after warm-up, "
                     f"{result['rss_max_mb']} MB at most, {result['rss_final_mb']} MB at the end "
                     f"(×{result['rss_growth']})")
    lines.extend(f"  error: {e}" for e in result["first_errors"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client")
    parser.add_argument("--url", help="a running server on loopback (else one is started)")
    parser.add_argument("--pid", type=int, help="the running server's pid, for its RSS")
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("POLICYQA_DATA_DIR"))
    parser.add_argument("--model", type=Path, default=os.environ.get("POLICYQA_MODEL") or "")
    parser.add_argument("--rss-factor", type=float, default=1.5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    process = None
    url, pid = args.url, args.pid
    if url:
        if urlparse(url).hostname not in LOOPBACK:
            parser.error("--url must be on this machine (127.0.0.1, localhost or ::1)")
    else:
        if not args.data_dir:
            parser.error("give --url, or --data-dir (or POLICYQA_DATA_DIR) of an indexed data dir")
        log = Path(tempfile.mkdtemp(prefix="policyqa-load-")) / "server.log"
        process, url = start_server(args.data_dir, args.model, log)
        pid = process.pid
        print(f"server log: {log}", flush=True)
    try:
        wait_ready(url, process)
        result = asyncio.run(run(url, pid, args.clients, args.seconds, args.warmup,
                                 args.max_requests))
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    result["ok"] = result["errors"] == 0 and result["requests"] > 0 and (
        "rss_growth" not in result or result["rss_growth"] < args.rss_factor)
    print(describe(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
