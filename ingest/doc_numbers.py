"""文号: the number an issuer gives a document (国发〔2019〕5号, 国令第707号), as printed.

Found where the text prints it: on a line of its own under the title, run into the title's
line (…的意见国发〔2019〕5号), or under a letterhead whose organ names extraction ran into it.
"""

from __future__ import annotations

import re

from ingest import markers

BRACKETS_OPEN, BRACKETS_CLOSE = re.escape("〔[［【（(﹝"), re.escape("〕]］】）)﹞")
# A 文号's issuer code (国发, 沪发改规范, 穗医保规字) holds no 的 and starts no title word.
DOC_NUMBER = re.compile(
    rf"(?:(?!的|通知|意见|方案|办法|细则|规定|决定|批复|报告|措施)[\u4e00-\u9fff]){{1,10}}\s*"
    rf"[{BRACKETS_OPEN}]\s*\d{{4}}\s*[{BRACKETS_CLOSE}]\s*第?\s*\d{{1,4}}\s*号")
# Orders (令) and announcements (公告, 通告) are numbered in one series per issuer, printed after
# the issuer's name (国令第707号, 广州市人民政府令第179号, 国家监察委员会公告第3号, 海关总署公告
# 2023年第12号, 北京市人民政府通告〔2024〕第1号, joint: 财政部 税务总局公告2023年第12号) or
# before 令 (国务院第707号令); under a letterhead (XX公告) the number line may stand alone
# (2024年第5号), a standing committee's per term (十四届第3号). The issuer starts where a
# name can (not inside a word, or after a date: …1月20日国家…公告第3号公布) and is no title
# (关于…的公告 over 2024年第5号).
_SERIES_ISSUER = r"(?:(?!的|关于)[\u4e00-\u9fff])(?:(?!的|关于)[\u4e00-\u9fff]|[ \u3000](?=[\u4e00-\u9fff])){0,40}?"
_SERIES_NUMBER = re.compile(
    rf"(?:(?<![\u4e00-\u9fff\d])|(?<=\d日))"
    rf"(?:({_SERIES_ISSUER})(令|公告|通告)\s*[（(]?\s*"
    rf"((?:\d{{4}}\s*年\s*|[{BRACKETS_OPEN}]\s*\d{{4}}\s*[{BRACKETS_CLOSE}]\s*)?第\s*\d{{1,4}}\s*号)[）)]?"
    rf"|({_SERIES_ISSUER})?(第\s*\d{{1,4}}\s*号)令)"
    rf"|^[ \t\u3000]*[（(]?\s*((?:\d{{4}}\s*年|[一二三四五六七八九十]{{1,3}}\s*届)\s*第\s*\d{{1,4}}\s*号)\s*[）)]?[ \t\u3000]*$",
    re.M)
# A 文号 on a line of its own may be printed without its 号 (中朝管发〔2026〕5): kept as printed.
_LINE_WITHOUT_HAO = re.compile(
    rf"^[ \t\u3000]*((?:(?!的|关于)[\u4e00-\u9fff]){{1,10}}[{BRACKETS_OPEN}]\s*\d{{4}}\s*[{BRACKETS_CLOSE}]"
    rf"\s*第?\s*\d{{1,4}})[ \t\u3000]*$", re.M)
_CITED = re.compile(r"》\s*[（(]\s*$")
_STATE_COUNCIL = "国务院"  # its orders are cited as 国令第N号
# An organ's full name ends a letterhead; a 文号's issuer code (发改办财金规) is an abbreviation.
_LETTERHEAD_IN_CODE = re.compile(r"^.*(?:办公厅|办公室|文件|人民政府|委员会)")


def normalise_doc_number(text: str) -> str:
    """聊政字(2020)25号, 永政发[2022]8号 → one comparable form with 〔〕 and no spaces."""
    text = re.sub(r"\s", "", text)
    return re.sub(rf"[{BRACKETS_OPEN}](\d{{4}})[{BRACKETS_CLOSE}]", r"〔\1〕", text)


def find_doc_number(text: str) -> str:
    """The first 文号 in a text, as printed without spaces (an order's as 国令第N号)."""
    # (one in brackets after a 《title》 is that cited document's: 《…的通知》（赣发改投资字〔2012〕1824号）)
    found = [(m.start(), re.sub(r"\s", "", _LETTERHEAD_IN_CODE.sub("", _own_part(m, text))))
             for m in DOC_NUMBER.finditer(text) if not _CITED.search(text[:m.start()])]
    found += [(m.start(), _series(m)) for m in _SERIES_NUMBER.finditer(text)]
    found += [(m.start(1), re.sub(r"\s", "", m.group(1))) for m in _LINE_WITHOUT_HAO.finditer(text)]
    return min(found)[1] if found else ""


def _series(match: re.Match) -> str:
    """An order's or announcement's number as cited: issuer, 令/公告, number (国令第N号)."""
    issuer, kind, number, before, number_before, alone = (re.sub(r"\s", "", g or "") for g in match.groups())
    if alone:
        return alone
    if number_before:  # 第N号令, kept as printed
        issuer, kind, number = before, "令", number_before
    if kind == "令" and issuer.endswith(_STATE_COUNCIL):
        return "国令" + number
    return issuer + number + kind if number_before else issuer + kind + number


def strip_doc_number(text: str) -> str:
    """A title without a 文号 printed on its line (…的意见国发〔2019〕5号)."""
    text = DOC_NUMBER.sub(lambda m: m.group(0)[:len(m.group(0)) - len(_own_part(m, text))], text)
    return re.sub(r"[（(]\s*[）)]", "", _SERIES_NUMBER.sub("", text)).strip()


def _own_part(match: re.Match, text: str) -> str:
    """A 文号 run into the title before it (…的意见国发〔2019〕5号) starts after the title's last
    word, not inside it."""
    for k in (2, 1):
        word = markers.TITLE_END.search(text[:match.start() + k])
        if word and word.start() < match.start() and match.start() + k < match.end():
            return match.group(0)[k:]
    return match.group(0)
