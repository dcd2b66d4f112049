"""Lines as database exports and typesetters print them: items numbered with the small full
stop (1﹒), a paragraph a line with closing quotes in ASCII (“蒙速办"), a short formula line
under which the next item starts. Expected units are counted off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


SMALL_STOPS = """某省工业互联网创新发展行动计划

二、行动步骤

（一）网络体系强基行动。

1﹒推进工业互联网外网建设。支持基础电信企业加强宽带网络基础设施建设。（责任单位：省通信管理局）

2﹒推进企业内网改造升级。支持工业企业运用新型网络技术改造建设企业内网。（责任单位：省经济和信息化厅）
"""


def test_items_numbered_with_the_small_full_stop_are_items():
    (doc,) = parse(SMALL_STOPS)
    assert [(m.number, m.offices) for m in doc.measures] == [
        ("1", ("省通信管理局",)), ("2", ("省经济和信息化厅",))]


# A database export: a paragraph a line, closing quotes printed as ASCII ("蒙速办").
EXPORT = "\n".join([
    "某市2022年数字政府建设考评办法",
    "　　一、考评方式",
    "　　（一）考评以日常监测、实地调研、民意调查、第三方评估等方式进行。每半年考评一次。",
    "　　民意调查：根据民意调查机构、政府网站、“蒙速办\"、城市大脑、各类媒体等公布的信息，了解社会和服务对象对数字政府建设的满意度。",
    "　　第三方评估：根据工作开展情况，委托第三方机构对全市数字政府建设工作开展评估，以评促改、以评促优。",
    "　　年度考评分值=（上半年考评分值+下半年考评分值）÷2",
    "　　（二）实行百分制。采取“数字政府专班+牵头考核单位\"计分模式，各牵头考核单位对各部门承担的重点任务推进情况进行考核并形成分值。",
    "　　（三）以各牵头考核单位报送分值为基础，参考数字政府专班核实情况，计算各部门各方面分值的平均分值，形成最终分值。",
    "　　二、考评结果应用",
    "　　考评结果全市通报并上报市委、市政府，同时纳入各部门年度绩效考核，作为评先评优的重要依据。",
])


def test_a_line_shorter_than_the_texts_lines_ends_its_paragraph_and_a_quote_closes_in_ascii():
    (doc,) = parse(EXPORT)
    assert [m.printed_number for m in doc.measures][:3] == ["（一）", "（二）", "（三）"]
    assert "“蒙速办”" in doc.measures[0].text
    assert doc.measures[1].text.startswith("（二）实行百分制")
