"""文档管理: the indexed documents; upload (parse preview, then confirm) and delete (after a
confirmation), guarded by the admin token."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from assistant import upload_preview, uploads
from ui import admin, filters, tables
from ui import upload_batch_view as batch_view
from ui import upload_preview_view as preview_view
from ui.errors import notify, shows_errors, warn


@dataclass
class DocumentsView:
    table: gr.Dataframe
    summary: gr.Markdown
    to_delete: gr.Dropdown
    changed: list  # events after which the index has changed


def summary_line(documents) -> str:
    measures = sum(len(d.measures) for d in documents)
    files = len({d.source for d in documents})
    return f"已收录 {files} 个文件、{len(documents)} 份政策文件，共 {measures} 条措施/条款。"


def deleted_notice(source: str, count: int) -> str:
    """The notice after a delete; gr.Info renders HTML, so the name is escaped: text, never
    markup."""
    return f"已删除 {html.escape(source)}（{count} 份政策文件）。"


def build(assistant, settings) -> DocumentsView:
    """Lay out the documents tab inside the current Blocks context and wire its events."""
    docs = assistant.documents()
    summary = gr.Markdown(summary_line(docs), elem_id="pq-doc-summary")
    table = gr.Dataframe(
        headers=tables.DOCUMENT_HEADERS, value=tables.document_rows(docs), interactive=False,
        wrap=True, max_height=420, label="已收录的政策文件", elem_id="pq-documents",
        column_widths=tables.DOCUMENT_WIDTHS,
    )
    if not settings.admin_token:
        gr.Markdown("> 未配置管理员令牌（环境变量 `POLICYQA_ADMIN_TOKEN`），上传和删除已停用。")
    token = gr.Textbox(label="管理员令牌", type="password", placeholder="上传或删除前请输入",
                       max_lines=1, elem_id="pq-admin-token")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            files = gr.File(label=f"上传政策文件（{' '.join(uploads.SUPPORTED_SUFFIXES)}）",
                            file_count="multiple", file_types=list(uploads.SUPPORTED_SUFFIXES),
                            elem_id="pq-upload-files", height=140)
            upload = gr.Button("解析预览", variant="primary", elem_id="pq-upload-button")
        with gr.Column(scale=2, min_width=280):
            to_delete = gr.Dropdown(filters.document_choices(docs, everything=None), value=None,
                                    label="要删除的文件（也可点击上表中的一行）",
                                    elem_id="pq-delete-pick")
            delete = gr.Button("删除所选文件", variant="stop", elem_id="pq-delete-button")
            gr.Markdown("删除会移除该来源文件中的全部政策文件及其条款。")
            with gr.Group(visible=False) as delete_box:
                delete_question = gr.Markdown(elem_id="pq-delete-doc-question")
                with gr.Row():
                    delete_yes = gr.Button("确认删除", variant="stop", size="sm",
                                           elem_id="pq-delete-doc-yes")
                    delete_no = gr.Button("取消", size="sm", elem_id="pq-delete-doc-no")
    pending = gr.State([])  # the previewed files' paths, until confirmed or cancelled
    unreadable = gr.State([])  # the files the preview refused: [place, name, why], for results
    preview_status = gr.Markdown("", elem_id="pq-preview-status")
    preview = gr.HTML(preview_view.preview_html([]), css_template=preview_view.PREVIEW_CSS,
                      js_on_load=None, elem_id="pq-preview")
    with gr.Row(visible=False) as decide:
        commit = gr.Button("确认入库", variant="primary", elem_id="pq-confirm-upload")
        drop = gr.Button("取消", elem_id="pq-cancel-upload")
    # Where the confirm buttons were: which file is being indexed, while the batch runs.
    progress = gr.Markdown("", visible=False, elem_id="pq-ingest-progress")
    results = gr.Dataframe(headers=tables.RESULT_HEADERS, value=[], interactive=False, wrap=True,
                           label="入库结果", visible=False, elem_id="pq-ingest-results")

    @shows_errors
    def run_preview(token_value, paths):
        admin.check_token(settings, token_value)
        if not paths:
            raise gr.Error("请先选择要上传的文件。", title="没有文件")
        found = upload_preview.preview(settings, [str(p) for p in paths])
        good = [str(p) for p, f in zip(paths, found, strict=True) if f.ok]
        refused = [[n, f.original, preview_view.failure(f)]
                   for n, f in enumerate(found) if not f.ok]
        return (preview_view.summary(found), preview_view.preview_html(found), good, refused,
                gr.update(visible=bool(good)), gr.update(value=[], visible=False),
                gr.update(value="", visible=False))

    def cancel_preview():
        notify("已取消，文件未入库。")
        return "", preview_view.preview_html([]), [], [], gr.update(visible=False), None

    @shows_errors
    def run_upload(token_value, paths, refused):
        admin.check_token(settings, token_value)
        if not paths:
            raise gr.Error("没有待入库的文件，请先解析预览。", title="没有文件")
        names = [Path(p).name for p in paths]
        steps = admin.ingest_stepwise(assistant, settings, [str(p) for p in paths])
        while True:  # each file as it starts: its name and i/N, in place of the buttons
            try:
                place, _name = next(steps)
            except StopIteration as done:
                outcomes = done.value
                break
            yield (gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(),
                   gr.update(visible=False), gr.skip(),
                   gr.update(value=batch_view.progress_markdown(names, place), visible=True))
        rows = batch_view.result_rows(assistant, outcomes, refused)
        total, kept = len(rows), sum(1 for o in outcomes if o.status != "failed")
        line = f"入库完成：{kept}/{total} 个文件已入库" + (
            f"，{total - kept} 个失败（原因见下表）。" if kept < total else "。")
        (warn if kept < total else notify)(line)
        yield (gr.update(value=rows, visible=True), line, preview_view.preview_html([]), [],
               [], gr.update(visible=False), None, gr.update(value="", visible=False))

    @shows_errors
    def ask_delete(token_value, doc_id):
        admin.check_token(settings, token_value)
        if not doc_id:
            raise gr.Error("请先选择要删除的文件。", title="未选择文件")
        doc = assistant.document(doc_id)
        same_file = [d for d in assistant.documents() if d.source == doc.source]
        units = sum(len(d.measures) for d in same_file)
        return (gr.update(visible=True),
                f"确定删除文件 **{html.escape(doc.source)}** 吗？其中 {len(same_file)} 份政策文件、"
                f"{units} 条措施/条款将从索引中移除，无法恢复。")

    @shows_errors
    def run_delete(token_value, doc_id):
        admin.check_token(settings, token_value)
        if not doc_id:
            raise gr.Error("请先选择要删除的文件。", title="未选择文件")
        source = assistant.document(doc_id).source
        removed = assistant.remove(doc_id)
        uploads.discard(settings, source)
        notify(deleted_notice(source, len(removed)))
        return gr.update(value=None), gr.update(visible=False)

    def pick_row(evt: gr.SelectData):
        """The clicked row's document (title and source identify it) becomes the one to delete."""
        row = evt.row_value or []
        for doc in assistant.documents():
            if row[:1] == [doc.title] and row[-1:] == [doc.source]:
                return doc.doc_id
        return gr.skip()

    upload.click(run_preview, [token, files],
                 [preview_status, preview, pending, unreadable, decide, results, progress],
                 api_visibility="private")
    drop.click(cancel_preview, None, [preview_status, preview, pending, unreadable, decide, files],
               api_visibility="private")
    uploaded = commit.click(run_upload, [token, pending, unreadable],
                            [results, preview_status, preview, pending, unreadable, decide,
                             files, progress], api_visibility="private", show_progress="hidden")
    delete.click(ask_delete, [token, to_delete], [delete_box, delete_question],
                 api_visibility="private")
    delete_no.click(lambda: gr.update(visible=False), None, delete_box, api_visibility="private")
    deleted = delete_yes.click(run_delete, [token, to_delete], [to_delete, delete_box],
                               api_visibility="private")
    table.select(pick_row, None, [to_delete], api_visibility="private")
    return DocumentsView(table=table, summary=summary, to_delete=to_delete,
                         changed=[uploaded, deleted])

