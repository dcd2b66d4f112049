"""How a user works the chat tab, for the browser tests."""

from __future__ import annotations

import re

import pytest

#: Every browser test module's marks: the marker, and gradio 6.31's own pandas warnings.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
LABEL = re.compile(r"第\d+条")  # a cited measure's label as the page shows it


def ask(page, question: str) -> None:
    box = page.locator("#pq-question textarea")
    box.fill(question)
    box.press("Enter")


def answers(page):
    """The stored answers shown in the thread (a streaming one has no message id yet)."""
    return page.locator("#pq-chatbot .pq-bot[data-message]")


def wait_for_answer(page, count: int) -> str:
    """The text of the `count`-th answer, once it is complete (stored, with its buttons)."""
    answer = answers(page).nth(count - 1)
    answer.locator(".pq-actions").wait_for()
    return answer.locator(".pq-answer").inner_text()


def conversations(page):
    return page.locator("#pq-conversations .pq-conv")
