"""A responsibility label names its role (责任, 牵头, 配合) and any word for an organisational
unit: a bureau's work plan names its internal sections (责任科室, 牵头处室, 配合股室) as a
government's plan names its departments (责任单位). The expected offices are read off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.offices import parse_bracket
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


BUREAU_PLAN = """某市住房和城乡建设局2024年优化营商环境工作方案

一、工作措施

（一）压缩施工许可办理时间。将施工许可办理时限压减至3个工作日。
责任科室：审批科、建筑业科

（二）推行工程质量保险。在新建住宅工程中推行工程质量潜在缺陷保险。
责任科室：质安站

（三）加强建筑市场信用管理。建立建筑企业信用评价体系。
牵头处室：建筑市场处；配合股室：法规股、信用股
"""


def test_a_section_line_under_each_item_names_its_offices():
    (doc,) = parse(BUREAU_PLAN)
    one, two, three = doc.measures
    assert one.offices == ("审批科", "建筑业科")
    assert two.offices == ("质安站",)
    assert three.lead_offices == ("建筑市场处",)
    assert three.offices == ("法规股", "信用股")
    # the notation is no part of the item's text
    assert "责任科室" not in one.text


def test_unit_words_of_any_rank_read_as_their_role_in_a_bracket():
    assert parse_bracket("（责任处室：法规处、审批处）").shared == ("法规处", "审批处")
    assert parse_bracket("（牵头科室：办公室；配合科室：财务科）").lead == ("办公室",)
    assert parse_bracket("（责任机构：市信用中心）").shared == ("市信用中心",)
