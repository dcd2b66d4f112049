"""What printing a text to PDF does to its lines, and the rules of official documents that read
them back: a link printed on a line of its own under its label (原文链接： / https://…), a title
whose first line speaks of dates, a bracketed qualifier and a contact field under the title,
numbers printed as elements of their own, and the level a text without an 落款 gives itself
(我省). The texts are written here in those shapes; expectations are read off each text."""

from __future__ import annotations

from ingest import markers
from ingest.cleaning import normalise_chars, paragraphs
from ingest.loaders import LoadedText
from ingest.pipeline import parse_text
from ingest.places import level_and_place, own_level


def parse(text: str, source: str = "doc.pdf"):
    return parse_text(LoadedText(source, text, "pdf", "utf-8", "0" * 64, {}))


# A database export printed to PDF: its citation code, the label of its link, the link wrapped
# to a line of its own, then the notice's title printed twice and its 文号.
EXPORT_WITH_LINK = """【法宝引证码】 CLI.12.123456

原文链接：

https://www.example.com/lar/0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f.html

某市人民政府办公室关于印发《某市城市照明管理办法》的通知

某市人民政府办公室关于印发《某市城市照明管理办法》的通知

（某府办发〔2019〕7号）

各县（区）人民政府，市政府各部门：

《某市城市照明管理办法》已经市政府常务会议审议通过，现予印发，请认真遵照执行。

2019年3月5日

某市城市照明管理办法

第一条 为了加强城市照明管理，制定本办法。

第二条 本办法自2019年4月1日起施行。
"""


def test_a_link_under_its_label_is_no_addressee_and_no_part_of_the_title():
    [doc] = parse(EXPORT_WITH_LINK)
    assert doc.title == "某市城市照明管理办法"
    assert doc.notice_title == "某市人民政府办公室关于印发《某市城市照明管理办法》的通知"
    assert doc.doc_number == "某府办发〔2019〕7号"
    assert [m.number for m in doc.measures] == ["art1", "art2"]


def test_a_link_ends_its_paragraph_across_a_blank_line():
    paras = [p.text for p in paragraphs(normalise_chars(
        "原文链接：\n\nhttps://www.example.com/a/b.html\n\n某县人民政府关于某某事项的批复\n"))]
    assert paras[-1] == "某县人民政府关于某某事项的批复"


def test_a_label_over_a_link_is_no_addressee_but_one_over_text_is():
    assert not markers.addresses("原文链接：", "https://www.example.com/x.html")
    assert markers.addresses("各区人民政府：", "为进一步做好……")


# A notice whose title's first line names a period (dates), wrapped by the page, with a
# qualifier line under it and contact fields as its last paragraphs.
DATED_TITLE = """某市生态环境局关于2021年3月1日—2021年3月31日建设项目环境影响
评价文件审批决定的公告

（2021年）

根据环境影响评价法的有关规定，我局对3个建设项目作出了审批决定，现予公告。

联系电话：0123-6543210

传真：6543211
"""


def test_a_title_line_speaking_of_dates_wraps_like_any_title():
    [doc] = parse(DATED_TITLE)
    # (its bracketed qualifier printed under it is the title's, as GUIDE.md keeps （2024-2026年）)
    assert doc.title == "某市生态环境局关于2021年3月1日—2021年3月31日建设项目环境影响评价文件审批决定的公告（2021年）"
    assert doc.issuer == "某市生态环境局"


def test_a_qualifier_under_the_title_is_no_paragraph_and_a_contact_line_no_heading():
    [doc] = parse(DATED_TITLE)
    assert [m.text[:4] for m in doc.measures] == ["根据环境", "联系电话", "传真：6"]
    assert all(m.section == () for m in doc.measures)


def test_numbers_printed_as_paragraphs_of_their_own_join_their_text():
    text = "三、补贴发放\n\n补贴流程见附录\n\n3\n\n。\n\n1\n\n．结束后，计算响应量。\n\n2\n\n．汇总结果。\n"
    paras = [p.text for p in paragraphs(normalise_chars(text))]
    assert "1．结束后，计算响应量。" in paras and "2．汇总结果。" in paras


REPLY_WITHOUT_ISSUER = """株洲市人民政府：

你市《关于恳请批复株洲港总体规划的请示》收悉。现批复如下。

一、原则同意《株洲港总体规划》。株洲港是我省地区性重要港口，芦淞区段岸线规划为支持保障岸线。

二、你市要加强对规划实施的组织领导。

2021年5月6日
"""


def test_a_text_without_an_issuer_takes_the_level_it_speaks_of():
    assert own_level("鹰潭港是我省地区性重要港口") == "province"
    assert own_level("本行政区域内，本区域的企业") == ""
    [doc] = parse(REPLY_WITHOUT_ISSUER, "reply.txt")
    assert doc.issuer == ""
    # a reply to a city, speaking of 我省: the province's, its place cut to the province
    assert (doc.level, doc.region) == ("province", {"province": "湖南省"})
    # an issuer printed wins over what the text says of itself
    assert level_and_place("市财政局", "", spoken="province")[0] == "city"


def test_a_municipality_speaking_of_itself_as_a_city_stays_a_province():
    # 本市 in a 直辖市's text: the 市 is at province level, its place is kept
    level, region = level_and_place("", "上海市某某中心职责规定", spoken=own_level("参与本市交通建设"))
    assert level == "province" and region.get("province") == "上海市"
