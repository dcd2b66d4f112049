"""Who issued a document, read the way a reader finds it: the 落款 (organs and date under the
body), a regulation's adoption line (…会议通过), the organs before 关于 in its title, a
letterhead (XX文件 / XX令 / XX公告 / XX通告)."""

from __future__ import annotations

import re

from ingest import markers
from ingest.cleaning import Paragraph
from ingest.dates import parse_date
from ingest.doc_numbers import find_doc_number
from ingest.titles import SENTENCE_MARKS

_DATE = markers.DATE
# …第五次会议通过, …全体会议决定, 国务院第N次常务会议通过: the organ whose meeting adopted the text.
_ADOPTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*(?:经)?\s*([\u4e00-\u9fff]{2,40}?"
                      rf"(?:人民代表大会(?:常务委员会)?|{markers.ORGAN_SUFFIX}))"
                      r"(?:第[\u4e00-\u9fff\d]{1,6}次)?(?:全体|常务)?会议(?:审议)?(?:《[^》]{1,60}》)?"
                      r"(?:第[一二三四五六七八九十]{1,3}次)?(通过|修正|修订|批准|决定)")
# A congress's session printed before its name (第十三届全国人民代表大会, 某县第九届人民代表大会).
_SESSION = re.compile(r"第[一二三四五六七八九十]{1,3}届")
# A rule's 题注 records each act by the order that made it: 2014年12月19日环境保护部令第28号公布,
# 2019年4月3日中华人民共和国国务院令第711号修订 (第四次修订), 北京市人民政府第314号令发布: the
# organ is the order's.
_ORDER_ACT = re.compile(r"^\s*([\u4e00-\u9fff]{2,30}?(?:令\s*第\s*\d{1,4}\s*号|第\s*\d{1,4}\s*号令))\s*"
                        r"(?:第[一二三四五六七八九十]{1,3}次)?(公布|发布|修订|修正)")
_SIGNERS_MAX = 8  # organs signing one 落款, a line each


def signature_of(paras: list[Paragraph]) -> tuple[str, str | None]:
    """The first 落款: the organs on the lines above (or before) a date line, and its date."""
    for i, para in enumerate(paras):
        text = para.text.strip()
        if not markers.is_date_line(text):
            if (m := _DATE.search(text)) and m.end() == len(text) and m.start() > 0:
                orgs = markers.organs_of_line(text[:m.start()])
                if orgs:
                    return orgs, parse_date(text)
            continue
        orgs: list[str] = []
        below = ""
        for k in range(i - 1, max(-1, i - 1 - _SIGNERS_MAX), -1):
            above = paras[k]
            names = "" if markers.ATTACHMENT.match(above.text) else markers.organs_of_line(above.text)
            whole = above.text.strip() + below
            if not names and orgs and not SENTENCE_MARKS.search(whole) and markers.organs_of_line(whole) == whole \
                    and whole in _text_before(paras, k):
                orgs[0] = whole  # a name broken over two lines (国家发 / 展改革委), as the
                break  # document names its issuer elsewhere (its title)
            if not names and orgs and _wraps_name(above.text, orgs[0]):
                orgs[0] = above.text.strip() + orgs[0]  # a long name wrapped over two lines
                below = above.text.strip()
                continue
            if not names:
                break
            orgs.insert(0, names)
            below = above.text.strip()
        if orgs or i > 0:
            return "、".join(orgs), parse_date(text)
    return "", None


def _text_before(paras: list[Paragraph], end: int) -> str:
    return "".join(re.sub(r"\s", "", p.text) for p in paras[:end])


def _wraps_name(line: str, name: str) -> bool:
    """A 落款 line that only begins the name printed under it (湖北省巴东县官渡口镇马鬃山村 /
    地质险情调查专家组): words without punctuation, naming the place the organ belongs to."""
    line = line.strip()
    return "、" not in name and len(line) + len(name) <= markers.ORGAN_NAME_MAX \
        and re.fullmatch(r"[\u4e00-\u9fff“”]{2,24}", line) is not None \
        and re.search(r"[省市县区镇乡村州旗]", line) is not None


