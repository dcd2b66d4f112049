"""Laws, congress decisions and national notices in the shapes real ones are printed in:
a law's title over its adoption and amendment lines, a congress's resolution carrying the
regulation it approves, a ministry's notice behind its letterhead, a web page saved as text
with its navigation and record, a plan whose edition stands in brackets under its title.
The expected values are read off each text, as a reader finds them.
"""

from __future__ import annotations

import pytest

from ingest.loaders import LoadedText
from ingest.loaders.text import text_metadata
from ingest.pipeline import parse_text
from ingest.places import is_national


def parse(text: str, source: str = "doc.txt", meta: dict | None = None):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, meta or {}))


LAW = """中华人民共和国某某税法

（1980年9月10日第五届全国人民代表大会第三次会议通过　根据1993年10月31日第八届全国人民代表大会常务委员会第四次会议《关于修改〈中华人民共和国某某税法〉的决定》第一次修正　根据2018年8月31日第十三届全国人民代表大会常务委员会第五次会议《关于修改〈中华人民共和国某某税法〉的决定》第二次修正）

第一条　在中国境内有住所的个人，依照本法规定缴纳某某税。
第二条　下列各项所得，应当缴纳某某税：
（一）工资、薪金所得；
（二）劳务报酬所得。
第一百一十一条　纳税人应当依法办理纳税申报。
第一百二十条　扣缴义务人应当按照规定扣缴税款。
第一百二十条之一　扣缴义务人未按规定扣缴的，依法处理。
第一百二十一条　本法自公布之日起施行。
"""


def test_a_law_is_titled_by_its_first_line_and_issued_by_its_latest_amendment():
    (doc,) = parse(LAW)
    assert doc.title == "中华人民共和国某某税法"
    # The text in force is the standing committee's 2018 amendment of the congress's law:
    # both organs issued it (as the labellers of 刑法 and 个人所得税法 read them).
    assert doc.issuer == "第五届全国人民代表大会、第十三届全国人民代表大会常务委员会"
    assert doc.issued == "2018-08-31"
    assert (doc.level, doc.region) == ("national", {})
    assert doc.structure == "articles"
    # 第一百一十一条 has five numerals; 之一 is an article inserted after 第一百二十条.
    assert [m.number for m in doc.measures] == ["art1", "art2", "art111", "art120", "art120-1",
                                                "art121"]
    assert doc.measures[4].printed_number == "第一百二十条之一"
    assert doc.measures[4].heading.startswith("扣缴义务人未按规定扣缴的")
    assert "（二）劳务报酬所得。" in doc.measures[1].text


RESOLUTION = """第五届全国人民代表大会常务委员会关于
批准某省经济特区条例的决议

（1980年8月26日通过）

第五届全国人民代表大会常务委员会第十五次会议决定：批准国务院提出的《某省经济特区条例》。


某省经济特区条例

第一章　总　　则

第一条　为发展对外经济合作和技术交流，设置经济特区。
第二条　特区内的企业和个人，必须遵守法律。
"""


def test_a_resolution_approving_a_regulation_carries_it():
    (doc,) = parse(RESOLUTION)
    assert doc.title == "某省经济特区条例"
    assert doc.notice_title == "第五届全国人民代表大会常务委员会关于批准某省经济特区条例的决议"
    assert doc.issued == "1980-08-26"
    assert doc.level == "national"  # the approving congress, not the province it names
    assert [m.number for m in doc.measures] == ["art1", "art2"]


LETTERHEAD = """国家发展改革委办公厅
文件
税务总局办公厅
发改办财金规〔2019〕860号
关于加强某某纳税信用建设的通知
各省、自治区、直辖市发展改革委：
为贯彻落实有关规定，现就有关事项通知如下。
一、建立纳税信用管理机制
（一）全面实施申报信用承诺制
税务部门在申报表中设立信用承诺书。
（二）建立健全纳税信用记录
税务总局研究制定管理办法。
国家发展改革委办公厅　　　　税务总局办公厅
2019年8月20日
"""


