"""Forms attached to a notice: a line of boxes to tick (项目级别：□小额□一般) is one of the
form's fields, never its title, whether beside the 附件 label or on a line of its own; the form's
title is the name under it, ending as forms are named (…申报书, …申请表). The expected titles are
read off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str):
    return parse_text(LoadedText("doc.txt", text, "txt", "utf-8", "0" * 64, {}))


NOTICE = """某区科学技术局关于组织申报2024年度科技计划项目的通知

各有关单位：

现将2024年度区科技计划项目申报工作通知如下。

一、申报条件

1.申报单位应在本区注册。

2.项目负责人应为申报单位在职人员。

二、申报材料

1.项目申报书。

2.企业承诺书。

某区科学技术局

2024年3月1日

附件1\t\t\t项目类别：□重点□一般

科技创新专项

项目申报书

项目名称\t\t负责人\t

申报单位\t\t联系电话\t

附件2

申报方式：□线上□线下

企业信用

承诺申请表

企业名称\t\t法定代表人\t

统一社会信用代码\t\t联系电话\t
"""


def test_a_forms_choice_field_is_no_title_and_its_name_is():
    docs = parse(NOTICE)
    titles = [d.title for d in docs]
    assert "科技创新专项项目申报书" in titles
    assert "企业信用承诺申请表" in titles
    assert not any("□" in t for t in titles)
