"""Admin and abuse controls over real sockets: every write endpoint needs the token, none is
open without one configured, the token is never logged, questions are rate-limited per client.

The app runs under uvicorn in this process (a thread on a free 127.0.0.1 port) so that its
loggers and uvicorn's own can be captured whole.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from assistant.api.app import create_app
from assistant.api.dependencies import ADMIN_DISABLED
from tests.reliability.conftest import ADMIN_TOKEN
from tests.servers import answers_ok, free_port

# Routes that change nothing although they are not GET: they take a JSON body.
READ_ONLY_POSTS = {("POST", "/api/ask"), ("POST", "/api/ask/stream"), ("POST", "/api/match")}
KNOWN_WRITES = {("POST", "/api/documents"), ("DELETE", "/api/documents/{doc_id}"),
                ("POST", "/api/reindex")}
QUESTION = "高唐县企业开办最快多久办结？"


@contextmanager
def uvicorn_thread(app, **config) -> Iterator[str]:
    """`app` under a real uvicorn server in a thread; yields its URL once /readyz is 200."""
    port = free_port()
    # As `policyqa serve` runs it: X-Forwarded-For is the app's to read, not uvicorn's.
    config.setdefault("proxy_headers", False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        assert answers_ok(f"{url}/readyz", thread.is_alive, 120, 0.1), "uvicorn did not start"
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _settings(corpus_assistant, **overrides):
    return corpus_assistant.settings.model_copy(update={
        "admin_token": ADMIN_TOKEN, "ask_rate_per_minute": 0, "cors_origins": [],
        "admin_failures_per_minute": 0, **overrides})


def _write_routes(app) -> set[tuple[str, str]]:
    """Every non-GET operation of the app's schema but the read-only POSTs."""
    return {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
            for method in operations if method not in ("get", "head")
            and (method.upper(), path) not in READ_ONLY_POSTS}


def _request(client: httpx.Client, method: str, path: str, **headers: str) -> httpx.Response:
    path = path.replace("{doc_id}", "gaotang_2021_19_measures")  # a real one: a bypass would show
    files = [("files", ("高唐县.txt", b"\xe4\xb8\x80"))] if path == "/api/documents" else None
    return client.request(method, path, headers=headers, files=files if method == "POST" else None)


def test_every_write_endpoint_needs_the_token(corpus_assistant):
    app = create_app(_settings(corpus_assistant), assistant=corpus_assistant, with_ui=False)
    writes = _write_routes(app)
    assert writes >= KNOWN_WRITES
    paths = app.openapi()["paths"]
    for method, path in writes:  # declared, not just observed: the schema says so too
        assert {"admin token": []} in paths[path][method.lower()].get("security", []), path
    with uvicorn_thread(app) as url, httpx.Client(base_url=url, trust_env=False,
                                                  timeout=60) as client:
        for method, path in sorted(writes):
            for headers in ({}, {"X-Admin-Token": ""}, {"X-Admin-Token": "wrong"},
                            {"X-Admin-Token": ADMIN_TOKEN.upper()},
                            {"X-Admin-Token": ADMIN_TOKEN[:-1]},
                            {"Authorization": f"Bearer {ADMIN_TOKEN}"}):
                response = _request(client, method, path, **headers)
                assert response.status_code == 401, (method, path, headers, response.text)
            # The token in the query string is not the token either.
            response = client.request(method, path.replace("{doc_id}", "x"),
                                      params={"X-Admin-Token": ADMIN_TOKEN})
            assert response.status_code == 401, (method, path)
        assert len(client.get("/api/documents").json()["documents"]) == 6


def test_without_a_configured_token_write_endpoints_are_disabled(corpus_assistant):
    app = create_app(_settings(corpus_assistant, admin_token=None), assistant=corpus_assistant,
                     with_ui=False)
    with uvicorn_thread(app) as url, httpx.Client(base_url=url, trust_env=False,
                                                  timeout=60) as client:
        for method, path in sorted(_write_routes(app)):
            for headers in ({}, {"X-Admin-Token": ""}, {"X-Admin-Token": "anything"}):
                response = _request(client, method, path, **headers)
                assert response.status_code == 403, (method, path, response.text)
                assert response.json() == {"error": ADMIN_DISABLED, "detail": None}
        assert len(client.get("/api/documents").json()["documents"]) == 6


