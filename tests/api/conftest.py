"""Fixtures for the HTTP API: the real app over the real index, through TestClient."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app

ADMIN_TOKEN = "s3cret-admin-token"

# A small real-looking policy: three numbered measures with offices and time limits.
DONGCHANG = """东昌府区人民政府

东政字〔2023〕7号

东昌府区人民政府关于印发进一步优化营商环境若干措施的通知

各街道办事处、镇人民政府，区政府各部门：

现将《东昌府区进一步优化营商环境若干措施》印发给你们，请认真贯彻执行。

东昌府区人民政府
2023年3月1日

东昌府区进一步优化营商环境若干措施

一、提升政务服务效率

1.压缩企业开办时间。企业开办全流程压缩至1个工作日内办结，新开办企业印章刻制费用由区财政承担。（牵头单位：区行政审批服务局）

2.优化不动产登记。一般不动产登记时间压缩至3个工作日以内。（牵头单位：区自然资源局）

二、降低企业经营成本

3.减轻用电负担。小微企业用电报装实行零上门、零审批、零投资。（牵头单位：区发展改革局；责任单位：国网东昌府供电公司）
"""
# A .txt that is no text at all (a gzip archive renamed): the one kind of file still refused.
UNREADABLE = b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4


def parse_sse(text: str) -> list[tuple[str, object]]:
    """A text/event-stream body as [(event, decoded JSON data)]; comments (pings) skipped."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:"):].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:"):].removeprefix(" "))
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


def app_client(settings, assistant, **client_options) -> TestClient:
    """A TestClient over create_app (no UI); use it as a context manager (runs start-up)."""
    app = create_app(settings, assistant=assistant, with_ui=False)
    return TestClient(app, raise_server_exceptions=False, **client_options)


@pytest.fixture(scope="session")
def public_settings(corpus_assistant):
    """The shared index's settings with admin endpoints off and no rate limit."""
    return corpus_assistant.settings.model_copy(
        update={"admin_token": None, "ask_rate_per_minute": 0, "cors_origins": []})


@pytest.fixture(scope="session")
def api(public_settings, corpus_assistant) -> Iterator[TestClient]:
    """The API over the five shipped files, started (model and index loaded)."""
    with app_client(public_settings, corpus_assistant) as client:
        assert client.get("/readyz").status_code in (200, 503)
        yield client
