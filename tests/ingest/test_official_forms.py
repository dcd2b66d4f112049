"""Rules of Chinese official documents met in real ones, each on a text written in their form:
how a 落款 is laid out, how responsibility is printed between sentences, how an extraction
runs numbered items into one paragraph. Expected values are read off each text.
"""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt", fmt: str = "txt"):
    return parse_text(LoadedText(source, text, fmt, "utf-8", "0" * 64, {}))


def test_a_signer_wrapped_over_two_lines_and_organs_printed_together():
    reply = ("国务院、中央军委关于同意某部机关迁址新建的批复\n\n国函〔1996〕95号\n\n某部：\n\n"
             "你部请示收悉。同意迁址新建，所需资金由你们自筹解决。\n\n"
             "国务院\u3000中央军委\n\n一九九六年十一月五日\n")
    (doc,) = parse(reply)
    assert (doc.issuer, doc.issued) == ("国务院、中央军委", "1996-11-05")
    opinion = ("关于某村地质险情的调查意见\n\n2004年3月，专家组赴某村进行了现场调查。\n\n"
               "专家组建议继续做好监测工作。\n\n湖北省巴东县官渡口镇马鬃山村\n\n地质险情调查专家组\n\n"
               "二〇〇四年九月二十三日\n")
    (doc,) = parse(opinion)
    assert (doc.issuer, doc.issued) == ("湖北省巴东县官渡口镇马鬃山村地质险情调查专家组", "2004-09-23")
    notice = ("关于做好某项补贴发放工作的通知\n\n各区发展改革委、财政局：\n\n请按规定做好补贴发放工作。\n\n"
              "市发展改革委　市财政局\n\n2024年4月17日\n")
    (doc,) = parse(notice)
    assert (doc.issuer, doc.issued) == ("市发展改革委、市财政局", "2024-04-17")


def test_ministries_signed_together_without_a_space_are_told_apart():
    # An extraction that squeezes the spaces out of a joint 落款 (国家某某局 财政部 2021年…).
    letter = ("关于推进某项结算工作的通知\n\n各省、自治区、直辖市某某局、财政厅：\n\n"
              "请按要求推进结算工作。\n\n国家某某局财政部海关总署\n\n2021年4月12日\n")
    (doc,) = parse(letter)
    assert (doc.issuer, doc.issued) == ("国家某某局、财政部、海关总署", "2021-04-12")
    (doc,) = parse(letter.replace("国家某某局财政部海关总署\n\n2021年4月12日",
                                  "财政部某某总局 2021年4月12日"))
    assert doc.issuer == "财政部、某某总局"
    (doc,) = parse("国家某某局财政部关于某某工作的通知\n\n各省：\n\n请做好工作。\n")
    assert (doc.issuer, doc.level) == ("国家某某局、财政部", "national")  # a header's issuers


def test_an_organs_own_unit_stays_with_its_name():
    # A bureau, an office or a branch after a ministry, a department after a party committee,
    # a standing committee after its congress or committee: one organ each.
    for signer in ("公安部某某管理局", "国家某某局华北监管局", "国家某某委办公厅", "某某总署广东分署",
                   "中共某市委组织部", "某省人民代表大会常务委员会", "人力资源和社会保障部",
                   "国家发展和改革委员会", "国务院国资委"):
        notice = f"关于做好某项工作的通知\n\n各有关单位：\n\n请做好某项工作。\n\n{signer}\n\n2024年4月17日\n"
        (doc,) = parse(notice)
        assert doc.issuer == signer


def test_a_bracket_between_sentences_assigns_its_sentence_and_guiding_offices_count():
    plan = ("关于某试点工作的方案\n\n一、主要任务\n\n"
            "（一）推动资源化利用。完善综合利用标准体系。（市场监管总局、工业和信息化部负责）"
            "推广一批先进适用技术装备。（工业和信息化部指导）\n\n"
            "（二）完善管理体制。建立部门责任清单。（生态环境部指导，试点城市政府负责落实）\n\n"
            "（三）加强宣传。开展宣传活动（含线上活动）。\n")
    (doc,) = parse(plan)
    units = {m.number: m for m in doc.measures}
    assert set(units["1"].offices) == {"市场监管总局", "工业和信息化部"}
    assert set(units["2"].offices) == {"生态环境部", "试点城市政府"}
    assert units["3"].offices == () and units["3"].lead_offices == ()


RUN_IN_PAGE = """<html><head><title>某市关于推进某项改革的实施意见</title></head><body>
<p>某市人民政府关于推进某项改革的实施意见</p>
<p>各区人民政府： 为推进改革，现提出以下实施意见。 一、总体要求 (一)指导思想 深入贯彻落实有关精神，按照中央关于严格控</p>
<p>－ 1 －</p>
<p>制人口规模的要求推进改革。 (二)工作目标 到2020年基本建立新制度。 二、完善迁移政策 (三)建立统筹机制 按照总量控制的原则，推进建立统筹机制。 (四)实施积分制度 贯彻执行积分政策，符合下列条件的可以申请：1.在本市就业；2.缴纳社保。 三、保障合法权益 (五)完善产权制度 加快推进确权登记。1.完善流转交易体系。2.推动交易公开规范。 (六)扩大服务覆盖面 进一步健全公共服务体系，见第（二）项。 四、组织实施 (七)加强宣传 准确解读政策。 某市人民政府 2016年9月8日</p>
</body></html>"""


