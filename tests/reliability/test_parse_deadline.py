"""A file whose parse passes its deadline (`parse_seconds`) is stopped, reported in Chinese
and skipped; the other files of its batch are ingested (issue 19, finding 6's parse time)."""

from __future__ import annotations

import time

import pytest

from tests.api.conftest import DONGCHANG
from tests.api.test_admin import AUTH, _doc_ids, _env
from tests.reliability.conftest import cli_env, run_cli

OTHER = DONGCHANG.replace("东昌府区", "茌平区").replace("东政字", "茌政字")
DEADLINE_S = 1.0


def slow_policy(lines: int = 8000) -> str:
    """A real policy shape, long enough that parsing it takes many times DEADLINE_S (about
    10 s on this machine; parse time grows with its measures)."""
    body = [f"{n}.压缩企业开办时间。企业开办全流程压缩至{n % 9 + 1}个工作日内办结，印章刻制"
            f"费用由市财政承担。（牵头单位：市行政审批服务局）" for n in range(1, lines + 1)]
    return "\n\n".join(["某市人民政府关于印发优化营商环境若干措施的通知", *body])


@pytest.fixture
def env(tmp_path, prepared_model_dir, embedder):
    admin = _env(tmp_path, prepared_model_dir, embedder, parse_seconds=DEADLINE_S)
    with admin.client:
        yield admin


def test_an_upload_past_its_parse_deadline_is_skipped_and_the_batch_goes_on(env):
    assert env.client.post("/api/reindex", headers=AUTH).status_code == 200
    started = time.monotonic()
    response = env.upload(("slow.txt", slow_policy().encode()), ("chiping.txt", OTHER.encode()))
    took = time.monotonic() - started
    assert response.status_code == 200, response.text
    results = {r["file"]: r for r in response.json()["files"]}
    assert results["slow.txt"]["status"] == "failed"
    assert "解析超时" in results["slow.txt"]["error"]
    assert results["chiping.txt"]["status"] == "added"
    assert _doc_ids(env.client) == {"dongchang_2023_measures", "chiping"}
    assert not (env.data_dir / "uploads" / "slow.txt").exists()
    assert took < 60, f"the batch took {took:.0f} s"


def test_a_dry_run_reports_the_file_past_its_deadline(tmp_path, prepared_model_dir):
    (tmp_path / "slow.txt").write_text(slow_policy(), encoding="utf-8")
    (tmp_path / "chiping.txt").write_text(OTHER, encoding="utf-8")
    cli = run_cli("ingest", "--dry-run", "--json", str(tmp_path / "slow.txt"),
                  str(tmp_path / "chiping.txt"),
                  env=cli_env(tmp_path / "data", prepared_model_dir, parse_seconds=DEADLINE_S),
                  timeout=300)
    assert cli.returncode == 1
    assert "slow.txt: 解析超时" in cli.stderr
    assert '"doc_id": "chiping"' in cli.stdout and '"doc_id": "slow"' not in cli.stdout