_SENT_ON = re.compile(r"现(?:予|将其|将)?印发|印发给你们")


def adoption(head: list[Paragraph]) -> tuple[str, str | None, str]:
    """A regulation's adoption lines: the congress that adopted it, the date of the text as in
    force — the latest adoption or amendment (通过/修正/修订), not a province's 批准 — and the
    order (令) that published that text, where its 题注 names one."""
    adopted: list[tuple[str, str]] = []  # (date, the organ that adopted or amended, if named)
    orders: list[tuple[str, str]] = []  # (date, the order that published or amended the text)
    text = "\n".join(p.text for p in head)
    found = list(_DATE.finditer(text))
    for n, m in enumerate(found):
        clause = text[m.start():found[n + 1].start() if n + 1 < len(found) else len(text)]
        clause = re.split(r"[）)]\s*\n|\n(?=第)", clause, maxsplit=1)[0]
        # a meeting's 决定 adopts only on the date's own line (a body's …会议决定，对… does not)
        # a meeting adopts (…会议通过, …会议《关于修改…的决定》第一次修正), or the date is the
        # adoption's own (（1980年8月26日通过）); a date in a sentence that goes on to say 通过
        # (…3月1日至6月30日。纳税人可通过…) adopts nothing
        verbs = re.findall(r"会议[^。；]{0,80}?(通过|修正|修订|批准)", clause) \
            + re.findall(r"^\s*(通过|修正|修订|批准)", clause[len(m.group(0)):]) \
            + re.findall(r"(?<=会议)决定", clause.split("\n")[0])
        order = _ORDER_ACT.match(clause[len(m.group(0)):])
        if order:
            verbs.append(order.group(2))
        if not verbs or verbs == ["批准"] * len(verbs) or not (date := parse_date(m.group(0))):
            continue
        if _SENT_ON.search(clause.split("\n")[0]):
            continue  # …常务会议审议通过，现予印发: a meeting approved what the notice's organ issues
        organ = a.group(2) if (a := _ADOPTED.search(clause)) else ""
        if order and not organ:
            number = re.sub(r"\s", "", order.group(1))
            organ = markers.organs_of_line(re.split(r"令|第", number)[0].removeprefix("中华人民共和国"))
            orders.append((date, number))
        adopted.append((date, organ))
    if not adopted:
        return "", None, ""
    # The text in force is the latest adoption's or amendment's; its issuers are every organ
    # that adopted or amended it (a law the congress adopted and its standing committee
    # amended is both's), each named as in its latest act, a congress's session being no part
    # of the organ (第五届/第十三届全国人民代表大会常务委员会 are one).
    latest: dict[str, tuple[str, str]] = {}  # organ without session → (date, as printed)
    for date, organ in adopted:
        key = _SESSION.sub("", organ)
        if organ and (key not in latest or date >= latest[key][0]):
            latest[key] = (date, organ)
    return ("、".join(organ for _, organ in latest.values()), max(adopted)[0],
            max(orders)[1] if orders else "")


# A reply's title names its organ before what it answers: 某部办公厅对《关于…的请示》的复函.
_ANSWERS = re.compile(r"对(?=.{2,80}的(?:复函|批复|答复|函)$)")


def issuer_in_title(title: str) -> str:
    """国务院办公厅、中央军委办公厅关于… → the organs before 关于; 某部办公厅对…的复函 → the organ
    before 对 (the first 对 whose words before it are organs' names only: 对外… is a name's)."""
    if "关于" in title and (organs := markers.title_organs(title.split("关于", 1)[0])):
        return organs
    for m in _ANSWERS.finditer(title):
        head = title[:m.start()]
        if head and markers.organs_of_line(head).replace("、", "") == head:
            return markers.organs_of_line(head)
    return ""


# A 文号's organ code (发文机关代字) names a ministry's general office by 厅 after the ministry's
# own code (劳社厅函, 人社厅发): a ministry's (部) general office is its 办公厅.
_GENERAL_OFFICE_CODE = re.compile(r"^[\u4e00-\u9fff]{1,6}厅(?:发|函|字|明电|电)?\s*[〔\[［【（﹝]")


