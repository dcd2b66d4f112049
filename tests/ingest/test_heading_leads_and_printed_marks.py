"""Offices in the forms printed plans take beyond one bracket per measure: a group heading naming
the lead of every item under it (（由市发改委牵头实施）), a plain list in square brackets whose
first organ leads by a note printed once (列第一位的为牵头单位，下同), a measure carrying a bracket
after each of its sub-tasks, and marks a PDF font codes by look-alikes (ꎬ for ，). The texts are
written here in the forms the real files take; the expected offices are read off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText, load_text
from ingest.loaders.shared_glyphs import marks_as_printed
from ingest.offices import find_section_lead, parse_bracket
from ingest.pipeline import parse_file, parse_text


def parse(text: str, source: str = "doc.txt"):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, {}))


GROUP_LEADS = """某市关于进一步推动经济高质量发展的若干政策

一、扩大有效投资政策（由市发改委牵头实施）

推动重大项目加快建设，全年完成投资800亿元以上。

（一）发挥重大建设项目带动作用。实施全市重大项目攻坚，支持重大项目加快审批。（责任单位：市发改委）

（二）向上争取资金支持。积极争取地方政府专项债券等资金。（责任单位：市发改委、市财政局）

（三）加强用地要素保障。优先保障重大项目用地。（牵头单位：市规划和自然资源局；责任单位：市发改委）

二、现代服务业发展政策（由市商务局、市投资促进局牵头实施）

（四）稳定外贸发展。深入开展外贸主体培育行动。（责任单位：市外办、市财政局）

（五）支持会展业发展。对举办大型展会给予补助。
"""


def test_a_group_heading_names_the_lead_of_the_items_that_name_none():
    (doc,) = parse(GROUP_LEADS)
    units = {m.number: m for m in doc.measures}
    assert (units["1"].lead_offices, units["1"].offices) == (("市发改委",), ())
    assert (units["2"].lead_offices, units["2"].offices) == (("市发改委",), ("市财政局",))
    # an item naming its own lead keeps it
    assert (units["3"].lead_offices, units["3"].offices) == (("市规划和自然资源局",), ("市发改委",))
    assert (units["4"].lead_offices, units["4"].offices) == (("市商务局", "市投资促进局"),
                                                             ("市外办", "市财政局"))
    # an item printing no line of its own takes the heading's
    assert units["5"].lead_offices == ("市商务局", "市投资促进局")


def test_a_heading_bracket_is_read_only_where_it_assigns_work():
    assert find_section_lead("一、扩大有效投资政策（由市发改委牵头实施）").lead == ("市发改委",)
    assert find_section_lead("（二）强化要素保障（牵头单位：市财政局）").lead == ("市财政局",)
    assert not find_section_lead("三、发展目标（2024—2026年）")
    assert not find_section_lead("（四）加强组织领导")


SQUARE_LISTS = """某市加快推进足球发展若干措施

一、完善管理体制机制

（一）加强足球工作组织领导。

发挥领导小组作用，构建部门分工负责的工作机制。[市体育局，各区政府，列第一位的为牵头单位，下同]

（二）做大做强足球协会。

规范协会内部管理，支持各级足球协会发展。[市体育局、市民政局，各区政府，市足协]

二、加大经费保障力度

（三）强化专项资金支持。

市本级财政统筹安排专项经费。[市财政局、市体育局，各区政府]
"""


def test_a_plain_list_in_square_brackets_is_read_and_its_first_organ_leads_by_the_note():
    (doc,) = parse(SQUARE_LISTS)
    units = {m.number: m for m in doc.measures}
    # the note stands in the first item's bracket; a framing item holds no unit, yet the note
    # governs the lines after it
    assert (units["2"].lead_offices, units["2"].offices) == (("市体育局",), ("市民政局", "各区政府", "市足协"))
    assert (units["3"].lead_offices, units["3"].offices) == (("市财政局",), ("市体育局", "各区政府"))


def test_a_bare_list_with_commas_reads_as_organs_only_where_every_part_is_one():
    assert parse_bracket("[市体育局、市民政局，各区政府，市足协]", bare=True).shared == (
        "市体育局", "市民政局", "各区政府", "市足协")
    assert not parse_bracket("（2024年，全市）", bare=True)
    assert not parse_bracket("（市体育局，有关部门）", bare=True)


SUB_TASKS = """某省培育壮大市场主体行动方案

