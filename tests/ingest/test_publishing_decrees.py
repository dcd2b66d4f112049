"""An announcement (公告) that publishes a regulation printed under it is the notice that
carries it: its letterhead is the notice's title — the kind perhaps spaced on a
line of its own under the organ — and its number (a standing committee numbers its
announcements per term: 十四届第3号) the text's 文号. An order (令) is the rule's own
instrument, its number the rule's 文号, no notice. The expected fields are read off each text."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str):
    return parse_text(LoadedText("doc.txt", text, "txt", "utf-8", "0" * 64, {}))


ANNOUNCED_REGULATION = """某省人大常委会

公　　告

（十三届第12号）

《某省电梯安全条例》已由某省第十三届人民代表大会常务委员会第五次会议于2019年5月30日通过，现予公布，自2019年9月1日起施行。

某省人民代表大会常务委员会

2019年5月30日

某省电梯安全条例

（2019年5月30日某省第十三届人民代表大会常务委员会第五次会议通过）

第一条　为了加强电梯安全管理，制定本条例。

第二条　本省行政区域内电梯的使用和维护，适用本条例。
"""

ORDER = """某市人民政府令

第45号

《某市停车场管理办法》已经2022年3月1日市政府第20次常务会议通过，现予公布，自2022年5月1日起施行。

市长　某某

2022年3月8日

某市停车场管理办法

第一条　为了规范停车场管理，制定本办法。

第二条　本办法自2022年5月1日起施行。
"""

OWN_ANNOUNCEMENT = """某市市场监督管理局公告

2023年第4号

关于某市2023年度守信企业名单的公告

经企业申报、部门审核，确定某某公司等20家企业为2023年度守信企业，现予公布。

某市市场监督管理局

2023年6月1日
"""


def test_an_announcement_publishing_a_regulation_is_its_notice():
    (doc,) = parse(ANNOUNCED_REGULATION)
    assert doc.title == "某省电梯安全条例"
    assert (doc.notice_title, doc.doc_number) == ("某省人大常委会公告", "十三届第12号")
    assert [m.number for m in doc.measures] == ["art1", "art2"]


def test_an_order_is_the_rules_own_instrument_numbering_them_not_their_notice():
    (doc,) = parse(ORDER)
    assert (doc.title, doc.notice_title, doc.doc_number) == ("某市停车场管理办法", "", "某市人民政府令第45号")


def test_an_announcement_that_states_things_itself_is_the_document():
    (doc,) = parse(OWN_ANNOUNCEMENT)
    assert (doc.title, doc.notice_title) == ("关于某市2023年度守信企业名单的公告", "")


def test_a_regulation_an_announcement_publishes_is_dated_by_its_latest_revision():
    # The announcement is signed days after the meeting; the regulation's date is the latest
    # 通过/修订 its 题注 prints (the guide's 条例 rule), not the announcement's 落款.
    text = ANNOUNCED_REGULATION.replace(
        "于2019年5月30日通过", "于2024年9月27日修订通过").replace(
        "某省人民代表大会常务委员会\n\n2019年5月30日", "某省人民代表大会常务委员会\n\n2024年10月6日").replace(
        "（2019年5月30日某省第十三届人民代表大会常务委员会第五次会议通过）",
        "（2019年5月30日某省第十三届人民代表大会常务委员会第五次会议通过　"
        "2024年9月27日某省第十四届人民代表大会常务委员会第十二次会议修订）")
    [doc] = parse(text)
    assert doc.notice_title == "某省人大常委会公告"
    assert doc.issued == "2024-09-27"
