"""文档管理: the indexed documents; upload and delete, guarded by the admin token."""

from __future__ import annotations

import html
from dataclasses import dataclass

import gradio as gr

from assistant import uploads
from ui import admin, filters, tables
from ui.errors import shows_errors


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
            upload = gr.Button("上传并入库", variant="primary", elem_id="pq-upload-button")
        with gr.Column(scale=2, min_width=280):
            to_delete = gr.Dropdown(filters.document_choices(docs, everything=None), value=None,
                                    label="要删除的文件（也可点击上表中的一行）",
                                    elem_id="pq-delete-pick")
            delete = gr.Button("删除所选文件", variant="stop", elem_id="pq-delete-button")
            gr.Markdown("删除会移除该来源文件中的全部政策文件及其条款。")
    results = gr.Dataframe(headers=tables.RESULT_HEADERS, value=[], interactive=False, wrap=True,
                           label="入库结果", visible=False, elem_id="pq-ingest-results")

    @shows_errors
    def run_upload(token_value, paths):
        admin.check_token(settings, token_value)
        if not paths:
            raise gr.Error("请先选择要上传的文件。", title="没有文件")
        outcomes = admin.ingest_uploads(assistant, settings, [str(p) for p in paths])
        rows = [_outcome_row(assistant, o) for o in outcomes]
        failed = sum(1 for o in outcomes if o.status == "failed")
        message = f"已处理 {len(rows)} 个文件：成功 {len(rows) - failed} 个，失败 {failed} 个。"
        (gr.Warning if failed else gr.Info)(message)
        return gr.update(value=rows, visible=True)

    @shows_errors
    def run_delete(token_value, doc_id):
        admin.check_token(settings, token_value)
        if not doc_id:
            raise gr.Error("请先选择要删除的文件。", title="未选择文件")
        source = assistant.document(doc_id).source
        removed = assistant.remove(doc_id)
        uploads.discard(settings, source)
        gr.Info(deleted_notice(source, len(removed)))
        return gr.update(value=None)

    def pick_row(evt: gr.SelectData):
        """The clicked row's document (title and source identify it) becomes the one to delete."""
        row = evt.row_value or []
        for doc in assistant.documents():
            if row[:1] == [doc.title] and row[-1:] == [doc.source]:
                return doc.doc_id
        return gr.skip()

    uploaded = upload.click(run_upload, [token, files], [results], api_visibility="private")
    deleted = delete.click(run_delete, [token, to_delete], [to_delete], api_visibility="private")
    table.select(pick_row, None, [to_delete], api_visibility="private")
    return DocumentsView(table=table, summary=summary, to_delete=to_delete,
                         changed=[uploaded, deleted])


_STATUS = {"added": "新增", "replaced": "更新", "unchanged": "未变化", "failed": "失败"}


def _outcome_row(assistant, outcome: admin.UploadOutcome) -> list[str]:
    """文件, 结果, 说明: the documents a file holds, or why it failed."""
    if outcome.status == "failed":
        return [outcome.original, _STATUS["failed"], outcome.reason]
    described = []
    for doc_id in outcome.documents:
        doc = assistant.document(doc_id)
        described.append(f"《{doc.title}》{doc.doc_number} {len(doc.measures)} 条")
    return [outcome.original, _STATUS[outcome.status], "；".join(described)]
