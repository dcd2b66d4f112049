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
from ingest.places import jionlp_module, level_and_place, region_of  # noqa: F401 (re-exported)

_BRACKETS_OPEN, _BRACKETS_CLOSE = re.escape("〔[［【（(﹝"), re.escape("〕]］】）)﹞")
# A 文号's issuer code (国发, 沪发改规范, 穗医保规字) holds no 的 and starts no title word.
DOC_NUMBER = re.compile(
    rf"(?:(?!的|通知|意见|方案|办法|细则|规定|决定|批复|报告|措施)[\u4e00-\u9fff]){{1,10}}\s*"
    rf"[{_BRACKETS_OPEN}]\s*\d{{4}}\s*[{_BRACKETS_CLOSE}]\s*第?\s*\d{{1,4}}\s*号")
# 国令第707号, 广州市人民政府令第179号: orders are numbered in one series per issuer.
_ORDER_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,24}令)\s*[（(]?\s*(第\s*\d{1,4}\s*号)[）)]?")
_STATE_COUNCIL_ORDER = "中华人民共和国国务院令"  # cited as 国令第N号
_DATE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,2})\s*月"
                   r"\s*([\d一二三四五六七八九十]{1,3})\s*日")
_ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_ADOPTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*(?:经)?\s*([\u4e00-\u9fff]{2,40}?人民代表大会(?:常务委员会)?)"
                      r"第[\u4e00-\u9fff\d]{1,6}次(?:全体)?会议(?:审议)?(通过|修正|修订|批准)")
# Organs printed together without a space (国务院中央军委, 市发展改革委市财政局): each name
# ends as organs do, and the next begins as a national organ or with a place (上海市…, 市…).
_GLUED_ORGAN = re.compile(rf".+?{markers.ORGAN_SUFFIX}(?=$|中共|中央|国务院|[\u4e00-\u9fff]{{2,3}}(?:省|市|县|区)"
                          r"|[省市县区](?!委员会|政府)[\u4e00-\u9fff]{2})")
_TITLE_END = markers.TITLE_END
# 附件4 / 大纲4 / 表1: a label over an attachment's title, not part of it
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff]{1,4}\s*\d{1,2}$")
_PUBLISHED_LINE = re.compile(r"发布(?:日期|时间)\s*[：:]\s*(\d{4}-\d{1,2}-\d{1,2})")
_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)印发")
_GLUED_TITLE = re.compile(r"^([^。；：《》]{0,40}关于[^。；：《》]{2,100}?的(?:通知|意见|决定|批复|复函|函|通报|答复|报告|实施意见|指导意见))")
# A page's field run into the title's line: …的通知发布日期：2012年09月17日
_PAGE_FIELD_IN_LINE = re.compile(r"(?:(?:发布|发文|发表|成文|印发|更新)?(?:日期|时间)|来源|作者|浏览次数)\s*[：:]")
_NOTICE_VERB = re.compile(r"关于(?:印发|转发|重新发布|发布|公布|颁布)")
_TITLE_MAX = 80  # a title's line; a longer one is a sentence
_HEADER_SCAN = 14
_SIGNERS_MAX = 8  # organs signing one 落款, a line each
_VALIDITY = re.compile(r"[^。]*有效期[^。]*。?")
_VALIDITY_YEARS = re.compile(r"有效期(?:为)?([一二两三四五六七八九十\d]{1,3})年")
_SUPERSEDES = re.compile(r"[^。]*(?:以本(?:文件|办法|措施|方案)为准|与本(?:文件|办法)不一致)[^。]*。?")
# Labels under which a page's table or a front matter records a field (as printed there).
_META_FIELDS = {
    "title": ("标题", "名称", "文件名称", "<meta ArticleTitle>", "<h1>", "<title>"),
    "doc_number": ("文号", "发文字号", "发文文号"),
    "issuer": ("发文机关", "发布机关", "发文单位", "发布单位", "发布机构", "来源"),
    "issued": ("成文日期", "印发日期", "发文日期"),
    "published": ("发布日期", "发布时间", "公布日期", "<meta PubDate>"),
}


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


def normalise_doc_number(text: str) -> str:
    """聊政字(2020)25号, 永政发[2022]8号 → one comparable form with 〔〕 and no spaces."""
    text = re.sub(r"\s", "", text)
    return re.sub(rf"[{_BRACKETS_OPEN}](\d{{4}})[{_BRACKETS_CLOSE}]", r"〔\1〕", text)


def find_doc_number(text: str) -> str:
    """The first 文号 in a text, as printed without spaces (an order's as 国令第N号)."""
    found = [(m.start(), re.sub(r"\s", "", _own_part(m, text))) for m in DOC_NUMBER.finditer(text)]
    found += [(m.start(), _order(m)) for m in _ORDER_NUMBER.finditer(text)]
    return min(found)[1] if found else ""


