"""Who issued a document, by the rules of how official documents print it. Each input is
written here by hand; the expected fields are read off it, not taken from the parser.
"""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str, source: str = "doc.txt", meta: dict[str, str] | None = None):
    return parse_text(LoadedText(source, text, "txt", "utf-8", "0" * 64, meta or {}))


LAW_AMENDED = """中华人民共和国某某税法

（1990年9月10日第七届全国人民代表大会第三次会议通过　根据2001年10月31日第九届全国人民代表大会常务委员会第四次会议《关于修改〈中华人民共和国某某税法〉的决定》第一次修正　根据2019年8月31日第十三届全国人民代表大会常务委员会第五次会议《关于修改〈中华人民共和国某某税法〉的决定》第二次修正）

第一条　在中国境内有住所的个人，依照本法规定缴纳税款。
第二条　下列各项所得，应当缴纳税款。
第三条　本法自公布之日起施行。
"""


def test_a_law_adopted_by_the_congress_and_amended_by_its_standing_committee_is_both_organs():
    (doc,) = parse(LAW_AMENDED)
    # each organ once, as named in its latest act; the date is the latest amendment's
    assert doc.issuer == "第七届全国人民代表大会、第十三届全国人民代表大会常务委员会"
    assert (doc.issued, doc.level, doc.structure) == ("2019-08-31", "national", "articles")


def test_a_regulation_amended_by_the_committee_that_adopted_it_has_one_issuer():
    text = LAW_AMENDED.replace("第七届全国人民代表大会第三次会议通过",
                               "第七届全国人民代表大会常务委员会第三次会议通过")
    (doc,) = parse(text)
    assert doc.issuer == "第十三届全国人民代表大会常务委员会"
