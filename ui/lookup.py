"""政策检索: the service-hall lookup — search with filters, a results table, full text, export."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from ui import cards, filters, office_sheet, tables
from ui.errors import shows_errors, warn

_PICK_A_ROW = "点击表格中的一行，查看条款全文和所属文件信息。"


@dataclass
class LookupView:
    city: gr.Dropdown
    document: gr.Dropdown
    office: gr.Dropdown
    office_view: gr.Dropdown
    sheet_office: gr.Dropdown
    sheet_city: gr.Dropdown


def build(assistant) -> LookupView:
    """Lay out the lookup tab inside the current Blocks context and wire its events."""
    docs = assistant.documents()
    # Exports are written here, then gradio copies them into its cache for download.
    exports = tempfile.TemporaryDirectory(prefix="policyqa-export-")
    office_choices = filters.office_choices(assistant.offices())
    rows_state = gr.State([])
    with gr.Row(equal_height=True):
        query = gr.Textbox(show_label=False, placeholder="输入关键词或问题，如：不动产登记 时限",
                           scale=5, min_width=220, elem_id="pq-search-query")
        search = gr.Button("检索", variant="primary", scale=1, min_width=80,
                           elem_id="pq-search-button")
    with gr.Row(equal_height=False):
        city = gr.Dropdown(filters.city_choices(docs), value=filters.ALL, label="地区",
                           min_width=150, elem_id="pq-search-city")
        document = gr.Dropdown(filters.document_choices(docs), value=filters.ALL, label="文件",
                               min_width=240, scale=2, elem_id="pq-search-document")
        office = gr.Dropdown([("全部部门", filters.ALL), *office_choices], value=filters.ALL,
                             label="部门（牵头或参与）", allow_custom_value=True, filterable=True,
                             min_width=220, scale=2, elem_id="pq-search-office")
        with gr.Column(min_width=140, scale=1):
            has_time_limit = gr.Checkbox(label="有办理时限", elem_id="pq-has-time-limit")
            has_benefit = gr.Checkbox(label="有优惠措施", elem_id="pq-has-benefit")
        top_k = gr.Dropdown([10, 20, 30, 50], value=20, label="显示条数", min_width=100)
    with (gr.Accordion("按部门查看：某部门牵头哪些事项", open=False, elem_id="pq-office-view"),
          gr.Row(equal_height=False)):
        office_view = gr.Dropdown(office_choices, value=None, label="部门", filterable=True,
                                  scale=3, min_width=220, elem_id="pq-office-pick")
        with gr.Column(scale=1, min_width=160):
            with_shared = gr.Checkbox(label="含参与（责任单位）事项", elem_id="pq-with-shared")
            show_office = gr.Button("查看牵头事项", elem_id="pq-office-button")
    sheet = office_sheet.build(assistant, exports.name)
    status = gr.Markdown("", elem_id="pq-search-status")
    table = gr.Dataframe(
        headers=tables.MEASURE_HEADERS, value=[], interactive=False, wrap=True,
        max_height=520, elem_id="pq-results", label="检索结果",
        column_widths=tables.MEASURE_WIDTHS,
    )
    with gr.Row(equal_height=True):
        export_csv = gr.Button("导出 CSV", size="sm", min_width=100, elem_id="pq-export-csv")
        export_xlsx = gr.Button("导出 Excel", size="sm", min_width=100, elem_id="pq-export-xlsx")
    download = gr.File(label="导出文件（点击文件名下载）", interactive=False, visible=False,
                       elem_id="pq-download")
    gr.Markdown("#### 条款全文", elem_id="pq-detail-title")
    detail = gr.HTML(cards.empty(_PICK_A_ROW), css_template=cards.CARD_CSS, js_on_load=None,
                     elem_id="pq-detail")

    @shows_errors
    def run_search(text, city_value, doc_value, office_value, time_limit, benefit, limit):
        text = (text or "").strip()
        if not text:
            warn("请输入检索内容。")
            return (gr.skip(),) * 5
        chosen = {"city": city_value, "document": doc_value, "office": office_value,
                  "has_time_limit": time_limit, "has_benefit": benefit}
        hits = assistant.search(text, filters={k: v for k, v in chosen.items() if v},
                                top_k=int(limit))
        rows = tables.hit_rows(hits)
        message = f"找到 {len(rows)} 条相关条款。" if rows else "没有找到符合条件的条款，可放宽筛选条件再试。"
        return rows, rows, message, cards.empty(_PICK_A_ROW), _no_export()

    @shows_errors
    def run_office(name, shared):
        if not name:
            warn("请先选择部门。")
            return (gr.skip(),) * 5
        roles = assistant.offices().get(name, {"lead": [], "shared": []})
        keys = list(dict.fromkeys(roles["lead"] + (roles["shared"] if shared else [])))
        rows = []
        for key in keys:
            measure = assistant.measure(key)
            rows.append(tables.measure_row(measure, assistant.document(measure.doc_id)))
        what = "牵头和参与" if shared else "牵头"
        return (rows, rows, f"{name} {what}的事项共 {len(rows)} 条。", cards.empty(_PICK_A_ROW),
                _no_export())

    @shows_errors
    def show_row(rows, evt: gr.SelectData):
        row = evt.row_value or (rows[evt.index[0]] if rows and evt.index else None)
        if not row:
            return gr.skip()
        measure = assistant.measure(row[-1])
        return cards.measure_detail(measure, assistant.document(measure.doc_id))

    def export(rows, kind):
        if not rows:
            warn("表格为空，请先检索。")
            return gr.update(value=None, visible=False)
        folder = Path(tempfile.mkdtemp(dir=exports.name))  # one per export: no clashes
        name = f"政策检索结果_{time.strftime('%Y%m%d-%H%M%S')}.{kind}"
        writer = tables.write_csv if kind == "csv" else tables.write_xlsx
        return gr.update(value=str(writer(rows, folder / name)), visible=True)

    outputs = [table, rows_state, status, detail, download]
    inputs = [query, city, document, office, has_time_limit, has_benefit, top_k]
    query.submit(run_search, inputs, outputs, api_visibility="private")
    search.click(run_search, inputs, outputs, api_visibility="private")
    show_office.click(run_office, [office_view, with_shared], outputs, api_visibility="private")
    table.select(show_row, [rows_state], [detail], api_visibility="private").then(
        None, js="() => document.getElementById('pq-detail-title')"
                 "?.scrollIntoView({behavior: 'smooth', block: 'start'})")
    export_csv.click(lambda rows: export(rows, "csv"), [rows_state], [download],
                     api_visibility="private")
    export_xlsx.click(lambda rows: export(rows, "xlsx"), [rows_state], [download],
                      api_visibility="private")
    return LookupView(city=city, document=document, office=office, office_view=office_view,
                      sheet_office=sheet.office, sheet_city=sheet.city)


def _no_export():
    """Hide the export of a previous table when the table changes."""
    return gr.update(value=None, visible=False)
