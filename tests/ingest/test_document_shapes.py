"""Documents of every shape a government publishes, written here in the forms of real ones:
a reply without numbering, a regulation with chapters, a plan whose responsibility brackets
name the first office as lead, a Markdown file with front matter, a page with a metadata
table, a hidden copy of its body and a table. The expected values are read off each text.
"""

from __future__ import annotations

import pytest

from ingest.loaders import LoadedText, load_text
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt", meta: dict | None = None):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, meta or {}))


REPLY = """国务院办公厅关于同意以某市名义

申办某某运动会的复函

国办函〔2004〕88号

某省人民政府，教育部、外交部：

你们《关于以某市名义申办某某运动会的请示》收悉。经国务院领导同志批准，现函复如下：

同意以某市名义申办某某运动会。请按有关规定做好申办工作。

特此函复。

国务院办公厅

二〇〇四年十二月十七日

（此件公开发布）
"""


def test_a_reply_without_numbering_is_indexed_by_paragraphs():
    (doc,) = parse(REPLY)
    assert doc.title == "国务院办公厅关于同意以某市名义申办某某运动会的复函"
    assert doc.doc_number == "国办函〔2004〕88号"
    assert (doc.issuer, doc.issued, doc.level, doc.region) == ("国务院办公厅", "2004-12-17",
                                                               "national", {})
    assert doc.structure == "paragraphs"
    assert [m.number for m in doc.measures] == ["p1", "p2"]
    assert [m.label for m in doc.measures] == ["第1段", "第2段"]
    assert doc.measures[1].text == "同意以某市名义申办某某运动会。请按有关规定做好申办工作。"
    assert "no numbering: indexed by paragraphs" in doc.warnings


REGULATION = """某市政务服务条例

（2021年8月30日某市第十四届人民代表大会常务委员会第二十四次会议通过　2021年9月29日某省第十三届人民代表大会常务委员会第二十七次会议批准）

第一章　总　　则

第一条　为了规范政务服务，制定本条例。

第二条　本条例适用于本市行政区域内的政务服务。

本条例未作规定的，适用有关法律、法规。

第二章　子女教育

第三条　政务服务机构应当在五个工作日内办结下列事项：

（一）入学登记；

（二）转学手续。
"""


def test_a_regulation_keeps_chapters_apart_and_paragraphs_inside_articles():
    (doc,) = parse(REGULATION)
    assert doc.structure == "articles"
    first, second, third = doc.measures
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3"]
    assert "子女教育" not in second.text  # the next chapter's heading is not glued on
    assert second.text.endswith("适用有关法律、法规。")
    assert third.section == ("第二章 子女教育",)
    assert "（二）转学手续。" in third.text
    # The issuer is the congress that adopted it; the date the adoption's, not the approval's.
    assert doc.issuer == "某市第十四届人民代表大会常务委员会"
    assert doc.issued == "2021-08-30"


PLAN = """关于推进某项工作的指导意见

一、总体要求

（一）指导思想。以高质量发展为目标。

二、重点任务

（二）完善创新体系。加快推进装备创新。（工业和信息化部、发展改革委、科技部等负责。列第一位者为牵头单位，下同）

（三）优化产业结构。支持中小企业发展。（市场监管总局、工业和信息化部负责）

（四）强化地方责任。纳入本地区规划。（各省级人民政府负责）

（五）加强质量监管。（牵头单位：市商务委，配合单位：市财政局、市税务局）

（六）落实补贴政策。（负责部门：区发展改革委；适用范围：全区中小企业）

三、保障措施

（七）加强组织领导。（农业农村部负责）
"""


def test_responsibility_forms_and_the_first_listed_lead_rule():
    (doc,) = parse(PLAN)
    units = {m.number: m for m in doc.measures}
    assert sorted(units) == ["2", "3", "4", "5", "6"]  # 总体要求 and 保障措施 frame the plan
    assert units["2"].lead_offices == ("工业和信息化部",)
    assert units["2"].offices == ("发展改革委", "科技部")
    # 「下同」: the rule holds for every later bracket that names no lead itself.
    assert units["3"].lead_offices == ("市场监管总局",)
    assert units["3"].offices == ("工业和信息化部",)
    assert units["4"].lead_offices == ("各省级人民政府",)
    assert (units["5"].lead_offices, units["5"].offices) == (("市商务委",), ("市财政局", "市税务局"))
    # A labelled line lists its office plainly: under the document's rule it leads.
    assert units["6"].lead_offices == ("区发展改革委",) and units["6"].scope == "全区中小企业"


