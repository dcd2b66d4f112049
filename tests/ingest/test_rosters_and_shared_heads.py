"""Shapes of real notices and plans: a leading group's member roster (a line a unit where no
paragraph announces it), a 文号 printed again where a page breaks, 各 over places
that share one government (各区、县（市）政府), a group named like framing that assigns its own
work to offices, a 文号's year brackets drawn as „ ‟ by a PDF font, and an issuer wrapped over
the title line under a page's record line.

Inputs are small hand-written texts; expected units are counted off them by hand.
"""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.loaders.shared_glyphs import marks_as_printed
from ingest.offices import names_of
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


ROSTER = """某区人民政府关于成立某区数据共享领导小组的通知

某府〔2016〕100号

各镇人民政府、街道办事处，区政府有关部门：

经区政府研究，决定成立某区数据共享领导小组。现将领导小组成员名单通知如下：

组  长：张  某  区长

副组长：李  某  副区长

成  员：王  某  区政府办主任

赵某某  区发改委主任

某府〔2016〕100号

钱某某  区经委主任

孙某某  区科委主任

周某某  区财政局局长

领导小组下设办公室（设在区科委），办公室主任由区科委主任孙某某担任。

某区人民政府

2016年7月7日
"""


def test_a_roster_the_notice_announces_stays_in_its_paragraph_without_the_header_print():
    (doc,) = parse(ROSTER)
    texts = [m.text.replace(" ", "") for m in doc.measures]
    # the announcing paragraph with the list it announces (as a measure keeps its list), the
    # 文号 printed again where the page broke no line of it; the closing paragraph
    assert len(texts) == 2
    assert texts[0].split("\n") == ["经区政府研究，决定成立某区数据共享领导小组。现将领导小组成员名单通知如下：",
                                     "组长：张某区长", "副组长：李某副区长", "成员：王某区政府办主任",
                                     "赵某某区发改委主任", "钱某某区经委主任", "孙某某区科委主任",
                                     "周某某区财政局局长"]
    assert texts[1].startswith("领导小组下设办公室")


AFFILIATIONS = """某市人民政府办公室关于成立某市信用建设工作领导小组的通知

组    长：李某某

副组长：冯  某

沈  某

何某某（市纪委）

成    员：巫某某（市府办）

李某某（市发改局）

方某某（市委政研室）

叶某某（市财政局）

领导小组下设办公室，办公室设在市发改局。

某市人民政府办公室

2013年10月10日
"""


def test_member_lines_closed_by_their_body_in_brackets_are_rows_too():
    (doc,) = parse(AFFILIATIONS)
    texts = [m.text.replace(" ", "") for m in doc.measures]
    assert texts == ["组长：李某某", "副组长：冯某", "沈某", "何某某（市纪委）", "成员：巫某某（市府办）",
                     "李某某（市发改局）", "方某某（市委政研室）", "叶某某（市财政局）",
                     "领导小组下设办公室，办公室设在市发改局。"]


def test_each_over_places_sharing_one_government_is_one_office():
    assert names_of("市体育局、市民政局，各区、县（市）政府，市足协") == [
        "市体育局", "市民政局", "各区、县（市）政府", "市足协"]
    assert names_of("省商务厅、各市（州）、各县人民政府") == ["省商务厅", "各市（州）", "各县人民政府"]
    assert names_of("各街镇、区规划资源局") == ["各街镇", "区规划资源局"]


PLAN = """某市加快足球发展若干措施

一、完善足球管理体制

（一）加强足球工作组织领导。

发挥领导小组作用，构建党委领导、政府统筹的工作机制。[市体育局，各区、县（市）政府，列第一位的为牵头单位，下同]

（二）做大做强足球协会。

规范协会内部管理，支持各级足球协会发展。[市体育局、市民政局，市足协]

（三）加强组织保障。

建立工作协调机制，抓好各项任务落实。（责任单位：市体育局、各相关单位）

二、保障措施

（一）加强组织领导。

各地要把足球发展纳入议事日程。[各区、县（市）政府]
"""


def test_a_group_named_like_framing_that_assigns_its_work_is_a_measure():
    (doc,) = parse(PLAN)
    # groups of a part of measures that carry their own offices, whatever their name, are its
    # measures (the first and the closing one); the same name under 保障措施 frames the plan
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
    # (列第一位的为牵头单位，下同 in the first bracket holds for it too)
    assert (doc.measures[2].lead_offices, doc.measures[2].offices) == (("市体育局",), ("各相关单位",))
    first = doc.measures[0]
    assert first.lead_offices == ("市体育局",)
    assert first.offices == ("各区、县（市）政府",)


def test_a_year_bracket_drawn_as_low_and_high_quotes_is_the_bracket():
    assert marks_as_printed("沪松府办„2016‟87 号") == "沪松府办〔2016〕87 号"
    assert marks_as_printed("他说„你好‟") == "他说„你好‟"  # quotes around no 文号 year stay


TITLED_UNDER_RECORD = """2014-8-22  本站编辑  来源：本站

某示范区农民技术职称评定委员会

办公室关于授予张某等12名同志农民技术职称的通知

各有关单位：

经评定委员会审议，决定授予张某等12名同志农民技术职称。

某示范区农民技术职称评定委员会办公室

2014年8月4日
"""


def test_an_issuer_wrapped_over_the_title_line_stays_under_a_page_record_line():
    (doc,) = parse(TITLED_UNDER_RECORD)
    assert doc.title == "某示范区农民技术职称评定委员会办公室关于授予张某等12名同志农民技术职称的通知"
