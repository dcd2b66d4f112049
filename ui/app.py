"""The Gradio web UI: four tabs over one PolicyAssistant.

gradio is imported inside the functions: it costs ~3 s, and the CLI and the API import this
package without needing it.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import FastAPI

    from assistant.service import PolicyAssistant
    from assistant.settings import Settings

log = logging.getLogger(__name__)

TITLE = "营商环境政策助手"
_INTRO = ("查询营商环境政策中的优惠措施、办理时限和负责部门，每条回答都注明所依据的文件、"
          "文号和条款。")

# The conversation list sits left of the chat on a wide screen and below it on a phone, where
# the question box must come first.
LAYOUT_CSS = """
@media (min-width: 760px) { #pq-sidebar { order: -1; } }
"""


def build_ui(assistant: PolicyAssistant, settings: Settings) -> gr.Blocks:
    """The whole web UI as a gr.Blocks, ready for `gr.mount_gradio_app` or `.launch()`."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from assistant.chat_sessions import ChatSessions
    from assistant.conversations import ConversationStore
    from ui import chat, documents, filters, lookup, profile_match, tables

    store = ConversationStore.in_data_dir(settings.data_dir, settings.conversation_days)
    store.interrupted()  # answers cut off by the last stop of the server are kept as stopped
    gone = store.purge()  # the retention, now and then again on new conversations
    if any(gone):
        log.info("retention: deleted %d conversations and %d feedback rows older than %d days",
                 *gone, settings.conversation_days)
    sessions = ChatSessions(assistant, store)
    # Uploaded and exported files are copied into gradio's cache; clear them after a day.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(f"## {TITLE}\n{_INTRO}", elem_id="pq-header")
        with gr.Tabs(overflow_behavior="wrap"):  # four tabs: on a phone they wrap, not hide
            with gr.Tab("政策问答", id="chat", elem_id="pq-tab-chat"):
                chat_view = chat.build(assistant, sessions)
            with gr.Tab("政策找人", id="match", elem_id="pq-tab-match"):
                match_view = profile_match.build(assistant)
            with gr.Tab("政策检索", id="lookup", elem_id="pq-tab-lookup"):
                lookup_view = lookup.build(assistant)
            with gr.Tab("文档管理", id="documents", elem_id="pq-tab-documents"):
                docs_view = documents.build(assistant, settings)

        def refresh():
            """Filter choices and the documents table as the index is now."""
            docs = assistant.documents()
            cities = filters.city_choices(docs)
            offices = filters.office_choices(assistant.offices())
            return (
                gr.update(choices=cities),
                gr.update(choices=cities),
                gr.update(choices=filters.document_choices(docs)),
                gr.update(choices=[("全部部门", filters.ALL), *offices]),
                gr.update(choices=offices),
                gr.update(choices=offices),
                gr.update(choices=cities),
                gr.update(choices=cities),
                gr.update(choices=filters.document_choices(docs, everything=None)),
                tables.document_rows(docs),
                documents.summary_line(docs),
            )

        refreshed = [chat_view.city, lookup_view.city, lookup_view.document, lookup_view.office,
                     lookup_view.office_view, lookup_view.sheet_office, lookup_view.sheet_city,
                     match_view.place,
                     docs_view.to_delete, docs_view.table, docs_view.summary]
        demo.load(refresh, None, refreshed, api_visibility="private", show_progress="hidden")
        restore, restore_in, restore_out = chat_view.restore
        demo.load(restore, restore_in, restore_out, api_visibility="private",
                  show_progress="hidden")
        for event in docs_view.changed:
            event.success(refresh, None, refreshed, api_visibility="private")
    return demo


# Gradio uploads a chosen file at once, to /gradio_api/upload, which needs the admin token
# (assistant.api.guards): the page sends the one typed into 管理员令牌 with it.
_UPLOAD_TOKEN = """<script>
(() => {
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    const field = document.querySelector("#pq-admin-token input, #pq-admin-token textarea");
    if (url.includes("/gradio_api/upload") && !url.includes("upload_progress")
        && field && field.value) {
      init = Object.assign({}, init);
      const headers = new Headers(init.headers || {});
      headers.set("X-Admin-Token", field.value.trim());
      init.headers = headers;
    }
    return send(input, init);
  };
})();
</script>"""


# Gradio heads a toast with its type in English (Warning, Info, Error) whatever the locale;
# the page says it in Chinese.
_TOAST_TITLES = """<script>
(() => {
  const names = { Warning: "注意", Info: "提示", Error: "错误", Success: "完成" };
  const translate = () => document.querySelectorAll(".toast-title").forEach((title) => {
    const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const word = node.nodeValue.trim();
      if (names[word]) node.nodeValue = node.nodeValue.replace(word, names[word]);
    }
  });
  new MutationObserver(translate).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true });
})();
</script>"""


def mount_ui(app: FastAPI, assistant: PolicyAssistant, settings: Settings,
             path: str = "/") -> FastAPI:
    """Mount the UI on a FastAPI app with the options it is meant to run with."""
    import gradio as gr

    return gr.mount_gradio_app(
        app, build_ui(assistant, settings), path=path,
        footer_links=[], run_history=False, ssr_mode=False,
        max_file_size=f"{int(settings.max_file_mb * 1024 * 1024)}b", head=_UPLOAD_TOKEN + _TOAST_TITLES,
        css=LAYOUT_CSS,
    )
