"""Document metadata: title, 文号, issuer, dates, level and place, validity.

Read from the text the way a reader finds them in an official document (公文): the title at
the top (`titles`), the 文号 under it, the issuer in its 落款, adoption line, title or
letterhead (`issuers`). Where the file itself carries a record of the document (a page's
metadata table, Markdown front matter: `page_record`), that fills what the text does not print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import issuers, titles
from ingest.cleaning import Paragraph, title_key
from ingest.dates import parse_date
from ingest.doc_numbers import find_doc_number, strip_doc_number
from ingest.page_record import meta_field, recorded_issuer
from ingest.places import level_and_place, own_level
from ingest.titles import header_lines, title_run

_PUBLISHED_LINE = re.compile(r"发布(?:日期|时间)\s*[：:]\s*(\d{4}-\d{1,2}-\d{1,2})")
_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)印发")


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
    # …and where the text's is unusable: lines that name no kind of document (a page's or a
    # scan's heading, 2024年第5期) against a record that does (关于…的通知).
    unusable = not titles.TITLE_END.search(title) and titles.TITLE_END.search(meta_title)
    # …and where it is the notice that issues the text printed (关于印发《X》的通知 over X).
    issues_it = bool(title) and title_key(titles.carried_title(meta_title) or "") == title_key(title)
    facts.title = (meta_title if not title or extends or unusable or issues_it else title) \
        or titles.decree_heading(head) or titles.opening_line(head)
    head_text = "\n".join(p.text for p in head)
    # The document's own 文号 stands on a line of its own (or ends the title's); one inside
    # a sentence is a document the text cites.
    own_lines = "\n".join(p.text for p in head if len(p.text) <= titles.TITLE_MAX + 20
                          and not p.text.rstrip().endswith(("。", "；", "：")))
    signature = issuers.signature_of(paras)
    adopted = issuers.adoption(head)
    # A 题注 listing the orders that published and amended a rule: the text is the latest's.
    facts.doc_number = find_doc_number(adopted[2]) or find_doc_number(own_lines) or _meta_doc_number(meta)
    recorded = issuers.office_by_number(recorded_issuer(meta), facts.doc_number)
    titled = issuers.issuer_in_title(facts.title) or issuers.issuer_in_title(meta_title)
    # A title names its organ short (市工业和信息化局 for the city's); the record in full. A
    # 落款 is kept as signed.
    if titled and recorded.endswith(titled) and "、" not in recorded:
        titled = recorded
    # A joint title names its first issuer (某厅等4部门关于…); its letterhead names them all.
    letterhead = issuers.joint_letterhead(head)
    if titled and set(titled.split("、")) < set(letterhead.split("、")):
        titled = letterhead
    # An order or announcement is its letterhead's organ's (广州市人民政府令 over a rule its
    # meeting adopted: 市政府…常务会议通过 names it short).
    decree = issuers.header_issuer(head, issuers.DECREES)
    signed = signature[0]
    # A joint document's title names every issuer; a 落款 that names only some of them is one
    # the page's layout split (seals side by side, one name read apart from its date).
    if signed and "、" in titled and set(signed.split("、")) < set(titled.split("、")):
        signed = titled
    facts.issuer = (signed or decree or adopted[0] or titled or issuers.header_issuer(head)
                    or recorded or issuers.order_issuer(facts.doc_number) or issuers.cover_issuer(head)
                    or issuers.form_maker(paras))
    facts.issued = signature[1] or adopted[1] or parse_date(meta_field(meta, "issued"))
    facts.published = parse_date(meta_field(meta, "published")) or _published(head, paras)
    facts.level, facts.region = level_and_place(facts.issuer, facts.title, meta_title, head_text,
                                                spoken=own_level("".join(p.text for p in paras)))
    return facts


def page_title(meta: dict[str, str], head: list[Paragraph] = ()) -> str:
    """The title the file's own record gives, without the site's name and section around it
    (中国龙岩 - …的意见, 政府信息公开_…的通知); "" where it names no document. A record names
    the document where it reads as an official document's title (…的通知) or is printed as a
    title line of the text itself (中华人民共和国某某法); a site's, a tool's or a file's name
    stamped there (example.org, scan01.doc) is neither."""
    parts = _record_parts(meta_field(meta, "title"))
    printed = {title_key(p.text) for p in head}
    found = [p for p in parts if titles.TITLE_END.search(p) or title_key(p) in printed
             and titles.CHINESE.search(p) and titles.reads_as_title([Paragraph(p, 0, len(p))])]
    return max(found, key=len) if found else ""


def _record_parts(value: str) -> list[str]:
    """A record's title cut where the site joined its own names to it (中国龙岩 - …), never
    inside brackets (…行动计划（2026-2028年）》的通知 is one title)."""
    parts, current = [], ""
    for piece in re.split(r"(\s*[-_|–—]+\s*)", value):
        if re.fullmatch(r"\s*[-_|–—]+\s*", piece) and _balanced(current):
            parts.append(current.strip())
            current = ""
        else:
            current += piece
    return [p for p in [*parts, current.strip()] if p]


def _balanced(text: str) -> bool:
    return all(text.count(o) == text.count(c) for o, c in ("（）", "()", "《》", "〔〕", "[]", "【】"))


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
