"""Document metadata: title, 文号, issuer, dates, level and place, validity.

Read from the text the way a reader finds them in an official document (公文): the title at
the top, wrapped over as many lines as it takes; the 文号 under it; the 落款 (issuing organs
and date) under the body; for a regulation, its adoption line (…会议通过). Where the file
itself carries a record of the document (a page's metadata table, Markdown front matter), that
fills what the text does not print.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest import markers
from ingest.cleaning import Paragraph, title_key, unbalanced
from ingest.doc_numbers import DOC_NUMBER, find_doc_number, normalise_doc_number, strip_doc_number  # noqa: F401 (re-exported)
from ingest.places import jionlp_module, level_and_place, region_of  # noqa: F401 (re-exported)

_DATE = markers.DATE
_ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
# …第五次会议通过, …全体会议决定, 国务院第N次常务会议通过: the organ whose meeting adopted the text.
_ADOPTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*(?:经)?\s*([\u4e00-\u9fff]{2,40}?"
                      rf"(?:人民代表大会(?:常务委员会)?|{markers.ORGAN_SUFFIX}))"
                      r"(?:第[\u4e00-\u9fff\d]{1,6}次)?(?:全体|常务)?会议(?:审议)?(?:《[^》]{1,60}》)?"
                      r"(?:第[一二三四五六七八九十]{1,3}次)?(通过|修正|修订|批准|决定)")
_TITLE_END = markers.TITLE_END
# 附件4 / 大纲4 / 表1: a label over an attachment's title, not part of it
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff]{1,4}\s*\d{1,2}$")
_PUBLISHED_LINE = re.compile(r"发布(?:日期|时间)\s*[：:]\s*(\d{4}-\d{1,2}-\d{1,2})")
_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)印发")
_GLUED_TITLE = re.compile(r"^([^。；：《》]{0,40}关于[^。；：《》]{2,100}?的(?:通知|意见|决定|批复|复函|函|通报|答复|报告|实施意见|指导意见))")
# A page's field run into the title's line: …的通知发布日期：2012年09月17日
_PAGE_FIELD_IN_LINE = re.compile(r"(?:(?:发布|发文|发表|成文|印发|更新)?(?:日期|时间)|来源|作者|浏览次数)\s*[：:]")
# A notice that issues a text (关于印发…的通知), or a congress's resolution approving one it
# carries (关于批准广东省经济特区条例的决议).
_NOTICE_VERB = re.compile(r"关于(?:印发|转发|重新发布|发布|公布|颁布|批准(?=.*的(?:决议|决定)$))")
# A page's navigation trail (首页 > 政务公开 > 政策) and a time stamp run onto a heading.
_BREADCRUMB = re.compile(r"^(?:[^>›»。；]{0,12}\s*[>›»]\s*)+[^>›»。；]{0,12}$")
_STAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# A bracketed qualifier printed under a title: （试行第九版）, （2024-2026年）, （征求意见稿）.
_QUALIFIER = re.compile(r"^（[^（）。；，]{1,20}）$")
_SEPARATOR = re.compile(r"^[>›»|/]$")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_MARKS = re.compile(r"[。；：，！？]")
_TITLE_MAX = 80  # a title's line; a longer one is a sentence
_HEADER_SCAN = 14
_MENU_ITEM_MAX = 4  # 首页, 政务公开: a web page's menu items are words, not lines of text
_SIGNERS_MAX = 8  # organs signing one 落款, a line each
# Labels under which a page's table or a front matter records a field (as printed there).
_META_FIELDS = {
    "title": ("标题", "名称", "文件名称", "<meta ArticleTitle>", "<h1>", "<title>", "<pdf Title>"),
    "doc_number": ("文号", "发文字号", "发文文号"),
    "issuer": ("发文机关", "发布机关", "发文单位", "发布单位", "发布机构", "来源"),
    "issued": ("成文日期", "印发日期", "发文日期"),
    "published": ("发布日期", "发布时间", "公布日期", "<meta PubDate>"),
}

_FIELD_LABELS = {label for labels in _META_FIELDS.values() for label in labels}


@dataclass
class HeaderFacts:
    """What a file says of the document it carries; shared by every document in it."""

    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    issued: str | None = None
    published: str | None = None
    level: str = ""
    region: dict[str, str] = field(default_factory=dict)


def parse_date(text: str) -> str | None:
    """The first date in a text as ISO: 2019年1月27日, 二〇〇六年九月七日, 2024-04-19."""
    if m := _DATE.search(text):
        year, month, day = (markers.chinese_number(g.replace("○", "〇")) for g in m.groups())
        return _iso(year, month, day)
    if m := _ISO.search(text):
        return _iso(*map(int, m.groups()))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def meta_field(meta: dict[str, str], name: str) -> str:
    """A field of the file's own record (front matter, metadata table), as printed."""
    for label in _META_FIELDS[name]:
        if value := meta.get(label, "").strip():
            return value
    return ""