def _order(match: re.Match) -> str:
    issuer = re.sub(r"\s", "", match.group(1))
    issuer = "国令" if issuer.endswith(_STATE_COUNCIL_ORDER) else issuer
    return issuer + re.sub(r"\s", "", match.group(2))


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
    head = paras[:_HEADER_SCAN]
    title_lines = title_run(head)
    title = strip_doc_number("".join(p.text for p in title_lines))
    meta_title = page_title(meta)
    # A page's own record of the title wins where it completes the title read from the text
    # (a wrapped title whose first lines already read as one: …记录制度 / 重大…的指导意见).
    extends = meta_title.startswith(title) and len(meta_title) > len(title)
    facts.title = meta_title if not title or extends else title
    head_text = "\n".join(p.text for p in head)
    # The document's own 文号 stands on a line of its own (or ends the title's); one inside
    # a sentence is a document the text cites.
    own_lines = "\n".join(p.text for p in head if len(p.text) <= _TITLE_MAX + 20
                          and not p.text.rstrip().endswith(("。", "；", "：")))
    facts.doc_number = find_doc_number(own_lines) or _meta_doc_number(meta)
    signature = signature_of(paras)
    adopted = _adoption(head)
    facts.issuer = (signature[0] or adopted[0] or _issuer_in_title(facts.title)
                    or _issuer_in_title(meta_title) or _header_issuer(head)
                    or "、".join(meta_field(meta, "issuer").split()))
    facts.issued = signature[1] or adopted[1] or parse_date(meta_field(meta, "issued"))
    facts.published = parse_date(meta_field(meta, "published")) or _published(head, paras)
    facts.level, facts.region = level_and_place(facts.issuer, facts.title, meta_title, head_text)
    return facts


def page_title(meta: dict[str, str]) -> str:
    """The title the file's own record gives, without the site's name and section around it
    (中国龙岩 - …的意见, 政府信息公开_…的通知); "" where it names no document."""
    parts = [p.strip() for p in re.split(r"\s*[-_|–—]+\s*", meta_field(meta, "title"))]
    titles = [p for p in parts if _TITLE_END.search(p)]
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
    return runs[0] if runs else []


def title_runs(head: list[Paragraph]) -> list[list[Paragraph]]:
    """Runs of short lines that end as a title does (…的通知), before the addressee and the
    body. A letterhead (organ names, "XX文件"), a 文号 or a date line ends a run that has not
    yet read as a title."""
    runs: list[list[Paragraph]] = []
    run: list[Paragraph] = []
    for para in head:
        text = para.text.strip()
        if (field := _PAGE_FIELD_IN_LINE.search(text)) and field.start() > 0:
            # the title's line, with the page's record of it run on: keep the title part
            text = text[:field.start()].strip()
            para = Paragraph(text, para.start, para.start + len(text))
        if markers.is_addressee(text) or markers.starts_unit(text):
            break
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
            runs.append(run)
            run = []
        elif len(run) >= 4:
            run = run[1:]
    return runs


def _is_letterhead(text: str) -> bool:
    """聊城市人民政府文件 / 广州市人民政府令: an issuer's letterhead above the title."""
    for suffix in ("文件", "令"):
        if text.endswith(suffix) and _organs(text[:-len(suffix)].removeprefix("中华人民共和国")):
            return True
    return False


def strip_doc_number(text: str) -> str:
    """A title without a 文号 printed on its line (…的意见国发〔2019〕5号)."""
    text = DOC_NUMBER.sub(lambda m: m.group(0)[:len(m.group(0)) - len(_own_part(m, text))], text)
    return re.sub(r"[（(]\s*[）)]", "", _ORDER_NUMBER.sub("", text)).strip()


def _own_part(match: re.Match, text: str) -> str:
    """A 文号 run into the title before it (…的意见国发〔2019〕5号) starts after the title's last
    word, not inside it."""
    for k in (2, 1):
        word = _TITLE_END.search(text[:match.start() + k])
        if word and word.start() < match.start() and match.start() + k < match.end():
            return match.group(0)[k:]
    return match.group(0)


def carried_title(notice_title: str) -> str:
    """关于印发《A》的通知 / 关于印发A的通知 → A: the text a notice carries, if it names one."""
    match = _NOTICE_VERB.search(notice_title)
    if not match:
        return ""
    rest = notice_title[match.end():]
    rest = re.sub(r"的(?:通知|函|决定|批复)$", "", rest)
    return rest.strip("《》") if rest != notice_title[match.end():] else ""


