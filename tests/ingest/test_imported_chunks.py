"""A .docx whose body is content Word imports when it opens the file (w:altChunk: an HTML page
or an MHT web archive kept as a part of the package), and Markdown's hard line breaks. Each file
is built here by hand; the expected text is read off what was written into it."""

from __future__ import annotations

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ingest.loaders import load_text
from ingest.pipeline import parse_file

PAGE = """<html><head><meta charset="utf-8"></head><body><h1>江西省电梯安全管理条例</h1>
<p>(2019年5月30日江西省第十三届人民代表大会常务委员会第十二次会议通过)</p>
<h2>第一章 总  则</h2>
<p>第一条 为了加强电梯安全管理，预防事故，制定本条例。</p>
<p>第二条 本省行政区域内电梯的生产、使用和监督管理，适用本条例。</p>
<p>第三条 本条例自2019年10月1日起施行。</p>
</body></html>"""

# An MHT archive as Word and browsers save one: the page quoted-printable, UTF-8.
BULLETIN = "某某省人民代表大会常务委员会公报"
MHT = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"part\"\r\n\r\n"
       "--part\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n"
       "Content-Location: file:///C:/chunk.html\r\n\r\n{}\r\n--part--\r\n")


def _quoted_printable(text: str) -> str:
    import quopri

    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def _docx_importing(tmp_path, blob: bytes, content_type: str, name: str, own: str = ""):
    """A .docx whose body is one altChunk pointing at `blob`, after a paragraph of its own."""
    document = Document()
    if own:
        document.add_paragraph(own)
    part = Part(PackURI(f"/word/{name}"), content_type, blob, document.part.package)
    rid = document.part.relate_to(part, RT.A_F_CHUNK)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), rid)
    document.element.body.insert(1 if own else 0, chunk)
    path = tmp_path / "imported.docx"
    document.save(str(path))
    return path


def test_a_docx_whose_body_is_an_mht_chunk_reads_the_page_in_it(tmp_path):
    blob = MHT.format(_quoted_printable(PAGE)).encode("ascii")
    path = _docx_importing(tmp_path, blob, "message/rfc822", "afchunk.mht", own=BULLETIN)
    text = load_text(path).text
    # the document's own paragraph first, then the page's paragraphs where the chunk stands
    lines = [line.replace(" ", "") for line in text.split("\n\n")]
    assert lines[0] == BULLETIN
    assert lines[1:4] == ["江西省电梯安全管理条例",
                          "(2019年5月30日江西省第十三届人民代表大会常务委员会第十二次会议通过)", "第一章总则"]
    assert lines[-1] == "第三条本条例自2019年10月1日起施行。"


def test_an_html_chunk_is_parsed_as_the_regulation_it_holds(tmp_path):
    path = _docx_importing(tmp_path, PAGE.encode("utf-8"), "text/html", "chunk.html")
    (doc,) = parse_file(path)
    assert doc.title == "江西省电梯安全管理条例"
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3"]
    assert (doc.issuer, doc.issued, doc.level) == (
        "江西省第十三届人民代表大会常务委员会", "2019-05-30", "province")


def test_a_chunk_of_a_format_not_read_gives_nothing_but_the_rest_is_read(tmp_path):
    path = _docx_importing(tmp_path, b"{\\rtf1 text}", "application/rtf", "chunk.rtf", own=BULLETIN)
    assert load_text(path).text == BULLETIN


def test_markdown_hard_line_breaks_end_a_signatures_lines(tmp_path):
    path = tmp_path / "joint.md"
    path.write_text(
        "**关于推进某某工作的意见**\n\n为推进某某工作，现提出以下意见。\n\n"
        "一、加强组织领导。各地要建立工作机制。\n\n二、强化资金保障。各地要统筹资金。\n\n"
        "> 中国人民银行\\\n> 公安部\\\n> 市场监管总局\\\n> 2025年3月6日\n", encoding="utf-8")
    (doc,) = parse_file(path)
    assert (doc.issuer, doc.issued) == ("中国人民银行、公安部、市场监管总局", "2025-03-06")
    # a ministry named by its field (公安部: 公安 is also a county's short name; 市场监管总局
    # opens with the word 市场) is a central organ
    assert doc.level == "national"
