"""政策问答: the enterprise chat — conversations kept per browser, streamed answers with their
own citation cards, a stop button, feedback and suggested follow-ups.

The browser is known by a random id kept in its localStorage (gr.BrowserState, encrypted with
the store's secret so it still reads after a restart); everything else is in the store.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from assistant.chat_sessions import ChatSessions, joined
from assistant.conversation_export import markdown
from assistant.conversations import new_browser_id, valid_browser
from assistant.errors import CORE_ERRORS, InputError
from assistant.service import MAX_QUESTION_CHARS
from ui import conversation_view as view
from ui import filters
from ui.errors import notify, user_message, warn

EXAMPLES = [
    "在聊城开公司刻章要钱吗？",
    "出口退税多少天能办完？",
    "高唐县企业开办需要几天？",
    "中小企业融资担保费率是多少？",
    "永济市工程建设项目审批时限是多少？",
]

_COUNTER_JS = """
const count = element.querySelector('.pq-count');
const tick = () => {
  const box = document.querySelector('#pq-question textarea');
  const n = box ? box.value.length : 0;
  count.textContent = n + ' / LIMIT 字';
  count.classList.toggle('pq-over', n > LIMIT);
};
document.addEventListener('input', tick, true);
setInterval(tick, 300);
""".replace("LIMIT", str(MAX_QUESTION_CHARS))
_COUNTER_CSS = """.pq-count { font-size: 0.85em; color: var(--body-text-color-subdued); }
.pq-count.pq-over { color: var(--error-text-color, #b91c1c); font-weight: 600; }"""
_SAFE_NAME = re.compile(r"[^\w\u4e00-\u9fff-]+")


@dataclass
class ChatView:
    city: gr.Dropdown
    restore: tuple  # (fn, inputs, outputs) for the page's load event


def build(assistant, sessions: ChatSessions) -> ChatView:
    """Lay out the chat tab inside the current Blocks context and wire its events."""
    store = sessions.store
    secret = store.secret()
    browser = gr.BrowserState("", storage_key="policyqa-browser", secret=secret)
    current = gr.BrowserState("", storage_key="policyqa-conversation", secret=secret)
    exports = tempfile.mkdtemp(prefix="policyqa-chat-")
    with gr.Row(equal_height=False, elem_id="pq-chat-layout"):
        with gr.Column(scale=4, min_width=320, elem_id="pq-chat-main"):
            thread = gr.HTML(view.thread([]), css_template=view.THREAD_CSS,
                             js_on_load=view.THREAD_JS, elem_id="pq-chatbot")
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    show_label=False, placeholder="输入问题，按回车发送", lines=1, max_lines=4,
                    container=False, scale=5, min_width=180, elem_id="pq-question",
                    interactive=False)  # until the page load has given the browser its id
                send = gr.Button("发送", variant="primary", scale=1, min_width=72,
                                 elem_id="pq-send", interactive=False)
                stop = gr.Button("停止生成", variant="stop", scale=1, min_width=72,
                                 visible=False, elem_id="pq-stop")
            with gr.Row(equal_height=True):
                gr.HTML(f'<span class="pq-count">0 / {MAX_QUESTION_CHARS} 字</span>',
                        css_template=_COUNTER_CSS, js_on_load=_COUNTER_JS, elem_id="pq-counter",
                        scale=1, min_width=90, padding=False)
                city = gr.Dropdown(
                    filters.city_choices(assistant.documents()), value=filters.ALL,
                    label="地区", show_label=False, container=False, scale=3, min_width=160,
                    elem_id="pq-chat-city")
            examples = gr.Examples([[q] for q in EXAMPLES], inputs=[question], label="示例问题",
                                   examples_per_page=len(EXAMPLES))
        with gr.Column(scale=1, min_width=220, elem_id="pq-sidebar"):
            new = gr.Button("＋ 新对话", elem_id="pq-new-chat")
            listing = gr.HTML(view.conversation_list([], None), css_template=view.LIST_CSS,
                              js_on_load=view.LIST_JS, elem_id="pq-conversations")
            with gr.Accordion("管理当前对话", open=False, elem_id="pq-manage"):
                title = gr.Textbox(label="对话名称", max_length=40, elem_id="pq-conv-title")
                rename = gr.Button("重命名", size="sm", elem_id="pq-rename")
                export = gr.Button("导出 Markdown", size="sm", elem_id="pq-export-md")
                delete = gr.Button("删除对话", size="sm", variant="stop", elem_id="pq-delete-chat")
                with gr.Group(visible=False, elem_id="pq-delete-confirm") as confirm_box:
                    confirm_text = gr.Markdown(elem_id="pq-delete-question")
                    with gr.Row():
                        confirm = gr.Button("确认删除", size="sm", variant="stop",
                                            elem_id="pq-delete-yes")
                        cancel = gr.Button("取消", size="sm", elem_id="pq-delete-no")
                download = gr.File(label="导出文件（点击文件名下载）", interactive=False,
                                   visible=False, elem_id="pq-chat-download")

    def shown(browser_id: str, conversation: str, error: str = ""):
        """(thread, list, title) for a conversation of this browser ("" for a new one)."""
        messages = store.messages(browser_id, conversation) if conversation else []
        return (view.thread(messages, conversation, error=error),
                view.conversation_list(store.conversations(browser_id), conversation),
                store.title(browser_id, conversation) if conversation else "")

    def restore(browser_id: str, conversation: str):
        """On page load: this browser's id (a new one the first time) and what it had open."""
        ready = gr.update(interactive=True), gr.update(interactive=True)
        try:
            return (browser_id, conversation, *shown(browser_id, conversation), *ready)
        except CORE_ERRORS:  # no id yet, or the open conversation is gone
            browser_id = browser_id if _valid(browser_id) else new_browser_id()
            return (browser_id, "", *shown(browser_id, ""), *ready)

    def respond(text: str, browser_id: str, conversation: str, city_value: str):
        try:
            stored = store.messages(browser_id, conversation) if conversation else []
        except CORE_ERRORS:  # deleted meanwhile (another tab): the question starts a new one
            conversation, stored = "", []
        busy, idle = (gr.update(visible=False), gr.update(visible=True)), \
            (gr.update(visible=True), gr.update(visible=False))
        text = text or ""
        if not text.strip():
            yield (gr.skip(),) * 5 + idle
            return
        question = text.strip()
        partial: list[str] = []
        try:
            for kind, payload in sessions.ask(browser_id, conversation or None, text,
                                              {"city": city_value} if city_value else None):
                if kind == "started":  # kept from here on: 停止 needs to know where
                    conversation = payload
                    yield ("", view.thread(stored, conversation, pending=question,
                                           generating=True),
                           view.conversation_list(store.conversations(browser_id), conversation),
                           conversation, store.title(browser_id, conversation), *busy)
                elif kind == "segment":
                    partial.append(payload)
                    yield (gr.skip(), view.thread(stored, conversation, pending=question,
                                                  partial=joined(partial), generating=True),
                           gr.skip(), gr.skip(), gr.skip(), *busy)
        except CORE_ERRORS as exc:  # the question back in its box, the reason said once
            page, listed, name = shown(browser_id, conversation if stored else "",
                                       error=user_message(exc))
            yield (text, page, listed, conversation if stored else "", name, *idle)
            return
        page, listed, name = shown(browser_id, conversation)
        yield gr.skip(), page, listed, conversation, name, *idle

    def stopped(browser_id: str, conversation: str):
        """停止: what was shown of the answer is kept, marked stopped."""
        try:
            sessions.stop(browser_id, conversation)
            page, listed = shown(browser_id, conversation)[:2]
        except CORE_ERRORS as exc:
            warn(user_message(exc))
            page, listed = gr.skip(), gr.skip()
        return page, listed, gr.update(visible=True), gr.update(visible=False)

    def act(browser_id: str, conversation: str, evt: gr.EventData):
        """A click inside the thread or the list: open a conversation, or rate an answer."""
        data = evt._data or {}
        try:
            if data.get("action") == "open":
                conversation = str(data.get("id") or "")
                return (conversation, *shown(browser_id, conversation))
            if data.get("action") == "rate":
                store.rate(browser_id, int(data.get("message") or 0),
                           int(data.get("rating") or 0), str(data.get("comment") or ""))
                notify("已收到您的反馈，谢谢！" if not data.get("comment") else "意见已保存，谢谢！")
                return (conversation, *shown(browser_id, conversation))
        except (*CORE_ERRORS, ValueError) as exc:
            warn(user_message(exc) if not isinstance(exc, ValueError) else "操作无效")
        return (gr.skip(),) * 4

    def start_new(browser_id: str):
        return ("", *shown(browser_id, ""), gr.update(visible=False), gr.update(visible=False))

    def renamed(browser_id: str, conversation: str, name: str):
        try:
            _need(conversation)
            store.rename(browser_id, conversation, name)
        except CORE_ERRORS as exc:
            warn(user_message(exc))
            return gr.skip(), gr.skip()
        notify("已重命名")
        return view.conversation_list(store.conversations(browser_id), conversation), name.strip()

    def ask_delete(browser_id: str, conversation: str):
        try:
            _need(conversation)
            name = store.title(browser_id, conversation)
        except CORE_ERRORS as exc:
            warn(user_message(exc))
            return gr.skip(), gr.skip()
        return gr.update(visible=True), f"确定删除对话「{name}」吗？删除后无法恢复。"

    def deleted(browser_id: str, conversation: str):
        try:
            store.delete(browser_id, conversation)
        except CORE_ERRORS as exc:
            warn(user_message(exc))
        else:
            notify("对话已删除")
        return ("", *shown(browser_id, ""), gr.update(visible=False))

    def exported(browser_id: str, conversation: str):
        try:
            _need(conversation)
            name = store.title(browser_id, conversation)
            text = markdown(name, store.messages(browser_id, conversation))
        except CORE_ERRORS as exc:
            warn(user_message(exc))
            return gr.skip()
        folder = Path(tempfile.mkdtemp(dir=exports))  # one per export: no clashes
        path = folder / f"{_SAFE_NAME.sub('_', name)[:40] or '对话'}.md"
        path.write_text(text, encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    hidden = {"api_visibility": "private", "show_progress": "hidden"}
    answer_to = [question, thread, listing, current, title, send, stop]
    answer_from = [question, browser, current, city]
    asked = [question.submit(respond, answer_from, answer_to, **hidden),
             send.click(respond, answer_from, answer_to, **hidden),
             examples.load_input_event.then(respond, answer_from, answer_to, **hidden)]
    stop.click(stopped, [browser, current], [thread, listing, send, stop], cancels=asked,
               **hidden)
    for source in (thread, listing):
        source.click(act, [browser, current], [current, thread, listing, title], **hidden)
    new.click(start_new, browser, [current, thread, listing, title, confirm_box, download],
              **hidden)
    rename.click(renamed, [browser, current, title], [listing, title], **hidden)
    delete.click(ask_delete, [browser, current], [confirm_box, confirm_text], **hidden)
    cancel.click(lambda: gr.update(visible=False), None, confirm_box, **hidden)
    confirm.click(deleted, [browser, current], [current, thread, listing, title, confirm_box],
                  **hidden)
    export.click(exported, [browser, current], download, **hidden)
    return ChatView(city=city, restore=(restore, [browser, current],
                                        [browser, current, thread, listing, title,
                                         question, send]))


def _valid(browser_id: str) -> bool:
    try:
        valid_browser(browser_id)
    except InputError:
        return False
    return True


def _need(conversation: str) -> None:
    if not conversation:
        raise InputError("请先打开或开始一个对话")