def read_header(paras: list[Paragraph], meta: dict[str, str]) -> HeaderFacts:
    """Title, 文号, issuer and dates of the document a file carries (its covering notice's,
    where a notice carries another text)."""
    facts = HeaderFacts()
    head = header_lines(paras)
    title_lines = title_run(head)
    title = strip_doc_number("".join(p.text for p in title_lines))
    meta_title = page_title(meta, head)
    # A page's own record of the title wins where it completes the title read from the text
    # (a wrapped title whose first lines already read as one: …记录制度 / 重大…的指导意见).
    extends = meta_title.startswith(title) and len(meta_title) > len(title)
    facts.title = (meta_title if not title or extends else title) or _opening_line(head)
    head_text = "\n".join(p.text for p in head)
    # The document's own 文号 stands on a line of its own (or ends the title's); one inside
    # a sentence is a document the text cites.
    own_lines = "\n".join(p.text for p in head if len(p.text) <= _TITLE_MAX + 20
                          and not p.text.rstrip().endswith(("。", "；", "：")))
    facts.doc_number = find_doc_number(own_lines) or _meta_doc_number(meta)
    signature = signature_of(paras)
    adopted = _adoption(head)
    recorded = "、".join(meta_field(meta, "issuer").split())
    titled = _issuer_in_title(facts.title) or _issuer_in_title(meta_title)
    # A title names its organ short (市工业和信息化局 for the city's); the record in full. A
    # 落款 is kept as signed.
    if titled and recorded.endswith(titled) and "、" not in recorded:
        titled = recorded
    facts.issuer = (signature[0] or adopted[0] or titled or _header_issuer(head) or recorded)
    facts.issued = signature[1] or adopted[1] or parse_date(meta_field(meta, "issued"))
    facts.published = parse_date(meta_field(meta, "published")) or _published(head, paras)
    facts.level, facts.region = level_and_place(facts.issuer, facts.title, meta_title, head_text)
    return facts


