"""The numbering markers of Chinese policy texts, recognised on normalised text.

一、 part  →  （一） group  →  1. / 1、 / 1． measure;  第一条 article;
（责任人：…；牵头单位：…；责任单位：…） responsibility lines in any bracket style.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇两"

PART = re.compile(rf"^([{_CN_NUM}]{{1,3}})、\s*(.*)$", re.S)
GROUP = re.compile(rf"^（\s*([{_CN_NUM}]{{1,3}})\s*）\s*(.*)$", re.S)
# ㈠ ㈡ … ㈩: the same level printed as one parenthesised character.
GROUP_SIGN = re.compile(r"^([\u3220-\u3229])\s*(.*)$", re.S)
# A note (注：1.本承诺书一式三份 …) numbers its own items: those after it are the note's.
NOTE = re.compile(r"^注\s*[：:]\s*(\d{1,2})\s*[.．、]")
MEASURE = re.compile(r"^(\d{1,3})\s*(?:[.．](?!\d)|、)\s*(.*)$", re.S)
# 1.1 / 1.2.1 (emergency plans, standards): one outline level per dot below "1".
DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(?![.\d])\s*(\S.*)$", re.S)
# "1总则" (the top of a decimal outline, its space taken by the cleaner): a bare short heading.
DECIMAL_TOP = re.compile(r"^(\d{1,2})(?![.．、\d])\s*([\u4e00-\u9fff][^。；，：]{0,18})$")
# 第一百二十条之一: an article inserted by an amendment after 第一百二十条 is an article of its own.
# A paragraph opening 第九十九条规定：“…” or 第一百一十八条第一款规定 cites another text's article
# (a 复函 quoting a law): an article's own text never opens with the verb that cites it.
ARTICLE = re.compile(rf"^第([{_CN_NUM}\d]{{1,7}})条(?:之([{_CN_NUM}]{{1,3}}))?"
                     rf"(?!\s*(?:第[{_CN_NUM}\d]{{1,4}}[款项])*\s*规定)\s*(.*)$", re.S)
# 第一编 / 第二章 / 第三节 headings (short: the word, its number and a title).
SECTION = re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})([编章节])(?:\s+|(?=[\u4e00-\u9fff]))[^。；]{{0,30}}$")
# 第一部分 / 第二部分, 第一篇 / 第二篇: the top division of a long plan, above its parts.
DIVISION = re.compile(rf"^第([{_CN_NUM}\d]{{1,3}})(?:部分|篇)\s*(.*)$", re.S)
# 附件 / 附件1 / 附件2：Title — an attachment's label, or the list of attachments.
# 附录2：Title — an appendix, labelled as an attachment is (only with its number and colon:
# "见附录" wrapped before its number is running text).
ATTACHMENT = re.compile(r"^附\s*(?:件|录(?=\s*[\d一二三四五六七八九十]{1,3}\s*[：:]))\s*([\d一二三四五六七八九十]{0,3})"
                        r"\s*(?:[：:]\s*|$|(?=[\u4e00-\u9fff]))(.*)$", re.S)
# An office label is a role (牵头, 责任, 配合 …) and a word for an organisational unit, the role
# qualified at most by what is led or done (牵头考核单位, 配合落实部门), never by 有关/相关
# (配合有关单位 is a phrase, no label). The unit word is 单位/部门/机构/机关, or a rank of
# internal section compounded with 室 as the language forms it (科室, 处室, 股室): a bureau's
# plan names its sections (责任科室：建筑业科) as a government's names its departments.
_LABEL_QUALIFIER = r"(?!有关|相关)[\u4e00-\u9fff]{0,2}?"
_UNIT_WORD = r"(?:单位|部门|机构|机关|[科处股局办]室)"
LEAD_LABEL = rf"(?:领域)?(?:牵头|主责){_LABEL_QUALIFIER}{_UNIT_WORD}"
SHARED_LABEL = rf"(?:责任|配合|负责|执行|实施|协办|参与){_LABEL_QUALIFIER}{_UNIT_WORD}"
_RESP_LABELS = rf"责任人|牵头领导|{LEAD_LABEL}|{SHARED_LABEL}"
RESPONSIBILITY = re.compile(rf"^[（〔\[【]?\s*(?:{_RESP_LABELS})\s*[：:]")
# A form's multiple-choice field (项目级别：□小额□一般□重点): boxes to tick, never a title.
CHOICE_FIELD = re.compile(r"[□☐☑■].*[□☐☑■]")
# A page number printed in the body: — 3 —, -3-, · 3 ·, 第3页 共9页, 3/9.
PAGE_NUMBER = re.compile(r"[-—–－·•]+\s*\d{1,4}\s*[-—–－·•]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                         r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
                         r"|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?")
# A line of a page around the document: 发布日期：… 来源：… 浏览次数：…
PAGE_FIELD = re.compile(r"^(?:(?:发布|发文|发表|成文|印发|更新)?(?:日期|时间)|来源|作者|浏览次数|点击次数)\s*[：:]")
# A responsibility bracket anywhere in a text (inline at the end of a measure).
RESPONSIBILITY_INLINE = re.compile(rf"[（〔\[【]\s*(?:{_RESP_LABELS})\s*[：:]")
# A document's rule that the first office listed in a responsibility line leads (下同).
FIRST_LEADS = re.compile(r"(?:列|排在?|位列)第一位?的?(?:者|部门|单位)?为牵头|第一个(?:部门|单位)为牵头")
# …: the offices before the first comma of the line lead (第一个逗号前为牵头单位, 下同).
FIRST_GROUP_LEADS = re.compile(r"(?:第一个)?逗号前的?(?:者|部门|单位)?为牵头")
# A notation's note on how to read it, not an office: 下同, 不再列出, 列第一位者为牵头单位.
NOTATION_NOTE = re.compile(rf"下同|不再(?:单独|一一)?列出|{FIRST_LEADS.pattern}|{FIRST_GROUP_LEADS.pattern}")
# A date as documents print it, in digits or Chinese numerals: groups year, month, day.
DATE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,2})\s*月"
                  r"\s*([\d一二三四五六七八九十]{1,3})\s*日")
_DATE_ONLY = re.compile(rf"^[（(]?\s*{DATE.pattern}\s*[）)]?$")
# A line that ends with a 文号 (a title's, or the number line under it) ends there.
ENDS_WITH_DOC_NUMBER = re.compile(r"[〔\[［【（﹝]\s*\d{4}\s*[〕\]］】）﹞]\s*第?\s*\d{1,4}\s*号$")
# The kinds of official document (文种) a title ends with: …的通知, …条例, …（试行）; the
# fifteen of 党政机关公文处理工作条例 (art. 8: …请示、批复、议案、函、纪要) among them.
TITLE_END = re.compile(r"(?:通知|意见|方案|办法|细则|条例|规定|决定|批复|复函|函|答复|通报|报告|措施|"
                       r"请示|议案|纪要|公报|"
                       r"计划|规划|指南|公告|通告|预案|规则|纲要|清单|名单|制度|标准|决议|命令|令|"
                       r"政策|规程|目录|要点|实施意见|若干意见|大纲)(?:（[^（）]{1,20}）)?$")
# The kinds that answer or write to one addressee (批复, 复函, 函, 答复): what they attach is
# cited through them, not as a text they issue.
LETTER_END = re.compile(r"(?:批复|复函|函|答复)$")
# A regulation's adoption line under its title: 2024年9月20日…会议通过
ADOPTION_LINE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日.{0,80}(?:通过|批准|修正|修订|公布|发布)")
_COLOPHON = re.compile(r"^(?:(?:抄送|分送|抄报|公开方式|主题词|发送)[：:]|.{2,40}\d{4}年\d{1,2}月\d{1,2}日印发$)")
_PUBLICATION_NOTE = re.compile(r"^[（(]此件[^）)]{1,12}[）)]$")
_PUBLICATION_NOTE_END = re.compile(r"(?<=日)[（(]此件[^）)]{1,12}[）)]$")
_ADDRESSEE_MAX = 80
_HEADING_MAX = 25
_NAME_MAX = 24


def outline_level(text: str, decimal: bool = False) -> int:
    """1 for 第一部分, 2 for 一、, 3 for （一）, 4 for 1. (and for the top of a decimal outline,
    4 + dots below it when `decimal`), 0 for anything else (（1）, ① stay inside their unit)."""
    if DIVISION.match(text):
        return 1
    if PART.match(text):
        return 2
    if GROUP.match(text) or GROUP_SIGN.match(text):
        return 3
    if decimal and (m := DECIMAL.match(text)):
        return 4 + m.group(1).count(".")
    if MEASURE.match(text) or decimal and DECIMAL_TOP.match(text):
        return 4
    return 0


def outline_marker(text: str) -> tuple[str, str, str]:
    """(number as an arabic string, the marker as printed, the item's heading)."""
    for pattern, printed in ((DIVISION, "第{}部分"), (PART, "{}、"), (GROUP, "（{}）"),
                             (GROUP_SIGN, "{}"), (DECIMAL, "{}"),
                             (MEASURE, "{}."), (DECIMAL_TOP, "{}")):
        if m := pattern.match(text):
            raw = m.group(1)
            number = raw if "." in raw else str(chinese_number(raw))
            if pattern is GROUP_SIGN:
                number = str(ord(raw) - 0x321F)
            heading = re.split(r"[。；\n]", m.group(2).strip(), maxsplit=1)[0]
            if pattern is DIVISION:  # 第三部分 or 第三篇, as printed
                return number, re.match(r"第\S+?(?:部分|篇)", text.strip()).group(0), heading
            return number, printed.format(raw), heading
    return "", "", text


# A file's name, by its type: a link to a file a page offers (附件----….wps, 附件：…协议.doc)
# names the file; it is no title, and it ends its line.
FILE_NAME = re.compile(r"\.(?:wps|docx?|pdf|xlsx?|et|ofd|zip|rar)(?:$|[|\s])", re.I)
# A web address (原文链接：https://…): a link a line ends with, no sentence runs on after it.
ENDS_WITH_URL = re.compile(r"(?:https?|www)[:：.]\S*$", re.I)
URL_LINE = re.compile(r"(?:https?[:：]//|www\.)\S+", re.I)  # a link printed as a line of its own
# A website's footer: the registration every Chinese site prints (ICP备案, 公安备案 numbers,
# the government site code) and its copyright line.
SITE_FOOTER = re.compile(r"ICP备\s*\d|公网安备\s*\d|网站标识码|版权所有")


def is_date_line(text: str) -> bool:
    """A line that is only a date (the 落款's), in arabic or Chinese numerals — the 附注 printed
    under it ((此件主动公开)) may have been run onto it by extraction."""
    compact = re.sub(r"\s", "", text)
    return bool(_DATE_ONLY.match(_PUBLICATION_NOTE_END.sub("", compact)))


def is_end_matter(text: str) -> bool:
    """What follows a document's body: the 落款's date line, a note under it (（此件公开发布）),
    the 版记 (抄送：…, 公开方式：…, …办公室2022年9月13日印发)."""
    compact = re.sub(r"\s", "", text)
    return bool(_DATE_ONLY.match(compact) or _PUBLICATION_NOTE.match(compact)
                or _COLOPHON.match(compact))


def is_addressee(text: str) -> bool:
    """The line a letter or notice is addressed to: 各区人民政府，市政府各部门： / 某某代表："""
    text = text.strip()
    balanced = all(text.count(a) == text.count(b) for a, b in ("（）", "〔〕", "[]", "【】"))
    # Addressees are a list of organs or people, each name short; a sentence ending in a
    # colon (…作如下修改：) is not one.
    names = re.split(r"[、，,]", re.sub(r"（[^）]*）", "", text[:-1]))
    # (nor one quoting a document: 您提出的《…建议》收悉，现答复如下：)
    return len(text) <= _ADDRESSEE_MAX and text.endswith(("：", ":")) and "。" not in text \
        and "《" not in text and balanced and not RESPONSIBILITY.match(text) and max(map(len, names)) <= _NAME_MAX


def addresses(text: str, below: str = "") -> bool:
    """An addressee line, read with the line under it: a label over a link (原文链接： /
    https://…) is a record's field, for a notice is addressed to organs or people, never to
    a web address."""
    return is_addressee(text) and not URL_LINE.fullmatch(below.strip())


# How the name of an organ ends (人民政府, 委员会, 办公厅, 局, 部, 中心, 专家组 …): the one
# recogniser of organ names, for 落款 lines, letterheads and responsibility lists alike.
# 府 alone ends no organ (政府 does): place names hold it (东昌府区, 开府).
_SUFFIX_CHARS = "[部委局厅署院会行处所站队办组室社台馆科庭]"
ORGAN_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|政府|委员会|管委会|办公厅|办公室|办事处|中心|"
                r"集团|公司|单位|部门|机构|海关|党委|工委|团委|妇联|工会|协会|园区|开发区|联席会议|"
                rf"{_SUFFIX_CHARS})")
