"""A table's rows read across, and the notes under a table: a cell printed over several lines
(□购买 / 办公用房补助) is one cell of one row, and the 注：1、… 2、… a form or checklist prints
under its table say how to fill it in — none of its rows, no measure."""

from __future__ import annotations

from docx import Document

from ingest.cleaning import Paragraph
from ingest.loaders import load_text
from ingest.pipeline import parse_file
from ingest.table_notes import without_table_notes

NOTICE = ["某县人民政府关于印发某县促进建筑业发展实施意见的通知", "各乡镇人民政府，县直有关单位：",
          "现将《某县促进建筑业发展实施意见》印发给你们，请认真贯彻执行。",
          "附件：某县建筑企业申请办公用房补助收件清单", "某县人民政府", "2019年9月18日",
          "附件", "某县建筑企业申请办公用房补助收件清单"]
MATERIALS = ["企业营业执照", "施工总承包资质证书", "办公用房购买合同", "年度完税证明", "其他材料"]


def _checklist(path):
    document = Document()
    for line in NOTICE:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(MATERIALS), cols=3)
    for cell, text in zip(table.rows[0].cells, ["申请事项", "申报材料", "数量（份）"], strict=True):
        cell.text = text
    for n, material in enumerate(MATERIALS, 1):
        first, second, third = table.rows[n].cells
        first.text = "□购买"
        first.add_paragraph("办公用房补助")  # the cell's text printed over two lines
        second.text = f"{n}、{material}"
        third.text = "5"
    for line in ["注：", "1、以上材料须提供原件核对，复印件一式5份应加盖企业公章；",
                 "2、申请企业应对所提供资料的真实性、有效性和完整性负责；"]:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_a_cell_over_several_lines_stays_in_its_row(tmp_path):
    text = load_text(_checklist(tmp_path / "checklist.docx")).text
    assert "□购买 办公用房补助\t1、企业营业执照\t5" in text


def test_the_notes_under_a_table_are_not_its_units(tmp_path):
    docs = parse_file(_checklist(tmp_path / "checklist.docx"))
    table = next(d for d in docs if d.title == "某县建筑企业申请办公用房补助收件清单")
    assert len(table.measures) == len(MATERIALS)
    assert all(material in m.text for m, material in zip(table.measures, MATERIALS, strict=True))
    assert not any("原件核对" in m.text for m in table.measures)


def _paras(*texts):
    return [Paragraph(t, 0, len(t)) for t in texts]


def test_notes_are_dropped_only_under_a_table_and_at_its_end():
    rows = [f"□补助\t{n}、材料{n}\t5" for n in range(1, 5)]
    notes = ["申请单位：（公章） 年 月 日 注：1、以上材料须提供原件核对；", "2、申请企业对资料负责；",
             "某县人民政府办公室2019年9月18日印发"]
    assert [p.text for p in without_table_notes(_paras(*rows, *notes))] == rows
    # no table above: a 注： paragraph of running text is the text's own
    text = ["一、加强组织领导。", "注：本条所称企业包括个体工商户。", "1、第一项。"]
    assert [p.text for p in without_table_notes(_paras(*text))] == text
    # text goes on after the notes: they are not the table's closing notes
    going_on = [*rows, "注：1、以上材料须提供原件核对；", "本清单由县住建局负责解释，自印发之日起施行。"]
    assert [p.text for p in without_table_notes(_paras(*going_on))] == going_on
