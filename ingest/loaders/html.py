"""HTML pages saved from government sites: trafilatura, cross-checked against a small
readability-style heuristic over BeautifulSoup."""

from __future__ import annotations

import codecs
import functools
import logging
import re

from ingest.errors import LoadError
from ingest.loaders.base import join_paragraphs, record_fields, squeeze
from ingest.loaders.text import BOMS, decode, decode_text, guess_encoding

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)""", re.I)
_CHINESE_CHARSETS = {"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "hz-gb-2312"}
_BOILERPLATE_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "textarea", "head", "object", "embed", "canvas",
)
_BOILERPLATE_WORDS = (
    "nav", "menu", "crumb", "footer", "header", "banner", "sidebar", "share", "copyright",
    "toolbar", "search", "login",
)
_BOILERPLATE_NAMES = re.compile("|".join(_BOILERPLATE_WORDS), re.I)
# The same, for trafilatura to prune: smaller elements whose class or id names one of the words.
_BOILERPLATE_XPATH = "//*[({}) and string-length(.) < {{}}]".format(" or ".join(
    f"contains(translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), "
    f"'{word}')"
    for word in _BOILERPLATE_WORDS for attr in ("class", "id")
))
_PARAGRAPH_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "blockquote"}
_BLOCK_TAGS = [
    "p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tbody", "thead", "tr",
    "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd",
    "center", "body", "html", "br", "hr",
]

_CELL_MAX = 400  # a data table's cell; an article laid out in a table cell runs longer
_TABLE_ROWS = 3  # a page with this many table rows in its article keeps them as rows


def read_html(source: str, data: bytes) -> tuple[str, str]:
    """An HTML page's article text, without the site around it, and the page's encoding."""
    from bs4 import BeautifulSoup

    markup, encoding = decode_text(source, data, _decode_html)
    markup = _without_server_code(markup)
    soup = BeautifulSoup(markup, "lxml")
    if _drop_hidden(soup):
        markup = str(soup)  # trafilatura reads the page as a reader sees it, too
    for tag in soup(_BOILERPLATE_TAGS):
        tag.decompose()
    # An element named like a menu but holding much of the page is a wrapper: keep it.
    wrapper_size = len(soup.get_text()) // 3
    # A fragment (no <html>, no <body>: a database's copy of the text alone) is all article;
    # its title, 文号 and date stand beside the body's container, not inside it.
    reference = _soup_blocks(soup, wrapper_size, whole=not _PAGE_TAG.search(markup))
    # trafilatura's precise mode first; its recall mode, then our own heuristic, only when it
    # leaves out lines of the article the heuristic finds.
    # A table is kept row by row only by our own reading (trafilatura gives a cell a line).
    if sum(1 for block in reference if "\t" in block) >= _TABLE_ROWS:
        return join_paragraphs(reference), encoding
    for favor_recall in (False, True):
        blocks = _trafilatura_blocks(markup, favor_recall, wrapper_size)
        if blocks and _covers(blocks, reference):
            return join_paragraphs(blocks), encoding
    if not reference:
        raise LoadError(source, "no article text found in the HTML page", kind="no_body")
    logger.info("%s: trafilatura missed part of the article; using the block heuristic", source)
    return join_paragraphs(reference), encoding


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _drop_hidden(soup) -> bool:
    """Remove what a browser does not show (a page's hidden copy of its body for export or
    search, say), so the body is read once. Whether anything was removed."""
    hidden = [tag for tag in soup.find_all(True)
              if tag.has_attr("hidden") or _HIDDEN_STYLE.search(tag.get("style") or "")]
    copies = []
    for tag in hidden:
        text = squeeze(tag.get_text())
        if len(text) >= 100 and not tag.decomposed:
            tag.extract()
            if text[20:80] in squeeze(soup.get_text()):
                copies.append(tag)  # a copy of what the page shows: gone
            else:
                return bool(copies)  # the only copy (shown by a script): keep the page whole
    for tag in copies:
        tag.decompose()
    return bool(copies)


def _decode_html(source: str, data: bytes) -> tuple[str, str]:
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        return decode(source, data)
    try:  # valid UTF-8 is UTF-8, whatever an old <meta> left in a re-saved page claims
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in _CHINESE_CHARSETS else name  # servers say gb2312, send GBK
        try:
            return data.decode(codecs.lookup(name).name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            logger.info("%s: declared charset %r does not decode the page", source, name)
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    guess = guess_encoding(data)
    return guess if guess else (data.decode("utf-8", errors="replace"), "utf-8")


@functools.cache
def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    # By default a text under 250 characters sends trafilatura to its whole-page fallback,
    # which keeps menus and footers; a short notice is still an article.
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
    return config


def _trafilatura_blocks(markup: str, favor_recall: bool, wrapper_size: int) -> list[str]:
    """trafilatura's article text, one block per line; table rows become tab-joined cells."""
    import trafilatura

    try:
        text = trafilatura.extract(
            markup, output_format="txt", include_formatting=False, include_comments=False,
            include_tables=True, include_links=False, include_images=False,
            favor_recall=favor_recall, deduplicate=False, with_metadata=False,
            config=_trafilatura_config(), prune_xpath=_BOILERPLATE_XPATH.format(wrapper_size),
        )
    except Exception as exc:  # a parser failure here just means: use the fallback
        logger.info("trafilatura failed: %s", exc)
        return []
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if len(line) > 1 and line[0] == line[-1] == "|":  # "| cell | cell |"
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line[1:-1])]
            line = "\t".join(c for c in cells if c.strip("-: "))
        if line:
            blocks.append(line)
    return blocks


