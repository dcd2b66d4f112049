"""The chat tab in headless Chromium: kept conversations, citations per answer, feedback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.servers import free_port
from tests.ui.chat_page import BROWSER_MARKS, LABEL, answers, ask, conversations, wait_for_answer
from tests.ui.conftest import serve

pytestmark = BROWSER_MARKS

REPO = Path(__file__).resolve().parents[2]
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


def _rect(locator) -> dict:
    return locator.evaluate("e => { const r = e.getBoundingClientRect();"
                            " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }")


@pytest.mark.parametrize("width", [1280, 390])
def test_each_answer_keeps_its_citations_and_opens_at_its_first_line(corpus_site, open_page,
                                                                      width):
    page = open_page(corpus_site, width=width, height=800)
    ask(page, FIRST)
    wait_for_answer(page, 1)
    ask(page, "出口退税多少天能办完？")
    wait_for_answer(page, 2)
    thread = page.locator("#pq-chatbot .pq-thread")
    # The thread is longer than its box, and the new question and the answer's first line
    # are in view, not scrolled past to the bottom of the reply.
    assert thread.evaluate("e => e.scrollHeight > e.clientHeight + 50")
    box, question = _rect(thread), _rect(page.locator("#pq-chatbot .pq-user").nth(1))
    first_line = _rect(answers(page).nth(1).locator(".pq-answer"))
    assert box["top"] - 1 <= question["top"] and first_line["top"] + 20 <= box["bottom"]

    # Each answer keeps its own numbered markers; a marker opens its own card.
    for n in (0, 1):
        answer = answers(page).nth(n)
        markers = answer.locator(".pq-answer .pq-marker")
        assert markers.count() == answer.locator(".pq-card").count() >= 1
        assert markers.first.inner_text() == "[1]"
    marker = answers(page).first.locator(".pq-marker").first
    marker.click()
    card = page.locator("#" + marker.get_attribute("data-card"))
    card.locator(".pq-full").wait_for()
    assert LABEL.search(card.locator("summary").inner_text())
    # On a phone the card is beside the answer, above the question box, and nothing overflows.
    assert _rect(card)["top"] < _rect(page.locator("#pq-question"))["top"]
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_copy_gives_plain_text_with_its_citation(corpus_site, open_page):
    page = open_page(corpus_site)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ask(page, FIRST)
    shown = wait_for_answer(page, 1)
    copy = answers(page).first.locator(".pq-copy")
    assert copy.inner_text() == "复制"
    copy.click()
    page.get_by_text("已复制").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    body, sources = copied.split("\n引用：\n")
    assert body.startswith(shown.replace("[1]", "").split("\n")[0])
    assert "\\" not in copied and "<" not in copied.replace("《", "")
    assert re.match(r"\[1\] 《.+》（聊政字〔2020〕25号）第\d+条", sources)


def test_feedback_with_a_comment_is_stored_with_the_question(corpus_site, corpus_assistant,
                                                             open_page):
    from assistant.conversations import ConversationStore

    page = open_page(corpus_site)
    question = "高唐县企业开办需要几天？"
    ask(page, question)
    wait_for_answer(page, 1)
    answer = answers(page).first
    answer.locator(".pq-rate[data-rating='-1']").click()
    page.get_by_text("已收到您的反馈").first.wait_for()
    comment = answer.locator(".pq-comment textarea")
    comment.fill("希望写明县里的时限")
    answer.locator(".pq-comment button").click()
    answer.locator(".pq-comment-saved").get_by_text("希望写明县里的时限").wait_for()
    assert answer.locator(".pq-rate[data-rating='-1']").get_attribute("aria-pressed") == "true"
    store = ConversationStore.in_data_dir(corpus_assistant.settings.data_dir)
    kept = [f for f in store.feedback() if f.question == question][-1]
    assert (kept.rating, kept.comment) == (-1, "希望写明县里的时限") and kept.citations


def test_a_suggested_follow_up_asks_it(corpus_site, open_page):
    page = open_page(corpus_site)
    ask(page, FIRST)
    wait_for_answer(page, 1)
    offered = answers(page).first.locator(".pq-suggest button")
    assert offered.count() >= 1
    follow = offered.first.inner_text()
    assert "「" in follow  # names a cited measure by its heading
    offered.first.click()
    wait_for_answer(page, 2)
    assert page.locator("#pq-chatbot .pq-user").nth(1).inner_text() == follow
    assert answers(page).first.locator(".pq-suggest").count() == 0  # only under the last one


def test_too_long_a_question_is_counted_and_said_once_in_chinese(corpus_site, open_page):
    page = open_page(corpus_site)
    from assistant.service import MAX_QUESTION_CHARS

    long = "企业开办" * (MAX_QUESTION_CHARS // 4) + "吗？"
    box = page.locator("#pq-question textarea")
    box.fill(long)
    counter = page.locator("#pq-counter .pq-count")
    assert counter.inner_text() == f"{len(long)} / {MAX_QUESTION_CHARS} 字"
    assert "pq-over" in counter.get_attribute("class")
    box.press("Enter")
    error = page.locator("#pq-chatbot .pq-error")
    error.wait_for()
    assert error.inner_text() == (f"问题太长（{len(long)} 字），"
                                  f"请精简到 {MAX_QUESTION_CHARS} 字以内") and error.count() == 1
    assert page.get_by_text("错误", exact=True).count() == 0  # no red badges over the page
    assert box.input_value() == long  # the question is given back to shorten
    ask(page, FIRST)
    wait_for_answer(page, 1)
    assert error.count() == 0


def test_rename_delete_with_confirmation_and_export_markdown(corpus_site, open_page):
    page = open_page(corpus_site)
    ask(page, FIRST)
    wait_for_answer(page, 1)
    page.locator("#pq-manage").get_by_text("管理当前对话").click()
    page.locator("#pq-conv-title textarea").fill("刻章费用")
    page.locator("#pq-rename").click()
    conversations(page).filter(has_text="刻章费用").wait_for()

    page.locator("#pq-export-md").click()
    link = page.locator("#pq-chat-download a[href]").first
    link.wait_for()
    text = page.request.get(link.get_attribute("href")).body().decode("utf-8")
    assert text.startswith("# 刻章费用\n") and f"## 问：{FIRST}" in text
    assert re.search(r"> \[1\] 《.+》（聊政字〔2020〕25号）第\d+条", text)

    page.locator("#pq-delete-chat").click()
    assert "确定删除对话「刻章费用」" in page.locator("#pq-delete-question").inner_text()
    page.locator("#pq-delete-no").click()  # cancelled: still there
    page.locator("#pq-delete-yes").wait_for(state="hidden")
    assert conversations(page).filter(has_text="刻章费用").count() == 1
    page.locator("#pq-delete-chat").click()
    page.locator("#pq-delete-yes").click()
    page.locator("#pq-conversations .pq-convs-empty").wait_for()
    page.reload()
    page.locator("#pq-conversations .pq-convs-empty").wait_for()
    assert answers(page).count() == 0


LOAN = "聊城小微企业从申请贷款到放款最多几天？"
SAID = "从申请贷款到放款不超过11天[1]。"  # what the model says before it stalls
GROUNDED = SAID + "牵头单位是市地方金融监管局[1]。"


@pytest.fixture
def stalling_llm(corpus_assistant):
    """The corpus answered through an LLM (a real local HTTP server) that says one sentence
    and then takes its time over the rest."""
    from assistant.service import PolicyAssistant
    from tests.llm_server import ChatServer, Reply

    with ChatServer() as llm:
        llm.script(Reply(GROUNDED, stall_after=len(SAID) + 1, stall_s=60))
        settings = corpus_assistant.settings.model_copy(
            update={"llm_base_url": llm.base_url, "llm_model": llm.model})
        yield PolicyAssistant(settings, index=corpus_assistant.index)


def test_a_stopped_answer_is_kept_marked_stopped_after_reload_and_restart(stalling_llm,
                                                                          open_page):
    port = free_port()
    with serve(stalling_llm, port) as url:
        page = open_page(url)
        ask(page, LOAN)
        page.locator("#pq-chatbot .pq-generating").get_by_text("正在生成回答").wait_for()
        page.locator("#pq-chatbot .pq-answer").get_by_text("不超过11天").wait_for()
        stop = page.locator("#pq-stop")
        assert stop.inner_text() == "停止生成" and not page.locator("#pq-send").is_visible()
        stop.click()
        page.locator("#pq-send").wait_for()
        kept = page.locator("#pq-chatbot .pq-stopped")
        kept.locator(".pq-stopped-mark").get_by_text("（已停止生成）").wait_for()
        assert page.locator("#pq-chatbot .pq-generating").count() == 0

        def shown_stopped():
            assert kept.count() == 1 and kept.get_attribute("data-state") == "stopped"
            assert kept.locator(".pq-answer").inner_text() == SAID  # what was shown, no more
            assert "牵头单位" not in kept.inner_text()
            # never as a complete answer: no citation cards, no copy or feedback buttons
            assert kept.locator(".pq-card, .pq-actions, .pq-suggest").count() == 0

        shown_stopped()
        if os.environ.get("POLICYQA_UPDATE_SCREENSHOTS"):
            page.screenshot(path=str(REPO / "docs" / "screenshots" / "chat-stopped-1280.png"),
                            full_page=True)
        page.reload()
        kept.wait_for()
        shown_stopped()
    with serve(stalling_llm, port):  # the server restarted on the same address
        page.reload()
        kept.wait_for()
        shown_stopped()
        assert conversations(page).filter(has_text=LOAN).count() == 1


MARKDOWN_REPLY = ("**从申请贷款到放款不超过11天**[1]。\n"
                  "- 牵头单位是**市地方金融监管局**[1]。\n"
                  "- <script>window.pwned=true</script>请按要求申请[1]。\n\n"
                  '<img src=x onerror="window.pwned=true">详见[原文](javascript:window.pwned=true)[1]。')


def test_an_llm_answer_is_rendered_as_safe_markdown_and_copied_as_plain_text(
        corpus_assistant, open_page):
    from assistant.service import PolicyAssistant
    from tests.llm_server import ChatServer, Reply

    with ChatServer() as llm:
        llm.script(Reply(MARKDOWN_REPLY))
        settings = corpus_assistant.settings.model_copy(
            update={"llm_base_url": llm.base_url, "llm_model": llm.model})
        with serve(PolicyAssistant(settings, index=corpus_assistant.index)) as url:
            page = open_page(url)
            page.context.grant_permissions(["clipboard-read", "clipboard-write"])
            ask(page, LOAN)
            wait_for_answer(page, 1)
            shown = answers(page).first.locator(".pq-answer")
            assert shown.locator("strong").first.inner_text() == "从申请贷款到放款不超过11天"
            assert shown.locator("ul > li").count() == 2
            assert "**" not in shown.inner_text()
            # The attempted HTML is text on the page: nothing ran, nothing was fetched.
            assert shown.locator("script, img, a[href^='javascript']").count() == 0
            assert "<script>" in shown.inner_text() and "onerror" in shown.inner_text()
            assert page.evaluate("() => window.pwned === undefined")
            # Its [1] markers open the cited measure's card, as the default answer's do.
            marker = shown.locator(".pq-marker").first
            marker.click()
            page.locator("#" + marker.get_attribute("data-card")).locator(".pq-full").wait_for()
            if os.environ.get("POLICYQA_UPDATE_SCREENSHOTS"):
                page.screenshot(path=str(REPO / "docs" / "screenshots" / "chat-llm-1280.png"),
                                full_page=True)

            answers(page).first.locator(".pq-copy").click()
            page.get_by_text("已复制").wait_for()
            copied = page.evaluate("() => navigator.clipboard.readText()")
    body, sources = copied.split("\n引用：\n")
    assert body.startswith("从申请贷款到放款不超过11天[1]。\n- 牵头单位是市地方金融监管局[1]。")
    assert "**" not in body
    assert re.match(r"\[1\] 《.+》（聊政字〔2020〕25号）第\d+条", sources)
