"""Titles where a page's record or a database's export prints them: a record's title cut only
outside brackets, a record naming the 印发 notice over the text it issues, a link line and a
title printed twice, a title that speaks of dates. The expected values are read off each text."""

from __future__ import annotations

from ingest.cleaning import normalise_chars, paragraphs
from ingest.loaders import LoadedText
from ingest.metadata import page_title
from ingest.pipeline import parse_text


def parse(text: str, meta: dict | None = None, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, meta or {}))


def test_a_records_title_is_cut_at_the_sites_name_never_inside_brackets():
    title = "市政府办公室关于印发《某市人工智能培育发展行动计划（2026-2028年）》的通知"
    assert page_title({"<h1>": title}) == title
    assert page_title({"<h1>": f"某市人民政府 - {title}"}) == title


ISSUED_UNDER_RECORD = """经市委、市政府同意，现将《某市支持人工智能创新发展行动计划（2026-2027年）》印发给你们，请认真贯彻落实。

某市人民政府办公室

2025年6月29日

某市支持人工智能创新发展行动计划（2026—2027年）

为培育发展人工智能新业态，制定本行动计划。

一、重点任务

1.加大算力资源支持。扩容市级算力券。

2.畅通数据要素供给。推动数据资源共享开放。
"""


def test_a_record_naming_the_notice_that_issues_the_printed_text_is_the_notice_title():
    notice = "某市人民政府办公室关于印发《某市支持人工智能创新发展行动计划（2026—2027年）》的通知"
    (doc,) = parse(ISSUED_UNDER_RECORD, meta={"<h1>": notice})
    assert doc.title == "某市支持人工智能创新发展行动计划（2026—2027年）"
    assert doc.notice_title == notice
    assert [m.number for m in doc.measures] == ["1", "2"]


DATABASE_EXPORT = """    【法宝引证码】 CLI.12.748997
原文链接：https://www.example.com/lar/b64c9966.html
某市人民政府办公室关于印发《某市绿色建筑管理办法》的通知
某市人民政府办公室关于印发《某市绿色建筑管理办法》的通知

（余府发〔2012〕3号）

各县（区）人民政府，市直各单位：

　　《某市绿色建筑管理办法》现予印发，请认真遵照执行。
　　二○一二年一月九日
某市绿色建筑管理办法
　第一章　总则
　　第一条　为了加强绿色建筑管理，制定本办法。
　　第二条　本办法适用于本市行政区域。
"""


def test_a_link_line_ends_there_and_a_title_printed_twice_is_one_title():
    lines = [p.text for p in paragraphs(normalise_chars(DATABASE_EXPORT))]
    assert lines[0].endswith("b64c9966.html")
    assert lines[1] == "某市人民政府办公室关于印发《某市绿色建筑管理办法》的通知"
    (doc,) = parse(DATABASE_EXPORT)
    assert doc.notice_title == "某市人民政府办公室关于印发《某市绿色建筑管理办法》的通知"
    assert doc.title == "某市绿色建筑管理办法"
    assert doc.doc_number == "余府发〔2012〕3号"


DATED_TITLE = """某市水务局关于2020年2月1日—2020年2月29日生产建设项目水土保持方案审批决定的公告

根据水土保持法的有关规定，经技术审查，我市对2个水土保持方案审批申请作出了审批决定。现予公告。

联系电话：68724690
"""


def test_a_title_may_speak_of_dates():
    (doc,) = parse(DATED_TITLE)
    assert doc.title == "某市水务局关于2020年2月1日—2020年2月29日生产建设项目水土保持方案审批决定的公告"
    assert doc.issuer == "某市水务局"


def test_a_doc_number_on_its_own_line_printed_without_its_hao_is_kept_as_printed():
    (doc,) = parse("关于某事的通知\n\n中朝管发〔2026〕5\n\n各单位：\n\n请做好某项工作。\n")
    assert doc.doc_number == "中朝管发〔2026〕5"
    # a bracketed year and number inside a sentence is no 文号
    (cited,) = parse("关于某事的通知\n\n各单位：\n\n按照某政发〔2020〕3的要求，请做好某项工作。\n")
    assert cited.doc_number == ""


NAMED_OTHERWISE = """某市人民政府办公厅关于印发某市

科学技术发展“十三五”专项规划的通知

各县、区人民政府，市人民政府各部门：

《某市科学技术发展“十三五”专项规划》已经市人民政府常务会议审议通过，现印发给你们，请认真组织实施。

2016年11月23日

某市科学技术发展“十三五”规划

“十三五”时期，是某市实现率先发展的关键阶段。

一、发展成就

科技支撑产业快速发展。

二、重点任务

加快建设创新型城市。
"""


def test_the_text_a_notice_issues_under_its_date_keeps_the_title_it_prints():
    (doc,) = parse(NAMED_OTHERWISE)
    assert doc.title == "某市科学技术发展“十三五”规划"
    assert doc.notice_title == "某市人民政府办公厅关于印发某市科学技术发展“十三五”专项规划的通知"


BODY_ONLY_CRAWL = """各

《关于完善某某担保体系的若干措施》已经省政府同意，现印发给你们，请认真贯彻执行。

2020年3月16日

（此件主动公开）

为贯彻落实《国务院关于促进某某行业加快发展的意见》精神，制定以下措施。

通过政府注资等方式，做强做大省担保集团。

各级担保机构要优化业务流程，提高服务效率。
"""


def test_a_sending_notice_without_titles_goes_on_with_the_text_it_names():
    (doc,) = parse(BODY_ONLY_CRAWL)
    assert doc.title == "关于完善某某担保体系的若干措施"
    assert [m.text[:6] for m in doc.measures] == ["为贯彻落实《", "通过政府注资", "各级担保机构"]


ATTACHMENT_ALONE = """附件1

江

西省投资项目容缺审批事项清单

1.企业投资项目核准。项目社会稳定风险评估报告及审核意见《某省转发某某暂行办法的通知》（赣发改投资字〔2012〕1824号）明确的重大项目

2.建设工程消防设计审查。按规定提交材料。
"""


def test_an_attachment_saved_alone_takes_the_title_under_its_label_and_no_cited_number():
    (doc,) = parse(ATTACHMENT_ALONE)
    assert (doc.title, doc.doc_number) == ("江西省投资项目容缺审批事项清单", "")


SEALED_BY_PROXY = """某市“满天星”行动计划工作专班办公室关于印发某某工作方案的通知

各有关单位：

现将《某某工作方案》印发你们，请结合实际抓好贯彻落实。

某市“满天星”行动计划

工作专班办公室（代章）

2026年4月10日
"""


def test_a_signature_may_quote_a_programmes_name_and_carry_a_seal_note():
    (doc,) = parse(SEALED_BY_PROXY)
    assert (doc.issuer, doc.issued) == ("某市“满天星”行动计划工作专班办公室", "2026-04-10")


def test_a_meeting_that_approved_what_a_notice_issues_is_not_its_issuer():
    (doc,) = parse(DATABASE_EXPORT.replace("现予印发", "已经2011年12月20日市八届人民政府第7次常务会议审议通过，现予印发"))
    assert doc.issuer == "某市人民政府办公室"