def header_lines(paras: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs that can hold a title, 文号 and addressee: the first _HEADER_SCAN lines
    of text, not counting a page's one-word menu items and separators (首页 / > / |)."""
    counted = 0
    for i, para in enumerate(paras):
        counted += len(para.text.strip()) > _MENU_ITEM_MAX
        if counted > _HEADER_SCAN:
            return paras[:i]
    return paras


def page_title(meta: dict[str, str], head: list[Paragraph] = ()) -> str:
    """The title the file's own record gives, without the site's name and section around it
    (中国龙岩 - …的意见, 政府信息公开_…的通知); "" where it names no document. A record names
    the document where it reads as an official document's title (…的通知) or is printed as a
    title line of the text itself (中华人民共和国某某法); a site's, a tool's or a file's name
    stamped there (example.org, scan01.doc) is neither."""
    parts = [p.strip() for p in re.split(r"\s*[-_|–—]+\s*", meta_field(meta, "title"))]
    printed = {title_key(p.text) for p in head}
    titles = [p for p in parts if _TITLE_END.search(p) or title_key(p) in printed
              and _CHINESE.search(p) and _reads_as_title([Paragraph(p, 0, len(p))])]
    return max(titles, key=len) if titles else ""


def _published(head: list[Paragraph], paras: list[Paragraph]) -> str | None:
    """When it was published or forwarded: a page's 发布日期 line, or the 印发 line at the end."""
    for para in head:
        if m := _PUBLISHED_LINE.search(para.text):
            return parse_date(m.group(1))
    for para in reversed(paras[-6:]):
        if m := _PRINTED.search(para.text):
            return parse_date(m.group(1))
    return None


def _meta_doc_number(meta: dict[str, str]) -> str:
    value = meta_field(meta, "doc_number")
    return find_doc_number(value) or ""


def title_run(head: list[Paragraph]) -> list[Paragraph]:
    """The title's lines (see `title_runs`): the covering notice's where the file has one
    (关于印发《A》的通知 below a page heading that repeats A), else the first."""
    runs = title_runs(head)
    for run in runs:
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
    for para in head:
        text = para.text.strip()
        if (field := _PAGE_FIELD_IN_LINE.search(text) or _STAMP.search(text)) and field.start() > 0:
            # the title's line, with the page's record of it run on: keep the title part
            text = text[:field.start()].strip()
            para = Paragraph(text, para.start, para.start + len(text))
        if closed and _QUALIFIER.match(text) and not _DATE.search(text):
            runs[-1] = [*runs[-1], para]
            continue
        after_title, closed = closed, False
        if _ends_header(text) and _reads_as_title(run):
            runs.append(run)  # a title without a 文种 word, over its 文号, adoption line or 目录
            break
        if _BREADCRUMB.match(text) or _letterhead_number(text) or trail or \
                text.rstrip("：:") in _FIELD_LABELS or markers.PAGE_FIELD.match(text):
            # a page's trail and record (名称： / 来源： / 发布时间：…) around the title
            run, trail = [], False
            continue
        if markers.is_addressee(text) or markers.starts_unit(text):
            break
        if _SEPARATOR.match(text):  # a trail printed an item a line: 政务公开 / > / 政策
            run, trail = [], True
            continue
        if not run and (m := _GLUED_TITLE.match(text)) and len(text) > _TITLE_MAX:
            # Extraction ran the title into the addressee: 关于…的通知各县（市、区）人民政府：…
            runs.append([Paragraph(m.group(1), para.start, para.start + len(m.group(1)))])
            break
        if len(text) > _TITLE_MAX or text[-1:] in "。；：" or strip_doc_number(text) == "" \
                or _LABEL_LINE.match(text) or "\t" in text \
                or _DATE.search(text) or markers.is_end_matter(text) \
                or _is_letterhead(text):
            run = []
            continue
        if run and title_key(run[-1].text) == title_key(text) or \
                any(title_key(r[-1].text) == title_key(text) for r in runs if len(r) == 1):
            continue  # the title printed twice (a page heading over the document's own)
        run.append(para)
        joined = strip_doc_number("".join(p.text for p in run))
        if _TITLE_END.search(joined) and len(joined) >= 6 and not unbalanced(joined):
            if after_title and len(run) == 1 and _goes_on(runs[-1], text):
                runs[-1] = [*runs[-1], para]  # …记录制度 / 重大…的指导意见: one title wrapped
            else:
                runs.append(_from_subject(run))
            run, closed = [], True
        elif len(run) >= 4:
            run = run[1:]
    return runs


def _opening_line(head: list[Paragraph]) -> str:
    """A text opens with its title: where no line reads as one by its 文种 word (2026年中央一号
    文件), a short first line without sentence punctuation is taken as the heading."""
    text = head[0].text.strip() if head else ""
    # (a Chinese document's title is written in Chinese: a site's domain or a file name
    # stamped over the text is none)
    if _reads_as_title(head[:1]) and _CHINESE.search(text) \
            and not (_is_letterhead(text) or _DATE.search(text) or markers.starts_unit(text)
                     or _BREADCRUMB.match(text)):
        return text
    return ""


def _goes_on(run: list[Paragraph], line: str) -> bool:
    """A title with 关于 ends as 的 + its 文种 (…的指导意见); one whose line ends on another
    noun (…记录制度) goes on at the next line, if that line starts no title of its own."""
    joined = "".join(p.text for p in run)
    return "关于" in joined and "关于" not in line and not re.search(r"的[^的]{1,8}$", joined)


def _from_subject(run: list[Paragraph]) -> list[Paragraph]:
    """A title starts with its issuers or with 关于: a line that holds 关于 … 文种 whole is the
    title's start, the lines above it belonging to it only where they name its issuers
    (a page's menu items run into the title are not part of it)."""
    for k in range(len(run) - 1, 0, -1):
        if "关于" in run[k].text:
            return run if all(markers.organs_of_line(p.text) for p in run[:k]) else run[k:]
    return run


def _ends_header(text: str) -> bool:
    """A line that only ever stands under a document's title: its 文号, its adoption or
    publication line, its 目录, or the first chapter or article of its body."""
    compact = re.sub(r"\s", "", text)
    return bool(compact == "目录" or markers.ADOPTION_LINE.match(compact)
                or markers.SECTION.match(compact) or markers.ARTICLE.match(compact)
                or compact and strip_doc_number(compact) == "")


def _reads_as_title(run: list[Paragraph]) -> bool:
    """Lines that can be a title: short, no sentence punctuation, not a letterhead's organs."""
    joined = "".join(p.text.strip() for p in run)
    return bool(run) and 4 <= len(joined) <= _TITLE_MAX and not _SENTENCE_MARKS.search(joined) \
        and not unbalanced(joined) and not all(markers.organs_of_line(p.text) for p in run)


def _letterhead_number(text: str) -> bool:
    """A line ending with a 文号 whose rest is no title: a letterhead over the number
    (…办公厅文件 …办公厅发改办财金规〔2019〕860号, organ names run together by extraction)."""
    rest = strip_doc_number(text)
    return rest != text and rest != "" and markers.ENDS_WITH_DOC_NUMBER.search(text) is not None \
        and not _TITLE_END.search(rest)


def _is_letterhead(text: str) -> bool:
    """聊城市人民政府文件 / 广州市人民政府令: an issuer's letterhead above the title."""
    for suffix in ("文件", "令"):
        if text.endswith(suffix) and markers.organs_of_line(text[:-len(suffix)].removeprefix("中华人民共和国")):
            return True
    return False


def carried_title(notice_title: str) -> str:
    """关于印发《A》的通知 / 关于印发A的通知 → A: the text a notice carries, if it names one."""
    match = _NOTICE_VERB.search(notice_title)
    if not match:
        return ""
    rest = notice_title[match.end():]
    rest = re.sub(r"的(?:通知|函|决定|决议|批复)$", "", rest)
    return rest.strip("《》") if rest != notice_title[match.end():] else ""


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
            if not names and orgs and not _SENTENCE_MARKS.search(whole) and markers.organs_of_line(whole) == whole \
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
        and re.fullmatch(r"[\u4e00-\u9fff]{2,24}", line) is not None \
        and re.search(r"[省市县区镇乡村州旗]", line) is not None


def _adoption(head: list[Paragraph]) -> tuple[str, str | None]:
    """A regulation's adoption lines: the congress that adopted it, and the date of the text
    as in force — the latest adoption or amendment (通过/修正/修订), not a province's 批准."""
    adopted: list[tuple[str, str]] = []  # (date, the organ that adopted or amended, if named)
    text = "\n".join(p.text for p in head)
    found = list(_DATE.finditer(text))
    for n, m in enumerate(found):
        clause = text[m.start():found[n + 1].start() if n + 1 < len(found) else len(text)]
        clause = re.split(r"[）)]\s*\n|\n(?=第)", clause, maxsplit=1)[0]
        # a meeting's 决定 adopts only on the date's own line (a body's …会议决定，对… does not)
        verbs = re.findall(r"通过|修正|修订|批准", clause) + re.findall(r"(?<=会议)决定", clause.split("\n")[0])
        if not verbs or verbs == ["批准"] * len(verbs) or not (date := parse_date(m.group(0))):
            continue
        organ = a.group(2) if (a := _ADOPTED.search(clause)) else ""
        adopted.append((date, organ))
    if not adopted:
        return "", None
    # The text in force is the latest adoption's or amendment's, and so is its issuer (the
    # standing committee that amended a law the congress first adopted).
    named = [(date, organ) for date, organ in adopted if organ]
    return (max(named)[1] if named else ""), max(adopted)[0]


def _issuer_in_title(title: str) -> str:
    """国务院办公厅、中央军委办公厅关于… → the organs before 关于."""
    if "关于" not in title:
        return ""
    return markers.organs_of_line(title.split("关于", 1)[0])


def _header_issuer(head: list[Paragraph]) -> str:
    """A letterhead: 聊城市人民政府文件 / 中华人民共和国国务院令 (the State Council's)."""
    for para in head[:4]:
        text = re.sub(r"(?:文件|令)$", "", para.text.strip()).removeprefix("中华人民共和国")
        if text != para.text.strip() and (orgs := markers.organs_of_line(text)):
            return orgs
    return ""