def _covers(blocks: list[str], reference: list[str]) -> bool:
    """Does trafilatura's text hold the heuristic's article lines, in order, kept apart, with
    none missing in the middle and at most a fifth of the text missing at the edges?"""
    found = squeeze("".join(blocks))
    hits, position = [], 0
    for block in map(squeeze, reference):
        at = found.find(block, position)
        hits.append(at >= 0)
        position = at + len(block) if at >= 0 else position
    if True not in hits:
        return not reference
    first, last = hits.index(True), len(hits) - hits[::-1].index(True)
    missing = sum(len(b) for b, hit in zip(reference, hits, strict=True) if not hit)
    return (
        all(hits[first:last])
        and missing <= 0.2 * sum(len(b) for b in reference)
        and len(blocks) >= 0.8 * sum(hits)  # not run together into a few long lines
    )


def _is_data_row(row) -> bool:
    """A row of a data table, one line of text: short cells (a page laid out in a table holds
    its whole article in one cell, to be read paragraph by paragraph)."""
    cells = row.find_all(["td", "th"])
    return len(cells) >= 2 and not row.find("table") and all(
        len(c.get_text(strip=True)) <= _CELL_MAX for c in cells)


_PAGE_TAG = re.compile(r"<(?:html|body)\b", re.I)