def test_a_letterhead_run_into_the_number_line_is_neither_title_nor_number():
    # pypdf prints a two-organ letterhead interleaved: its last line runs into the 文号.
    text = LETTERHEAD.replace("文件\n税务总局办公厅\n", "文件税务总局办公厅")
    (doc,) = parse(text)
    assert doc.title == "关于加强某某纳税信用建设的通知"
    assert doc.doc_number == "发改办财金规〔2019〕860号"
    assert doc.issued == "2019-08-20"
    assert [m.number for m in doc.measures] == ["1", "2"]


PAGE = """【关于加强和规范某某管理工作的通知(发改能源规〔2020〕816号)】-国家发展和改革委员会
首页
>
政务公开
>
政策
>
规范性文件
关于加强和规范某某管理工作的通知(发改能源规〔2020〕816号)
发布时间：2020/06/08
来源：
能源局
[ 打印 ]
国家发展改革委 国家能源局关于加强和规范某某
管理工作的通知
发改能源规〔2020〕816号
各省、自治区、直辖市发展改革委、能源局：
现将有关要求通知如下：
一、切实加强规划统筹
（一）深化规划编制内容要求
规划应实现对各类项目的合理覆盖。
（二）推进项目实施
项目应按规划实施。
国家发
展改革委
国 家 能 源 局
2020年5月28日
"""


def test_a_saved_page_keeps_its_navigation_and_heading_out_of_the_title():
    (doc,) = parse(PAGE)
    # The page's heading shortens the title (no issuers); the document's own stands over
    # its 文号.
    assert doc.title == "国家发展改革委国家能源局关于加强和规范某某管理工作的通知"
    assert doc.doc_number == "发改能源规〔2020〕816号"
    # The 落款 broke 国家发展改革委 over two lines; the title names it whole.
    assert doc.issuer == "国家发展改革委、国家能源局"
    assert doc.issued == "2020-05-28"
    assert doc.level == "national"
    assert [m.heading for m in doc.measures] == ["深化规划编制内容要求", "推进项目实施"]


def test_a_saved_page_record_is_read_from_its_label_lines(tmp_path):
    page = ("政务公开\n>\n委局文件\n名 称 ：\n市工业和信息化局关于印发某某细则的通知\n"
            "发 布 机 构 ：\n天津市工业和信息化局\n发 文 字 号 ：\n津工信电力〔2021〕3号\n"
            "成 文 日 期 ：\n有 效 性 ：\n有效\n")
    record = text_metadata("page.txt", page.encode())
    assert record["发布机构"] == "天津市工业和信息化局"
    assert record["发文字号"] == "津工信电力〔2021〕3号"
    assert record["名称"] == "市工业和信息化局关于印发某某细则的通知"
    assert "成文日期" not in record  # printed empty


PLAN = """新型某某病诊疗方案
（试行第九版）
为进一步做好诊疗工作，我们组织专家对诊疗方案进行修订。
一、病原学特点
某某病毒属于冠状病毒。
二、临床特点
潜伏期1～14天。
"""


def test_an_edition_in_brackets_under_the_title_belongs_to_it():
    (doc,) = parse(PLAN)
    assert doc.title == "新型某某病诊疗方案（试行第九版）"
    # Nothing says who issued it: no level is made up for it. (A city's text whose 落款 was
    # not kept names no place either; read as national, it would answer for every place.)
    assert (doc.issuer, doc.issued, doc.level) == ("", None, "")
    assert [m.number for m in doc.measures] == ["1", "2"]


RELEASE = """2026年中央一号文件
党的十八大以来第14个指导“三农”工作的中央一号文件2月3日由新华社受权发布。
“十五五”时期是基本实现社会主义现代化夯实基础的关键时期。
一、提升农业综合生产能力
（一）稳定发展粮油生产。粮食产量稳定在1.4万亿斤左右。
（二）促进“菜篮子”产业提质增效。坚持农林牧渔并举。
"""


def test_a_text_without_a_title_word_is_titled_by_its_opening_line():
    (doc,) = parse(RELEASE, "release.docx")
    assert doc.title == "2026年中央一号文件"
    assert doc.level == "national"  # headed by the centre's name, whoever published it
    assert [m.number for m in doc.measures] == ["1", "2"]


