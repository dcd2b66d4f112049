"""Units of national texts as they are printed: a decision whose item announces a list, a
notice whose parts frame it by their head nouns, a file with a paragraph a line whose
numbered headings run past twenty characters, and a law with its rate tables appended.
Expected values are read off each text.
"""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


DECISION = """全国人民代表大会常务委员会关于
某某选举的若干规定

（1983年3月5日第五届全国人民代表大会常务委员会第二十六次会议通过）

为了便于实施选举法，对若干问题作如下规定：
一、县、自治县、不设区的市、市辖区、乡、民族乡、镇设立选举委员会。
二、选举委员会的职权是：
（一）主持本级人民代表大会代表的选举；
（二）进行选民登记，审查选民资格，公布选民名单；
（三）划分选举本级人民代表大会代表的选区。
三、选民登记按选区进行。
"""


def test_items_ending_in_semicolons_continue_the_line_that_announces_them():
    (doc,) = parse(DECISION)
    assert doc.title == "全国人民代表大会常务委员会关于某某选举的若干规定"
    assert (doc.issuer, doc.issued, doc.level) == ("第五届全国人民代表大会常务委员会",
                                                   "1983-03-05", "national")
    # 二's （一）–（三） are its list, not units: 一、二、三 are the three units.
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
    assert doc.measures[1].text.endswith("（三）划分选举本级人民代表大会代表的选区。")


NOTICE = """关于全面推进某某结算改革的通知
（医保办函〔2025〕82 号）
各省、自治区、直辖市医疗保障局：
为进一步推进即时结算改革，现就有关事项通知如下。
一、目标任务
（一）2025年底前全国所有统筹地区均需开展即时结算。
（二）2026年底前实现即时结算资金占月结算资金的80%以上。
二、突出重点
（一）深化结算审核内容要求
各地要强化审核把关机制。
（二）健全风险预警机制
各地要建立预警规则。
三、加强工作保障
（一）加强组织领导。各级医保部门要高度重视。
（二）做好宣传引导。及时总结经验做法。
国家医疗保障局办公室
2025年10月14日
"""


def test_parts_named_for_targets_and_the_works_guarantees_frame_the_notice():
    (doc,) = parse(NOTICE)
    assert doc.doc_number == "医保办函〔2025〕82号"
    assert (doc.issuer, doc.issued, doc.level) == ("国家医疗保障局办公室", "2025-10-14", "national")
    # 一、目标任务 and 三、加强工作保障 frame it; a group named …要求 is still a task.
    assert [m.heading for m in doc.measures] == ["深化结算审核内容要求", "健全风险预警机制"]


LINES = """一、切实加强电网规划统筹协调与实施工作
（一）深化电网规划编制的技术经济论证要求
规划编制过程中，应测算规划总投资和新增输配电量，评估规划实施对输配电价的影响，各省级能源主管部门可在此基础上进一步研究提高本省电网规划编制的深度要求。
（二）更加注重电网规划统筹协调
按照深化电力体制改革要求，电网规划应切实加强与经济社会发展规划统筹，有效衔接社会资本投资需求，合理安排跨省跨区输电通道等重大项目。
三、加强电网规划及投资项目的事中事后分析评估
（一）深化电网规划定期评估
国家能源局和省级能源主管部门按照能源电力规划相关规定，加强对电网规划实施情况的评估和监督，电网规划评估结果作为规划滚动调整的重要参考。
"""


def test_numbered_headings_shorter_than_the_lines_of_text_stand_alone():
    (doc,) = parse(LINES)
    # Each heading is a line of its own (22–24 characters, far shorter than the paragraphs):
    # not a wrapped line that goes on.
    assert [m.printed_number for m in doc.measures] == ["（一）", "（二）", "（一）"]
    assert [m.heading for m in doc.measures] == ["深化电网规划编制的技术经济论证要求",
                                                 "更加注重电网规划统筹协调", "深化电网规划定期评估"]


LAW_WITH_TABLES = """中华人民共和国某某所得税法

（2018年8月31日第十三届全国人民代表大会常务委员会第五次会议通过）

第一条　居民个人从境内和境外取得的所得，依照本法规定缴纳个人所得税。
第二条　综合所得，适用百分之三至百分之四十五的超额累进税率（税率表附后）。
第三条　本法自公布之日起施行。


某某所得税税率表一（综合所得适用）
级数\t全年应纳税所得额\t税率（%）
1\t不超过36000元的\t3
2\t超过36000元至144000元的部分\t10
3\t超过144000元的部分\t20


（注：本表所称全年应纳税所得额是指每一纳税年度收入额减除费用后的余额。）


某某所得税税率表二（经营所得适用）
级数\t全年应纳税所得额\t税率（%）
1\t不超过30000元的\t5
2\t超过30000元的部分\t10
"""


