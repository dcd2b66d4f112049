"""The office time-limit sheet in the lookup tab: pick an office, see and export its measures."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from assistant import office_sheet
from ui import filters, tables
from ui.errors import as_of_date, shows_errors, warn


@dataclass
class SheetView:
    office: gr.Dropdown
    city: gr.Dropdown


def build(assistant, exports: str) -> SheetView:
    """Lay out the sheet (inside the current Blocks context); exports are written under
    `exports`, from where gradio serves them."""
    query = gr.State(None)  # (office, city, as_of) of the sheet shown, for its export
    with gr.Accordion("部门时限表：某部门牵头和参与的事项、时限、完成期限和状态", open=False,
                      elem_id="pq-sheet"):
        with gr.Row(equal_height=False):
            office = gr.Dropdown(filters.office_choices(assistant.offices()), value=None,
                                 label="部门", filterable=True, allow_custom_value=True, scale=3,
                                 min_width=220, elem_id="pq-sheet-office")
            city = gr.Dropdown(filters.city_choices(assistant.documents()), value=filters.ALL,
                               label="地区", scale=2, min_width=150, elem_id="pq-sheet-city")
            as_of = gr.Textbox(label="截至日期", placeholder="YYYY-MM-DD，默认今天", scale=2,
                               min_width=150, elem_id="pq-sheet-as-of")
            show = gr.Button("生成时限表", scale=1, min_width=110, elem_id="pq-sheet-button")
        status = gr.Markdown("", elem_id="pq-sheet-status")
        table = gr.Dataframe(headers=tables.SHEET_HEADERS, value=[], interactive=False,
                             wrap=True, max_height=480, column_widths=tables.SHEET_WIDTHS,
                             elem_id="pq-sheet-table", label="时限表")
        with gr.Row(equal_height=True):
            export_csv = gr.Button("导出 CSV", size="sm", min_width=100, elem_id="pq-sheet-csv")
            export_xlsx = gr.Button("导出 Excel", size="sm", min_width=100,
                                    elem_id="pq-sheet-xlsx")
        download = gr.File(label="导出文件（点击文件名下载）", interactive=False, visible=False,
                           elem_id="pq-sheet-download")

    def sheet_for(name, city_value, day):
        return assistant.office_sheet(name, city=city_value or None,
                                      as_of=as_of_date(day))

    @shows_errors
    def run_sheet(name, city_value, day):
        if not name:
            warn("请先选择部门。")
            return (gr.skip(),) * 4
        sheet = sheet_for(name, city_value, day)
        lead = sum(r.role == office_sheet.LEAD for r in sheet.rows)
        message = (f"{'、'.join(sheet.offices)}：牵头 {lead} 条，参与 {len(sheet.rows) - lead} 条"
                   f"（截至 {sheet.as_of}）。")
        by_place = office_sheet.places(sheet)
        if len(by_place) > 1:  # the same office name in several places: say where each is
            message += " 按地区：" + "；".join(f"{place or '未注明地区'} {n} 条"
                                               for place, n in by_place.items())
        hidden = gr.update(value=None, visible=False)
        return tables.sheet_rows(sheet), message, (name, city_value, day), hidden

    @shows_errors
    def export(shown, kind):
        if not shown:
            warn("请先生成时限表。")
            return gr.update(value=None, visible=False)
        sheet = sheet_for(*shown)
        folder = Path(tempfile.mkdtemp(dir=exports))  # one per export: no clashes
        offices = re.sub(r'[\\/:*?"<>|]', "_", "、".join(sheet.offices))  # uploads name offices
        path = folder / f"{offices}-时限表-{sheet.as_of}.{kind}"
        if kind == "csv":
            path.write_text(office_sheet.to_csv(sheet), encoding="utf-8-sig")  # Excel reads it
        else:
            path.write_bytes(office_sheet.to_xlsx(sheet))
        return gr.update(value=str(path), visible=True)

    show.click(run_sheet, [office, city, as_of], [table, status, query, download],
               api_visibility="private")
    export_csv.click(lambda shown: export(shown, "csv"), [query], [download],
                     api_visibility="private")
    export_xlsx.click(lambda shown: export(shown, "xlsx"), [query], [download],
                      api_visibility="private")
    return SheetView(office=office, city=city)
