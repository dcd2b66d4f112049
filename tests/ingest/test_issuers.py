"""Who issued a document, by the rules of how official documents print it. Each input is
written here by hand; the expected fields are read off it, not taken from the parser.
"""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt", meta: dict[str, str] | None = None):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, meta or {}))


LAW_AMENDED = """中华人民共和国某某税法

（1990年9月10日第七届全国人民代表大会第三次会议通过　根据2001年10月31日第九届全国人民代表大会常务委员会第四次会议《关于修改〈中华人民共和国某某税法〉的决定》第一次修正　根据2019年8月31日第十三届全国人民代表大会常务委员会第五次会议《关于修改〈中华人民共和国某某税法〉的决定》第二次修正）

第一条　在中国境内有住所的个人，依照本法规定缴纳税款。
第二条　下列各项所得，应当缴纳税款。
第三条　本法自公布之日起施行。
"""


def test_a_law_adopted_by_the_congress_and_amended_by_its_standing_committee_is_both_organs():
    (doc,) = parse(LAW_AMENDED)
    # each organ once, as named in its latest act; the date is the latest amendment's
    assert doc.issuer == "第七届全国人民代表大会、第十三届全国人民代表大会常务委员会"
    assert (doc.issued, doc.level, doc.structure) == ("2019-08-31", "national", "articles")


def test_a_regulation_amended_by_the_committee_that_adopted_it_has_one_issuer():
    text = LAW_AMENDED.replace("第七届全国人民代表大会第三次会议通过",
                               "第七届全国人民代表大会常务委员会第三次会议通过")
    (doc,) = parse(text)
    assert doc.issuer == "第十三届全国人民代表大会常务委员会"


def load(tmp_path, name: str, text: str):
    from ingest.loaders import load_text

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_text(load_text(path))


PAGE = """<html><head><title>关于做好2024年春节期间安全生产工作的通知_赣州市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>通知公告</a></div>
<div class="article"><h1>关于做好2024年春节期间安全生产工作的通知</h1>
<div class="info">{source}　发布时间：2024-01-05　浏览次数：120</div>
<div class="content">
<p>各县（市、区）人民政府，市政府各部门：</p>
<p>春节将至，为做好节日期间安全生产工作，现将有关事项通知如下：</p>
<p>一、压实安全责任。各地要落实属地管理责任，全面排查风险隐患。</p>
<p>二、加强值班值守。严格执行领导带班和24小时值班制度。</p>
<p>三、做好应急准备。完善应急预案，备足应急物资。</p>
</div></div>
<div class="footer">网站地图 | 联系我们</div>
</body></html>
"""


def test_a_page_without_a_signature_is_issued_by_the_organ_its_source_field_names(tmp_path):
    # the field shares its line with the page's other fields, which are no part of it
    (doc,) = load(tmp_path, "a.html", PAGE.format(source="来源：江西省赣州市人民政府办公室"))
    assert (doc.issuer, doc.level, doc.region.get("city")) == ("江西省赣州市人民政府办公室", "city", "赣州市")
    assert doc.published == "2024-01-05"
    (doc,) = load(tmp_path, "b.html", PAGE.format(source="<span>信息来源：赣州市人民政府办公室</span>"))
    assert doc.issuer == "赣州市人民政府办公室"


def test_a_source_field_naming_no_organ_is_the_sites_furniture(tmp_path):
    (doc,) = load(tmp_path, "a.html", PAGE.format(source="信息来源：本站原创"))
    assert doc.issuer == ""


def test_a_signature_outranks_the_source_field(tmp_path):
    page = PAGE.format(source="来源：赣州市人民政府办公室").replace(
        "</div></div>", "<p>赣州市应急管理局</p><p>2024年1月4日</p></div></div>")
    (doc,) = load(tmp_path, "a.html", page)
    assert (doc.issuer, doc.issued) == ("赣州市应急管理局", "2024-01-04")


