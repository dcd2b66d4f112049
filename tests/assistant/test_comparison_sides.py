"""A comparison's side is searched for the matter compared, in its own document.

Oracle: the question read by hand — 热线条例 (the kind both titles end with) and the places name
the documents compared; 承办单位接到热线事项后…办完 is the matter asked of each.
"""

from __future__ import annotations

from assistant import comparison
from assistant.query import Query
from ingest.records import PolicyDocument

DOCS = {
    "wf": PolicyDocument(doc_id="wf", source="wf.md", title="潍坊市12345政务服务便民热线条例"),
    "ay": PolicyDocument(doc_id="ay", source="ay.md", title="安阳市政务服务热线条例"),
}


def _query(question: str, **kw) -> Query:
    return Query(question=question, turns=(), search_text=question, intent="compare",
                 is_followup=False, doc_ids=("wf", "ay"), **kw)


def test_a_side_is_searched_without_the_words_naming_the_documents():
    query = _query("潍坊和安阳的热线条例，承办单位接到热线事项后分别要在多长时间内办完？")
    side = comparison.within(query, "ay", DOCS)
    assert side.doc_ids == ("ay",)
    assert "热线条例" not in side.search_text
    assert "承办单位接到热线事项后" in side.search_text


def test_when_each_document_applies_keeps_the_question_whole():
    # its own 施行 unit answers: the titles are what it asks about
    question = "潍坊和安阳的热线条例分别从什么时候开始施行？"
    side = comparison.within(_query(question, asks_document_validity=True), "wf", DOCS)
    assert side.search_text == question and side.doc_ids == ("wf",)


def test_a_question_naming_no_document_keeps_its_text():
    question = "承办单位接到热线事项后要在多长时间内办完？"
    assert comparison.within(_query(question), "wf", DOCS).search_text == question