def test_a_bracket_that_explains_is_not_a_responsibility():
    (doc,) = parse("关于某事的通知\n\n一、优化服务。实行“一窗受理”（以下简称一窗）。\n\n"
                   "二、压缩时限。企业开办一天办结（含刻章）。\n")
    assert all(not m.lead_offices and not m.offices for m in doc.measures)


MARKDOWN = """---
标题: 市发展改革委 市财政局关于印发《某市促进消费补贴实施细则》的通知
文号: 沪发改规范〔2024〕6号
发布单位: 上海市发展和改革委员会
发布日期: 2024-04-19
---
> 本文由脚本提取，仅供检索。

# 市发展改革委 市财政局关于印发《某市促进消费补贴实施细则》的通知

各相关单位：

现将《某市促进消费补贴实施细则》印发给你们，请按照执行。

上海市发展和改革委员会　上海市财政局

2024年4月17日

## 某市促进消费补贴实施细则

**一、补贴对象**

在本市购买新能源汽车的个人消费者。

**二、补贴标准**

每辆车补贴1万元。
"""


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "subsidy.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    loaded = load_text(path)
    assert loaded.meta["文号"] == "沪发改规范〔2024〕6号"
    (doc,) = parse_text(loaded)
    assert doc.title == "某市促进消费补贴实施细则"
    assert doc.notice_title == "市发展改革委市财政局关于印发《某市促进消费补贴实施细则》的通知"
    assert doc.doc_number == "沪发改规范〔2024〕6号"
    assert doc.issuer == "上海市发展和改革委员会、上海市财政局"
    assert (doc.issued, doc.published) == ("2024-04-17", "2024-04-19")
    assert (doc.level, doc.region.get("province")) == ("province", "上海市")
    assert [(m.number, m.heading) for m in doc.measures] == [("1", "补贴对象"), ("2", "补贴标准")]


PAGE = """<html><head><title>某区人民政府关于印发某区优化营商环境若干措施的通知_某区政府网</title></head>
<body><div class="article">
<p>沪某府发〔2023〕7号</p><p>某区人民政府关于印发某区优化营商环境若干措施的通知</p>
<p>各街道办事处：</p><p>现将《上海市长宁区优化营商环境若干措施》印发给你们，请认真执行。</p>
<p>上海市长宁区人民政府</p><p>2023年5月6日</p>
<p>上海市长宁区优化营商环境若干措施</p>
<p>一、开办企业一日办结。（责任单位：区市场监管局）</p>
<p>二、税费减免清单如下：</p>
<table><tr><td>序号</td><td>项目</td><td>标准</td></tr>
<tr><td>1</td><td>刻章费</td><td>免费</td></tr><tr><td>2</td><td>税控设备</td><td>免费</td></tr>
<tr><td>3</td><td>登记费</td><td>免费</td></tr></table>
</div>
<div style="display:none">沪某府发〔2023〕7号某区人民政府关于印发某区优化营商环境若干措施的通知各街道办事处：
现将《上海市长宁区优化营商环境若干措施》印发给你们，请认真执行。上海市长宁区人民政府2023年5月6日上海市长宁区优化营商环境若干措施
一、开办企业一日办结。（责任单位：区市场监管局）二、税费减免清单如下：序号项目标准1刻章费免费2税控设备免费3登记费免费</div>
</body></html>"""