def test_a_text_pages_source_line_names_the_issuer():
    text = """关于做好2024年春节期间安全生产工作的通知
发布时间：2024-01-05 来源：赣州市人民政府办公室
各县（市、区）人民政府，市政府各部门：
春节将至，为做好节日期间安全生产工作，现将有关事项通知如下：
一、压实安全责任。各地要落实属地管理责任，全面排查风险隐患。
二、加强值班值守。严格执行领导带班和24小时值班制度。
"""
    from ingest.loaders.text import text_metadata

    (doc,) = parse(text, meta=text_metadata("a.txt", text.encode()))
    assert (doc.issuer, doc.level) == ("赣州市人民政府办公室", "city")


def test_an_attachment_links_file_name_ends_its_line_before_the_signature():
    text = """关于做好电力交易注册工作的通知
各售电公司、电力用户：
一、简化合同要求。售电公司应在交易平台在线开展注册。
二、优化服务。供电企业应当场受理、当日办结。
附件：售电公司三方服务协议（示范文本）.doc
国家能源局江苏监管办公室
2018年10月26日
"""
    (doc,) = parse(text)
    assert (doc.issuer, doc.issued) == ("国家能源局江苏监管办公室", "2018-10-26")


def test_an_organ_whose_name_holds_a_place_and_another_organs_name_stays_whole():
    from ingest.markers import organs_of_line

    # the CPPCC's city committee: 会议 is no organ's end, 议上海市 no place
    assert organs_of_line("中国人民政治协商会议上海市委员会") == "中国人民政治协商会议上海市委员会"
    # a central body's local organ: the body, its place, a unit of its own field
    assert organs_of_line("国家税务总局黑龙江省税务局") == "国家税务总局黑龙江省税务局"
    assert organs_of_line("国家外汇管理局上海市分局") == "国家外汇管理局上海市分局"
    # …and such an organ glued to a local one is still two
    assert organs_of_line("国家税务总局上海市税务局上海市财政局") == "国家税务总局上海市税务局、上海市财政局"
    assert organs_of_line("上海市财政局国家税务总局上海市税务局") == "上海市财政局、国家税务总局上海市税务局"


def test_organs_printed_together_without_a_separator_are_still_told_apart():
    from ingest.markers import organs_of_line

    assert organs_of_line("广州市民政局广州市财政局广州市市场监督管理局") == \
        "广州市民政局、广州市财政局、广州市市场监督管理局"
    # a city's own commission is no branch of the national one
    assert organs_of_line("国家发展改革委上海市发展改革委") == "国家发展改革委、上海市发展改革委"
    assert organs_of_line("国务院中央军委") == "国务院、中央军委"


def test_a_signature_of_a_local_tax_bureau_is_one_issuer_of_its_province():
    text = """关于做好个人所得税汇算清缴工作的通告
为做好2023年度个人所得税综合所得汇算清缴工作，现将有关事项通告如下：
一、汇算时间为2024年3月1日至6月30日。
二、纳税人可通过个人所得税App办理。
国家税务总局上海市税务局
2024年2月20日
"""
    (doc,) = parse(text)
    assert (doc.issuer, doc.issued) == ("国家税务总局上海市税务局", "2024-02-20")


ANNOUNCEMENT = """国家税务总局上海市税务局公告
2024年第1号

关于做好个人所得税汇算清缴工作的公告

为做好2023年度个人所得税综合所得汇算清缴工作，现将有关事项公告如下：
一、汇算时间为2024年3月1日至6月30日。
二、纳税人可通过个人所得税App办理。
三、本公告自发布之日起施行。
"""


def test_an_announcement_is_issued_by_the_organ_of_its_letterhead():
    (doc,) = parse(ANNOUNCEMENT)
    assert doc.title == "关于做好个人所得税汇算清缴工作的公告"
    assert doc.issuer == "国家税务总局上海市税务局"
    # no date is printed as the announcement's: 3月1日 begins the filing period, and the
    # 通过 further on is an app's, no meeting's
    assert doc.issued is None


