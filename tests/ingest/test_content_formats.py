"""A file is read by what it holds, not by what its name says: a law database's page saved as
.txt, a notice retyped into a web application's .jsp view, a text under a name we do not
know. And a scraper's record over a text (标题：/来源：/URL：/抓取时间：) is the document's
metadata, never its title line or its units."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.errors import LoadError
from ingest.loaders import load_text
from ingest.loaders.sniff import is_markup, reader_for
from ingest.pipeline import parse_file

ARTICLES = "".join(f"第{n}条　本条规定第{n}项义务，有关单位应当依法履行。<br/>" for n in "一二三四五")
# One line of markup, as a law database serves its fragment: no line breaks at all.
PAGE_AS_TXT = (
    ' <p align="center">某省人民代表大会常务委员会公告<br/> （第12号）<br/> </p>'
    "《某省某某管理条例》已由某省第十四届人民代表大会常务委员会第九次会议于2024年5月30日通过，"
    "现予公布，自2024年8月1日起施行。<br/> 特此公告。<br/>"
    '<p align="right">某省人民代表大会常务委员会<br/> 2024年6月3日</p> <br/>'
    '<p align="center">某省某某管理条例<br/> </p>'
    "（2024年5月30日某省第十四届人民代表大会常务委员会第九次会议通过）<br/>"
    + ARTICLES
)
JSP_VIEW = """<%@ page contentType="text/html;charset=UTF-8" language="java" %>
<%@ taglib prefix="c" uri="http://java.sun.com/jsp/jstl/core" %>
<style type="text/css">.T { font-size: large; }</style>
</head>
<body>
<p align="center"><strong>某政办函[2013]12号</strong></p>
<p align="center"><span class="T">某市人民政府办公室关于成立某市<br/>
        信用建设工作领导小组的通知</span></p>
<ul>
  <li>领导小组负责统筹全市信用体系建设工作，研究解决重大问题。</li>
  <li>领导小组下设办公室，办公室设在市发改局，负责日常工作。</li>
  <li>各成员单位要按照职责分工，认真做好相关工作。</li>
</ul>
<p align="right">某市人民政府办公室</p>
<p align="right">2013年10月10日</p>
</body>
"""
SCRAPED_MINUTES = """标题：某市住建局党组理论学习中心组会议纪要
来源：某市人民政府
URL：https://www.example.gov.cn/zfxxgk/202410/t20241024_1.html
抓取时间：2026-04-03
文种：会议纪要

