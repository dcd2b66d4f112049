"""Units of two shapes real documents print: a working group's member list, one line a
member and no numbers (each line a unit, as a table's rows are), and an indicator list whose
parts carry their weight in a bracket (七、加强工作保障（5分）: the closing guarantees, which frame
the plan however they are scored). Expected units are counted off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


MEMBERS = """某省推进数字经济发展专项工作组名单

组　长：张某某 省长

副组长：李某某 副省长

成　员：王某某 省政府秘书长

赵某某 省教育厅厅长

钱某某 省科技厅厅长

孙某某 省财政厅厅长

专项工作组办公室设在省发展改革委，王某某同志兼任办公室主任。
"""


def test_a_member_list_is_read_a_line_a_unit():
    (doc,) = parse(MEMBERS)
    texts = [m.text.replace(" ", "").replace("　", "") for m in doc.measures]
    assert texts[:6] == ["组长：张某某省长", "副组长：李某某副省长", "成员：王某某省政府秘书长",
                         "赵某某省教育厅厅长", "钱某某省科技厅厅长", "孙某某省财政厅厅长"]
    assert texts[6].startswith("专项工作组办公室设在省发展改革委")
    assert len(doc.measures) == 7


HEADINGS = """某市关于推进政务公开的实施意见

一、总体要求

推进政务公开标准化规范化。

二、公开平台

加强政府网站建设和管理。

三、政策解读

做好政策解读工作。
"""


def test_short_headings_each_over_text_stay_headings():
    (doc,) = parse(HEADINGS)
    assert [m.number for m in doc.measures] == ["2", "3"]


SCENARIOS = """人工智能应用场景清单

序号环节应用场景解决方案

1研发设计

产品数字化设

计

仿真验证

面向需求分析、产品定义、初步设计等业务活动，针对研发周期长、成本高等问题，部署设计智能体。

面向产品功能性能测试、可靠性分析等业务活动，针对新产品验证周期长等问题，部署仿真智能体。

面向生产准备阶段的设备选型、产线调试等业务活动，针对调试效率低等问题，部署调试智能体。

面向主计划制定、物料需求计划生成等业务活动，针对市场需求波动大等问题，部署排产智能体。

面向生产进度可视化、资源消耗统计等业务活动，针对生产指标计算失真等问题，部署监控智能体。

面向紧急插单、设备故障等事件的资源动态调度需求，针对计划刚性等问题，部署调度智能体。

面向物料和成品出入库、库存管理等业务活动，针对出入库效率低等问题，部署仓储智能体。
"""


def test_a_few_short_lines_over_a_body_of_paragraphs_are_no_list():
    (doc,) = parse(SCENARIOS)  # a table's header and cells broken into lines by extraction
    assert len(doc.measures) == 7
    assert all(m.text.startswith("面向") for m in doc.measures)


SCORED = """某市数字政府建设考评指标

一、政务服务“一网通办”（25分）

1．各级政务服务事项全部开通全程网办。（6月底完成，牵头考核单位：市审批服务局）

2．推动高频应用接入政务服务平台。（持续推进，牵头考核单位：市审批服务局）

二、释放数据要素价值（10分）

3．推进公共数据开放，形成数据开放目录。（持续推进，牵头考核单位：市大数据局）

三、加强统筹管理和工作保障（5分）

（一）建立组织协调评价机制（1分）

4．成立各级数字政府建设领导机构，统筹协调督促数字政府建设工作。（持续推进，牵头考核单位：市政府办公室）

（二）强化工作保障（3分）

5．加大财政资金保障力度，加强数字政府建设领域财政资金的使用与管理。（持续推进，牵头考核单位：市财政局）
"""


def test_a_parts_weight_in_brackets_does_not_hide_that_it_frames_the_plan():
    (doc,) = parse(SCORED)
    assert [m.number for m in doc.measures] == ["1", "2", "3"]