def test_items_run_into_one_paragraph_are_read_as_printed(tmp_path):
    from ingest.pipeline import parse_file

    path = tmp_path / "page.html"
    path.write_text(RUN_IN_PAGE, encoding="utf-8")
    (doc,) = parse_file(path)
    # 一、总体要求 and 四、组织实施 frame the plan; (五) is a heading over 1. and 2.
    got = [(m.number, m.text[:8].replace("\n", "")) for m in doc.measures]
    assert got == [("3", "（三）建立统筹机"), ("4", "（四）实施积分制"), ("1", "1.完善流转交易"),
                   ("2", "2.推动交易公开"), ("6", "（六）扩大服务覆")]
    # the list the item announces (…可以申请：1.…；2.…) stays in it; the page number goes
    assert "1.在本市就业；2.缴纳社保。" in doc.measures[1].text
    assert (doc.issuer, doc.issued) == ("某市人民政府", "2016-09-08")


def test_a_markdown_adoption_note_wrapped_under_its_bullet(tmp_path):
    from ingest.pipeline import parse_file

    path = tmp_path / "decision.md"
    path.write_text("# 某自治县人民代表大会关于废止《某自治县某条例》的决定\n\n"
                    "- 2024年1月6日某自治县第九届人民\n  代表大会第四次会议通过\n\n"
                    "- 2024年3月26日\n  某省第十四届人民代表大会常务委员会\n  第八次会议批准\n\n"
                    "\u200b\n\n某自治县人民代表大会关于废止《某自治县某条例》\n\n的决定\n\n\u200b\n\n"
                    "某自治县第九届人民代表大会第四次会议决定废止《某自治县某条例》，报省人大常委会批准。\n",
                    encoding="utf-8")
    (doc,) = parse_file(path)
    # adopted 2024-01-06; the province's approval (批准) is not the text's date
    assert doc.issued == "2024-01-06"
    assert [m.text[:6] for m in doc.measures] == ["某自治县第九"]


def test_parts_naming_the_plans_goals_or_safeguards_frame_it():
    plan = ("某区促进产业发展行动方案\n\n一、支持范围\n\n重点支持在本区注册的企业。\n\n"
            "二、行动目标\n\n到2026年，集聚企业100家。\n\n三、行动任务\n\n1.设立专项资金\n\n首期规模为1亿元。\n\n"
            "2.租金减免\n\n对新引进企业减免租金。\n\n四、强化产业发展实施保障\n\n5.加强宣传引导\n\n做好政策解读。\n")
    (doc,) = parse(plan)
    assert [(m.number, m.text[:6]) for m in doc.measures] == [
        ("1", "一、支持范围"), ("1", "1.设立专项"), ("2", "2.租金减免")]


def test_a_list_announced_then_noted_by_its_item_numbers_stays_in_its_item():
    rules = ("某市门诊特定病种准入标准\n\n一、肝硬化\n\n本市定点医疗机构确诊符合以下标准：\n\n"
             "符合第（一）、（二）项，加第（三）项。\n\n（一）有肝病病史；\n\n（二）有肝功能减退的临床表现；\n\n"
             "（三）影像学检查有肝硬化表现。\n\n二、家庭病床\n\n本市定点医疗机构确诊符合以下标准：\n\n"
             "（一）恶性肿瘤需支持治疗的；\n\n（二）慢性心力衰竭。\n")
    (doc,) = parse(rules)
    assert [m.number for m in doc.measures] == ["1", "2"]
    assert "（三）影像学检查有肝硬化表现。" in doc.measures[0].text


def test_articles_run_into_one_paragraph_are_read_as_printed():
    regulation = ("某市优化营商环境条例\n\n第一条 为了优化营商环境，制定本条例。 第二条 本条例适用于本市行政区域。"
                  "依照本条例第五条的规定办理。第三条 市人民政府应当加强领导。第四条 市场主体依法享有经营自主权。\n")
    (doc,) = parse(regulation)
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3", "art4"]
    assert doc.measures[1].text.endswith("依照本条例第五条的规定办理。")


def test_numbers_cited_after_a_gap_start_no_item():
    notice = ("某市关于做好某项工作的通知\n\n一、明确范围。适用于本市企业。\n\n"
              "二、申报材料。按照 1、2 项 所列清单报送。 三、工作要求。各单位按时报送。\n")
    (doc,) = parse(notice)
    assert [m.number for m in doc.measures] == ["1", "2"]  # 三、工作要求 frames
    assert "1、2项所列清单报送。" in doc.measures[1].text


def test_an_inline_list_wrapped_over_lines_stays_inline_when_its_number_continues_an_earlier_list():
    # (一) holds a list 1.–3. of its own; (二)'s inline list, printed over wrapped lines as a
    # PDF prints it, reaches 4. right after a ；: that is its own list's next item, not (一)'s
    plan = ("某省农机补贴实施方案\n\n一、实施步骤\n\n（一）发布规定。省农业农村厅发布实施方案。\n\n"
            "1.确定补贴机具。\n\n2.公布补贴额。\n\n3.做好培训。\n\n"
            "（二）受理申请。购机者须准备以下资料：1.有效身份证明；2.购机发票；3.实行牌证\n"
            "管理的机具须提供行驶证；4.社保卡号或银行账号；5.其他有关资料。\n\n"
            "（三）机具核验。鼓励探索多种核验方式。\n")
    (doc,) = parse(plan)
    assert [m.text[:6] for m in doc.measures] == ["（一）发布规", "1.确定补贴", "2.公布补贴", "3.做好培训",
                                                  "（二）受理申", "（三）机具核"]
    assert doc.measures[4].text.endswith("4.社保卡号或银行账号；5.其他有关资料。")
