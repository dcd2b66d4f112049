"""Who issued a reply: the organ its title names before what it answers (某部办公厅对《…》的复函),
and a ministry's general office where the 文号's organ code is that office's (…厅函〔…〕) though
the record names the ministry. The expected issuers are read off each text."""

from __future__ import annotations

from ingest.issuers import issuer_in_title, office_by_number
from ingest.loaders import LoadedText, text_record
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.pdf"):
    """As a PDF is loaded: the record printed in its text (发文机关：…) read with it."""
    return parse_text(LoadedText(source, text, "pdf", "utf-8", "0" * 64, text_record(text)))


TITLED_REPLY = """交通运输部办公厅对《关于货车通行费减免问题的请示》的复函

发文机关：交通运输部

发文字号：交办公路函〔2021〕12 号

某省交通运输厅：

你厅《关于货车通行费减免问题的请示》收悉。经研究，现函复如下：

对符合条件的货车，按规定减免车辆通行费。
"""

RECORDED_REPLY = """关于工伤认定有关问题的函

发文机关：人力资源和社会保障部

发文字号：人社厅函〔2015〕7 号

某省人力资源社会保障厅：

你厅《关于工伤认定有关问题的请示》收悉。经研究，答复如下：

职工在上下班途中受到非本人主要责任的交通事故伤害的，应当认定为工伤。
"""


def test_a_replys_title_names_its_organ_before_what_it_answers():
    (doc,) = parse(TITLED_REPLY)
    assert doc.issuer == "交通运输部办公厅"
    assert issuer_in_title("某省人民政府对某市请示的批复") == "某省人民政府"
    # 对 opening an organ's name is no boundary, and 关于对… names no organ
    assert issuer_in_title("对外贸易经济合作部对《关于某事的请示》的批复") == "对外贸易经济合作部"
    assert issuer_in_title("关于对某某问题的复函") == ""


def test_a_ministrys_general_office_is_named_by_its_number():
    (doc,) = parse(RECORDED_REPLY)
    assert doc.issuer == "人力资源和社会保障部办公厅"
    # a ministry's own number, or a province's department, stays as recorded
    assert office_by_number("人力资源和社会保障部", "人社部发〔2015〕7号") == "人力资源和社会保障部"
    assert office_by_number("某省财政厅", "某财厅〔2015〕7号") == "某省财政厅"


HANDBOOK_PAGE = """312

某省人民政府办公厅对《关于企业职工病假工资问题的请示》的复函

某市人民政府：

你市《关于企业职工病假工资问题的请示》收悉。经研究，现函复如下：

职工患病停止工作治疗期间，病假工资不得低于当地最低工资标准的百分之八十。
"""


def test_a_handbooks_page_number_over_the_title_is_no_part_of_it():
    (doc,) = parse(HANDBOOK_PAGE, "doc.txt")
    assert doc.title == "某省人民政府办公厅对《关于企业职工病假工资问题的请示》的复函"
    assert doc.issuer == "某省人民政府办公厅"