def _soup_blocks(soup, wrapper_size: int, whole: bool = False) -> list[str]:
    """Text blocks of the element that holds the most paragraph text (readability's idea);
    `whole`: of the whole markup."""
    from bs4 import NavigableString, Tag

    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("body", "html"):
            continue
        names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if _BOILERPLATE_NAMES.search(names) and len(tag.get_text()) < wrapper_size:
            tag.decompose()

    blocks: list[tuple[str, Tag]] = []  # (text, the block element it sits in)

    def walk(element: Tag) -> None:
        buffer: list[str] = []

        def flush() -> None:
            text = re.sub(r"[ \t\r\n\f]+", " ", "".join(buffer)).strip()
            if text:
                blocks.append((text, element))
            buffer.clear()

        for child in element.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    buffer.append(str(child))
            elif child.name == "tr" and _is_data_row(child):
                # A row of plain cells is one block, cells tab-joined, as in the .docx loader.
                flush()
                cells = (" ".join(c.get_text(" ").split()) for c in child.find_all(["td", "th"]))
                row = "\t".join(c for c in cells if c)
                if row:
                    blocks.append((row, child))
            elif child.name in _BLOCK_TAGS or child.find(_BLOCK_TAGS):
                # An inline element wrapping blocks (an unclosed <font> around the article)
                # is walked like a block, or its paragraphs would run together.
                flush()
                walk(child)
            else:
                buffer.append(child.get_text())
        flush()

    walk(soup)
    if not blocks or whole:
        return [text for text, _ in blocks]
    scores: dict[int, float] = {}
    by_id: dict[int, Tag] = {}
    for text, element in blocks:
        # A paragraph's text counts for its container and half for the one above; text sitting
        # directly in a container (lines split by <br>) counts for that container itself.
        if element.name in _PARAGRAPH_TAGS and element.parent is not None:
            container, above = element.parent, element.parent.parent
        else:
            container = element
            in_table = element.name in ("td", "th", "tr")
            above = element.find_parent("table") if in_table else element.parent
        for node, weight in ((container, 1.0), (above, 0.5)):
            if node is not None:
                scores[id(node)] = scores.get(id(node), 0.0) + weight * len(text)
                by_id[id(node)] = node
    best = by_id[max(scores, key=scores.__getitem__)]
    return [text for text, element in blocks if any(n is best for n in (element, *element.parents))]


# A server template's code (<%@ page … %>, <%= … %>, <?php … ?>): run by the server, never
# printed; a page saved from its template (a .jsp view) still holds it.
_SERVER_CODE = re.compile(r"<%.*?%>|<\?(?!xml)[a-z].*?\?>", re.S | re.I)


def _without_server_code(markup: str) -> str:
    """The markup a browser is given: no XML declaration (lxml refuses str input that still
    declares an encoding) and no template code."""
    return _SERVER_CODE.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", markup))


# A label cell: a short name alone (its value in the next cell) or followed by a colon.
_META_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{2,5})\s*(?:[:：]\s*(.*)|)$", re.S)


def html_metadata(source: str, data: bytes) -> dict[str, str]:
    """The page's own record of the document: its <title>, and the label/value cells of a
    government site's metadata table (标题, 发文机关, 发文字号, 成文日期, 发布日期 …), as printed.

    Labels are returned as printed; which of them matter is the metadata reader's business.
    """
    from bs4 import BeautifulSoup

    markup, _ = decode_text(source, data, _decode_html)
    markup = _without_server_code(markup)
    soup = BeautifulSoup(markup, "lxml")
    fields: dict[str, str] = {}
    if soup.title and soup.title.string:
        fields["<title>"] = " ".join(soup.title.string.split())
    if (heading := soup.find("h1")) and heading.get_text(strip=True):
        fields["<h1>"] = " ".join(heading.get_text(" ").split())
    for meta in soup.find_all("meta"):
        name, content = meta.get("name") or "", meta.get("content") or ""
        if name and content.strip():
            fields.setdefault(f"<meta {name}>", " ".join(content.split()))
    for cell in soup.find_all(["td", "th", "li", "span", "dt", "div", "p"]):
        if cell.find(["td", "table", "li", "div", "p"]):
            continue  # a container, not a label cell
        # 文    号： — a label spaced out to the width of the others
        text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", " ".join(cell.get_text(" ").split()))
        match = _META_LABEL.match(text)
        if not match or len(text) > 80:
            continue
        # one cell can hold several fields (来源：… 发布时间：… 浏览次数：…)
        pairs = record_fields(text) if match.group(2) else [(match.group(1), "")]
        for n, (label, value) in enumerate(pairs):
            if not value and n == len(pairs) - 1:  # the value sits in the next cell
                sibling = cell.find_next_sibling(["td", "th", "dd", "span"])
                value = " ".join(sibling.get_text(" ").split()) if sibling else ""
            if value and len(value) <= 120:
                fields.setdefault(label, value)
    return fields