def test_tables_appended_to_a_law_are_documents_of_their_own():
    law, first, second = parse(LAW_WITH_TABLES)
    assert [m.number for m in law.measures] == ["art1", "art2", "art3"]
    assert law.measures[-1].text.endswith("本法自公布之日起施行。")  # no table rows in it
    assert (first.title, first.structure) == ("某某所得税税率表一（综合所得适用）", "table")
    assert [m.number for m in first.measures] == ["1", "2", "3"]  # the header row is no unit
    assert "不超过36000元的" in first.measures[0].text
    assert second.title == "某某所得税税率表二（经营所得适用）"
    assert [m.number for m in second.measures] == ["1", "2"]
    assert first.issuer == second.issuer == "第十三届全国人民代表大会常务委员会"


CATALOGUE = """海南省农业农村厅 海南省财政厅关于印发某某补贴实施方案的通知
各市县农业农村局：
现将《某某补贴实施方案》印发给你们，请认真贯彻执行。
海南省农业农村厅　海南省财政厅
2024年7月1日
附件
2024—2026年海南省
农机购置与应用补贴机具种类范围
（21大类40个小类91个品目）
1.耕整地机械
1.1耕地机械
1.1.1旋耕机
1.1.2深松机
2.种植施肥机械
2.1播种机械
2.1.1穴播机
3.田间管理机械
3.1植保机械
"""


def test_a_catalogue_numbered_1_then_1_1_keeps_its_decimals_inside_each_class():
    docs = parse(CATALOGUE)
    catalogue = docs[-1]
    # Its title wraps over two lines without a 文种 word; the bracket under it is a subtitle.
    assert catalogue.title == "2024—2026年海南省农机购置与应用补贴机具种类范围"
    # "1." is the outline's measure level: 1.1 and 1.1.1 stay inside, like （1）.
    assert [m.number for m in catalogue.measures] == ["1", "2", "3"]
    assert "1.1.2深松机" in catalogue.measures[0].text


SPANS = """天津市
2021
年春节期间电力需求响应实施细则
目
录
一、实施背景........................
...................
- 1 -
二、补贴价格
....................
- 3 -
一、实施背景
2018~2020
年，我市连续在春节期间实施了填谷电力需求响应试点。
二、补贴价格
1
．需求响应结束后，电力公司对用户响应时段监测负荷进行冻结。
2
．市工业和信息化局协调落实补贴资金后，按计划拨付。
市工业和信息化局
2021
年
2
月
2
日
"""


def test_numbers_printed_as_lines_of_their_own_join_their_text_and_contents_are_dropped():
    (doc,) = parse(SPANS)
    assert doc.title == "天津市2021年春节期间电力需求响应实施细则"
    assert doc.issued == "2021-02-02"  # 2021 / 年 / 2 / 月 / 2 / 日
    # The contents' entries (heading, dot leader, page number) are no units.
    assert [m.printed_number for m in doc.measures] == ["一、", "1.", "2."]
    assert doc.measures[2].heading == "市工业和信息化局协调落实补贴资金后，按计划拨付"


def test_a_running_head_printed_atop_every_page_of_a_pdf_is_no_text(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from ingest.pipeline import parse_file

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "plan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    items = ["一、病原学特点", "病毒属于冠状病毒。", "二、流行病学特点", "传染源主要是感染者。",
             "三、临床特点", "潜伏期1～14天。"]
    for page, (heading, body) in enumerate(zip(items[::2], items[1::2], strict=True), 1):
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(72, 800, "新型某某病诊疗方案（试行第九版）")  # the running head
        pdf.setFont("STSong-Light", 12)
        if page == 1:
            pdf.drawString(200, 760, "新型某某病诊疗方案")
            pdf.drawString(220, 740, "（试行第九版）")
        pdf.drawString(72, 700, heading)
        pdf.drawString(96, 680, body)
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(297, 40, f"— {page} —")
        pdf.showPage()
    pdf.save()
    (doc,) = parse_file(path)
    assert doc.title == "新型某某病诊疗方案（试行第九版）"
    assert [m.text for m in doc.measures] == [
        "一、病原学特点\n病毒属于冠状病毒。", "二、流行病学特点\n传染源主要是感染者。",
        "三、临床特点\n潜伏期1～14天。"]


def test_two_organs_signing_apart_on_one_line_stay_two():
    text = ("海南省农业农村厅  海南省财政厅\n关于印发某某补贴实施方案的通知\n各市县农业农村局：\n"
            "一、补贴范围。补贴对象为从事农业生产的个人和组织。\n二、补贴标准。按定额补贴。\n"
            "海南省农业农村厅               海南省财政厅\n2024 年7 月1 日\n")
    (doc,) = parse(text)
    assert doc.issuer == "海南省农业农村厅、海南省财政厅"
    assert doc.issued == "2024-07-01"
    assert (doc.level, doc.region.get("province")) == ("province", "海南省")