2024年4月3日下午，局党组书记主持召开局党组理论学习中心组暨党组会议。会议集中学习了近期重要讲话和有关会议、文件精神；安排当前重点工作；研究相关事宜，现纪要如下：
会议集中学习了有关会议和文件精神。
班子成员结合本职工作进行交流发言。
会议强调，要按照工作要求推进当前重点工作任务。
会议还审议了其他事项。
"""


def _write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _fields(doc):
    return doc.title, doc.notice_title, doc.doc_number, doc.issued, len(doc.measures)


def test_a_page_saved_as_txt_is_read_as_the_page(tmp_path):
    loaded = load_text(_write(tmp_path, "regulation.txt", PAGE_AS_TXT))
    assert loaded.format == "html"
    assert "<br" not in loaded.text and "<p" not in loaded.text
    [doc] = parse_file(tmp_path / "regulation.txt")
    assert doc.title == "某省某某管理条例"
    assert doc.notice_title == "某省人民代表大会常务委员会公告"
    assert doc.structure == "articles"
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3", "art4", "art5"]


def test_a_jsp_view_is_read_as_a_page_without_its_template_code(tmp_path):
    loaded = load_text(_write(tmp_path, "notice_view.jsp", JSP_VIEW))
    assert loaded.format == "html"
    assert "<%" not in loaded.text and "taglib" not in loaded.text and "contentType" not in loaded.text
    [doc] = parse_file(tmp_path / "notice_view.jsp")
    assert _fields(doc) == ("某市人民政府办公室关于成立某市信用建设工作领导小组的通知", "",
                            "某政办函[2013]12号", "2013-10-10", 3)
    assert doc.issuer == "某市人民政府办公室"


def test_a_text_under_a_name_we_do_not_know_is_read_as_text(tmp_path):
    loaded = load_text(_write(tmp_path, "notes.data", "某市人民政府关于某事的通知\n\n一、第一项措施。\n二、第二项措施。\n"))
    assert loaded.format == "txt"
    assert "第一项措施" in loaded.text


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, "Policy text printed to PDF")
    page.save()
    loaded = load_text(_write(tmp_path, "policy.txt", buffer.getvalue()))
    assert loaded.format == "pdf"
    assert "Policy text printed to PDF" in loaded.text


def test_binary_under_an_unknown_name_is_refused_as_unsupported(tmp_path):
    with pytest.raises(LoadError) as refused:
        load_text(_write(tmp_path, "image.xyz", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)))
    assert refused.value.reason.startswith("unsupported file type '.xyz'")


@pytest.mark.parametrize(("content", "markup"), [
    (b"<!DOCTYPE html><html><body><p>text</p></body></html>", True),
    (b"\xef\xbb\xbf  <p>one</p><p>two</p><br/>", True),
    (b"<%@ page language=\"java\" %>\n<div><p>text</p></div>", True),
    # a text that quotes a tag or two stays a text
    ("第一条　换行用<br>标记。\n第二条　段落用<p>标记。".encode(), False),
    (b"<p>only one tag</p>", False),
    ("《某某办法》\n正文".encode(), False),
])
def test_markup_opens_a_page(content, markup):
    assert is_markup(content) is markup


def test_markdown_keeps_its_reader_and_binary_names_keep_theirs():
    assert reader_for(".md", b"<div align=\"center\"><p>a</p><br/></div>\n# title") == ".md"
    assert reader_for(".pdf", b"plain text") == ".pdf"  # its reader says it is no valid PDF
    assert reader_for(".htm", b"plain text") == ".html"


def test_a_scrapers_record_is_metadata_not_title_or_units(tmp_path):
    [doc] = parse_file(_write(tmp_path, "minutes.txt", SCRAPED_MINUTES))
    assert doc.title == "某市住建局党组理论学习中心组会议纪要"
    texts = [m.text for m in doc.measures]
    assert len(texts) == 5
    assert texts[0].startswith("2024年4月3日下午")
    assert not any(("URL" in t or "抓取时间" in t or "文种" in t) for t in texts)


def test_a_label_and_value_under_the_title_is_text(tmp_path):
    # Only a block of record lines opening the file is the file's record: under the title, a
    # label and its value (联系人：…) is what the document says.
    text = ("某市人民政府办公室关于做好某项工作的通知\n\n各区人民政府：\n"
            "现就做好某项工作通知如下，请认真贯彻执行。\n联系人：张三，电话：12345678。\n")
    [doc] = parse_file(_write(tmp_path, "notice.txt", text))
    assert any("联系人" in m.text for m in doc.measures)


FRAGMENT = """
<div style="text-align: center;">某市人民政府办公厅关于印发某市商贸服务业奖励办法的通知
（某政办发〔2007〕153号）
</div>
各县（市）、区人民政府，市政府各部门：
　　《某市商贸服务业奖励办法》已经市人民政府同意，现印发给你们，请认真贯彻执行。

<div align=right>　　二○○七年八月七日
</div>
<div align=center>某市商贸服务业奖励办法
</div>
<div>
　　为推动我市商贸服务业发展，特制定本办法。
<p>一、评价对象。各县（市）、区人民政府参加评价，市级有关部门和单位参加服务优胜奖评价。</p>
<p>二、奖项设置。设商贸经济发展奖、商贸设施建设奖和服务优胜奖，各奖项按评分高低确定。</p>
<p>三、评价程序。评价工作由市领导小组负责，由市领导小组办公室组织实施。</p>
</div>
"""


def test_a_fragment_is_all_article_its_head_beside_the_body(tmp_path):
    # A database's copy of the text alone (no <html>, no <body>): the notice's title, 文号 and
    # date stand beside the body's container and are the document's, not a page's furniture.
    loaded = load_text(_write(tmp_path, "fragment.html", FRAGMENT))
    assert loaded.text.index("关于印发") < loaded.text.index("二○○七年八月七日") < loaded.text.index("一、评价对象")
    [doc] = parse_file(tmp_path / "fragment.html")
    assert _fields(doc) == ("某市商贸服务业奖励办法", "某市人民政府办公厅关于印发某市商贸服务业奖励办法的通知",
                            "某政办发〔2007〕153号", "2007-08-07", 3)