ORGAN_END = re.compile(ORGAN_SUFFIX + "$")
ORGAN_NAME_MAX = 40


_SEAL_NOTE = re.compile(r"[（(](?:代章|盖章|印章|公章)[）)]$")


def organ_names(line: str, separators: str = r"\s、，") -> list[str]:
    """The organ names a line is made of (a 落款: 广州市医疗保障局 广州市财政局), [] when any
    part of it is not one."""
    # (a seal's note after the name, （代章）/（盖章）, is no part of it; a name may quote a
    # programme's name: 重庆市“满天星”行动计划工作专班办公室)
    line = _SEAL_NOTE.sub("", "\n".join(_unspaced(part) for part in line.strip().split("\n")))
    names = [n for n in re.split(rf"[{separators}]+", line) if n]
    if not names or any(len(n) > ORGAN_NAME_MAX or not ORGAN_END.search(n)
                        or not re.fullmatch(r"[\u4e00-\u9fff][\u4e00-\u9fff（）“”]*", n) for n in names):
        return []
    return names


def _unspaced(line: str) -> str:
    """A name letter-spaced across its line (唐 山 市 住 房 和 城 乡 建 设 局, as letterheads and
    落款 are set to a width) is one word: every piece between the spaces is one character."""
    pieces = line.split()
    return "".join(pieces) if len(pieces) >= 3 and all(len(p) == 1 for p in pieces) else line


