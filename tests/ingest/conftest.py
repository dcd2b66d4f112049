"""Fixtures that turn the shipped .txt policies into the other formats users bring, and the
oracle for source spans.

The generators write what real files look like, not what is easy to read back: the PDF wraps
long lines inside sentences, indents first lines and prints "— N —" page numbers; the HTML page
has a site header, a menu, breadcrumbs, a footer and scripts around the article.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from assistant.settings import SHIPPED_CORPUS

# reportlab's built-in Adobe CID font: no font file needed, and pypdf reads its text layer
# back exactly (UniGB-UCS2-H maps every BMP character to itself).
PDF_FONT = "STSong-Light"


def corpus_files() -> list[Path]:
    """The shipped policy texts."""
    return sorted(SHIPPED_CORPUS.glob("*.txt"))


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a shipped text, stripped: one paragraph each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def make_docx(text: str, path: Path) -> Path:
    """Write each non-empty line of `text` as one Word paragraph; headings in bold."""
    document = Document()
    for paragraph in paragraphs(text):
        run = document.add_paragraph().add_run(paragraph)
        run.bold = _is_heading(paragraph)
    document.save(str(path))
    return path


def make_pdf(
    text: str,
    path: Path,
    *,
    font_size: float = 12,
    indent: float = 2,
    paragraph_space: float = 0.5,
    title: str = "",
) -> Path:
    """Typeset `text` on A4 pages the way an office document prints.

    One paragraph per non-empty line, its first line indented by `indent` characters and
    `paragraph_space` lines of space after it; long lines wrapped wherever the line is full
    (inside words and numbers too); paragraphs run across pages; every page carries a
    "— N —" number at the bottom. `title` goes into the file's document information.
    """
    _register_pdf_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    if title:  # the document information's Title, as the tool that made the file set it
        pdf.setTitle(title)
    page_width, page_height = A4
    margin = 72
    width = page_width - 2 * margin
    leading = font_size * 1.5
    y = page_height - margin
    page = 1

    def finish_page() -> None:
        nonlocal page, y
        pdf.setFont(PDF_FONT, 10)
        pdf.drawCentredString(page_width / 2, 40, f"— {page} —")
        pdf.showPage()
        page += 1
        y = page_height - margin

    for paragraph in paragraphs(text):
        first_indent = indent * font_size
        for line in _wrap(paragraph, width - first_indent, width, font_size):
            if y < margin:
                finish_page()
            pdf.setFont(PDF_FONT, font_size)
            pdf.drawString(margin + first_indent, y, line)
            first_indent = 0
            y -= leading
        y -= paragraph_space * leading
    finish_page()
    pdf.save()
    return path


def make_html(
    text: str,
    path: Path,
    *,
    with_navigation: bool = True,
    charset: str = "utf-8",
    title: str | None = None,
) -> Path:
    """Write `text` as a page saved from a government site: article paragraphs as <p>.

    With navigation, the article sits among a site header, a menu, breadcrumbs, a related-links
    box, a footer and scripts. `charset` is both declared in <meta> and used to encode; for
    "gb2312" the bytes are GB18030, as servers declaring gb2312 really send.
    """
    lines = paragraphs(text)
    title = title or lines[0]
    body = "\n".join(
        f"<p><strong>{html.escape(line)}</strong></p>" if _is_heading(line)
        else f"<p>{html.escape(line)}</p>"
        for line in lines
    )
    article = f'<div class="article"><div class="article-content" id="zoom">\n{body}\n</div></div>'
    if with_navigation:
        page_body = _GOV_PAGE.format(article=article)
    else:
        page_body = f"<body>\n{article}\n</body>"
    page = (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
        f"<title>{html.escape(title)}_市人民政府门户网站</title>\n"
        "<style>body{font-family:SimSun;} .nav li{float:left;}</style>\n"
        f"</head>\n{page_body}\n</html>\n"
    )
    encoding = "gb18030" if charset.lower() in ("gb2312", "gbk") else charset
    path.write_bytes(page.encode(encoding))
    return path


@pytest.fixture(name="make_docx", scope="session")
def make_docx_fixture():
    """The make_docx helper, for tests that build their own variants."""
    return make_docx


@pytest.fixture(name="make_pdf", scope="session")
def make_pdf_fixture():
    """The make_pdf helper, for tests that build their own variants."""
    return make_pdf


@pytest.fixture(name="make_html", scope="session")
def make_html_fixture():
    """The make_html helper, for tests that build their own variants."""
    return make_html


@pytest.fixture(scope="session")
def corpus_variants(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every shipped text as .txt, .docx, .pdf and .html: {stem: {format: path}}."""
    folder = tmp_path_factory.mktemp("corpus_variants")
    variants: dict[str, dict[str, Path]] = {}
    for source in corpus_files():
        text = source.read_text(encoding="utf-8")
        stem = source.stem
        variants[stem] = {
            "txt": Path(shutil.copy(source, folder / source.name)),
            "docx": make_docx(text, folder / f"{stem}.docx"),
            "pdf": make_pdf(text, folder / f"{stem}.pdf"),
            "html": make_html(text, folder / f"{stem}.html"),
        }
    return variants


