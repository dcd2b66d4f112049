"""A list published as a ruled landscape table (事项清单): one item a row, the item's cells
merged down over its material sub-rows, the header printed again on every page and an item
carried over a page break repeating its 序号. Read row by row: one unit an item, its materials
inside it. A page framed by a ruled box is still read as text. PDFs drawn by reportlab's
tables, as office tools draw them; counts read off the rows written here."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from ingest.pipeline import parse_file
from tests.ingest.conftest import PDF_FONT, _register_pdf_font

HEADER = ["序号", "事项名称", "事项类别", "材料序号", "申请材料", "材料类型"]
# Each page's rows under the header: (序号, 事项名称, 事项类别, [(材料序号, 申请材料, 材料类型)]).
PAGES = [
    [("1", "企业投资项目核准", "行政许可", [("1", "项目申请报告", "主审材料"),
                                            ("2", "用地预审与选址意见书", "容缺材料"),
                                            ("3", "社会稳定风险评估报告", "容缺材料")]),
     ("2", "建设工程消防设计审查", "行政许可", [("1", "消防设计审查申请表", "主审材料"),
                                              ("2", "消防设计文件", "主审材料")])],
    # item 2 goes on at the next page, its 序号 and name printed again
    [("2", "建设工程消防设计审查", "行政许可", [("3", "专家评审意见", "容缺材料")]),
     ("3", "雷电防护装置设计审核", "行政许可", [("1", "设计审核申请表", "主审材料"),
                                              ("2", "设计说明书及图纸", "主审材料")])],
]


def _page_table(items) -> Table:
    data, spans = [HEADER], []
    for number, name, kind, materials in items:
        first = len(data)
        for k, (m, material, type_) in enumerate(materials):
            data.append([number, name, kind, m, material, type_] if k == 0 else
                        ["", "", "", m, material, type_])
        if len(materials) > 1:
            spans += [("SPAN", (c, first), (c, first + len(materials) - 1)) for c in range(3)]
    table = Table(data, colWidths=[40, 150, 70, 60, 200, 80], rowHeights=24)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), PDF_FONT), ("FONTSIZE", (0, 0), (-1, -1), 11),
                               ("GRID", (0, 0), (-1, -1), 0.8, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               *spans]))
    return table


def make_list_pdf(path: Path) -> Path:
    _register_pdf_font()
    pdf = canvas.Canvas(str(path), pagesize=landscape(A4))
    width, height = landscape(A4)
    for n, items in enumerate(PAGES, start=1):
        if n == 1:
            pdf.setFont(PDF_FONT, 12)
            pdf.drawString(60, height - 50, "附件1")
            pdf.setFont(PDF_FONT, 18)
            pdf.drawCentredString(width / 2, height - 80, "某省投资项目容缺审批事项清单")
        table = _page_table(items)
        _, h = table.wrapOn(pdf, width, height)
        table.drawOn(pdf, 60, height - 110 - h)
        pdf.setFont(PDF_FONT, 10)
        pdf.drawCentredString(width / 2, 30, f"— {n} —")
        pdf.showPage()
    pdf.save()
    return path


def test_a_list_printed_as_a_ruled_table_is_read_an_item_a_row(tmp_path):
    (doc,) = parse_file(make_list_pdf(tmp_path / "list.pdf"))
    assert doc.title == "某省投资项目容缺审批事项清单"
    assert doc.structure == "table"
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
    first, second, third = (m.text for m in doc.measures)
    # an item's materials, merged under its name, are its own
    assert "企业投资项目核准" in first and "社会稳定风险评估报告" in first
    # the item carried over the page break keeps the materials of both pages
    assert "消防设计文件" in second and "专家评审意见" in second
    assert "设计说明书及图纸" in third and "消防" not in third


def test_a_page_framed_by_a_ruled_box_is_read_as_text(tmp_path):
    _register_pdf_font()
    path = tmp_path / "boxed.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    pdf.rect(50, 80, width - 100, height - 160)  # a frame round the page's text
    lines = ["某县人民政府关于支持小微企业发展的通知", "各乡镇人民政府，县政府各部门：",
             "一、加大财政支持。县财政每年安排专项资金100万元。",
             "二、降低融资成本。对小微企业贷款给予贴息。",
             "三、优化审批服务。审批时限压缩至5个工作日。", "某县人民政府", "2024年5月6日"]
    y = height - 120
    for k, line in enumerate(lines):
        pdf.setFont(PDF_FONT, 16 if k == 0 else 13)
        x = width / 2 - 8 * len(line) if k == 0 else (width - 200 if k >= 5 else 90)
        pdf.drawString(x, y, line)
        y -= 30
    pdf.showPage()
    pdf.save()
    (doc,) = parse_file(path)
    assert doc.structure == "outline"
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
