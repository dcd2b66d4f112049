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
