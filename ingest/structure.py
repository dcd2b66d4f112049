"""Split a file into the documents it carries: a covering notice's texts, and 附件 with titles.

A notice that forwards texts (印发/转发《A》《B》) carries them below its own 落款: a body starts
at a line that repeats a carried title. An attachment starts at a line 附件 / 附件1 standing
alone, its title on the next line, or at 附件1：Title after the file's first 落款 (before it,
such a line only lists the attachments). A file with neither is one document, its body
starting after its title, 文号 and addressee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import markers
from ingest.cleaning import Paragraph, title_key
from ingest.doc_numbers import DOC_NUMBER
from ingest.outline import without_attachment_list
from ingest.titles import carried_title, title_run

_TITLE_IN_BOOK_MARKS = re.compile(r"《([^《》]{4,60})》")
_FORWARDS = re.compile(r"印发|转发|重新发布|发布|公布|颁布|批准(?=.*的(?:决议|决定)$)")
_TITLE_MAX = 60
_HEADER_SCAN = 40
# …名单附后 / 税率表附后: the body says a list or table is printed after it.
_APPENDED = re.compile(r"([\u4e00-\u9fff]{2,4})附后")
_ROW_MIN = 4  # a header row's cells, two words at least
_ROW_MAX = 40  # a row of a list: a name and a post, a cell or two
_SENTENCE_END = re.compile(r"[。；]")
# A link to another document on a page: its title in 《》 and the page's label words after it
# (政策解读, 排行榜), a few, no sentence.
_LINK = re.compile(r"(?:《[^《》]{4,80}》[\u4e00-\u9fff]{0,10})+")
_MENU_ITEM_MAX = 4  # 网站地图, 联系我们: a page's menu items are words
_SENDS = re.compile(r"(?:印发|转发|发)给你们|现(?:将|把).{0,80}(?:印发|转发|公布|发布)")
_FORWARD_MAX = 600  # a notice that only forwards says so in a few sentences


@dataclass
class Segment:
    """The paragraphs of one document body, and the title it goes by."""

    title: str
    paragraphs: list[Paragraph]
    carried: bool = False  # a text a covering notice carries (the notice's title is kept too)
    attachment: str = ""  # 附件1 …, for an attachment
    sent: bool = False  # issued by the file's notice (carried, or attached to a 印发 notice)
    rows: bool = False  # a list appended to the text, a row a line (成员名单: a name and a post)


def carried_titles(header: list[Paragraph], notice_title: str = "") -> list[str]:
    """Titles the notice names: 《…》 in its header, else the object of 关于印发…的通知."""
    titles: list[str] = []
    if notice_title and not forwards(notice_title):
        return []  # a letter, reply or regulation that states things itself carries nothing
    # (the notice's own title first: its sentence may print the title otherwise, 2026~2028年)
    for text in [notice_title, *(p.text for p in header)]:
        titles.extend(_TITLE_IN_BOOK_MARKS.findall(text))
    if notice_title and "《" not in notice_title and (title := carried_title(notice_title)):
        titles.append(title)
    return list(dict.fromkeys(t.strip() for t in titles))


def without_site_footer(paras: list[Paragraph]) -> list[Paragraph]:
    """A saved page's text up to its site's footer: the footer (a site's registration, ICP备…号
    / 公网安备…号 / 网站标识码, its 版权所有 line) and all after it that begins no numbered
    unit is the page's, not the document's; so are the menu items (网站地图, | 联系我们) just
    above it."""
    # (a footer is labels, no sentence: an article that speaks of 版权所有 is the text's)
    footer = [i for i, p in enumerate(paras) if markers.SITE_FOOTER.search(p.text)
              and not markers.starts_unit(p.text) and not _SENTENCE_END.search(p.text)]
    for i in footer:
        if not any(markers.starts_unit(p.text) for p in paras[i + 1:]):
            while i > 0 and len(paras[i - 1].text.strip(" |｜")) <= _MENU_ITEM_MAX:
                i -= 1
            return paras[:i]
    return paras


def is_link_box(title: str, paras: list[Paragraph]) -> bool:
    """A page's box of links (相关政策与解读 over 《…》政策解读): lines that only name other
    documents, under a heading that names no kind of document (a 目录 of repealed texts is one)."""
    return bool(paras) and not markers.TITLE_END.search(title) \
        and all(_LINK.fullmatch(re.sub(r"\s", "", p.text)) for p in paras)


def split_documents(paras: list[Paragraph], notice_title: str) -> list[Segment]:
    """One segment per carried text and per attachment; the file itself where it carries none."""
    titles = carried_titles(paras[:_HEADER_SCAN], notice_title)
    keys = {title_key(t): t for t in titles}
    starts = _title_lines(paras, keys)
    first_date = next((i for i, p in enumerate(paras) if markers.is_date_line(p.text)), len(paras))
    if keys and not starts and (under := _title_under_date(paras, first_date)) is not None:
        # the text a notice issues, printed under its date with a title worded otherwise than
        # the notice names it (…“十三五”专项规划 sends …“十三五”规划)
        starts[under] = 1
        keys[title_key(paras[under].text)] = paras[under].text.strip()
    elif not starts and not notice_title and (sent := _text_under_date(paras, first_date)):
        # …without its title, in a file that prints none (a crawl kept the body only): the
        # text under the date is the one the notice sends, named as its sentence names it
        starts[sent[0]] = 0
        keys[title_key("")] = sent[1]
    # A title the notice names that stands under an 附件 label is an attachment's.
    starts = {i: n for i, n in starts.items()
              if not (i > 0 and markers.ATTACHMENT.fullmatch(paras[i - 1].text.strip()))}
    attachments = _attachment_starts(paras, first_date, set(starts))
    for i, table in _appended_tables(paras).items():
        if not any(j < i < j + taken for j, (_, _, taken) in attachments.items()):  # not a title's line
            attachments.setdefault(i, table)
    for i, cover in _form_covers(paras).items():
        attachments.setdefault(i, cover)
    listed = _appended_list(paras)
    if listed:
        attachments.setdefault(listed[0], ("", *listed[1:]))
    if starts:
        bounds = sorted([(i, n, "carried") for i, n in starts.items()] +
                        [(i, n, "attachment") for i, n in attachments.items()])
    else:
        bounds = [(_body_start(paras), 0, "")] + sorted(
            (i, n, "attachment") for i, n in attachments.items())
    sends = forwards(notice_title)
    if len(bounds) > 1 and not bounds[0][2] and _only_forwards(paras[bounds[0][0]:bounds[1][0]]):
        bounds, sends = bounds[1:], True  # a notice that only sends its attachments states nothing
    segments = []
    for k, (i, span, kind) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(paras)
        if kind == "carried":
            title = keys[title_key("".join(p.text for p in paras[i:i + span]))]
            segments.append(Segment(title, paras[i + span:end], carried=True, sent=True))
        elif kind == "attachment":
            label, title, skip = attachments[i]
            rows = listed is not None and i == listed[0]
            if rows:  # a list appended to an attachment (名单附后 in 附件's text) is part of it
                label = label or (segments[-1].attachment if segments else "")
            segments.append(Segment(title, paras[i + skip:end], attachment=label, sent=sends, rows=rows))
        else:
            segments.append(Segment("", paras[i:end]))
    return segments


def _title_lines(paras: list[Paragraph], keys: dict[str, str]) -> dict[int, int]:
    """Where a carried title stands as a line of its own (or wrapped over two), followed by
    content: {paragraph index: how many paragraphs the title takes}."""
    last: dict[str, tuple[int, int]] = {}
    i = 0
    while i < len(paras) - 1:
        # (the longest title the lines make: 某措施 / （修订） is the revised text's, not the
        # 某措施 it revises, cited in the notice)
        for span in (4, 3, 2, 1):
            if i + span >= len(paras):
                continue
            joined = title_key("".join(p.text for p in paras[i:i + span]))
            if joined in keys:
                # The last line that repeats a title starts its text; an earlier one is the
                # page's heading or the notice's subject line.
                last[joined] = (i, span)
                i += span - 1  # the lines of a title hold no shorter title's start
                break
        i += 1
    return dict(last.values())


def _title_under_date(paras: list[Paragraph], first_date: int) -> int | None:
    """The line right under a notice's 落款 date (or its 此件公开发布 note) that reads as a
    document's title and has text under it."""
    for i in range(first_date + 1, min(first_date + 3, len(paras) - 1)):
        text = paras[i].text.strip()
        if _is_title(text) and markers.TITLE_END.search(text):
            return i
    return None


