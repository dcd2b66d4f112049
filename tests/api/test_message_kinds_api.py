"""Greetings and off-topic messages through the real app: their intent, nothing cited, and the
note for a district without documents of its own (issue 16.1, 16.3)."""

from __future__ import annotations

import pytest

from tests.api.conftest import parse_sse


@pytest.mark.parametrize(("message", "intent"), [("你好", "chitchat"), ("谢谢！", "chitchat"),
                                                  ("帮我写一首诗", "off_topic")])
def test_ask_says_what_kind_of_message_it_was(api, message, intent):
    response = api.post("/api/ask", json={"question": message})
    assert response.status_code == 200
    body = response.json()
    assert (body["intent"], body["found"], body["citations"]) == (intent, False, [])


def test_the_stream_of_a_greeting_is_one_reply_and_no_citations(api):
    response = api.post("/api/ask/stream", json={"question": "您好"})
    events = parse_sse(response.text)
    assert [name for name, _ in events] == ["segment", "citations", "done"]
    assert events[1][1] == []
    done = events[-1][1]
    assert (done["intent"], done["found"]) == ("chitchat", False)
    assert events[0][1]["text"] == done["answer"]


def test_a_greeting_before_a_question_still_gets_the_answer(api):
    body = api.post("/api/ask", json={"question": "你好，高唐县企业开办最快多久办结？"}).json()
    assert body["found"] is True
    # 高唐's measure (七) is the one on 企业开办: 最快20分钟办结.
    assert body["citations"][0]["source"] == "gaotang_2021_19_measures.txt"


def test_the_stream_opens_with_the_note_for_a_district_without_documents(api):
    response = api.post("/api/ask/stream", json={"question": "茌平区企业开办需要几天？"})
    events = parse_sse(response.text)
    first = events[0][1]["text"]
    assert first.startswith("收录的政策中没有茌平区自己的文件")
    done = events[-1][1]
    assert done["answer"].startswith(first)
    assert all(c["source"].startswith("liaocheng") for c in done["citations"])