一、重点任务

（一）实施大型骨干企业培育壮大行动

1．做大做强龙头企业。支持龙头企业通过强强联合等方式做大做强。

（牵头单位：省工业和信息化厅、省农业农村厅）

实施旗舰引领工程，支持大型国有企业打造千亿级企业。（牵头单位：省国资委）围绕发展战略性新兴产业，引进培育一批百亿级龙头骨干企业。（牵头单位：省投资促进局）

2．大力培育上市企业。实施企业上市高质量发展三年行动。（牵头单位：省地方金融监管局）
"""


def test_a_measure_keeps_its_sub_tasks_and_every_bracket_after_them():
    (doc,) = parse(SUB_TASKS)
    units = {m.number: m for m in doc.measures}
    assert "旗舰引领工程" in units["1"].text and "百亿级龙头骨干企业" in units["1"].text
    assert units["1"].lead_offices == ("省工业和信息化厅", "省农业农村厅", "省国资委", "省投资促进局")
    assert units["2"].lead_offices == ("省地方金融监管局",)


def test_marks_coded_by_their_gb2312_codes_are_read_as_printed():
    # U+A3AC, U+A3AE, U+A3BB are the GB2312 codes of ， ． ；
    assert marks_as_printed("财政厅\ua3ac人力资源社会保障厅\ua3ae") == "财政厅，人力资源社会保障厅。"
    assert marks_as_printed("补贴\ua3bb贷款") == "补贴；贷款"
    # ． after a digit numbers or divides, as printed
    assert marks_as_printed("1\ua3ae做大做强") == "1．做大做强"
    # Yi writing (syllables run together) is left as written
    assert marks_as_printed("\ua3ac\ua3ae\ua001") == "\ua3ac\ua3ae\ua001"
    assert marks_as_printed("关于印发« 支持创业带动就业的\n若干政策措施» 的通知") == \
        "关于印发《 支持创业带动就业的\n若干政策措施》 的通知"
    assert marks_as_printed("法律读本 » 2020") == "法律读本 » 2020"


CODED_MEASURES = ("某省支持创业带动就业的若干政策措施\n\n一、强化财政政策支持\n\n"
                  "（一）加大创业信贷支持力度\ua3ae提高创业担保贷款额度\ua3ae"
                  "（责任单位：财政厅、团省委\ua3ac人力资源社会保障厅。逗号前为牵头单位\ua3ac下同）\n\n"
                  "（二）优化创业补贴政策\ua3ae扩大补贴覆盖对象\ua3ae"
                  "（责任单位：人力资源社会保障厅\ua3ac财政厅）\n")


def test_a_pdf_text_layer_with_gb_coded_commas_splits_its_offices(tmp_path, monkeypatch):
    # The font's coding is what a PDF's text layer gives; the layer is stood in for here, since
    # making a PDF whose font codes marks as Yi syllables needs that font.
    import ingest.loaders as loaders

    monkeypatch.setitem(loaders._READERS, ".pdf", lambda source, data: (CODED_MEASURES, None, {}))
    path = tmp_path / "measures.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    assert "\ua3ac" not in load_text(path).text
    (doc,) = parse_file(path)
    units = {m.number: m for m in doc.measures}
    assert (units["1"].lead_offices, units["1"].offices) == (("财政厅", "团省委"), ("人力资源社会保障厅",))
    assert (units["2"].lead_offices, units["2"].offices) == (("人力资源社会保障厅",), ("财政厅",))


def test_a_text_file_keeps_the_characters_typed_in_it(tmp_path):
    # Only a PDF font codes marks by look-alikes; a text file's Yi syllables are Yi syllables.
    path = tmp_path / "measures.txt"
    path.write_text(CODED_MEASURES, encoding="utf-8")
    assert load_text(path).text == CODED_MEASURES