def signature_of(paras: list[Paragraph]) -> tuple[str, str | None]:
    """The first 落款: the organs on the lines above (or before) a date line, and its date."""
    for i, para in enumerate(paras):
        text = para.text.strip()
        if not markers.is_date_line(text):
            if (m := _DATE.search(text)) and m.end() == len(text) and m.start() > 0:
                orgs = _organs(text[:m.start()])
                if orgs:
                    return orgs, parse_date(text)
            continue
        orgs: list[str] = []
        for above in reversed(paras[max(0, i - _SIGNERS_MAX):i]):
            names = "" if markers.ATTACHMENT.match(above.text) else _organs(above.text)
            if not names and orgs and _wraps_name(above.text, orgs[0]):
                orgs[0] = above.text.strip() + orgs[0]  # a long name wrapped over two lines
                continue
            if not names:
                break
            orgs.insert(0, names)
        if orgs or i > 0:
            return "、".join(orgs), parse_date(text)
    return "", None


def _organs(line: str) -> str:
    """Organ names on a signature line ("上海市发展和改革委员会 上海市财政局"), 、-joined; names
    printed without a space between them are told apart by where each organ's name ends."""
    names = markers.organ_names(line)
    if not names:
        return ""
    split = [part for n in names for part in _glued_organs(n)]
    return "、".join(split)


def _wraps_name(line: str, name: str) -> bool:
    """A 落款 line that only begins the name printed under it (湖北省巴东县官渡口镇马鬃山村 /
    地质险情调查专家组): words without punctuation, naming the place the organ belongs to."""
    line = line.strip()
    return "、" not in name and len(line) + len(name) <= markers.ORGAN_NAME_MAX \
        and re.fullmatch(r"[\u4e00-\u9fff]{2,24}", line) is not None \
        and re.search(r"[省市县区镇乡村州旗]", line) is not None


def _glued_organs(name: str) -> list[str]:
    parts = _GLUED_ORGAN.findall(name)
    if "".join(parts) == name and len(parts) > 1 and all(len(p) >= 3 for p in parts):
        return parts
    return [name]


def _adoption(head: list[Paragraph]) -> tuple[str, str | None]:
    """A regulation's adoption lines: the congress that adopted it, and the date of the text
    as in force — the latest adoption or amendment (通过/修正/修订), not a province's 批准."""
    issuer, dates = "", []
    text = "\n".join(p.text for p in head)
    found = list(_DATE.finditer(text))
    for n, m in enumerate(found):
        clause = text[m.start():found[n + 1].start() if n + 1 < len(found) else len(text)]
        clause = re.split(r"[）)]\s*\n|\n(?=第)", clause, maxsplit=1)[0]
        verbs = re.findall(r"通过|修正|修订|批准", clause)
        if not verbs or verbs == ["批准"] * len(verbs):
            continue
        dates.append(parse_date(m.group(0)))
        if not issuer and (a := _ADOPTED.search(clause)):
            issuer = a.group(2)
    dates = [d for d in dates if d]
    return issuer, max(dates) if dates else None


def _issuer_in_title(title: str) -> str:
    """国务院办公厅、中央军委办公厅关于… → the organs before 关于."""
    if "关于" not in title:
        return ""
    return _organs(title.split("关于", 1)[0])


def _header_issuer(head: list[Paragraph]) -> str:
    """A letterhead: 聊城市人民政府文件 / 中华人民共和国国务院令 (the State Council's)."""
    for para in head[:4]:
        text = re.sub(r"(?:文件|令)$", "", para.text.strip()).removeprefix("中华人民共和国")
        if text != para.text.strip() and (orgs := _organs(text)):
            return orgs
    return ""


def last_day_of(start: str, years: int) -> str:
    """The last day of a validity of `years` years from `start` (ISO dates)."""
    first = dt.date.fromisoformat(start)
    try:
        end = first.replace(year=first.year + years)
    except ValueError:  # 29 February
        end = first.replace(year=first.year + years, day=28)
    return (end - dt.timedelta(days=1)).isoformat()


def validity(paras: list[Paragraph], issued: str | None) -> tuple[str, str | None, str]:
    """(validity clause, valid-until ISO date, supersession clause) of one document."""
    clause = until = supersedes = ""
    for para in paras[-8:]:
        if not clause and (m := _VALIDITY.search(para.text)) and "有效期延长" not in m.group(0):
            clause = m.group(0).strip()
            years = _VALIDITY_YEARS.search(clause)
            if years and issued:
                until = last_day_of(issued, markers.chinese_number(years.group(1)))
        if not supersedes and (m := _SUPERSEDES.search(para.text)):
            supersedes = m.group(0).strip()
    return clause, until or None, supersedes
