"""A file's own record of the document it carries (a page's metadata table, Markdown front
matter, a PDF's document properties): the labels each field is printed under, and reading one."""

from __future__ import annotations

import re

from ingest import markers
from ingest.loaders.base import PROPERTY_TITLE

# Labels under which a page's table or a front matter records a field (as printed there);
# `title` is the front-matter key every static site generator reads (Jekyll, Hugo, VuePress).
META_FIELDS = {
    "title": ("标题", "名称", "文件名称", "title", "<meta ArticleTitle>", "<h1>", "<title>", PROPERTY_TITLE),
    "doc_number": ("文号", "发文字号", "发文文号"),
    "issuer": ("发文机关", "发布机关", "发文单位", "发布单位", "发布机构"),
    "issued": ("成文日期", "印发日期", "发文日期", "发文时间"),
    "published": ("发布日期", "发布时间", "公布日期", "<meta PubDate>"),
}

# A page's 来源 (信息来源, 文章来源): where the page took the text from — its issuer when it
# names an organ, else the site's own furniture (本站原创, 中国政府网).
_SOURCE = "来源"
# A publisher, not an issuer: a news agency or a newspaper's or magazine's office (新华社,
# 人民日报社; a 合作社 or 联合社 is an organ), a broadcaster (电视台, 广播电台), a website.
_PUBLISHER = re.compile(r"(?:(?<!合作)(?<!联合)社|台|网站|网)$")
FIELD_LABELS = {label for labels in META_FIELDS.values() for label in labels} | {_SOURCE}


def meta_field(meta: dict[str, str], name: str) -> str:
    """A field of the file's own record (front matter, metadata table), as printed."""
    for label in META_FIELDS[name]:
        if value := meta.get(label, "").strip():
            return value
    return ""


def recorded_issuer(meta: dict[str, str]) -> str:
    """The issuer the file's record names, 、-joined: its 发文机关 field as printed, else a
    来源 field (来源：某市人民政府办公室) where what it names is organs."""
    if (declared := meta_field(meta, "issuer")) and not _PUBLISHER.search(declared.strip()):
        return "、".join(declared.split())
    for label, value in meta.items():
        if label.endswith(_SOURCE) and (organs := markers.organs_of_line(value)) \
                and not any(_PUBLISHER.search(organ) for organ in organs.split("、")):
            return organs
    return ""
