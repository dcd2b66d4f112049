"""A file's own record of the document it carries (a page's metadata table, Markdown front
matter, a PDF's document properties): the labels each field is printed under, and reading one."""

from __future__ import annotations

# Labels under which a page's table or a front matter records a field (as printed there).
META_FIELDS = {
    "title": ("标题", "名称", "文件名称", "<meta ArticleTitle>", "<h1>", "<title>", "<pdf Title>"),
    "doc_number": ("文号", "发文字号", "发文文号"),
    "issuer": ("发文机关", "发布机关", "发文单位", "发布单位", "发布机构", "来源"),
    "issued": ("成文日期", "印发日期", "发文日期"),
    "published": ("发布日期", "发布时间", "公布日期", "<meta PubDate>"),
}

FIELD_LABELS = {label for labels in META_FIELDS.values() for label in labels}


def meta_field(meta: dict[str, str], name: str) -> str:
    """A field of the file's own record (front matter, metadata table), as printed."""
    for label in META_FIELDS[name]:
        if value := meta.get(label, "").strip():
            return value
    return ""