def test_a_page_with_a_hidden_copy_and_a_table(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    loaded = load_text(path)
    assert loaded.text.count("开办企业一日办结") == 1  # the hidden copy is not read
    assert "1\t刻章费\t免费" in loaded.text  # a table row stays a row
    (doc,) = parse_text(loaded)
    assert doc.title == "上海市长宁区优化营商环境若干措施"
    assert doc.doc_number == "沪某府发〔2023〕7号"
    assert (doc.level, doc.region.get("county")) == ("district", "长宁区")
    first, second = doc.measures
    assert first.offices == ("区市场监管局",)
    assert "2\t税控设备\t免费" in second.text  # the list it announces stays inside it


@pytest.mark.parametrize(("line", "number"), [
    ("国发〔2019〕5号", "国发〔2019〕5号"),
    ("穗府办规 [2025] 8 号", "穗府办规[2025]8号"),
    ("鄂政发【2022】12号", "鄂政发【2022】12号"),
    ("苏政办发﹝2021﹞3号", "苏政办发﹝2021﹞3号"),
    ("中华人民共和国国务院令\n\n第707号", "国令第707号"),
    ("广州市人民政府令\n\n第179号", "广州市人民政府令第179号"),
    # 公告 and 令 numbered in a series per issuer, with or without the year, the issuer on
    # the number's line or on the letterhead above it, or the number before 令.
    ("某某省林业局公告第3号", "某某省林业局公告第3号"),
    ("国家某某总局公告\n\n2024年第5号", "国家某某总局公告2024年第5号"),
    ("某某总署公告2023年第12号", "某某总署公告2023年第12号"),
    ("财政部 某某总局公告2022年第9号", "财政部某某总局公告2022年第9号"),
    ("2021年第4号", "2021年第4号"),
    ("某某部第8号令", "某某部第8号令"),
    ("第8号令", "第8号令"),
    ("国务院第707号令", "国令第707号"),
])
def test_doc_numbers_in_every_printed_form(line, number):
    (doc,) = parse(f"{line}\n\n关于某事的通知\n\n各单位：\n\n请做好某项工作。\n")
    assert doc.doc_number == number


def test_a_numbered_typhoon_in_a_title_is_no_doc_number():
    # 2024年第5号 is a 文号 only as a number line of its own; inside a title it names a thing.
    (doc,) = parse("关于做好2024年第5号台风防御工作的通知\n\n各单位：\n\n请做好防御工作。\n")
    assert doc.title == "关于做好2024年第5号台风防御工作的通知"
    assert doc.doc_number == ""


def test_an_announcement_under_a_title_with_its_year_number():
    (doc,) = parse("关于发布某某办法的公告\n\n2023年第11号\n\n现将某某办法予以发布。\n")
    assert doc.title == "关于发布某某办法的公告"
    assert doc.doc_number == "2023年第11号"


def test_a_title_that_swallowed_its_doc_number_and_a_cited_one():
    (doc,) = parse("关于在某领域全面推行监管的意见国发〔2019〕5号\n\n各部门：\n\n"
                   "依据《某条例》（国办发〔2018〕1号）制定本意见。\n\n一、推行监管。\n")
    assert doc.title == "关于在某领域全面推行监管的意见"
    assert doc.doc_number == "国发〔2019〕5号"  # not the one the text cites


SAVED_PAGE = """天津市某某需求响应实施细则
为做好春节期间电力需求响应工作，制定本细则。
一、实施时间。本次需求响应实施时间为2月13日至15日。
二、补贴标准。按响应电量给予每千瓦时1.2元补贴。
附件1
竞价指引
一、竞价总量。本次需求侧竞价的规模为20万千瓦。
二、竞价上限。竞价补贴上限为每千瓦时2元。
附件2
效果评估与补贴发放流程图
网站地图
|
联系我们
主办：天津市工业和信息化局 版权所有©
编辑部客服信箱someone@example.gov.cn
网站标识码：1200000032 津ICP备19003166号
津公网安备 12010302000967号
系统检测到您正在使用ie11以下内核的浏览器，请更换或升级浏览器访问！
"""


def test_a_saved_pages_footer_and_what_follows_it_are_the_sites():
    from ingest.loaders import LoadedText
    from ingest.pipeline import parse_text

    docs = parse_text(LoadedText("page.txt", SAVED_PAGE, "txt", "utf-8", "0" * 64, {}))
    # the second appendix holds only the site's footer: no document of its own
    assert [d.title for d in docs] == ["天津市某某需求响应实施细则", "竞价指引"]
    assert [m.number for m in docs[1].measures] == ["1", "2"]
    assert not any("ICP" in m.text or "网站地图" in m.text for d in docs for m in d.measures)


def test_a_part_that_says_what_it_does_to_requirements_is_a_measure_not_framing():
    from ingest.loaders import LoadedText
    from ingest.pipeline import parse_text

    text = """关于做好电力交易注册工作的通知
各售电公司：
一、总体要求
坚持便民高效，规范有序推进注册工作。
二、简化三方合同要求
第二类电力用户可不再签订三方合同，改为签订服务协议。
三、压缩办理时限
符合条件的，原则上当日办结。
"""
    (doc,) = parse_text(LoadedText("n.txt", text, "txt", "utf-8", "0" * 64, {}))
    # 总体要求 frames the notice; 简化三方合同要求 simplifies them: a measure
    assert [m.number for m in doc.measures] == ["2", "3"]


def test_a_pages_box_of_links_to_other_documents_is_no_attachment():
    from ingest.loaders import LoadedText
    from ingest.pipeline import parse_text

    text = """关于加强电网规划投资管理工作的通知
各省级电网企业：
一、加强规划管理。电网规划应当统筹发展和安全。
二、规范投资行为。严格执行核准程序。
国家发展改革委
2020年5月28日
附件：
相关政策与解读
《关于加强电网规划投资管理工作的通知》政策解读
《关于深化电力体制改革的若干意见》相关报道
"""
    docs = parse_text(LoadedText("n.txt", text, "txt", "utf-8", "0" * 64, {}))
    assert [d.title for d in docs] == ["关于加强电网规划投资管理工作的通知"]
    assert [m.number for m in docs[0].measures] == ["1", "2"]


REPLY_WITH_LIST = """国务院关于同意建立某某工作部际联席会议制度的批复
国函〔2018〕144号
教育部：
你部《关于建立某某工作部际联席会议制度的请示》收悉。现批复如下：
同意建立由国务院领导同志牵头的某某工作部际联席会议制度。
国务院
2018年11月20日
附件
某某工作部际联席会议制度
为加强统筹协调，建立某某工作部际联席会议制度。
一、主要职能
统筹协调全国某某工作，研究解决重大问题。
二、成员单位
联席会议由教育部、财政部等部门组成。其他成员单位有关负责同志为联席会议成员（名单附后）。
三、工作规则
联席会议原则上每年召开两次会议。
某某工作部际
联席会议成员名单
召集人：张三 国务院副总理
副召集人：李四 教育部部长
成员：王五 财政部副部长
赵六 农业农村部副部长
"""


def test_a_list_the_text_says_is_appended_is_a_document_of_its_rows():
    from ingest.loaders import LoadedText
    from ingest.pipeline import parse_text

    docs = parse_text(LoadedText("r.txt", REPLY_WITH_LIST, "txt", "utf-8", "0" * 64, {}))
    assert [d.title for d in docs] == ["国务院关于同意建立某某工作部际联席会议制度的批复",
                                       "某某工作部际联席会议制度", "某某工作部际联席会议成员名单"]
    members = docs[2]
    # a row a unit; part of the attachment, so cited through the reply, with no 文号 of its own
    assert [m.number for m in members.measures] == ["p1", "p2", "p3", "p4"]
    assert members.measures[3].text.replace(" ", "") == "赵六农业农村部副部长"
    assert (members.doc_number, members.issuer) == ("", "国务院")
    assert [m.number for m in docs[1].measures] == ["1", "2", "3"]


def test_an_article_that_speaks_of_copyright_is_no_site_footer():
    from ingest.loaders import LoadedText
    from ingest.pipeline import parse_text

    text = """某市数字出版促进条例
第一条　为了促进数字出版产业发展，制定本条例。
第二条　数字出版物应当标明著作权人，注明版权所有及授权方式。
"""
    (doc,) = parse_text(LoadedText("r.txt", text, "txt", "utf-8", "0" * 64, {}))
    assert [m.number for m in doc.measures] == ["art1", "art2"]
    assert doc.measures[1].text.endswith("注明版权所有及授权方式。")


def test_a_list_of_titles_under_a_documents_own_title_is_a_document():
    from ingest.loaders import LoadedText
    from ingest.pipeline import parse_text

    text = """某市人民政府关于废止部分规范性文件的决定

各区人民政府：

经清理，市政府决定废止下列规范性文件。本决定自公布之日起施行。

某市人民政府

2024年6月1日

附件

废止的规范性文件目录

《某市人民政府关于进一步加强和改进全市国有建设用地使用权出让管理工作的若干意见》

《某市人民政府办公厅关于印发某市中小企业发展专项资金管理办法的通知》
"""
    docs = parse_text(LoadedText("r.txt", text, "txt", "utf-8", "0" * 64, {}))
    assert [d.title for d in docs] == ["某市人民政府关于废止部分规范性文件的决定", "废止的规范性文件目录"]
    assert [m.number for m in docs[1].measures] == ["p1", "p2"]


def test_a_long_plans_pian_divisions_are_its_top_parts_and_a_guarantee_pian_frames_it():
    # A 规划 in 篇 (part) and 章 (chapter) with （一） items numbered afresh in each chapter:
    # 第三篇 强化规划实施保障 frames the plan as 保障措施 does, so its items are no measures.
    text = """某市科学技术发展“十三五”规划
第一篇　增强创新驱动发展动力
第一章　引领重点产业发展
（一）电子信息产业技术
围绕信息港建设等重大需求，突破一批关键技术。
（二）先进装备制造业技术
延伸机械加工产业链，积极采用信息技术。
第二篇　夯实创新基础能力
第二章　提高科技创新平台建设水平
（一）建设科技企业孵化器
打造创新创业服务载体。
第三篇　强化规划实施保障
第三章　落实创新政策措施
（一）推进科技创新优惠政策落实
加快对已出台的系列创新政策实施情况的督查。
（二）完善科技创新投入机制
切实落实关于增加科技投入的要求。
"""
    (doc,) = parse(text)
    assert [m.text.split("\n")[0] for m in doc.measures] == [
        "（一）电子信息产业技术", "（二）先进装备制造业技术", "（一）建设科技企业孵化器"]
