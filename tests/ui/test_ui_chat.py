"""The chat tab in headless Chromium: kept conversations, citations per answer, feedback."""

from __future__ import annotations

import re

import pytest

from tests.servers import free_port
from tests.ui.chat_page import answers, ask, conversations, wait_for_answer
from tests.ui.conftest import serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

LABEL = re.compile(r"第\d+条")
FIRST = "在聊城开公司刻章要钱吗？"


def test_a_conversation_survives_reload_and_restart_and_no_other_browser_sees_it(
        corpus_assistant, open_page):
    port = free_port()
    with serve(corpus_assistant, port) as url:
        page = open_page(url)
        ask(page, FIRST)
        first = wait_for_answer(page, 1)
        assert "依据" in first
        conversations(page).filter(has_text=FIRST).wait_for()

        page.reload()
        answers(page).first.wait_for()
        assert page.locator("#pq-chatbot .pq-user").first.inner_text() == FIRST
        assert answers(page).first.locator(".pq-answer").inner_text() == first

        stranger = open_page(url)  # another browser: its own storage, its own id
        stranger.locator("#pq-conversations .pq-convs-empty").wait_for()
        assert FIRST not in stranger.locator("#pq-chatbot").inner_text()
    with serve(corpus_assistant, port):  # the server restarted on the same address
        page.reload()
        answers(page).first.wait_for()
        assert answers(page).first.locator(".pq-answer").inner_text() == first
        assert conversations(page).filter(has_text=FIRST).count() == 1
