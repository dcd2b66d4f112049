"""A PDF font that draws 户 and 戶 with one glyph gives the text layer 戶 inside a simplified
text: read as 户 there, and never in a text written in traditional characters. The PDFs are
typeset by reportlab with the traditional code point where the shared glyph stands, as the
text layer of such a file reads."""

from __future__ import annotations

from ingest.pipeline import parse_file

NOTICE = """某市公安局关于进一步做好戶籍登记管理工作的通知
各区公安分局，市局各部门：
为规范戶籍登记管理，方便群众办理戶口迁移，现就有关事项通知如下。
一、实行网上办理。群众可通过政务服务网申请戶口迁入，公安机关在5个工作日内办结。
二、简化证明材料。办理戶籍登记不再要求群众提交无犯罪记录证明等材料。
三、加强数据共享。各分局应当及时将戶籍变更信息推送至有关部门。
某市公安局
2024年3月5日
"""


def test_a_traditional_only_character_in_a_simplified_pdf_is_read_as_simplified(tmp_path, make_pdf):
    (doc,) = parse_file(make_pdf(NOTICE, tmp_path / "n.pdf", title="关于进一步做好戶籍登记管理工作的通知"))
    assert doc.title == "某市公安局关于进一步做好户籍登记管理工作的通知"
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
    assert "户口迁入" in doc.measures[0].text
    assert not any("戶" in m.text for m in doc.measures)


def test_a_pdf_written_in_traditional_characters_keeps_them(tmp_path, make_pdf):
    text = """臺北市政府關於戶籍登記業務調整的公告
一、自即日起，戶籍登記業務可於網路申請辦理。
二、申請人應檢附國民身分證及戶口名簿。
臺北市政府
2024年3月5日
"""
    (doc,) = parse_file(make_pdf(text, tmp_path / "t.pdf"))
    assert "戶籍" in doc.title
    assert "戶口名簿" in doc.measures[1].text


def test_a_saved_text_keeps_the_characters_it_was_written_in(tmp_path):
    # Only a PDF's glyphs are mapped back to code points; a text file holds what was typed.
    path = tmp_path / "n.txt"
    path.write_text(NOTICE, encoding="utf-8")
    (doc,) = parse_file(path)
    assert "戶口迁入" in doc.measures[0].text


def test_a_door_radical_in_a_simplified_pdf_is_read_as_the_simplified_character(tmp_path, make_pdf):
    # Chromium's Noto Serif CJK maps the glyph of 户 to the radical ⼾, whose ideograph in
    # Unicode's table is the traditional 戶.
    text = NOTICE.replace("戶", "⼾")
    (doc,) = parse_file(make_pdf(text, tmp_path / "r.pdf"))
    assert doc.title == "某市公安局关于进一步做好户籍登记管理工作的通知"
    assert "户口迁入" in doc.measures[0].text
