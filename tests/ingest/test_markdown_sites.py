"""Markdown as documentation sites keep policy texts (VuePress, markdown-it): raw HTML inside
the Markdown, character references, container fences, a table of contents of in-page links and
attribute lists after headings. The expected values are read off the text written here."""

from __future__ import annotations

from ingest.loaders import LoadedText, load_text
from ingest.pipeline import parse_text

SITE_PAGE = """---
title: 某某市场主体登记管理办法
icon: article
date: 2021-03-01
---

::: tip 修订信息

（2020年12月1日某某部令第9号公布&emsp;自2021年3月1日起施行）

:::

::: details 目录

[[toc]]

- 第1~3条：

  [1](#t1)&emsp;[2](#t2)&emsp;[3](#t3)

:::

## 第一章&emsp;总&emsp;则{align="center"}

<p id="t1">&emsp;&emsp;<b>第一条</b>&emsp;为了规范市场主体登记管理，制定本办法。</p>
<p id="t2">&emsp;&emsp;<b>第二条</b>&emsp;登记机关应当依法办理下列登记：<br>
&emsp;&emsp;（一）设立登记；<br>
&emsp;&emsp;（二）变更登记。</p>

## 第二章&emsp;附&emsp;则{align=center}

<p id="t3">&emsp;&emsp;<b>第三条</b>&emsp;本办法自2021年3月1日起施行。</p>

::: warning 原文链接

<http://www.example.gov.cn/zcfg/t1.shtml>

:::
"""


def test_html_inside_markdown_is_read_as_the_text_it_marks_up(tmp_path):
    path = tmp_path / "site_page.md"
    path.write_text(SITE_PAGE, encoding="utf-8")
    loaded = load_text(path)
    for markup in ("<p", "<b>", "&emsp;", ":::", "[[toc]]", "{align", "(#t1)"):
        assert markup not in loaded.text
    assert "第二条\u2003登记机关应当依法办理下列登记：" in loaded.text
    (doc,) = parse_text(loaded)
    assert doc.title == "某某市场主体登记管理办法"
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3"]
    assert "（二）变更登记。" in doc.measures[1].text
    assert "为了规范市场主体登记管理" in doc.measures[0].text


AMENDED_RULE = """某某信息公开办法

（2007年4月5日某某部令第12号公布　2019年4月3日某某部令第31号修订　自2019年5月15日起施行）

第一条　为了规范信息公开，制定本办法。

第二条　本办法自2019年5月15日起施行。
"""


def test_a_rule_is_the_latest_order_of_its_title_note(tmp_path):
    path = tmp_path / "rule.txt"
    path.write_text(AMENDED_RULE, encoding="utf-8")
    (doc,) = parse_text(load_text(path))
    assert (doc.doc_number, doc.issuer, doc.issued) == ("某某部令第31号", "某某部", "2019-04-03")
    assert doc.level == "national"


REPLY_CITING_A_LAW = """某某部办公厅关于某某法律适用问题的复函

一、相关法律规定

（一）关于超标排放

某某法第十八条规定：“企业应当达标排放。”

第九十九条规定：“违反本法规定的，处十万元以上罚款。”

（二）关于餐饮油烟

第一百一十八条第一款规定：“排放油烟超标的，处五千元以上罚款。”

二、法律适用意见

我部认为，应当适用处罚较重的条款。

特此函复。

某某部办公厅

2020年3月20日
"""


def test_a_paragraph_citing_an_article_is_no_article_of_the_document():
    (doc,) = parse_text(LoadedText("reply.txt", REPLY_CITING_A_LAW, "txt", "utf-8", "0" * 64, {}))
    assert not any(m.number.startswith("art") for m in doc.measures)
    assert len(doc.measures) == 3  # （一）, （二） and part 二, read off the outline above
    assert "第九十九条规定" in doc.measures[0].text


def test_a_contents_item_of_in_page_links_is_dropped(tmp_path):
    path = tmp_path / "toc.md"
    path.write_text("- 第41条~56条\n\n  [41](#t41)&emsp;[42](#t42)\n\n- 第一项内容\n", encoding="utf-8")
    text = load_text(path).text
    assert "第41条" not in text and "第一项内容" in text


REVISED_MEASURES = """某县人民政府关于印发某县促进消费若干措施(修订)的通知

各乡（镇）人民政府：

《某县促进消费若干措施（修订）》已经县政府常务会议研究通过，现印发给你们，请认真贯彻执行。

某县人民政府

2022年11月26日

某县促进消费若干措施

（修订）

为促进消费，对《某县促进消费若干措施》（某政文〔2022〕34号）修订如下。

一、发放消费券。

二、支持以旧换新。
"""