def _text_under_date(paras: list[Paragraph], first_date: int) -> tuple[int, str] | None:
    """Where a notice whose sentence sends one text (《X》…现印发给你们) goes on under its date
    with more than a note (（此件主动公开）): that text's first line, and X."""
    named = {t for p in paras[:first_date] if _SENDS.search(p.text)
             for t in _TITLE_IN_BOOK_MARKS.findall(p.text)}
    i = first_date + 1
    while i < len(paras) and markers.is_end_matter(paras[i].text):
        i += 1
    if i >= len(paras) - 1 or markers.ATTACHMENT.match(paras[i].text.strip()):
        return None  # (what an 附件 label opens is an attachment)
    return (i, named.pop()) if len(named) == 1 else None


_BLANK_FIELD = re.compile(r"^[\u4e00-\u9fff]{1,6}[:：]$")


def _attachment_starts(paras: list[Paragraph], first_date: int,
                       taken: set[int]) -> dict[int, tuple[str, str, int]]:
    """{index: (附件N, its title, paragraphs taken by the label and title)}."""
    starts = {}
    for i, para in enumerate(paras):
        m = markers.ATTACHMENT.match(para.text.strip())
        if not m or i in taken:
            continue
        label = ("附录" if "录" in m.group(0)[:4] else "附件") + m.group(1)
        # (a form's blank fields above its title, 编号：, are the form's, not the title's; so is
        # a choice field printed beside the label: 附件1　项目级别：□小额□一般)
        below = i + 1
        while below < min(len(paras), i + 3) and (_BLANK_FIELD.match(paras[below].text.strip())
                                                  or markers.CHOICE_FIELD.search(paras[below].text)):
            below += 1
        named = "" if markers.CHOICE_FIELD.search(m.group(2)) else m.group(2)
        if not named and below < len(paras) and _is_title(paras[below].text):
            title, taken_lines = _wrapped_title(paras[below:below + 3])
            starts[i] = (label, title, below - i + taken_lines)
        elif named and _is_title(named):
            name = title_key(m.group(2))
            for span in (1, 2, 3):  # the full title under a label that names it short: the
                # attachment itself (a list of attachments prints no title under its lines)
                below = title_key("".join(p.text for p in paras[i + 1:i + 1 + span]))
                if i + span < len(paras) and below.endswith(name) and _is_title(below):
                    starts[i] = (label, below, 1 + span)
                    break
            else:
                if i > first_date:
                    starts[i] = (label, m.group(2).strip(), 1)
    return starts


