"""The public endpoints through the real app over the real index of the shipped corpus."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.api.conftest import parse_sse

QUESTION = "高唐县企业开办最快多久办结？"


def _wait_ready(api) -> dict:
    response = api.get("/readyz")
    # The API waits for start-up; once one call has gone through, /readyz is 200.
    if response.status_code == 503:
        api.get("/api/documents")
        response = api.get("/readyz")
    assert response.status_code == 200, response.text
    return response.json()


def test_healthz_is_alive(api):
    response = api.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_counts_documents_and_measures(api, corpus_assistant):
    body = _wait_ready(api)
    docs = corpus_assistant.documents()
    assert body == {"ready": True, "documents": 6,
                    "measures": sum(len(d.measures) for d in docs),
                    "model": "multilingual-e5-small"}


# -- ask -----------------------------------------------------------------------------------
def test_ask_answers_with_cited_measures(api):
    response = api.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"answer", "found", "intent", "mode", "notes", "citations"}
    assert body["found"] is True
    assert "20分钟" in body["answer"]
    first = body["citations"][0]
    assert first["key"] == "gaotang_2021_19_measures:7"
    assert first["doc_number"] == "高办字〔2021〕11号"
    assert first["number"] == "7" and first["label"] == "第7条"
    assert first["title"] == "高唐县进一步优化营商环境更好服务市场主体十九条措施"
    assert "最快20分钟办结" in first["text"]
    assert first["lead_offices"] == ["县行政审批局"]
    assert "最快20分钟办结" in first["time_limits"]
    assert isinstance(first["score"], float)


def test_ask_follow_up_uses_history_and_filters(api):
    response = api.post("/api/ask", json={
        "question": "最快多久办结？", "history": ["高唐县企业开办便利度有什么措施？"],
        "filters": {"city": "高唐"}, "top_k": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["found"] is True
    assert {c["doc_id"] for c in body["citations"]} <= {
        "gaotang_2021_19_measures", "gaotang_2021_19_measures-2"}


def test_ask_about_nothing_in_the_policies_is_a_plain_refusal(api):
    response = api.post("/api/ask", json={"question": "明天北京天气怎么样？"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["found"] is False
    assert body["citations"] == []
    assert body["answer"]


def test_ask_stream_sends_segments_then_citations_then_done(api):
    with api.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(response.read().decode("utf-8"))
    names = [name for name, _ in events]
    assert names[0] == "segment"
    assert names[-2:] == ["citations", "done"]
    assert set(names[:-2]) == {"segment"}
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "segment") in (
        done["answer"], done["answer"].replace("\n\n", ""))
    assert events[-2][1] == done["citations"]
    assert done["found"] is True
    assert done["citations"][0]["key"] == "gaotang_2021_19_measures:7"


def test_ask_stream_of_a_refusal_still_ends_with_citations_and_done(api):
    response = api.post("/api/ask/stream", json={"question": "明天北京天气怎么样？"})
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert [name for name, _ in events][-2:] == ["citations", "done"]
    assert events[-2][1] == []
    assert events[-1][1]["found"] is False


# -- search --------------------------------------------------------------------------------
def test_search_ranks_measures(api):
    response = api.get("/api/search", params={"q": "出口退税几天办完", "top_k": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == "出口退税几天办完"
    assert 1 <= len(body["hits"]) <= 3
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert any("退税" in h["heading"] or h["time_limits"] for h in body["hits"])
    assert set(body["hits"][0]) == {
        "key", "source", "doc_id", "title", "doc_number", "number", "heading", "score", "dense",
        "keyword", "direct", "lead_offices", "offices", "time_limits", "benefits", "status"}


def test_search_filters_by_city_office_and_time_limit(api):
    response = api.get("/api/search", params={
        "q": "企业开办", "city": "聊城", "has_time_limit": "true", "top_k": 10})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert hits
    assert all(h["doc_id"].startswith("liaocheng") or "gaotang" in h["doc_id"] for h in hits)
    assert all(h["time_limits"] for h in hits)

    response = api.get("/api/search", params={"q": "纳税", "office": "税务局"})
    hits = response.json()["hits"]
    assert hits
    assert all(any("税务局" in o for o in h["lead_offices"] + h["offices"]) for h in hits)


def test_search_with_a_document_filter_and_an_earlier_turn(api):
    response = api.get("/api/search", params=[
        ("q", "要几天？"), ("turn", "企业开办"), ("document", "高办字〔2021〕11号"),
        ("has_benefit", "true")])
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert hits
    assert all(h["doc_number"] == "高办字〔2021〕11号" and h["benefits"] for h in hits)


# -- browsing ------------------------------------------------------------------------------
def test_documents_lists_every_document_newest_first(api):
    response = api.get("/api/documents")
    assert response.status_code == 200
    docs = response.json()["documents"]
    assert len(docs) == 6
    assert {d["doc_number"] for d in docs} >= {"聊政字〔2020〕25号", "高办字〔2021〕11号"}
    issued = [d["issued"] or "" for d in docs]
    assert issued == sorted(issued, reverse=True)
    assert all(d["measure_count"] > 0 for d in docs)
    assert "measures" not in docs[0] and "sha256" not in docs[0]


@pytest.mark.parametrize("ref", ["gaotang_2021_19_measures", "gaotang_2021_19_measures.txt"])
def test_document_by_id_or_file_name(api, ref):
    response = api.get(f"/api/documents/{quote(ref)}")
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["doc_id"] == "gaotang_2021_19_measures"
    assert doc["doc_number"] == "高办字〔2021〕11号"
    assert doc["region"]["county"] == "高唐县"
    assert len(doc["measures"]) == doc["measure_count"] == 19
    seventh = next(m for m in doc["measures"] if m["number"] == "7")
    assert seventh == {"key": "gaotang_2021_19_measures:7", "number": "7", "label": "第7条",
                       "kind": "measure", "heading": "提升企业开办便利度",
                       "lead_offices": ["县行政审批局"], "time_limits": ["最快20分钟办结"]}


def test_document_by_doc_number(api):
    response = api.get("/api/documents/" + quote("聊政字〔2020〕25号"))
    assert response.status_code == 200, response.text
    assert response.json()["doc_id"] == "liaocheng_2020_measures"


def test_measure_full_record(api):
    response = api.get("/api/measures/gaotang_2021_19_measures:7")
    assert response.status_code == 200, response.text
    m = response.json()
    assert m["key"] == "gaotang_2021_19_measures:7"
    assert m["label"] == "第7条" and m["kind"] == "measure"
    assert "最快20分钟办结" in m["text"]
    assert m["lead_offices"] == ["县行政审批局"]
    assert m["time_limits"][0]["text"] == "最快20分钟办结"
    assert {b["text"] for b in m["benefits"]} >= {"零成本"}
    assert len(m["span"]) == 2 and m["span"][0] < m["span"][1]


def test_offices_with_the_measures_they_lead_or_share(api, corpus_assistant):
    response = api.get("/api/offices")
    assert response.status_code == 200
    offices = {o["name"]: o for o in response.json()["offices"]}
    assert "gaotang_2021_19_measures:7" in offices["县行政审批局"]["lead"]
    assert len(offices) == len(corpus_assistant.offices())
    assert all(o["lead"] or o["shared"] for o in offices.values())


# -- not found -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/api/documents/no-such-document",
    "/api/documents/" + quote("聊政字〔2099〕1号"),
    "/api/measures/gaotang_2021_19_measures:999",
    "/api/no-such-endpoint",
    "/nowhere",
])
def test_not_found_is_json(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "detail"} and body["error"]


def test_wrong_method_is_json(api):
    response = api.put("/api/ask", json={"question": QUESTION})
    assert response.status_code == 405
    assert response.json() == {"error": "Method Not Allowed", "detail": None}


# -- documentation -------------------------------------------------------------------------
def test_openapi_shows_chinese_examples(api):
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/ask", "/api/ask/stream", "/api/search", "/api/documents",
            "/api/documents/{doc_id}", "/api/measures/{key}", "/api/offices", "/api/reindex",
            "/healthz", "/readyz"} <= set(paths)
    ask_examples = paths["/api/ask"]["post"]["requestBody"]["content"]["application/json"]
    assert "企业" in str(ask_examples)
    assert "聊政字〔2020〕25号" in str(schema["components"]["schemas"])
    assert "X-Admin-Token" in str(schema["components"]["securitySchemes"])
    assert api.get("/docs").status_code == 200
