"""A document's title as printed at its top: the lines that read as a title (wrapped over as
many lines as it takes), and what stands around them on a page (letterheads, 文号, a site's
navigation trail and record fields), which is not part of it."""

from __future__ import annotations

import re

from ingest import markers, places
from ingest.cleaning import Paragraph, title_key, unbalanced
from ingest.doc_numbers import strip_doc_number
from ingest.page_record import FIELD_LABELS

_DATE = markers.DATE
TITLE_END = markers.TITLE_END
# 附件4 / 大纲4 / 表1: a label over an attachment's title, not part of it
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff]{1,4}\s*\d{1,2}$")
_GLUED_TITLE = re.compile(r"^([^。；：《》]{0,40}关于[^。；：《》]{2,100}?的(?:通知|意见|决定|批复|复函|函|通报|答复|报告|实施意见|指导意见))")
# A page's field run into the title's line: …的通知发布日期：2012年09月17日
_PAGE_FIELD_IN_LINE = re.compile(r"(?:(?:发布|发文|发表|成文|印发|更新)?(?:日期|时间)|来源|作者|浏览次数)\s*[：:]")
# A notice that issues a text (关于印发…的通知), or a congress's resolution approving one it
# carries (关于批准广东省经济特区条例的决议).
_NOTICE_VERB = re.compile(r"关于(?:印发|转发|重新发布|发布|公布|颁布|批准(?=.*的(?:决议|决定)$))")
# A page's navigation trail (首页 > 政务公开 > 政策) and a time stamp run onto a heading.
_BREADCRUMB = re.compile(r"^(?:[^>›»。；]{0,12}\s*[>›»]\s*)+[^>›»。；]{0,12}$")
_STAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_QUALIFIER = markers.QUALIFIER_LINE
_RECORD_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,4})\s*[：:].*$")  # a record's field: 标题：…
_SIGNER = re.compile(r"\s*签发人\s*[：:].*$")
_SEPARATOR = re.compile(r"^[>›»|/]$")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_MARKS = re.compile(r"[。；：，！？]")
TITLE_MAX = 80  # a title's line; a longer one is a sentence
_HEADER_SCAN = 14
_MENU_ITEM_MAX = 4  # 首页, 政务公开: a web page's menu items are words, not lines of text