RULES = """某市电力需求响应实施细则
一、实施背景
为保障用电，制定本细则。
二、补贴价格
按响应量补贴。
附录1：方案实施流程图
附录2：竞价指引
天津市
2021
年春节期间电力需求响应竞价指引
为确保竞价活动公开，特制定本《竞价指引》。
一、竞价目的
发现用户响应价格。
二、竞价规则
按报价由低到高出清。
"""


def test_an_appendix_under_its_short_label_takes_its_full_title():
    docs = parse(RULES)
    assert [d.title for d in docs] == ["某市电力需求响应实施细则",
                                       "天津市2021年春节期间电力需求响应竞价指引"]
    assert [m.heading for m in docs[1].measures] == ["竞价目的", "竞价规则"]


PUBLISHED_BY_ANNOUNCEMENT = """某某工作信息公开条例

（2025年3月2日国家某某委员会全体会议决定　2025年4月1日国家某某委员会公告第7号公布）

第一条　为了规范某某工作信息公开，根据《中华人民共和国某某法》，制定本条例。
第二条　本条例自公布之日起施行。
"""


def test_a_regulation_decided_by_a_commission_and_published_by_its_announcement():
    (doc,) = parse(PUBLISHED_BY_ANNOUNCEMENT)
    assert doc.title == "某某工作信息公开条例"
    # The announcement that published it numbers it; the meeting that decided it issued it.
    assert doc.doc_number == "国家某某委员会公告第7号"
    assert doc.issuer == "国家某某委员会"
    assert doc.issued == "2025-03-02"
    assert (doc.level, doc.region) == ("national", {})


def test_a_body_sentence_on_a_meeting_decision_is_no_adoption_line():
    text = ("某市人民代表大会常务委员会关于修改《某市某某条例》的决定\n\n"
            "（2024年9月20日某市第六届人民代表大会常务委员会第二十次会议通过　"
            "2024年11月22日某省第十四届人民代表大会常务委员会第十二次会议批准）\n\n"
            "某市第六届人民代表大会常务委员会第二十次会议决定，对《某市某某条例》作如下修改：\n\n"
            "删除第二十七条。\n\n本决定自公布之日起施行。\n")
    (doc,) = parse(text)
    assert doc.issued == "2024-09-20"  # the city's adoption; the province only approved it


@pytest.mark.parametrize(("issuer", "national"), [
    # Central organs: headed by 国家/中华人民共和国/国务院/全国/中共中央 (a regional office of
    # one too), a ministry-grade organ or its general office, one headed by 中国.
    ("国家某某局某某监管办公室", True), ("中共中央办公厅", True), ("全国人民代表大会常务委员会", True),
    ("税务总局办公厅", True), ("海关总署", True), ("中国人民银行", True), ("国家某某局、财政部", True),
    # Local organs: a place or a level word ("our" province, city) before them, a bare bureau.
    ("省政府办公厅", False), ("省委办公厅", False), ("市财政局", False), ("财政局", False),
    ("浙江省财政厅", False), ("中国（上海）自由贸易试验区管理委员会", False), ("国家某某局、浙江省财政厅", False),
])
def test_central_organs_are_told_by_their_names(issuer, national):
    assert is_national(issuer) is national


def test_a_central_organs_text_on_named_places_is_national():
    text = ("关于支持某某综合保税区高水平开放的意见\n\n各省、自治区、直辖市人民政府：\n\n"
            "一、支持湖南衡阳综合保税区开展保税维修。\n\n二、支持广州南沙综合保税区开展研发。\n\n"
            "税务总局办公厅\n\n2024年5月6日\n")
    (doc,) = parse(text)
    assert (doc.issuer, doc.level, doc.region) == ("税务总局办公厅", "national", {})


def test_the_states_name_in_a_text_is_no_place():
    # 中华人民共和国 holds 共和, a county's name; with no issuer printed, no place is found.
    (doc,) = parse("某某工作信息公开规定\n\n第一条　为了规范某某工作，根据《中华人民共和国某某法》，"
                   "制定本规定。\n第二条　本规定自公布之日起施行。\n")
    assert (doc.level, doc.region) == ("", {})
