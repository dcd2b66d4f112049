"""Responsibility labels and verb lines in the forms real notations take beyond the plain
ones: a label qualified by what the office leads (牵头考核单位, 责任落实单位) after a time
limit in the same bracket, and a list of organs followed by how they carry the work out
(…等部门按职责抓好分工落实). The expected offices are read off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.offices import parse_bracket
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


INDICATORS = """某市2024年数字政府建设考评指标

一、政务服务（30分）

1．各级政务服务事项全部开通全程网办，完成适老化改造。（5月底取得明显成效并持续推进，牵头考核单位：市审批服务局）

2．全面提升政务热线服务水平，加快升级热线平台。（6月底完成，牵头考核单位：市政府办公室、市公安局）

3．推动各部门高频应用接入政务服务平台。（持续推进，责任考核单位：市大数据局）
"""


def test_a_label_qualified_by_what_the_office_leads_names_the_lead_after_a_time_limit():
    (doc,) = parse(INDICATORS)
    units = {m.number: m for m in doc.measures}
    assert (units["1"].lead_offices, units["1"].offices) == (("市审批服务局",), ())
    assert units["2"].lead_offices == ("市政府办公室", "市公安局")
    assert (units["3"].lead_offices, units["3"].offices) == ((), ("市大数据局",))


def test_qualified_labels_read_as_their_role_and_unrelated_words_stay_no_label():
    assert parse_bracket("（牵头落实部门：市商务局；配合落实单位：市财政局）").lead == ("市商务局",)
    assert parse_bracket("（牵头落实部门：市商务局；配合落实单位：市财政局）").shared == ("市财政局",)
    # a sentence about offices (配合有关单位做好…) is no label
    assert not parse_bracket("（配合有关单位做好衔接工作）")


DUTIES = """某市扶持星级饭店发展的若干措施

1.规划用地。鼓励建设星级饭店。（加快星级饭店发展专项工作小组各成员单位按职责抓好分工落实）

2.人才培训。鼓励职业院校定向为星级饭店培养人才。（市教育局、市人力资源社会保障局按职责抓好分工落实）

3.发展环境。支持星级饭店参与政府定点饭店招标采购；鼓励星级饭店承办会议会展。（市商务局、市文化和旅游局、市体育局等部门按职责分工负责）

4.融资服务。支持高档星级饭店融通资金。（市地方金融监管局依职责推进落实）
"""


def test_how_organs_carry_the_work_out_is_no_part_of_their_names():
    (doc,) = parse(DUTIES)
    units = {m.number: m for m in doc.measures}
    assert units["1"].offices == ("加快星级饭店发展专项工作小组各成员单位",)
    assert units["2"].offices == ("市教育局", "市人力资源社会保障局")
    assert units["3"].offices == ("市商务局", "市文化和旅游局", "市体育局")
    assert units["4"].offices == ("市地方金融监管局",)
    assert all(not m.lead_offices for m in doc.measures)


UNNAMED = """某市优化营商环境行动方案

（一）办理破产领域（领域牵头单位：市中级人民法院）

1.支持法院推进破产审判专业化。加强对破产法官队伍的教育培训。（市有关部门单位按照职责分工负责）

2.加强办理破产府院联动。完善府院联动协同推进工作体系。（市发展改革委会同有关部门负责）
"""


def test_a_line_naming_only_unnamed_organs_leaves_the_part_lead_and_a_named_one_counts():
    (doc,) = parse(UNNAMED)
    units = {m.number: m for m in doc.measures}
    assert (units["1"].lead_offices, units["1"].offices) == (("市中级人民法院",), ())
    assert units["2"].offices == ("市发展改革委会同有关部门",)