def header_lines(paras: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs that can hold a title, 文号 and addressee: the first _HEADER_SCAN lines
    of text, not counting a page's one-word menu items and separators (首页 / > / |)."""
    counted = 0
    for i, para in enumerate(paras):
        counted += len(para.text.strip()) > _MENU_ITEM_MAX
        if counted > _HEADER_SCAN:
            return paras[:i]
    return paras


def title_run(head: list[Paragraph]) -> list[Paragraph]:
    """The title's lines (see `title_runs`): the covering notice's where the file has one
    (关于印发《A》的通知 below a page heading that repeats A), else the last."""
    runs = title_runs(head)
    # (a notice's title printed twice, as a database's heading over the document's own with
    # another dash or bracket, 2021—2023年 / 2021-2023年: the document's own stands last)
    for run in reversed(runs):
        if _NOTICE_VERB.search("".join(p.text for p in run)):
            return run
    # A page's heading repeats the title, often shortened (without its issuers); the
    # document's own stands last, over its 文号 and addressee.
    return runs[-1] if runs else []


def title_runs(head: list[Paragraph]) -> list[list[Paragraph]]:
    """Runs of short lines that end as a title does (…的通知), before the addressee and the
    body. A letterhead (organ names, "XX文件"), a 文号 or a date line ends a run that has not
    yet read as a title."""
    runs: list[list[Paragraph]] = []
    run: list[Paragraph] = []
    closed = False  # the line before ended a title (a qualifier line may follow it)
    trail = False  # the line before was a separator of a page's navigation trail
    for i, para in enumerate(head):
        text = para.text.strip()
        if (field := _PAGE_FIELD_IN_LINE.search(text) or _STAMP.search(text)) and field.start() > 0:
            # the title's line, with the page's record of it run on: keep the title part
            text = text[:field.start()].strip()
            para = Paragraph(text, para.start, para.start + len(text))
        if closed and _QUALIFIER.match(text) and not _DATE.search(text):
            runs[-1] = [*runs[-1], para]
            continue
        after_title, closed = closed, False
        # a title without a 文种 word, over its 文号, adoption line, 目录 or a table's header
        # (the lines above it that cannot be a title's are a page's furniture: 打印本页 字体：【大】)
        if (_ends_header(text) or "\t" in text) and \
                (tail := next((run[k:] for k in range(len(run)) if reads_as_title(run[k:])), [])):
            runs.append(tail)
            break
        if _BREADCRUMB.match(text) or _letterhead_number(text) or trail or \
                text.rstrip("：:") in FIELD_LABELS or markers.PAGE_FIELD.match(text) or \
                _RECORD_LABEL.sub(r"\1", text) in FIELD_LABELS or _is_record_field(text):
            # a page's trail and record (名称： / 来源： / 发布时间：…) around the title
            run, trail = [], False
            continue
        if not runs and not run and markers.ATTACHMENT.fullmatch(text):
            continue  # a file that is an attachment saved alone opens with its label (附件1)
        below = head[i + 1].text if i + 1 < len(head) else ""
        if markers.addresses(text, below) or markers.starts_unit(text):
            break
        if _SEPARATOR.match(text):  # a trail printed an item a line: 政务公开 / > / 政策
            run, trail = [], True
            continue
        if not run and (m := _GLUED_TITLE.match(text)) and len(text) > TITLE_MAX:
            # Extraction ran the title into the addressee: 关于…的通知各县（市、区）人民政府：…
            runs.append([Paragraph(m.group(1), para.start, para.start + len(m.group(1)))])
            break
        # (a bare number over the title is a compiled handbook's page number: 540 / 某部…的复函)
        if len(text) > TITLE_MAX or text[-1:] in "。；：" or _is_number_line(text) or text.isdigit() \
                or _LABEL_LINE.match(text) or "\t" in text \
                or _DATE.search(text) and not TITLE_END.search(text) or markers.is_end_matter(text) \
                or markers.is_letterhead(text) or markers.is_letterhead("".join(p.text.strip() for p in [*run, para])):
            run = []  # (a joint letterhead prints its organs a line each over one 文件)
            continue
        # (a title may speak of dates: 关于2020年2月1日—2020年2月29日…审批决定的公告)
        if run and title_key(run[-1].text) == title_key(text) or \
                any(title_key(r[-1].text) == title_key(text) for r in runs if len(r) == 1):
            continue  # the title printed twice (a page heading over the document's own)
        run.append(para)
        joined = strip_doc_number("".join(p.text for p in run))
        if TITLE_END.search(joined) and len(joined) >= 6 and not unbalanced(joined):
            if after_title and len(run) == 1 and _goes_on(runs[-1], text):
                runs[-1] = [*runs[-1], para]  # …记录制度 / 重大…的指导意见: one title wrapped
            else:
                runs.append(_from_subject(run))
            run, closed = [], True
        elif len(run) >= 4:
            run = run[1:]
    return runs


def opening_line(head: list[Paragraph]) -> str:
    """A text opens with its title: where no line reads as one by its 文种 word (2026年中央一号
    文件), a short first line without sentence punctuation is taken as the heading, with the
    bracketed qualifier printed under it (（市级版）, （试行）)."""
    text = head[0].text.strip() if head else ""
    # (a Chinese document's title is written in Chinese: a site's domain or a file name
    # stamped over the text is none)
    if reads_as_title(head[:1]) and CHINESE.search(text) \
            and not (markers.is_letterhead(text) or _DATE.search(text) or markers.starts_unit(text)
                     or _BREADCRUMB.match(text)):
        below = head[1].text.strip() if len(head) > 1 else ""
        return text + below if _QUALIFIER.match(below) and not _DATE.search(below) else text
    return ""


# An order's or announcement's letterhead, alone on its line or beside its number
# (中国人民银行公告〔2026〕第10号, 某某市人民政府令（第3号）, 国家税务总局公告2024年第5号).
_DECREE_KINDS = ("令", "公告", "通告")
_DECREE_HEADING = re.compile(r"^([\u4e00-\u9fff]{2,40}?(?:令|公告|通告))"
                             r"(?=$|\s*[（(〔\[【﹝]?\s*(?:\d{4}|第\s*\d))")


def decree_heading(head: list[Paragraph]) -> str:
    """A 公告 or 令 that prints no subject title (关于…的公告) goes by its letterhead: the organ
    and the kind (中国人民银行公告), the kind perhaps spaced on a line of its own under the organ
    (某省人大常委会 / 公　告); the number printed beside it is its 文号, no part of it."""
    for i, para in enumerate(head):
        line = para.text.strip()
        if i + 1 < len(head) and re.sub(r"\s", "", head[i + 1].text) in _DECREE_KINDS \
                and markers.organs_of_line(line) == line:
            line += re.sub(r"\s", "", head[i + 1].text)
        if (m := _DECREE_HEADING.match(line)) and \
                markers.organs_of_line(re.sub(r"(?:令|公告|通告)$", "", m.group(1)).removeprefix("中华人民共和国")):
            return m.group(1)
    return ""


def _goes_on(run: list[Paragraph], line: str) -> bool:
    """A title with 关于 ends as 的 + its 文种 (…的指导意见); one whose line ends on another
    noun (…记录制度) goes on at the next line, if that line starts no title of its own."""
    joined = "".join(p.text for p in run)
    return "关于" in joined and "关于" not in line and not re.search(r"的[^的]{1,8}$", joined)


def _from_subject(run: list[Paragraph]) -> list[Paragraph]:
    """A title starts with its issuers or with 关于: a line that holds 关于 … 文种 whole is the
    title's start, the lines above it belonging to it only where they name its issuers
    (a page's menu items run into the title are not part of it; the issuer lines under them
    are)."""
    for k in range(len(run) - 1, 0, -1):
        if "关于" in re.sub(r"《[^《》]*》?", "", run[k].text):  # (not a cited 《…关于…》's)
            # (an issuer's name may wrap to the 关于 line: 某县人民代表 / 大会关于…的决定)
            # named from its place down, as an issuer is (a menu run in above it is not)
            issuers = "".join(p.text.strip() for p in run[:k]) + run[k].text.split("关于", 1)[0].strip()
            named = all(markers.title_organs(p.text) for p in run[:k]) or markers.title_organs(issuers) \
                and (places.is_national(issuers) or any(places.is_place_name(issuers[:n]) for n in range(2, 13)))
            if named:
                return run
            # (a page's record line over the issuer's: 2014-8-22 本站编辑 / 某委员会 / 办公室关于…)
            return next((run[j:] for j in range(1, k) if all(markers.title_organs(p.text) for p in run[j:k])),
                        run[k:])
    return run


def _is_record_field(text: str) -> bool:
    """A record's label and its value (文种：会议纪要, 抓取时间：2026-04-03), whatever the label:
    a title names its kind, it is not filed under a label. An attachment's label (附件：…)
    heads a title."""
    match = _RECORD_LABEL.match(text)
    return bool(match) and not markers.ATTACHMENT.match(text) \
        and text[match.end(1):].strip(" ：:") != "" and not TITLE_END.search(match.group(1))


def _ends_header(text: str) -> bool:
    """A line that only ever stands under a document's title: its 文号, its adoption or
    publication line, its 目录, or the first chapter or article of its body."""
    compact = re.sub(r"\s", "", text)
    return bool(compact == "目录" or markers.ADOPTION_LINE.match(compact)
                or markers.SECTION.match(compact) or markers.ARTICLE.match(compact)
                or compact and _is_number_line(compact))


def _is_number_line(text: str) -> bool:
    """A 文号 standing alone, or beside its signer (GB/T 9704's 上行文: 签发人：某某 on the
    number's line)."""
    return strip_doc_number(_SIGNER.sub("", text)) == ""


def reads_as_title(run: list[Paragraph]) -> bool:
    """Lines that can be a title: short, no sentence punctuation, not a letterhead's organs."""
    joined = "".join(p.text.strip() for p in run)
    return bool(run) and 4 <= len(joined) <= TITLE_MAX and not SENTENCE_MARKS.search(joined) \
        and not unbalanced(joined) and not all(markers.organs_of_line(p.text) for p in run)


def _letterhead_number(text: str) -> bool:
    """A line ending with a 文号 whose rest is no title: a letterhead over the number
    (…办公厅文件 …办公厅发改办财金规〔2019〕860号, organ names run together by extraction)."""
    rest = strip_doc_number(text)
    return rest != text and rest != "" and markers.ENDS_WITH_DOC_NUMBER.search(text) is not None \
        and not TITLE_END.search(rest)


def carried_title(notice_title: str) -> str:
    """关于印发《A》的通知 / 关于印发A的通知 → A: the text a notice carries, if it names one."""
    match = _NOTICE_VERB.search(notice_title)
    if not match:
        return ""
    rest = notice_title[match.end():]
    rest = re.sub(r"的(?:通知|函|决定|决议|批复)$", "", rest)
    return rest.strip("《》") if rest != notice_title[match.end():] else ""
