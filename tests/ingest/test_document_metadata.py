"""Title, 文号, issuer and date of documents in the shapes real files print them: a misprinted
closing quote, a 令 signed by its head, a 公告 titled by its letterhead, a database export's
title line over the order's letterhead. Expected values are read off each text, by the rules of
official documents (evals/parse_gold/GUIDE.md).
"""

from __future__ import annotations

from ingest.cleaning import paragraphs
from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt", fmt: str = "txt", meta: dict | None = None):
    return parse_text(LoadedText(source, text, fmt, "utf-8", "0" * 64, meta or {}))


def test_a_closing_quote_misprinted_as_an_opening_one_closes_the_quotation():
    # Chinese double quotes do not nest: a second “ (or an ASCII ") closes the first.
    for quoted in ("“十四五“", "“十四五\""):
        text = (f"根据《{quoted}规划》制定本方案，现印发给你们，请认真贯彻落实。\n"
                "某某市工业和信息化局\n2022年11月21日\n")
        assert [p.text for p in paragraphs(text)][1:] == ["某某市工业和信息化局", "2022年11月21日"]


def test_a_plan_whose_title_prints_a_misprinted_quote_is_split_from_its_notice():
    # A PDF (a paragraph per blank line): the notice names the plan with its quotes right, the
    # plan's own title line prints the closing quote as an opening one.
    pdf = ("关于印发《某市“数据+”制造业行动计划（2026-2027年）》的通知\n\n各有关单位：\n\n"
           "我局制定了《某市“数据+“制造业行动计划（2026-2027年）》，现印发实施，请认真组织贯彻落实。\n\n"
           "某市工业和信息化局\n\n2026年2月9日\n\n"
           "某市“数据+“制造业行动计划（2026-2027年）\n\n"
           "为加快数据技术与制造业融合，制定本行动计划。\n\n"
           "一、打造平台\n\n（一）建设创新中心。支持企业建设数据创新中心。\n\n"
           "（二）发展工业软件。支持企业研发工业软件。\n")
    docs = parse(pdf, "plan.pdf", "pdf")
    assert [(d.title, d.notice_title) for d in docs] == [
        ("某市“数据+“制造业行动计划（2026-2027年）",
         "关于印发《某市“数据+”制造业行动计划（2026-2027年）》的通知")]
    assert (docs[0].issuer, docs[0].issued, len(docs[0].measures)) == ("某市工业和信息化局", "2026-02-09", 2)


def test_a_notice_with_a_misprinted_quote_keeps_its_signature():
    # A legal database's export: a paragraph a line, the notice's sentence cites a plan with
    # its closing quote printed as an ASCII ".
    export = ("某市经济和信息化局印发《关于推进数据专区建设的指导意见》的通知\n某经信发〔2022〕87号\n"
              "各区政府，各相关单位：\n"
              "　　根据《“十四五\"数字经济发展规划》等文件，我局制定了《关于推进数据专区建设的指导意见》，"
              "现印发给你们，请结合实际认真贯彻落实。\n"
              "某市经济和信息化局\n2022年11月21日\n关于推进数据专区建设的指导意见\n"
              "　　为促进政企数据融合应用，现就推进数据专区建设提出如下意见。\n"
              "　　一、建立专区管理体系\n　　（一）建立监督管理体系\n　　市经济和信息化局负责统筹协调。\n"
              "　　（二）落实运营主体责任\n　　运营单位承担主体责任。\n")
    (doc,) = parse(export)
    assert (doc.title, doc.doc_number) == ("关于推进数据专区建设的指导意见", "某经信发〔2022〕87号")
    assert (doc.issuer, doc.issued) == ("某市经济和信息化局", "2022-11-21")


def _order(title: str, signature: str) -> str:
    """A government order as a legal database exports it: the rule's title over the order's
    letterhead, the order's sentence, its head's signature, then the rule under its title."""
    return (f"{title}\n某某省人民政府令\n\n（第290号）\n"
            f"　　《{title}》已经2021年9月22日省人民政府第162次常务会议审议通过，现予公布，"
            "自2021年11月25日起施行。\n"
            f"{signature}\n{title}\n第一章　总则\n"
            "　　第一条　为了规范公共数据管理，制定本办法。\n"
            "　　第二条　本省行政区域内公共数据的管理，适用本办法。\n"
            "第二章　附则\n　　第三条　本办法自2021年11月25日起施行。\n")


def test_an_order_is_dated_by_its_signature_not_by_the_meeting_that_adopted_it():
    # GUIDE: issued is the 落款 date; a 令's 落款 is its head's signature and date.
    for signature in ("省长　某某某\n\n2021年10月18日", "省长　某某某\n\n\n2021年10月18日",
                      "省长　某某\n2021年10月18日"):
        (doc,) = parse(_order("某某省公共数据管理办法", signature))
        assert (doc.title, doc.issuer, doc.issued) == ("某某省公共数据管理办法", "某某省人民政府", "2021-10-18")
        assert (doc.doc_number, len(doc.measures)) == ("某某省人民政府令第290号", 3)


