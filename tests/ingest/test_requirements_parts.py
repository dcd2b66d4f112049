"""A part named by its requirements frames a plan only where it stands around the measures
(总体要求 before them, 实施要求 after them); between two parts of measures it is one of them.
A labelled remark (特别提醒：…) between a list's announcement and its items keeps the list
inside its item. Texts written as such guides and plans are printed; counts read off them."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str):
    return parse_text(LoadedText("g.txt", text, "txt", "utf-8", "0" * 64, {}))


GUIDE = """系统接入地址调整指引

一、调整范围

因平台升级，统一身份认证、短信平台的对外地址发生改变。各地各部门所建业务系统凡对接上述平台的，均需自查接入方式。

二、调整要求

各地各部门所建业务系统凡对接统一身份认证、短信平台的，均请按照如下要求修改接入地址，修改后及时验证服务：

特别提醒：所有服务均改为通过域名访问，后续请勿再使用IP地址访问！

（一）统一身份认证

使用如下地址对接的，请改用对应的域名对接：

原地址\t应使用的域名

10.1.2.3\tauth.example.gov.cn

（二）短信平台

使用如下地址对接的，请改用对应的域名对接：

原地址\t应使用的域名

10.1.2.4\tsms.example.gov.cn

三、技术支持

请加入平台技术支持群咨询改造中的具体问题，联系人：张某 13800000000。
"""


def test_requirements_between_two_parts_of_measures_are_a_part_of_measures():
    (doc,) = parse(GUIDE)
    # 二 stands between 一 and 三: it states what is done; its announced list stays inside it
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
    assert "auth.example.gov.cn" in doc.measures[1].text
    assert "sms.example.gov.cn" in doc.measures[1].text


def test_without_the_remark_the_announced_list_still_stays_inside():
    text = GUIDE.replace("特别提醒：所有服务均改为通过域名访问，后续请勿再使用IP地址访问！\n\n", "")
    (doc,) = parse(text)
    assert [m.number for m in doc.measures] == ["1", "2", "3"]


PLAN = """某省农机补贴实施方案

一、总体要求

以推进农业机械化为目标，稳定实施农机购置补贴政策。

二、补贴范围

补贴范围为本省农业生产急需的机具品目。

三、补贴标准

一般机具的单机补贴额不超过5万元。

四、实施要求

各市县要加强组织领导，做好政策宣传和监督检查。
"""


def test_requirements_after_the_measures_frame_the_plan():
    (doc,) = parse(PLAN)
    assert [m.number for m in doc.measures] == ["2", "3"]


def test_requirements_before_the_measures_frame_the_plan():
    text = PLAN.replace("一、总体要求", "一、基本要求").replace("四、实施要求", "四、组织实施")
    (doc,) = parse(text)
    assert [m.number for m in doc.measures] == ["2", "3"]


def test_a_long_heading_naming_what_is_done_to_requirements_is_a_measure_anywhere():
    text = PLAN.replace("四、实施要求", "四、简化补贴申领材料要求")
    (doc,) = parse(text)
    assert [m.number for m in doc.measures] == ["2", "3", "4"]