# A joint document's title may name its first issuer and count the rest (山东省商务厅等4部门
# 关于…, 商务部等4部门办公厅关于…): the count is no organ's name.
_JOINT_COUNT = re.compile(r"等\s*[\d一二三四五六七八九十]{1,2}\s*个?(?:部门|单位)(?=办公厅|办公室|$)")


def title_organs(head: str) -> str:
    """The organs a title names before its subject, the count of the others (等4部门) left off."""
    return organs_of_line(_JOINT_COUNT.sub("", head.strip()))


# Organs printed together without a space (国务院中央军委, 市发展改革委市财政局): each name
# ends as organs do, and the next begins as a national organ or with a place (上海市…, 市…).
_GLUED_ORGAN = re.compile(rf".+?{ORGAN_SUFFIX}(?=$|中共|中央|国务院|[\u4e00-\u9fff]{{2,3}}(?:省|市|县|区)"
                          r"|[省市县区](?!委员会|政府)[\u4e00-\u9fff]{2})")


def organs_of_line(line: str) -> str:
    """Organ names on a signature line ("上海市发展和改革委员会 上海市财政局"), 、-joined; names
    printed without a space between them are told apart by where each organ's name ends."""
    names = organ_names(line)
    if not names:
        return ""
    split = [part for n in names for part in _glued_organs(n)]
    return "、".join(split)


