"""A government page printed to PDF, or pasted into Word, keeps the page's record (标题：…,
发文字号：…, 发布日期：…) above the text: read as the record it is, in every format, and its
标题 line is no title of its own. Files made by reportlab and python-docx from the text."""

from __future__ import annotations

import pytest

from ingest.pipeline import parse_file

PAGE = """索引号：11370800MB2854321X/2023-01234
主题分类：综合政务
发文机关：某市人民政府办公室
成文日期：2023年06月12日
标题：某市人民政府办公室关于印发某市创建一流营商环境三年行动方案的通知
发文字号：某政办字〔2023〕18号
发布日期：2023年06月15日
某市人民政府办公室关于印发某市创建一流营商环境三年行动方案的通知
各县（市、区）人民政府，市政府各部门：
《某市创建一流营商环境三年行动方案》已经市政府同意，现印发给你们，请认真贯彻落实。
某市人民政府办公室
2023年6月12日
某市创建一流营商环境三年行动方案
一、优化政务服务。推行“无证明城市”建设。（牵头单位：市大数据中心；配合单位：市直有关部门）
二、优化法治环境。推行包容审慎监管。（牵头单位：市司法局）
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_printed_pages_record_is_read_and_is_no_title(tmp_path, make_pdf, make_docx, fmt):
    make = make_pdf if fmt == "pdf" else make_docx
    (doc,) = parse_file(make(PAGE, tmp_path / f"page.{fmt}"))
    assert doc.notice_title == "某市人民政府办公室关于印发某市创建一流营商环境三年行动方案的通知"
    assert doc.title == "某市创建一流营商环境三年行动方案"
    assert doc.doc_number == "某政办字〔2023〕18号"
    assert (doc.issued, doc.published) == ("2023-06-12", "2023-06-15")
    assert [m.number for m in doc.measures] == ["1", "2"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_record_naming_the_title_names_a_text_printing_none(tmp_path, make_pdf, make_docx, fmt):
    text = PAGE.replace("某市人民政府办公室关于印发某市创建一流营商环境三年行动方案的通知\n各县", "各县")
    make = make_pdf if fmt == "pdf" else make_docx
    (doc,) = parse_file(make(text, tmp_path / f"page.{fmt}"))
    assert doc.notice_title == "某市人民政府办公室关于印发某市创建一流营商环境三年行动方案的通知"


def test_a_markdown_files_record_in_bold_labels_is_read(tmp_path):
    # A knowledge base keeps the record as lines of its text, its labels in bold.
    path = tmp_path / "kb.md"
    path.write_text("""# 某市优化营商环境若干措施

**发文机关**：南京市人民政府办公厅
**发文字号**：宁政办发〔2024〕12号
**成文日期**：2024-03-05

## 一、提升政务服务水平

1. **推行高效办成一件事**。年内实现20个“一件事”集成办理。（责任单位：市政务办）
2. **深化“证照分离”改革**。全面推行告知承诺制。（责任单位：市市场监管局）
""", encoding="utf-8")
    (doc,) = parse_file(path)
    assert (doc.issuer, doc.doc_number, doc.issued) == ("南京市人民政府办公厅", "宁政办发〔2024〕12号", "2024-03-05")
    assert [m.number for m in doc.measures] == ["1", "2"]
