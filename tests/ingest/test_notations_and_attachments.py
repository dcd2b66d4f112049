"""Responsibility notations' own notes (下同, 不再列出, 第一个逗号前为牵头单位) and a notice's
attachments: their titles wrapped above a table, and which of them are cited by the notice's
文号. The expected values are read off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


FIRST_COMMA = """某市支持人工智能创新发展行动计划

一、重点任务

1.加大算力资源支持。扩容市级算力券。（责任单位：市科技局、市数据局，市委网信办、中国移动某市分公司；第一个逗号前为牵头单位，多个牵头部门的按照职责分工负责，下同）

2.畅通数据要素供给。推动数据资源共享开放。（责任单位：市数据局，市科技局）

3.营造创新氛围。举办创新创业大赛。〔责任单位：市科技局、市商务局，各县（市、区）政府〕
"""


def test_a_notations_note_is_no_office_and_its_first_comma_rule_names_the_leads():
    (doc,) = parse(FIRST_COMMA)
    units = {m.number: m for m in doc.measures}
    assert units["1"].lead_offices == ("市科技局", "市数据局")
    assert units["1"].offices == ("市委网信办", "中国移动某市分公司")
    # 「下同」: the offices before the first comma lead in every later line too
    assert (units["2"].lead_offices, units["2"].offices) == (("市数据局",), ("市科技局",))
    assert units["3"].lead_offices == ("市科技局", "市商务局")
    assert units["3"].offices == ("各县（市、区）政府",)


NOT_LISTED_AGAIN = """某市关于支持创业发展的实施意见

1.布局建设社区。盘活现有闲置资源。〔责任单位：市发展改革委、市财政局，各县（市、区）人民政府、功能区管委会。以下各项任务均需各县（市、区）人民政府、功能区管委会落实，不再列出〕

2.构建孵化体系。设立特色化社区。（责任单位：市科技局、市教育局）
"""


def test_a_note_that_offices_are_not_listed_again_is_no_office_and_adds_none_later():
    (doc,) = parse(NOT_LISTED_AGAIN)
    units = {m.number: m for m in doc.measures}
    assert units["1"].offices == ("市发展改革委", "市财政局", "各县（市、区）人民政府", "功能区管委会")
    # offices as printed for the unit: the note's organs are not repeated under each task
    assert units["2"].offices == ("市科技局", "市教育局")


TASKS_NOTICE = """某市人民政府关于下达2023年退役士兵安置任务的通知

某政发〔2023〕30号

各区人民政府，市直各单位：

根据《退役士兵安置条例》，现将2023年市区退役士兵安置任务下达给你们，请认真抓好落实。

附件：2023年市区退役士兵安置任务

某市人民政府

2023年10月16日

附件

2023年市区符合政府安排工作条件

退役士兵安置任务

序号\t安置单位名称\t安置任务

1\t市城投公司\t2

2\t市交通投资集团\t3

3\t市水务集团\t1
"""


def test_a_notices_table_takes_its_title_wrapped_above_its_header_and_the_notices_number():
    notice, table = parse(TASKS_NOTICE)
    assert notice.doc_number == "某政发〔2023〕30号"
    assert table.title == "2023年市区符合政府安排工作条件退役士兵安置任务"
    # the notice issues its table of tasks: cited by the notice's 文号
    assert table.doc_number == "某政发〔2023〕30号"
    assert len(table.measures) == 3


REPLY_WITH_ATTACHMENT = """国务院关于同意建立某某工作部际联席会议制度的批复

国函〔2018〕144号

教育部：

你部《关于提请建立某某工作部际联席会议制度的请示》收悉。现批复如下：

一、同意建立某某工作部际联席会议制度。

二、请你部会同有关部门认真组织落实。

国务院

2018年11月20日

附件

某某工作部际联席会议制度

为加强对某某工作的领导，经国务院同意，建立某某工作部际联席会议制度。

一、主要职能。统筹协调全国某某工作。

二、工作规则。联席会议原则上每年召开一次全体会议。
"""


def test_a_replys_attachment_is_cited_through_the_reply_without_a_number_of_its_own():
    reply, rules = parse(REPLY_WITH_ATTACHMENT)
    assert reply.doc_number == "国函〔2018〕144号"
    assert rules.title == "某某工作部际联席会议制度"
    assert rules.doc_number == ""


def test_a_tables_total_row_is_no_row_of_its_own():
    text = TASKS_NOTICE + "合计\t6\n"
    _, table = parse(text)
    assert [m.number for m in table.measures] == ["1", "2", "3"]


def test_a_trailing_and_other_offices_is_no_part_of_the_last_name():
    (doc,) = parse("某市行动计划\n\n1.建设支撑平台。建设公共服务平台。（牵头单位：市科技局，责任单位：市司法局、市税务局等相关单位）\n\n"
                   "2.推动场景开放。定期发布应用场景。（牵头单位：市发改委）\n")
    assert doc.measures[0].offices == ("市司法局", "市税务局")