ORDER = """广州市人民政府令
第179号

《广州市老年人优待办法》已经2021年1月8日市政府第15届130次常务会议通过，现予公布，自2021年5月1日起施行。

市  长：温国辉
2021年1月29日

广州市老年人优待办法

第一条 为保障老年人合法权益，制定本办法。
第二条 年满60周岁的公民，享受本办法规定的优待。
第三条 本办法自2021年5月1日起施行。
"""


def test_an_order_is_issued_by_the_organ_of_its_letterhead_on_the_date_it_is_signed():
    (doc,) = parse(ORDER)
    assert (doc.title, doc.doc_number) == ("广州市老年人优待办法", "广州市人民政府令第179号")
    assert (doc.issuer, doc.issued, doc.level) == ("广州市人民政府", "2021-01-29", "city")
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3"]


def test_an_adoption_line_of_a_date_and_its_verb_dates_a_resolution():
    text = """某市人民代表大会常务委员会关于
批准某市某条例的决议

（1980年8月26日通过）

某市人民代表大会常务委员会第十五次会议决定：批准某市人民政府提出的《某市某条例》。
"""
    (doc,) = parse(text)
    assert doc.issued == "1980-08-26"


def test_a_text_naming_no_issuer_but_its_place_is_that_places():
    text = """关于灵活就业人员参加医疗保险若干问题的处理意见
各医疗保险经办机构：
为顺利开展武汉市灵活就业人员医疗保险工作，提出如下处理意见。
一、关于参保的步骤安排。首先做好医疗保险关系续接工作。
二、关于缴费的规定。两费合并征收。
"""
    (doc,) = parse(text)
    assert (doc.issuer, doc.level, doc.region.get("city")) == ("", "city", "武汉市")


def test_a_public_notice_under_its_letterhead_is_its_organs_and_numbered_in_its_series():
    text = """北京市人民政府通告
〔2024〕第1号

为加强春节期间烟花爆竹安全管理，现通告如下：
一、本市五环路以内禁止燃放烟花爆竹。
二、违反本通告的，依法处罚。
三、本通告自发布之日起施行。
"""
    (doc,) = parse(text)
    assert (doc.issuer, doc.doc_number, doc.level) == ("北京市人民政府", "北京市人民政府通告〔2024〕第1号",
                                                       "province")
    assert [m.number for m in doc.measures] == ["1", "2", "3"]


def test_a_news_agency_newspaper_or_website_in_the_source_field_is_its_publisher(tmp_path):
    # 来源 names who published the page; a news agency, a paper's office, a broadcaster or a
    # website prints official documents but issues none
    for source in ("来源：新华社", "来源：人民日报社", "来源：某省广播电视台", "来源：某市人民政府门户网站"):
        (doc,) = load(tmp_path, "a.html", PAGE.format(source=source))
        assert doc.issuer == "", source
    (doc,) = load(tmp_path, "b.html", PAGE.format(source="来源：某县供销合作社"))
    assert doc.issuer == "某县供销合作社"  # a co-operative is an organ


def test_a_places_short_name_that_is_a_common_word_names_no_place_in_a_sentence():
    # 合作 is the short name of 合作市 (甘肃) and a verb: a sentence on 业务合作 is no place's
    text = """关于完善融资担保体系的若干措施
为进一步完善融资担保体系，加强银担业务合作，现提出如下措施。
一、做强省级融资担保机构。推进担保、再担保业务协同发展。
二、扩大银担合作。加强与银行的业务合作。
"""
    (doc,) = parse(text)
    assert (doc.level, doc.region) == ("", {})
    # a short name that is no common word still names its place (聊城 for 聊城市)
    (doc,) = parse(text.replace("关于完善", "关于聊城完善"))
    assert (doc.level, doc.region.get("city")) == ("city", "聊城市")