def office_by_number(organ: str, doc_number: str) -> str:
    """The organ a record names (劳动和社会保障部), narrowed to its general office where the
    document's 文号 is that office's (劳社厅函〔2000〕18号 → 劳动和社会保障部办公厅)."""
    if organ.endswith("部") and "、" not in organ and _GENERAL_OFFICE_CODE.match(doc_number):
        return organ + "办公厅"
    return organ


# A cover's year or month, under the organ that issues or compiles the text (二〇二四年, 2024年3月).
_YEAR_LINE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年(?:[\d一二三四五六七八九十]{1,2}月)?$")
_COVER_TITLE_LINES = 3  # a title over up to two lines, and its qualifier (（市级版）)


# A form's cover names the organ that made it on a line of its own, over the year (福建省教育厅制
# / 二〇二六年四月; 国家税务总局监制).
_MADE_BY = re.compile(r"^(.{2,60}?)(?:监|印)?制$")


def form_maker(paras: list[Paragraph]) -> str:
    """The organ a form's cover says made the form: its line (…制) over the year line."""
    for para, below in zip(paras, paras[1:], strict=False):
        line = re.sub(r"\s", "", para.text)
        if (m := _MADE_BY.match(line)) and _YEAR_LINE.match(re.sub(r"\s", "", below.text)) \
                and (organs := markers.organs_of_line(m.group(1))) and organs.replace("、", "") == m.group(1):
            return organs
    return ""


# An order's number names the organ whose order it is (中国人民银行令〔2025〕第12号, 国务院令第707号).
_ORDER_NUMBER = re.compile(r"^(?:中华人民共和国)?([\u4e00-\u9fff]{2,40}?)令\s*(?:[〔\[［【（﹝]\s*\d{4}\s*[〕\]］】）﹞])?\s*第")


def order_issuer(doc_number: str) -> str:
    """The organ an order's 文号 names: the rule it publishes is that organ's."""
    m = _ORDER_NUMBER.match(doc_number)
    return markers.organs_of_line(m.group(1)) if m else ""


def cover_issuer(head: list[Paragraph]) -> str:
    """A cover or title page: the title, the organ that issues or compiles the text on a line of
    its own, and the year (北京市产业政策导引 / （市级版） / 北京市发展和改革委员会 / 二〇二四年)."""
    for i in range(1, min(_COVER_TITLE_LINES + 1, len(head) - 1)):
        organs = markers.organs_of_line(head[i].text)
        if organs and _YEAR_LINE.match(re.sub(r"\s", "", head[i + 1].text)) \
                and not any(SENTENCE_MARKS.search(p.text) for p in head[:i]):
            return organs
    return ""


def joint_letterhead(head: list[Paragraph]) -> str:
    """A joint document's letterhead: its organs a line each at the top, over a 文件 line or
    the 文号 (山东省商务厅 / 山东省发展和改革委员会 / … / 鲁商字〔2025〕1号)."""
    organs = []
    for para in head:
        line = para.text.strip()
        if names := markers.organs_of_line(line):
            organs.append(names)
        elif organs and (line == "文件" or find_doc_number(line) == line):
            return "、".join(organs)
        else:
            return ""
    return ""


DECREES = ("令", "公告", "通告")  # orders and announcements, issued under their organ's letterhead


def header_issuer(head: list[Paragraph], kinds: tuple[str, ...] = ("文件", *DECREES)) -> str:
    """A letterhead: 聊城市人民政府文件 / 中华人民共和国国务院令 (the State Council's) /
    国家税务总局上海市税务局公告 / 北京市人民政府通告 — of the given kinds."""
    for para in head[:4]:
        line = para.text.strip()
        for kind in kinds:
            text = line.removesuffix(kind).removeprefix("中华人民共和国")
            if line.endswith(kind) and (orgs := markers.organs_of_line(text)):
                return orgs
    return ""