# A ministry-grade organ (部, 委, 委员会, 总局, 署) is no unit of a bureau or ministry named
# before it, so its name after one starts an organ of its own (国家医保局财政部, 财政部税务总局);
# a bureau, office or branch (分署) after a ministry may be its own unit and stays with it
# (公安部交通管理局, 国家能源局华北监管局), as does a department after a party committee (市委组织部)
# and a committee after a committee (…委员会常务委员会).
_RANKED_END = re.compile(r"(?<![省市县区州党工军])(?:委员会|总局|部|委|署|局|厅)$")
_MINISTRY_END = re.compile(r"(?<!分)(?:委员会|总局|部|委|署)$")


# A place heading a name (上海市…, 江苏省…): where the split above starts a name with one.
_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|市|县|区)")
# A central body is headed by the state's name (国家税务总局, 中国人民银行); its unit word.
_CENTRAL_HEAD = re.compile(r"^(?:中华人民共和国|国家|中国)")
_CENTRAL_UNIT = re.compile(r"(?:总局|总署|委员会|局|署|部|委)$")


def _glued_organs(name: str) -> list[str]:
    parts = _GLUED_ORGAN.findall(name)
    if not ("".join(parts) == name and len(parts) > 1 and all(len(p) >= 3 for p in parts)
            and all(_starts_as_organ(p) for p in parts[1:])):
        parts = [name]
    joined: list[str] = []
    for organ in (organ for part in parts for organ in _ministries(part)):
        if joined and _is_branch(joined[-1], organ):
            joined[-1] += organ
        else:
            joined.append(organ)
    return joined