@pytest.mark.parametrize("access_log", [False, True], ids=["policyqa serve", "uvicorn --factory"])
def test_the_token_is_never_logged(corpus_assistant, caplog, access_log):
    """Every log record of the app, of uvicorn (access log; trace, its most verbose level) and
    of anything else in the process."""
    app = create_app(_settings(corpus_assistant), assistant=corpus_assistant, with_ui=False)
    auth = {"X-Admin-Token": ADMIN_TOKEN}
    caplog.set_level(logging.DEBUG)
    with uvicorn_thread(app, access_log=access_log, log_level="trace") as url, \
            httpx.Client(base_url=url, trust_env=False, timeout=120) as client:
        responses = [
            client.post("/api/reindex", headers=auth),  # the shipped corpus: all unchanged
            client.post("/api/documents", headers=auth,
                        files=[("files", ("纪要.txt", b"\x1f\x8b\x08\x00" + bytes(64)))]),
            client.delete("/api/documents/no-such-document", headers=auth),
            client.delete("/api/documents/no-such-document",
                          headers={"X-Admin-Token": ADMIN_TOKEN + "x"}),
            client.post("/api/ask", headers=auth, json={"question": QUESTION}),
            client.post("/api/ask", headers=auth, content=b"{broken"),
            client.get("/api/nowhere", headers=auth),
        ]
    assert [r.status_code for r in responses] == [200, 422, 404, 401, 200, 422, 404]
    for response in responses:
        assert ADMIN_TOKEN not in response.text
    logged = [(r.name, r.getMessage(), r.exc_text or "") for r in caplog.records]
    assert any(name == "policyqa.api" and "POST /api/reindex 200" in message
               for name, message, _ in logged)
    if access_log:
        assert any(name == "uvicorn.access" for name, _, _ in logged)
    for name, message, exc_text in logged:
        assert ADMIN_TOKEN not in message and ADMIN_TOKEN not in exc_text, (name, message)


def test_questions_are_limited_per_client_with_retry_after(corpus_assistant):
    app = create_app(_settings(corpus_assistant, ask_rate_per_minute=3,
                               trusted_proxies=["127.0.0.1"]),
                     assistant=corpus_assistant, with_ui=False)

    def client_from(address: str) -> httpx.Client:
        return httpx.Client(base_url=url, trust_env=False, timeout=60,
                            transport=httpx.HTTPTransport(local_address=address))

    with uvicorn_thread(app) as url:
        with client_from("127.0.0.1") as first:
            asked = [first.post("/api/ask", json={"question": QUESTION}) for _ in range(2)]
            asked.append(first.post("/api/ask/stream", json={"question": QUESTION}))
            assert [r.status_code for r in asked] == [200, 200, 200]
            for path in ("/api/ask", "/api/ask/stream"):
                refused = first.post(path, json={"question": QUESTION})
                assert refused.status_code == 429, refused.text
                wait = int(refused.headers["Retry-After"])
                assert 1 <= wait <= 60
                assert refused.json()["error"].startswith("too many questions: at most 3 a minute")
            # Searching is a way into answering too (issue 19); browsing is not limited.
            assert first.get("/api/search", params={"q": "企业开办"}).status_code == 429
            assert first.get("/api/documents").status_code == 200
        with client_from("127.0.0.2") as second:  # another client has its own budget
            assert second.post("/api/ask", json={"question": QUESTION}).status_code == 200
        # Behind a configured reverse proxy (POLICYQA_TRUSTED_PROXIES), the client is the
        # one it names; from anyone else the header is ignored.
        with client_from("127.0.0.2") as spoofer:
            spoofed = spoofer.post("/api/ask", json={"question": QUESTION},
                                   headers={"X-Forwarded-For": "10.0.0.9"})
            assert spoofed.status_code == 200  # its own (second) question, not 10.0.0.9's
            assert [spoofer.post("/api/ask", json={"question": QUESTION},
                                 headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
                    for n in range(2)] == [200, 429]
        with client_from("127.0.0.1") as proxy:
            for client_ip in ("203.0.113.5", "203.0.113.6"):
                forwarded = {"X-Forwarded-For": client_ip}
                statuses = [proxy.post("/api/ask", json={"question": QUESTION},
                                       headers=forwarded).status_code for _ in range(4)]
                assert statuses == [200, 200, 200, 429], (client_ip, statuses)