QUOTES = '"“”'


def in_order(cleaned: str, source: str) -> bool:
    """Every non-whitespace character of `cleaned` appears in `source`, in order, modulo the
    cleaner's repairs: `。（` may match `（。` (the one repair that moves a character), and
    quotes match quotes. Deletions (spaces, bullets, mojibake, doubled characters) are free."""
    cleaned = re.sub(r"\s", "", cleaned)
    source = re.sub(r"\s", "", source)
    stack, seen = [(0, 0)], set()
    while stack:
        i, j = stack.pop()
        if i == len(cleaned):
            return True
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if cleaned.startswith("。（", i) and (at := source.find("（。", j)) >= 0:
            stack.append((i + 2, at + 2))
        k = j
        while k < len(source) and not (cleaned[i] == source[k]
                                       or cleaned[i] in QUOTES and source[k] in QUOTES):
            k += 1
        if k < len(source):
            stack.append((i + 1, k + 1))
    return False


def _is_heading(line: str) -> bool:
    return line[:1] in "一二三四五六七八九十" and "、" in line[:4]


def _register_pdf_font() -> None:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def _wrap(paragraph: str, first_width: float, width: float, font_size: float) -> list[str]:
    """Break a paragraph into lines that fit, character by character, as CJK typesetting does."""
    lines: list[str] = []
    current, used, available = "", 0.0, first_width
    for char in paragraph:
        char_width = pdfmetrics.stringWidth(char, PDF_FONT, font_size)
        if current and used + char_width > available:
            lines.append(current)
            current, used, available = "", 0.0, width
        current += char
        used += char_width
    if current:
        lines.append(current)
    return lines


_GOV_PAGE = """<body>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script");
hm.src = "https://hm.example.gov.cn/hm.js"; document.body.appendChild(hm); }})();</script>
<header class="header">
  <div class="logo"><a href="/">市人民政府门户网站</a></div>
  <div class="top-links"><a href="/wza/">无障碍浏览</a> | <a href="/en/">English</a>
    | <a href="/login">登录</a></div>
  <form class="search" action="/search">
    <input name="q" placeholder="请输入关键字"><button>搜索</button></form>
</header>
<nav class="nav">
  <ul>
    <li><a href="/">首页</a></li>
    <li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/zcwj/">政策文件</a></li>
    <li><a href="/bsfw/">办事服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li>
    <li><a href="/yshj/">优化营商环境</a></li>
  </ul>
</nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>
  &gt; <a href="/zcwj/">政策文件</a></div>
<div class="main">
  <div class="sidebar">
    <h3>相关链接</h3>
    <ul>
      <li><a href="/zcjd/">政策解读</a></li>
      <li><a href="/gsgg/">公示公告</a></li>
      <li><a href="/12345/">12345政务服务便民热线</a></li>
    </ul>
  </div>
  {article}
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>
    【<a href="javascript:window.print()">打印本页</a>】
    【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<footer class="footer">
  <p><a href="/about/">关于我们</a> | <a href="/map/">网站地图</a>
    | <a href="/contact/">联系我们</a></p>
  <p>版权所有：市人民政府办公室　主办：市人民政府办公室　承办：市大数据局</p>
  <p>网站标识码：3715000001　鲁ICP备05000000号　鲁公网安备 37150202000001号</p>
</footer>
<script src="/js/jquery.min.js"></script>
<script>$(function(){{ $(".nav li").hover(function(){{ $(this).addClass("on"); }}); }});</script>
</body>"""