def test_a_revised_text_is_titled_with_its_qualifier_not_as_the_text_it_revises():
    docs = parse_text(LoadedText("revised.txt", REVISED_MEASURES, "txt", "utf-8", "0" * 64, {}))
    assert [d.title.replace("(", "（").replace(")", "）") for d in docs] == ["某县促进消费若干措施（修订）"]
    assert len(docs[0].measures) == 2


JOINT_MEETING_NOTICE = """关于印发进一步做好促进消费工作若干措施的通知

各市人民政府，省有关单位：

现将《进一步做好促进消费工作若干措施》印发给你们，请认真组织实施。

省完善促进消费体制机制厅际联席会议（代章）

2022年1月26日

进一步做好促进消费工作若干措施

一、加强民生商品保供稳价，保障外出务工春节返乡人员和城镇居民生活必需品供应。

二、开展惠民消费活动。
"""


def test_an_organ_named_short_is_of_its_own_level_and_no_town_is_read_from_sentences():
    (doc,) = parse_text(LoadedText("consume.txt", JOINT_MEETING_NOTICE, "txt", "utf-8", "0" * 64, {}))
    assert doc.issuer == "省完善促进消费体制机制厅际联席会议"  # a joint meeting signs under its seal
    assert doc.level == "province"
    assert "town" not in doc.region


def test_an_order_numbered_before_its_name_in_the_title_note(tmp_path):
    path = tmp_path / "rule.txt"
    path.write_text(AMENDED_RULE.replace(
        "（2007年4月5日某某部令第12号公布　2019年4月3日某某部令第31号修订　自2019年5月15日起施行）",
        "（2024年12月24日北京市人民政府第314号令发布　自2025年3月1日起施行）"), encoding="utf-8")
    (doc,) = parse_text(load_text(path))
    assert (doc.doc_number, doc.issuer, doc.issued) == ("北京市人民政府第314号令", "北京市人民政府", "2024-12-24")


FORM_ATTACHMENT = """某市自然资源和规划局关于印发《某市规划预许可管理办法》的通知

各县（市、区）人民政府：

现将《某市规划预许可管理办法》印发给你们，请认真执行。

某市自然资源和规划局

2019年3月29日

某市规划预许可管理办法

一、本办法所称规划预许可，是指施工许可前的预先许可。

二、本办法自印发之日起施行。

附件：1.告知书（双面打印）

2.承诺书（双面打印）

附件1

编号：

告知书

一、申请建设工程规划许可应遵循相关依据。

二、预许可证有效期为两个月。

附件2

编号：

承诺书

一、本单位保证所提供资料真实。

二、本单位承诺按期办理正式手续。
"""


def test_a_forms_blank_field_between_the_attachment_label_and_its_title():
    docs = parse_text(LoadedText("form.txt", FORM_ATTACHMENT, "txt", "utf-8", "0" * 64, {}))
    assert [(d.title, len(d.measures)) for d in docs] == [("某市规划预许可管理办法", 2), ("告知书", 2), ("承诺书", 2)]


COMMITMENT_FORM = """承诺书

某市自然资源和规划局：

一、本单位保证所提供资料真实。

二、本单位承诺按期办理正式手续。

三、本单位已明知违反承诺的后果。

建设单位（人）：_______盖章（签字）

注：1.本承诺书一式三份，自签章后生效。

2.承诺单位应当妥善保管本承诺书。
"""


def test_the_items_of_a_note_are_the_notes_not_measures():
    (doc,) = parse_text(LoadedText("form.txt", COMMITMENT_FORM, "txt", "utf-8", "0" * 64, {}))
    assert [m.number for m in doc.measures] == ["1", "2", "3"]
    assert doc.measures[-1].text.startswith("三、本单位已明知")


def test_markdown_under_its_other_names_is_read_as_markdown(tmp_path):
    # A documentation site's MDX page and an older tool's .markdown file: the ATX heading is
    # the title (no '#' kept) and the articles are found as in a .md file.
    text = "# 某某企业款项支付条例\n\n第一条 为了保障企业款项支付，制定本条例。\n\n第二条 本条例自公布之日起施行。\n"
    for suffix in (".mdx", ".markdown"):
        path = tmp_path / f"regulation{suffix}"
        path.write_text(text, encoding="utf-8")
        loaded = load_text(path)
        assert loaded.format == "md"
        doc = parse_text(loaded)[0]
        assert doc.title == "某某企业款项支付条例"
        assert [m.number for m in doc.measures] == ["art1", "art2"]
