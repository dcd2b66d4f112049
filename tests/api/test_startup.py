"""Start-up: the model and index load once; /readyz and the API say when that failed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.api.conftest import ADMIN_TOKEN, app_client, parse_sse
from tests.conftest import make_settings


@pytest.fixture
def broken_settings(tmp_path):
    """Settings naming a model folder that does not exist."""
    return make_settings(tmp_path / "data", tmp_path / "no-such-model", admin_token=ADMIN_TOKEN)


def test_a_model_that_cannot_load_keeps_the_app_alive_but_not_ready(broken_settings):
    with app_client(broken_settings, None) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        response = client.post("/api/ask", json={"question": "企业开办要几天？"})
        assert response.status_code == 503
        assert "no-such-model" in response.json()["error"]

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert set(ready.json()) == {"error", "detail"}
        assert "no-such-model" in ready.json()["error"]

        stream = client.post("/api/ask/stream", json={"question": "企业开办要几天？"})
        assert stream.status_code == 503
        assert client.get("/api/documents").status_code == 503
        # The admin token is checked before anything waits for the model.
        assert client.post("/api/reindex").status_code == 401
        assert client.post("/api/reindex", headers={"X-Admin-Token": ADMIN_TOKEN}).status_code == 503


def test_a_failure_after_the_stream_started_is_its_last_event(broken_settings):
    # Without start-up (no lifespan) the model loads on first use, inside the stream.
    client = app_client(broken_settings, None)
    response = client.post("/api/ask/stream", json={"question": "企业开办要几天？"})
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert [name for name, _ in events] == ["error"]
    error = events[0][1]
    assert error["status"] == 503 and "no-such-model" in error["error"]
    assert set(error) == {"error", "detail", "status"}


def test_the_web_ui_is_mounted_behind_the_api(public_settings, corpus_assistant):
    app = create_app(public_settings, assistant=corpus_assistant, with_ui=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert client.get("/api/documents").json()["documents"]
        assert client.get("/healthz").json() == {"status": "ok"}
        missing = client.get("/api/no-such-endpoint")
        assert missing.status_code == 404
        assert missing.json() == {"error": "no such endpoint: /api/no-such-endpoint",
                                  "detail": None}
        assert client.get("/docs").status_code == 200