_COVER_TITLE_LINES = 2


def _form_covers(paras: list[Paragraph]) -> dict[int, tuple[str, str, int]]:
    """Forms bound after a text (申报书, 登记表): a cover is the form's title over blank fields to
    fill in (课程名称： / 申报学校： / 填表日期：) and the organ or date it was made by
    (某厅制 / 二〇二六年四月); each form is a document of its own, as an attachment is."""
    covers = {}
    for k in range(1, len(paras) - 2):
        fields = k
        while fields < len(paras) and _BLANK_FIELD.match(re.sub(r"\s", "", paras[fields].text)):
            fields += 1
        if fields - k < 2 or _BLANK_FIELD.match(re.sub(r"\s", "", paras[k - 1].text)) or fields >= len(paras) \
                or not (markers.is_date_line(paras[fields].text) or markers.organs_of_line(paras[fields].text)
                        or re.search(r"制$", paras[fields].text.strip())):
            continue
        top = k
        while top > max(0, k - _COVER_TITLE_LINES) and _is_title(paras[top - 1].text) \
                and not markers.ATTACHMENT.match(paras[top - 1].text.strip()):
            top -= 1
        if top < k:
            covers[top] = ("", "".join(p.text.strip() for p in paras[top:k]), k - top)
    return covers


def _appended_tables(paras: list[Paragraph]) -> dict[int, tuple[str, str, int]]:
    """Tables printed after the body with titles of their own (税率表附后: 个人所得税税率表一
    over its rows): each a document of its own; the body is what follows the header. A table followed by more numbered text is
    part of the unit it stands in."""
    # (a table right under the document's title is the document's own)
    first = max(_last_unit(paras) + 1, _body_start(paras))
    return {i: ("", paras[i].text.strip(), 1) for i in range(first, len(paras) - 2)
            if "\t" not in paras[i].text and _is_title(paras[i].text)
            and all("\t" in p.text for p in paras[i + 1:i + 3])}


def _last_unit(paras: list[Paragraph]) -> int:
    """Where the last numbered unit starts (a table row's number is no unit's)."""
    return max((i for i, p in enumerate(paras) if "\t" not in p.text and markers.starts_unit(p.text)),
               default=-1)


def _appended_list(paras: list[Paragraph]) -> tuple[int, str, int] | None:
    """A list the body says is appended (成员名单附后), after its last unit under its title
    (wrapped over lines), typed as rows of short lines rather than a table: (where, title,
    lines the title takes)."""
    last_unit = _last_unit(paras)
    announced = set(_APPENDED.findall("".join(p.text for p in paras[:last_unit + 1])))
    for i in range(last_unit + 1, len(paras) - 2):
        if not announced or not _is_title(paras[i].text):
            continue
        title, span = _wrapped_title(paras[i:i + 3])
        rows = paras[i + span:]
        if any(title.endswith(word) for word in announced) and len(rows) >= 2 \
                and all(len(p.text) <= _ROW_MAX and not _SENTENCE_END.search(p.text) for p in rows):
            return i, title, span
    return None


# An attached form is named as a 书 or 表 (…项目申报书, …申请表): its title ends there.
_FORM_END = re.compile(r"[\u4e00-\u9fff](?:书|表)$")


