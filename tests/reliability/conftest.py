"""Helpers for the reliability checks: the real CLI and a real server in child processes.

Everything runs against 127.0.0.1 only, and every loop is bounded in count and time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.servers import answers_ok, free_port, stop, tail

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 180.0
ADMIN_TOKEN = "rel-admin-token-7f3a9c"

# A small policy in the shape of the shipped ones; `{place}` and `{number}` make variants.
POLICY = """{place}人民政府

{short}政字〔2023〕{number}号

{place}人民政府关于印发进一步优化营商环境若干措施的通知

各有关单位：

现将《{place}进一步优化营商环境若干措施》印发给你们，请认真贯彻执行。

{place}人民政府
2023年3月1日

{place}进一步优化营商环境若干措施

一、提升政务服务效率

1.压缩企业开办时间。企业开办全流程压缩至1个工作日内办结，新开办企业印章刻制费用由区财政承担。（牵头单位：{short}行政审批服务局）

2.优化不动产登记。一般不动产登记时间压缩至3个工作日以内。（牵头单位：{short}自然资源局）

二、降低企业经营成本

3.减轻用电负担。小微企业用电报装实行零上门、零审批、零投资。（牵头单位：{short}发展改革局；责任单位：国网{place}供电公司）
"""


def policy(place: str, short: str, number: int) -> str:
    """A three-measure policy of `place` (东昌府区, with `short` 东 as in 东政字)."""
    return POLICY.format(place=place, short=short, number=number)


def policyqa_command() -> list[str]:
    """The installed console script, as an operator runs it."""
    script = Path(sys.executable).parent / "policyqa"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from assistant.cli import main; main()"]


def cli_env(data_dir: Path, model_dir: Path, **settings: object) -> dict[str, str]:
    """A child's environment: only the POLICYQA_ settings given, offline, no proxies."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POLICYQA_") and k.lower() not in ("http_proxy", "https_proxy",
                                                                   "all_proxy")}
    env.update(POLICYQA_DATA_DIR=str(data_dir), POLICYQA_MODEL=str(model_dir),
               ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               NO_PROXY="127.0.0.1,localhost")
    env.update({f"POLICYQA_{k.upper()}": str(v) for k, v in settings.items()})
    return env


def run_cli(*args: str, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([*policyqa_command(), *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def lock_holders(lock: Path) -> set[int]:
    """Pids holding an flock on `lock`, from /proc/locks (taking the lock ourselves to look
    would make a starting ingest fail)."""
    try:
        inode = lock.stat().st_ino
    except FileNotFoundError:
        return set()
    holders = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF" (blocked waiters have "->")
        if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":
            continue
        if int(fields[5].rsplit(":", 1)[1]) == inode:
            holders.add(int(fields[4]))
    return holders


@dataclass
class Server:
    """A `policyqa serve --no-ui` child process on a free loopback port."""

    url: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def client(self, timeout: float = 120) -> httpx.Client:
        return httpx.Client(base_url=self.url, trust_env=False, timeout=timeout)


@contextmanager
def serve(data_dir: Path, model_dir: Path, log: Path, **settings: object) -> Iterator[Server]:
    """Start `policyqa serve --no-ui` and wait until /readyz answers 200; stop it after."""
    port = free_port()
    env = cli_env(data_dir, model_dir, **settings)
    with log.open("ab") as out:  # a file, not a pipe: a full pipe would block the server
        process = subprocess.Popen(
            [*policyqa_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        if not answers_ok(f"{server.url}/readyz", lambda: process.poll() is None,
                          START_TIMEOUT_S, 0.3):
            pytest.fail(f"server not ready (exit code {process.poll()}):\n{tail(log)}",
                        pytrace=False)
        yield server
    finally:
        stop(process)

