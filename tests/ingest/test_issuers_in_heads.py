"""Issuer, title and level read from a document's head where no 落款 names them: a joint
letterhead and a title that counts its issuers (某厅等3部门关于…), an order's number, a form's
cover. Each text is written here by hand; the expected fields are read off it."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text
from ingest.places import level_and_place


def parse(text: str, source: str = "doc.txt", meta: dict[str, str] | None = None):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, meta or {}))


BODY = """各设区市工业和信息化局、财政局、科技局：

现将《{plan}》印发给你们，请认真贯彻执行。

{plan}

一、总体要求。坚持市场主导，稳步推进企业技术改造。

二、主要任务。支持企业实施设备更新，对符合条件的项目给予补助。

三、保障措施。各地要加强组织领导，确保各项任务落实。
"""
PLAN = "江西省2024年工业企业技术改造实施方案"


def test_a_title_counting_its_issuers_is_theirs_as_the_joint_letterhead_names_them():
    text = ("江西省工业和信息化厅\n\n江西省财政厅\n\n江西省科学技术厅\n\n赣工信字〔2024〕3号\n\n"
            "江西省工业和信息化厅等3部门\n\n关于印发《江西省2024年工业企业技术改造实施方案》的通知\n\n"
            + BODY.format(plan=PLAN))
    (doc,) = parse(text)
    assert doc.title == PLAN
    assert doc.notice_title == "江西省工业和信息化厅等3部门关于印发《江西省2024年工业企业技术改造实施方案》的通知"
    assert doc.issuer == "江西省工业和信息化厅、江西省财政厅、江西省科学技术厅"
    assert (doc.doc_number, doc.level) == ("赣工信字〔2024〕3号", "province")


def test_a_letterhead_of_organs_a_line_each_over_one_wenjian_is_no_title():
    text = ("南昌市工业和信息化局\n\n南昌市财政局\n\n文件\n\n洪工信字〔2024〕7号\n\n"
            "关于印发《南昌市2024年工业企业技术改造实施方案》的通知\n\n"
            + BODY.format(plan="南昌市2024年工业企业技术改造实施方案")
            + "\n南昌市工业和信息化局　南昌市财政局\n\n2024年3月5日\n")
    (doc,) = parse(text)
    assert doc.title == "南昌市2024年工业企业技术改造实施方案"
    assert doc.notice_title == "关于印发《南昌市2024年工业企业技术改造实施方案》的通知"
    assert (doc.issuer, doc.level) == ("南昌市工业和信息化局、南昌市财政局", "city")


def test_a_rule_under_its_orders_number_is_the_ordering_organs():
    text = """国家知识产权局令〔2024〕第8号（专利代理服务规范管理办法）

《专利代理服务规范管理办法》已经2024年6月3日国家知识产权局局务会议审议通过，现予公布，自2024年9月1日起施行。

局长　某某某

2024年6月12日

专利代理服务规范管理办法

第一条　为了规范专利代理服务，制定本办法。

第二条　专利代理机构应当诚实守信。

第三条　本办法自2024年9月1日起施行。
"""
    docs = parse(text)
    assert {d.issuer for d in docs} == {"国家知识产权局"}
    assert {d.level for d in docs} == {"national"}


def test_forms_bound_after_a_guide_are_documents_of_their_own_made_by_the_organ_on_their_cover():
    text = """附件1

科技型中小企业创新项目申报指南

1.申报项目应具有自主知识产权，技术水平在行业内领先。

2.申报单位应为在本省注册的科技型中小企业，财务制度健全。

3.项目实施期一般为两年，须有明确的考核指标。

湖南省科技型中小企业创新项目申报书

项目名称：

申报单位：

填表日期：

湖南省科学技术厅制

二〇二五年三月

填表说明

1.请如实填写各项内容，不得弄虚作假。

2.申报书一式三份，报送所在市州科技局。
"""
    docs = parse(text)
    assert [d.title for d in docs] == ["科技型中小企业创新项目申报指南", "湖南省科技型中小企业创新项目申报书"]
    assert [len(d.measures) for d in docs][0] == 3
    # the organ that made the forms issues them and the guide they are bound with
    assert {(d.issuer, d.level) for d in docs} == {("湖南省科学技术厅", "province")}


def test_a_laws_title_under_a_pages_print_and_font_buttons():
    text = """打印本页　字体：【大】【中】【小】

中华人民共和国某某促进法

（2002年6月29日第九届全国人民代表大会常务委员会第二十八次会议通过）

第一条　为了促进某某事业发展，制定本法。

第二条　国家鼓励某某事业发展。

第三条　本法自2003年1月1日起施行。
"""
    (doc,) = parse(text)
    assert doc.title == "中华人民共和国某某促进法"
    assert (doc.issuer, doc.issued) == ("第九届全国人民代表大会常务委员会", "2002-06-29")


def test_a_pages_record_of_when_it_was_issued_dates_it():
    (doc,) = parse("关于征集参与企业的公告\n\n一、报名条件。依法登记的企业。\n\n二、报名方式。现场报名。\n",
                   meta={"发文时间": "2025-12-22", "发布机构": "德清县商务局"})
    assert (doc.issued, doc.issuer, doc.level) == ("2025-12-22", "德清县商务局", "county")


def test_a_ministry_named_by_a_field_that_is_also_a_places_short_name_is_central():
    assert level_and_place("中国人民银行、公安部、市场监管总局")[0] == "national"
    # a local organ names its place in full, or its own words after the place's
    assert level_and_place("公安县商务局")[0] == "county"
    assert level_and_place("市场监管局", "关于加强湖南省计量监督的通知")[0] == "province"