def _wrapped_title(lines: list[Paragraph]) -> tuple[str, int]:
    """A title over one to three short lines (…马鬃山村 / 地质险情调研情况的报告): the lines up to
    the one that ends as a title does; without such a word (…机具种类范围), the short lines
    before a bracketed subtitle (（21大类40个小类91个品目）) or before a table's header row
    (…退役士兵和退出消防员安置任务 over 序号 | 安置单位名称), or the first line alone."""
    joined = ""
    for n, line in enumerate(lines, 1):
        text = _without_row_below(line.text, lines[n].text if n < len(lines) else "")
        if "\t" in text or not _is_title(text):
            break
        joined += text.strip()
        if markers.TITLE_END.search(joined) or _FORM_END.search(joined):
            return joined, n
        below = lines[n].text if n < len(lines) else ""
        if n > 1 and ("\t" in below or below.strip().startswith("（") and not markers.is_date_line(below)):
            return joined, n
    return lines[0].text.strip(), 1


def _without_row_below(text: str, below: str) -> str:
    """A title's line that ends with the line under it holds that line twice: a table's header
    row (序号 环节 应用场景) that a PDF's text layer also read onto the title's line. The title
    is the rest."""
    below = below.strip()
    rest = text.strip()[:-len(below)].strip() if below else ""
    return rest if len(below) >= _ROW_MIN and rest and text.strip().endswith(below) else text


def forwards(notice_title: str) -> bool:
    """Whether a notice's title says it sends texts (关于印发/转发…的通知)."""
    return bool(notice_title and _FORWARDS.search(notice_title))


def _only_forwards(paras: list[Paragraph]) -> bool:
    """A notice whose body only sends a text (现将《…》印发给你们，请认真贯彻执行), without
    numbered content of its own."""
    body = [p.text for p in without_attachment_list(paras) if not markers.is_addressee(p.text)
            and not markers.is_end_matter(p.text)]
    return any(_SENDS.search(t) for t in body) and not any(markers.starts_unit(t) and not
                                                       markers.ATTACHMENT.match(t) for t in body) \
        and sum(len(t) for t in body) <= _FORWARD_MAX


def _is_title(text: str) -> bool:
    text = text.strip()
    return 2 < len(text) <= _TITLE_MAX and text[-1] not in "。；：，" and \
        not markers.starts_unit(text) and not markers.FILE_NAME.search(text) and not markers.CHOICE_FIELD.search(text)


def _body_start(paras: list[Paragraph]) -> int:
    """Where a document's body begins: after its title, 文号, adoption lines and addressee."""
    head = paras[:14]
    for i, para in enumerate(head):
        if markers.addresses(para.text, head[i + 1].text if i + 1 < len(head) else ""):
            return i + 1
        if markers.outline_level(para.text) or markers.ARTICLE.match(para.text):
            return i
    run = title_run(head)
    start = 0
    title = title_key("".join(p.text for p in run))
    if run:
        last = next(i for i, p in enumerate(head) if p.start <= run[-1].start < p.end)
        start = last + 1 if run[-1].end >= head[last].end else last  # a title glued to text
    start = max(start, _record_block(head))
    while start < len(head) and (_is_header_line(head[start].text)
                                 or title and title_key(head[start].text) == title):
        start += 1  # 文号, dates, adoption lines, the title printed again
    return start


# A line of a file's record of the document: a label (标题, 来源, 抓取时间; URL, source_url)
# and its value.
_RECORD_LINE = re.compile(r"^[-*]?\s*(?:[\u4e00-\u9fff]{2,6}|[A-Za-z][A-Za-z_]{1,20})\s*[：:]\s*\S")
_RECORD_MIN = 2


def _record_block(head: list[Paragraph]) -> int:
    """The lines a scraper or a database printed over the text (标题：… / 来源：… / URL：… /
    抓取时间：…): a file's record of the document, read as its metadata, never its text. Only
    a block of them opening the file: a label and value under the title (组长：某某) is text."""
    n = 0
    while n < len(head) and _RECORD_LINE.match(head[n].text.strip()) \
            and not head[n].text.rstrip().endswith(("。", "；")):
        n += 1
    return n if n >= _RECORD_MIN else 0


def _is_header_line(text: str) -> bool:
    """A line under a title that is not yet the body: a 文号, a date, an adoption note."""
    text = text.strip()
    # (a bracketed qualifier under a title, （2020年）/（试行）, is the title's, no body text)
    return bool(DOC_NUMBER.search(text) and len(text) < 30 or markers.is_date_line(text)
                or markers.QUALIFIER_LINE.match(text)
                or re.match(r"^[（(].{0,80}(?:通过|公布|发布|施行|修订|修正|批准)[）)]?$", text)
                or re.search(r"(?:通过|批准)$", text) and len(text) <= 80)