def _starts_as_organ(part: str) -> bool:
    """A name split off after another starts as an organ's name does: a place heading it is a
    place's name (中国人民政治协商会议上海市委员会 cut after 会 would start 议上海市…, none)."""
    from ingest.places import is_place_name  # the gazetteer loads only where a split is in doubt

    # (广州市市场监督管理局: the place is 广州市, however many 市 follow)
    heads = [part[:n + 1] for n in (2, 3) if len(part) > n and part[n] in "省市县区"]
    return not heads or any(is_place_name(head) for head in heads)


def _is_branch(central: str, local: str) -> bool:
    """国家税务总局 + 上海市税务局: a central body's local organ is named by the body, its place,
    and a unit of the body's own field (税务局 of 税务总局) or a branch (分局, 分行): one organ."""
    head = _PLACE_HEAD.match(local)
    # (a place's own commission or department is its government's: 上海市发展改革委)
    if not (head and _CENTRAL_HEAD.match(central)) or _MINISTRY_END.search(local):
        return False
    field = _CENTRAL_UNIT.sub("", _CENTRAL_HEAD.sub("", central))
    unit = local[head.end():]
    return unit.startswith("分") or len(field) >= 2 and unit.startswith(field[:2])


def _ministries(name: str) -> list[str]:
    """A name split where a ministry-grade organ's name follows another organ's."""
    for i in range(3, len(name) - 2):
        before, after = name[:i], name[i:]
        if _RANKED_END.search(before) and _MINISTRY_END.search(after) \
                and not re.match(_SUFFIX_CHARS, after) and re.fullmatch(r"[\u4e00-\u9fff]+", after) \
                and not (after.endswith("委员会") and before.endswith(("委员会", "委"))):
            return [before, *_ministries(after)]
    return [name]


def is_letterhead(text: str) -> bool:
    """聊城市人民政府文件 / 广州市人民政府令: an issuer's letterhead above the title."""
    for suffix in ("文件", "令"):
        if text.endswith(suffix) and organs_of_line(text[:-len(suffix)].removeprefix("中华人民共和国")):
            return True
    return False


def is_organ_line(text: str) -> bool:
    """A line of organ names only (a 落款: 广州市医疗保障局 广州市财政局)."""
    # (names in a 落款 stand apart by spaces; a list joined by 、 is a sentence's)
    return len(text) <= 60 and bool(organ_names(text, r"\s"))


# A contact field: a label and the number it gives (传真：68724683, 联系电话：0898-68724690).
_NUMBER_FIELD = re.compile(r"[：:]\s*[\d\-－—（）() ]{5,}$")
# A bracketed qualifier printed under a title: （试行第九版）, （2024-2026年）, （征求意见稿）.
QUALIFIER_LINE = re.compile(r"^（[^（）。；，]{1,20}）$")


def is_heading(text: str) -> bool:
    """An unnumbered heading: a short line that ends no sentence (and gives no number: a
    contact line, 传真：68724683, states it)."""
    text = text.strip()
    return 0 < len(text) <= _HEADING_MAX and text[-1] not in "。；，：！？…）)" \
        and "。" not in text and "\t" not in text and not _NUMBER_FIELD.search(text)


def starts_unit(text: str) -> bool:
    """Whether a line begins a new structural unit (so it never continues the last one)."""
    return bool(PART.match(text) or GROUP.match(text) or MEASURE.match(text)
                or ARTICLE.match(text) or RESPONSIBILITY.match(text) or SECTION.match(text)
                or ATTACHMENT.match(text) or DIVISION.match(text) or GROUP_SIGN.match(text)
                or PAGE_FIELD.match(text) or ADOPTION_LINE.match(text))


_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """十九 → 19, 一百零五 → 105, 二〇二二 → 2022; arabic digits pass through (cn2an).

    Total over what the markers match: a malformed numeral (十十) still reads as a number,
    so a scar in a heading never stops the parse.
    """
    if text.isdecimal():
        return int(text)
    if all(ch in _DIGITS for ch in text):  # written digit by digit: 二〇二二
        return int("".join(str(_DIGITS[ch]) for ch in text))
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return sum(_DIGITS.get(ch, 10 if ch == "十" else 0) for ch in text)
