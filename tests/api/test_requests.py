"""Limits, malformed bodies and error shapes: every refusal is JSON with a reason."""

from __future__ import annotations

import logging

import pytest

from tests.api.conftest import app_client

QUESTION = "高唐县企业开办最快多久办结？"


def _refusal(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] and "Traceback" not in response.text
    return body


@pytest.mark.parametrize(("body", "field"), [
    ({"question": "企" * 501}, "question"),
    ({"question": ""}, "question"),
    ({"question": " \u3000\n"}, "question"),
    ({}, "question"),
    ({"question": 42}, "question"),
    ({"question": QUESTION, "history": ["上一个问题"] * 11}, "history"),
    ({"question": QUESTION, "history": ["企" * 501]}, "history.0"),
    ({"question": QUESTION, "history": "不是列表"}, "history"),
    ({"question": QUESTION, "top_k": 0}, "top_k"),
    ({"question": QUESTION, "top_k": 21}, "top_k"),
    ({"question": QUESTION, "top_k": "五"}, "top_k"),
    ({"question": QUESTION, "filters": {"city": ["聊城"]}}, "filters.city"),
    ({"question": QUESTION, "filters": {"province": "山东"}}, "filters.province"),
    ({"question": QUESTION, "filter": {"city": "聊城"}}, "filter"),
])
@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_ask_limits_are_422_with_the_field_named(api, path, body, field):
    problem = _refusal(api.post(path, json=body), 422)
    assert problem["error"].startswith(f"invalid request: {field}: ")
    assert problem["detail"][0]["field"] == field
    assert problem["detail"][0]["in"] == "body"
    assert "input" not in problem["detail"][0]  # the offending value is not echoed back


def test_limits_accept_the_largest_allowed_request(api):
    response = api.post("/api/ask", json={
        "question": "企业开办" * 125, "history": ["企业开办要几天？" + "。" * 492] * 10, "top_k": 20})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("content", "content_type"), [
    (b'{"question": ', "application/json"),
    (b'{"question": "\xe4\xbc', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"null", "application/json"),
    (b'"just a string"', "application/json"),
    (b"question=hello", "application/x-www-form-urlencoded"),
    (QUESTION.encode(), "text/plain"),
    (b"", "application/json"),
])
def test_malformed_bodies_are_4xx_json(api, content, content_type):
    response = api.post("/api/ask", content=content, headers={"content-type": content_type})
    assert 400 <= response.status_code < 500
    _refusal(response, response.status_code)


def test_invalid_json_says_so(api):
    problem = _refusal(api.post("/api/ask", content=b'{"question": "a",}',
                                headers={"content-type": "application/json"}), 422)
    assert problem["error"].startswith("invalid request: invalid JSON")


@pytest.mark.parametrize(("params", "field"), [
    ({}, "q"),
    ({"q": ""}, "q"),
    ({"q": "企" * 501}, "q"),
    ({"q": "开办", "top_k": 0}, "top_k"),
    ({"q": "开办", "top_k": 21}, "top_k"),
    ({"q": "开办", "top_k": "many"}, "top_k"),
    ({"q": "开办", "has_benefit": "maybe"}, "has_benefit"),
    ([("q", "开办")] + [("turn", "上一句")] * 11, "turn"),
])
def test_search_limits_are_422(api, params, field):
    problem = _refusal(api.get("/api/search", params=params), 422)
    assert (problem["detail"][0]["field"], problem["detail"][0]["in"]) == (field, "query")


def test_oversized_json_body_is_refused_from_its_length(api):
    body = b'{"question": "' + "企".encode() * 30_000 + b'"}'
    problem = _refusal(api.post("/api/ask", content=body,
                                headers={"content-type": "application/json"}), 413)
    assert "too large" in problem["error"]


def test_oversized_streamed_body_is_refused_while_it_arrives(api):
    def chunks():
        yield b'{"question": "'
        for _ in range(100):
            yield "企".encode() * 1000
        yield b'"}'

    # A generator body goes out chunked, without a Content-Length.
    response = api.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert "too large" in _refusal(response, 413)["error"]


def test_unexpected_errors_are_a_bare_500_and_logged(api, corpus_assistant, monkeypatch, caplog):
    def broken():
        raise RuntimeError("secret internals at /srv/policyqa")

    monkeypatch.setattr(corpus_assistant, "offices", broken)
    with caplog.at_level(logging.ERROR, logger="policyqa.api"):
        response = api.get("/api/offices")
    assert _refusal(response, 500) == {"error": "internal server error", "detail": None}
    assert "secret" not in response.text
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


def test_rate_limit_per_client(public_settings, corpus_assistant):
    settings = public_settings.model_copy(update={"ask_rate_per_minute": 2})
    with app_client(settings, corpus_assistant) as client:
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        assert client.post("/api/ask/stream", json={"question": QUESTION}).status_code == 200
        for path in ("/api/ask", "/api/ask/stream"):
            response = client.post(path, json={"question": QUESTION})
            problem = _refusal(response, 429)
            assert "at most 2 a minute" in problem["error"]
            assert 1 <= int(response.headers["retry-after"]) <= 60
        # Search is a way into answering too (issue 19); browsing is not limited.
        assert client.get("/api/search", params={"q": "企业开办"}).status_code == 429
        assert client.get("/api/documents").status_code == 200


def test_cors_allows_only_configured_origins(public_settings, corpus_assistant):
    settings = public_settings.model_copy(update={"cors_origins": ["https://zwfw.example.gov.cn"]})
    with app_client(settings, corpus_assistant) as client:
        preflight = client.options("/api/ask", headers={
            "Origin": "https://zwfw.example.gov.cn", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://zwfw.example.gov.cn"
        response = client.get("/api/documents", headers={"Origin": "https://zwfw.example.gov.cn"})
        assert response.headers["access-control-allow-origin"] == "https://zwfw.example.gov.cn"
        response = client.get("/api/documents", headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in response.headers


def test_no_cors_headers_unless_configured(api):
    response = api.get("/api/documents", headers={"Origin": "https://zwfw.example.gov.cn"})
    assert "access-control-allow-origin" not in response.headers


def test_requests_are_logged_with_status_and_time(api, caplog):
    with caplog.at_level(logging.INFO, logger="policyqa.api"):
        api.get("/api/documents")
        api.post("/api/reindex", headers={"X-Admin-Token": "token-that-must-not-be-logged"})
    lines = [r.getMessage() for r in caplog.records if r.name == "policyqa.api"]
    assert any(" GET /api/documents 200 " in line and line.endswith(" ms") for line in lines)
    assert any(" POST /api/reindex 403 " in line for line in lines)
    assert "token-that-must-not-be-logged" not in caplog.text