def test_a_long_title_line_ends_above_the_orders_letterhead_and_the_first_chapter():
    # A title as long as a wrapped line (20 characters and more) is not run into the line under it.
    title = "中国（某某）自由贸易试验区某某新片区管理办法"
    (doc,) = parse(_order(title, "省长　某某\n2021年10月18日"))
    assert (doc.title, doc.doc_number, doc.issuer) == (title, "某某省人民政府令第290号", "某某省人民政府")
    assert doc.issued == "2021-10-18"
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3"]


def test_an_announcement_without_a_subject_title_goes_by_its_letterhead():
    # A page printed to PDF: the site's menu, the heading with the page's buttons run on, the body.
    body = ("为完善支付制度体系，现对有关规章作出如下修改。\n\n"
            "一、修改《某某结算办法》第九条。\n\n二、废止《某某系统运行规则》。\n\n"
            "三、本公告自发布之日起施行。\n\n国家某某局\n\n2026年4月8日\n")
    page = ("网站地图\n\n信息公开\n\n"
            "国 家 某 某 局 公 告 〔 2 0 2 6 〕 第 3 号\n\n字号 大 中 小 2026-04-17 17:15:00\n\n"
            "打印本页　关闭窗口\n\n" + body)
    (doc,) = parse(page, "announcement.pdf", "pdf")
    assert (doc.title, doc.doc_number, doc.issuer, doc.issued) == (
        "国家某某局公告", "国家某某局公告〔2026〕第3号", "国家某某局", "2026-04-08")
    # …and its letterhead over the number on a line of its own
    (doc,) = parse("国家某某局公告\n\n〔2026〕第3号\n\n" + body, "announcement.pdf", "pdf")
    assert (doc.title, doc.issuer, doc.issued) == ("国家某某局公告", "国家某某局", "2026-04-08")


def test_a_tables_header_row_read_onto_its_titles_line_is_not_part_of_the_title():
    pdf = ("关于印发《某市制造业行动计划》的通知\n\n各有关单位：\n\n"
           "我局制定了《某市制造业行动计划》，现印发实施，请认真组织贯彻落实。\n\n"
           "某市工业和信息化局\n\n2026年2月9日\n\n某市制造业行动计划\n\n"
           "一、打造平台\n\n（一）建设创新中心。支持企业建设创新中心（详见附件）。\n\n"
           "（二）发展工业软件。支持企业研发工业软件。\n\n附件\n\n"
           "制造业应用场景清单序号 环节 应用场景 解决方案\n\n序号 环节 应用场景 解决方案\n\n"
           "1 研发设计\n\n产品数字化设计\n\n面向需求分析、产品定义等业务活动，应用大模型技术。\n\n"
           "2 生产管理\n\n智能排产\n\n面向生产计划等业务活动，应用优化算法。\n")
    docs = parse(pdf, "plan.pdf", "pdf")
    assert [d.title for d in docs] == ["某市制造业行动计划", "制造业应用场景清单"]


def test_a_compilations_cover_gives_its_title_with_qualifier_and_its_compiler():
    cover = ("河南省企业政策汇编\n\n（省级版）\n\n河南省发展和改革委员会\n\n二〇二四年\n\nI\n\n前言\n\n"
             "为更好服务企业，我委梳理了省级出台的相关政策措施，编制本汇编。\n\n"
             "一、综合篇\n\n1.老旧厂房改造支持。对改造项目给予补助。\n\n2.低效楼宇改造支持。对改造项目给予奖励。\n")
    (doc,) = parse(cover, "guide.pdf", "pdf")
    assert (doc.title, doc.issuer, doc.issued, doc.level) == ("河南省企业政策汇编（省级版）", "河南省发展和改革委员会", None, "province")
    # an organ line under a title with no year under it is no cover (an addressee, a 落款 above a date)
    (doc,) = parse(cover.replace("\n\n二〇二四年", ""), "guide.pdf", "pdf")
    assert doc.issuer == ""


def test_a_notice_title_printed_twice_is_the_documents_own_the_last_one():
    # A legal database prints its heading (another dash, half-width brackets) over the
    # document's own title line.
    export = ("某某省人民政府办公厅关于印发某某省数据发展行动计划(2021—2023年)的通知\n"
              "某某省人民政府办公厅关于印发某某省数据发展行动计划（2021-2023年）的通知\n\n"
              "（某政办秘〔2021〕82号）\n\n各市人民政府，省政府各部门：\n\n"
              "　　《某某省数据发展行动计划（2021-2023年）》已经省政府同意，现印发给你们，请认真抓好落实。\n"
              "某某省人民政府办公厅\n2021年9月2日\n"
              "某某省数据发展行动计划（2021-2023年）\n"
              "　　一、主要任务\n　　1.建设数据平台。建设全省数据平台。\n　　2.培育数据市场。培育数据交易市场。\n")
    (doc,) = parse(export)
    assert doc.notice_title == "某某省人民政府办公厅关于印发某某省数据发展行动计划（2021-2023年）的通知"
    assert (doc.title, doc.doc_number, len(doc.measures)) == ("某某省数据发展行动计划（2021-2023年）", "某政办秘〔2021〕82号", 2)
