"""Text layers that hide the document's own numbering or markup: a page carried in a script's
string literal, an item marker whose point a PDF lost (U+FFFD and a lone number line), and
numbers letter-spaced inside an article marker (第 1 0 条).

Inputs are small hand-written texts; the expected structure is read off them by hand.
"""

from __future__ import annotations

from ingest.cleaning import tidy
from ingest.loaders import load_text
from ingest.loaders.lost_marks import restore_lost_points
from ingest.loaders.script_strings import carried_markup, unescape
from ingest.pipeline import parse_file

_VIEW = """//generated view
Page({
	data: {
		userInfo: {},
		text: `<p style="text-align: center;">产业意见</p>`,
		text1: `<p style="text-align: center;">某县人民政府关于支持旅游发展的实施意见</p>
<p>为推动旅游业发展，制定本意见。</p>
<p>第 1 条&nbsp; 对新建景区给予奖励。</p>
<p>第 2 条&nbsp; 对新评定的星级酒店给予补助。</p>
<p>第 1 0 条&nbsp; 本意见自发布之日起施行。</p>`
	},
	onLoad(option) {
		this.init();
	},
	async init() {}
});
"""


def test_the_longest_markup_literal_is_the_page():
    markup = carried_markup(_VIEW)
    assert markup.startswith('<p style="text-align: center;">某县人民政府')
    assert "产业意见" not in markup  # the view's own label is not the document
    assert "onLoad" not in markup


def test_escapes_of_a_quoted_literal_are_undone():
    assert unescape(r"<p>\"一\"<\/p>\n<p>\u4e8c</p>") == '<p>"一"</p>\n<p>二</p>'
    code = 'var html = "<div><p>一、总则<\\/p><p>二、附则<\\/p></div>";'
    assert carried_markup(code) == "<div><p>一、总则</p><p>二、附则</p></div>"


def test_code_that_only_builds_a_tag_is_not_a_page():
    code = "\n".join(["function render(x) {", "  var total = 0;", "  for (var i = 0; i < x.length; i++) {",
                      "    total += x[i].size * 2 + x[i].weight;", "  }",
                      '  return "<p>" + total + "</p><br><br>";', "}"] * 3)
    assert carried_markup(code) is None
    assert carried_markup("<html><body><p>一</p><p>二</p></body></html>") is None  # a page itself


def test_a_view_file_is_parsed_as_the_page_it_carries(tmp_path):
    path = tmp_path / "tourism.js"
    path.write_text(_VIEW, encoding="utf-8")
    loaded = load_text(path)
    assert loaded.format == "html"
    assert "Page(" not in loaded.text and "onLoad" not in loaded.text
    (doc,) = parse_file(path)
    assert doc.title == "某县人民政府关于支持旅游发展的实施意见"
    # 第 1 0 条 is the tenth article as printed, not a paragraph of the second one
    assert [m.number for m in doc.measures] == ["art1", "art2", "art10"]
    assert doc.measures[2].text.endswith("本意见自发布之日起施行。")


def test_spaces_inside_an_article_or_chapter_number_are_layout():
    assert tidy("第 1 0 条 本办法自发布之日起施行。") == "第10条本办法自发布之日起施行。"
    assert tidy("第 三 章 附则") == "第三章附则"
    assert tidy("共 3 0 条") == "共30条"


def test_a_lone_number_before_a_lost_point_is_its_marker():
    text = "（一）做强企业\n１\n� 做大做强龙头企业.支持企业\n兼并重组.\n２\n\n� 培育上市企业.实施行动."
    assert restore_lost_points(text) == ("（一）做强企业\n１．做大做强龙头企业.支持企业\n兼并重组.\n"
                                         "\n２．培育上市企业.实施行动.")


def test_a_number_set_below_its_item_line_is_its_marker_too():
    text = "（三）培育中小企业\n � 推动中小企业提质发展.深入实施\n ５\n“万企融合”行动."
    assert restore_lost_points(text) == "（三）培育中小企业\n ５．推动中小企业提质发展.深入实施\n“万企融合”行动."


def test_a_lost_glyph_without_a_lone_number_stays():
    text = "第一段\n� 无编号的一行\n第二段"
    assert restore_lost_points(text) == text
