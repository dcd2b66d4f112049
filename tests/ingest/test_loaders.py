"""Loading policy files of every supported format into text, and refusing bad files clearly.

The shipped .txt files are the truth; the fixtures in conftest.py re-typeset them as .docx, .pdf
and .html, and the loaders must read back the same words in the same order.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assistant.settings import SHIPPED_CORPUS
from ingest.errors import LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedText, load_text

CORPUS = sorted(SHIPPED_CORPUS.glob("*.txt"))
STEMS = [path.stem for path in CORPUS]
FORMATS = ["txt", "docx", "pdf", "html"]


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a shipped text: one paragraph each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def squeeze(text: str) -> str:
    """The text with all whitespace removed: what survives any re-typesetting."""
    return re.sub(r"\s+", "", text)


def difference(got: str, want: str, limit: int = 10) -> str:
    """The places where two whitespace-free texts differ, for assertion messages."""
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    changes = [
        f"{op} got[{i1}:{i2}]={got[i1:i2][:60]!r} want[{j1}:{j2}]={want[j1:j2][:60]!r}"
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
    return "\n".join(changes[:limit]) or "identical"


def refusal(path: Path, **options) -> LoadError:
    """The LoadError `load_text` refuses `path` with (the test fails if it loads)."""
    with pytest.raises(LoadError) as excinfo:
        load_text(path, **options)
    return excinfo.value


def original(stem: str) -> str:
    return load_text(SHIPPED_CORPUS / f"{stem}.txt").text


# ---------------------------------------------------------------- every format loads


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", STEMS)
def test_each_format_loads(corpus_variants, stem, fmt):
    path = corpus_variants[stem][fmt]
    loaded = load_text(path)
    assert isinstance(loaded, LoadedText)
    assert loaded.source == path.name
    assert loaded.format == fmt
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.encoding == {"txt": "utf-8", "html": "utf-8"}.get(fmt)
    assert "\r" not in loaded.text and "\ufeff" not in loaded.text
    assert loaded.text.strip()


def test_txt_is_read_verbatim():
    for path in CORPUS:
        assert load_text(path).text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("stem", STEMS)
def test_docx_and_html_give_the_lines_of_the_txt(corpus_variants, stem, fmt):
    loaded = load_text(corpus_variants[stem][fmt]).text
    want = [squeeze(line) for line in paragraphs(original(stem))]
    got = [squeeze(block) for block in loaded.split("\n\n")]
    assert got == want, difference("\n".join(got), "\n".join(want))


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_text_layer_round_trips(corpus_variants, stem):
    loaded = load_text(corpus_variants[stem]["pdf"]).text
    got, want = squeeze(loaded), squeeze(original(stem))
    assert got == want, difference(got, want)


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_paragraphs_are_recovered_from_the_layout(corpus_variants, stem):
    loaded = load_text(corpus_variants[stem]["pdf"]).text
    blocks = loaded.split("\n\n")
    assert [squeeze(b) for b in blocks] == [squeeze(line) for line in paragraphs(original(stem))]
    # Wrapped lines stay wrapped, as in a real PDF: repairing them is the cleaner's job.
    assert any("\n" in block for block in blocks)
    assert not re.search(r"—\s*\d+\s*—", loaded), "page numbers must be dropped"


@pytest.mark.parametrize(("indent", "space"), [(2, 0), (0, 0.5), (0, 0)])
def test_pdf_paragraphs_without_indent_or_spacing(make_pdf, tmp_path, indent, space):
    text = original("liaocheng_2020_measures")
    path = make_pdf(text, tmp_path / "plain.pdf", indent=indent, paragraph_space=space)
    blocks = [squeeze(b) for b in load_text(path).text.split("\n\n")]
    want = [squeeze(line) for line in paragraphs(text)]
    assert "".join(blocks) == "".join(want)
    if indent or space:
        assert blocks == want
    else:
        # Only the ragged right edge is left: a paragraph whose last line is full runs on into
        # the next, but no paragraph is ever cut in the middle.
        start = 0
        for block in blocks:
            end = start + 1
            while "".join(want[start:end]) != block:
                assert end < len(want) and len("".join(want[start:end])) < len(block), block
                end += 1
            start = end
        assert len(blocks) >= 0.85 * len(want)


# ---------------------------------------------------------------- HTML pages


HEADINGS_AND_MEASURES = {
    "liaocheng_2020_measures": ["一、营造便捷高效的政务环境", "(一) 简化企业开办、注销程序",
                                "1. 压缩企业开办时限。", "2. 推行企业开办“智能审批”。",
                                "二、营造宽松规范的市场环境"],
    "gaotang_2021_19_measures": ["一、持续提升投资建设便利度", "（一）提升工程建设项目审批效率。",
                                 "（二）", "第一条", "第十一条"],
}


@pytest.mark.parametrize("stem", sorted(HEADINGS_AND_MEASURES))
def test_html_keeps_headings_and_measures_in_order_and_drops_the_site(corpus_variants, stem):
    loaded = load_text(corpus_variants[stem]["html"]).text
    blocks = loaded.split("\n\n")
    wanted = HEADINGS_AND_MEASURES[stem]
    positions = [next(i for i, b in enumerate(blocks) if b.startswith(w)) for w in wanted]
    assert positions == sorted(positions)
    for junk in ("当前位置", "首页", "网站地图", "版权所有", "鲁ICP备", "_hmt", "打印本页", "相关链接"):
        assert junk not in loaded


def test_html_declared_gb2312_is_read_as_gb18030(make_html, tmp_path):
    text = original("weihai_2018_work_plan")  # has • and no-break spaces: not in GB2312 or GBK
    path = make_html(text, tmp_path / "page.htm", charset="gb2312")
    loaded = load_text(path)
    assert (loaded.format, loaded.encoding) == ("html", "gb18030")
    assert squeeze(loaded.text) == squeeze(text)


def test_html_old_site_with_br_lines_and_table_layout(tmp_path):
    text = original("gaotang_2021_19_measures")
    lines = paragraphs(text)
    br_lines = "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + line for line in lines)
    rows = "".join(f"<tr><td>{line}</td></tr>" for line in lines)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>'
        '<body><table width="980"><tr><td><a href="/">首页</a> | <a href="/zwgk/">政务公开</a>'
        "</td></tr><tr><td><table>{}</table></td></tr>"
        "<tr><td>版权所有 县政府办公室 网站地图</td></tr></table></body></html>"
    )
    for name, article in (("br.html", f"<div class='TRS_Editor'>{br_lines}</div>"),
                          ("table.html", rows)):
        path = tmp_path / name
        path.write_bytes(page.format(article).encode("gb18030"))
        loaded = load_text(path).text
        assert [squeeze(b) for b in loaded.split("\n\n")] == [squeeze(line) for line in lines]


def test_html_short_notice_keeps_only_the_article(make_html, tmp_path):
    text = "一、营造便捷高效的政务环境\n\n（一）简化企业开办\n\n1. 压缩企业开办时限。"
    loaded = load_text(make_html(text, tmp_path / "notice.html")).text
    assert loaded == text


def test_html_without_navigation(make_html, tmp_path):
    text = original("yongji_2022_business_plan")
    loaded = load_text(make_html(text, tmp_path / "bare.html", with_navigation=False)).text
    assert squeeze(loaded) == squeeze(text)


def test_html_data_table_rows_are_tab_joined(make_html, tmp_path):
    cells = [["序号", "任务", "牵头单位", "完成时限"], ["1", "压缩企业开办时限", "市行政审批局", "6月底前"]]
    table = "<table border='1'>" + "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in cells
    ) + "</table>"
    path = make_html("现将任务分工表印发给你们。\n\n附件：任务分工表", tmp_path / "table.html")
    path.write_bytes(path.read_bytes().replace("<p>附件".encode(), table.encode() + "<p>附件".encode()))
    assert load_text(path).text == (
        "现将任务分工表印发给你们。\n\n序号\t任务\t牵头单位\t完成时限\n\n"
        "1\t压缩企业开办时限\t市行政审批局\t6月底前\n\n附件：任务分工表"
    )


def test_html_wrapper_named_like_a_menu_is_kept(make_html, tmp_path):
    text = original("gaotang_2021_19_measures")
    path = make_html(text, tmp_path / "wrapped.html")
    page = path.read_text(encoding="utf-8")
    page = page.replace("<body>", '<body><div id="wrapper" class="page-header-fixed">')
    path.write_text(page.replace("</body>", "</div></body>"), encoding="utf-8")
    assert squeeze(load_text(path).text) == squeeze(text)


def test_binary_renamed_html(tmp_path):
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert refusal(path).reason == "binary content, not text (looks like a PNG image)"


def test_html_page_without_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title><script>var a = 1;</script></head><body>"
                    "<img src='scan.png'></body></html>", encoding="utf-8")
    assert "no article text" in refusal(path).reason


# ---------------------------------------------------------------- encodings of .txt

def _encodable(path: Path, encoding: str) -> bool:
    try:
        path.read_text(encoding="utf-8").encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


ENCODINGS = [
    ("gbk", "gb18030"),  # weihai has • and no-break spaces, which GBK lacks: GB18030 only
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),  # Python writes a BOM, as Windows Notepad does
    ("utf-16-be", "utf-16"),
    ("utf-8-sig", "utf-8-sig"),
]


@pytest.mark.parametrize(
    ("stem", "written", "detected"),
    [(path.stem, written, detected) for written, detected in ENCODINGS for path in CORPUS
     if _encodable(path, written)],
)
def test_txt_encodings_load_to_the_same_text(tmp_path, stem, written, detected):
    text = original(stem)
    data = text.encode(written)
    if written == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(data)
    loaded = load_text(path)
    assert (loaded.text, loaded.encoding) == (text, detected)


def test_most_of_the_corpus_is_gbk_encodable():
    # So the GBK case above really runs.
    assert sum(_encodable(path, "gbk") for path in CORPUS) >= 4


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_txt_line_ends_are_normalised(tmp_path, newline):
    text = original("gaotang_2021_19_measures")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.replace("\n", newline).encode("gb18030"))
    assert load_text(path).text == text


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t ", "\ufeff \n".encode("utf-16")])
def test_empty_txt(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    error = refusal(path)
    assert error.reason == "empty file"
    assert error.source == "empty.txt"


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_empty_file_of_any_format(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert refusal(path).reason == "empty file"


BINARY, BAD_DOCX = "binary content", "not a valid .docx file"


@pytest.mark.parametrize(
    ("name", "data", "refused", "words"),
    [
        ("notes.txt", bytes(range(256)) * 8, BINARY, "NUL bytes"),
        ("notes.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)), BINARY, "PNG image"),
        # a PDF under a text name is read as the PDF it is (here a broken one)
        ("notes.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a valid PDF", "PdfStreamError"),
        ("notes.txt", bytes(range(1, 9)) * 40 + "政策".encode(), BINARY, "control characters"),
        ("broken.docx", b"this is not a zip archive at all", BAD_DOCX, "not a ZIP archive"),
        # a Word 97-2003 header under a .docx name is read as the .doc it claims to be
        ("broken.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
         "not a readable .doc file", "is not a Word Document"),
    ],
    ids=["txt-nul", "txt-png", "txt-pdf", "txt-controls", "docx-text", "docx-doc"],
)
def test_content_that_is_not_its_format(tmp_path, name, data, refused, words):
    path = tmp_path / name
    path.write_bytes(data)
    why = refusal(path).reason
    assert why.startswith(refused)
    assert words in why


def test_undecodable_txt(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 20)  # high bytes only: no encoding makes text
    assert "encoding" in refusal(path).reason


def test_broken_utf16_with_bom(tmp_path):
    path = tmp_path / "half.txt"
    path.write_bytes("政策文件".encode("utf-16") + b"\x00")  # an odd byte count
    assert "not valid utf-16" in refusal(path).reason


def test_oversized_file(corpus_variants):
    path = corpus_variants["gaotang_2021_19_measures"]["txt"]
    why = refusal(path, max_bytes=1000).reason
    assert re.fullmatch(r"file too large \(0\.01\d+ MB > 0\.000954 MB limit\)", why)
    assert load_text(path, max_bytes=path.stat().st_size).text


@pytest.mark.parametrize("suffix", [".xyz", ".wps", ""])
def test_unsupported_suffix(tmp_path, suffix):
    # Binary content no reader takes, under a name that claims no format we read (a text
    # under such a name is read: tests/ingest/test_content_formats.py).
    path = tmp_path / f"policy{suffix}"
    path.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    why = refusal(path).reason
    assert why.startswith("unsupported file type")
    assert (f"'{suffix}'" if suffix else "(no suffix)") in why
    assert all(s in why for s in SUPPORTED_SUFFIXES)


def test_missing_file(tmp_path):
    assert refusal(tmp_path / "gone.pdf").reason == "file not found"


def test_suffix_case_and_htm(corpus_variants, tmp_path):
    html = corpus_variants["gaotang_2021_19_measures"]["html"]
    upper = tmp_path / "PAGE.HTM"
    upper.write_bytes(html.read_bytes())
    assert load_text(upper).format == "html"


# ---------------------------------------------------------------- .docx specifics


def _bomb(path: Path, megabytes: int) -> Path:
    """A .docx-named archive whose document.xml inflates from a few KB to `megabytes` MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(b"\0" * 1024 * 1024)
    return path


def test_zip_bomb_docx_by_ratio(tmp_path):
    why = refusal(_bomb(tmp_path / "bomb.docx", 20)).reason
    assert why.startswith("suspicious .docx")
    assert "compression ratio" in why and "word/document.xml" in why


def test_zip_bomb_docx_by_total_size(tmp_path):
    why = refusal(_bomb(tmp_path / "bigger.docx", 250)).reason
    assert why.startswith("suspicious .docx: would inflate to 250 MB")


def test_truncated_docx(corpus_variants, tmp_path):
    data = corpus_variants["liaocheng_2020_measures"]["docx"].read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert refusal(path).reason.startswith("not a valid .docx file")


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refusal(path).reason.startswith("not a valid .docx file")


def test_docx_tables_and_line_breaks(tmp_path):
    document = Document()
    document.add_paragraph("一、任务分工")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["序号", "任务", "责任单位"], ["1", "压缩开办时限", "市行政审批局"],
                             ["2", "推行智能审批", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    # a vertically merged office column: the office is every spanned row's (Word keeps the
    # text in the first row's cell only)
    table.cell(2, 2).merge(table.cell(1, 2))
    paragraph = document.add_paragraph("二、保障措施")
    paragraph.add_run().add_break()
    paragraph.add_run("（一）加强组织领导")
    document.add_paragraph("   ")  # an empty paragraph is skipped
    document.add_paragraph("（二）强化督导")
    path = tmp_path / "tables.docx"
    document.save(str(path))
    assert load_text(path).text == (
        "一、任务分工\n\n序号\t任务\t责任单位\n\n1\t压缩开办时限\t市行政审批局\n\n2\t推行智能审批\t市行政审批局"
        "\n\n二、保障措施\n（一）加强组织领导\n\n（二）强化督导"
    )


def test_docx_tracked_changes_read_as_accepted(tmp_path):
    document = Document()
    paragraph = document.add_paragraph("办理时限压缩至")
    for tag, text_tag, text in (("w:del", "w:delText", "5个工作日"), ("w:ins", "w:t", "3个工作日")):
        change = OxmlElement(tag)
        change.set(qn("w:id"), "1")
        change.set(qn("w:author"), "审核人")
        run, run_text = OxmlElement("w:r"), OxmlElement(text_tag)
        run_text.text = text
        run.append(run_text)
        change.append(run)
        paragraph._p.append(change)
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert load_text(path).text == "办理时限压缩至3个工作日"


# ---------------------------------------------------------------- .pdf specifics


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.rect(72, 400, 300, 200, fill=1)
        pdf.circle(300, 300, 50)
        pdf.showPage()
    pdf.save()
    # Drawings hold no text: OCR, where it is installed, reads none, and the file is refused.
    assert refusal(path).reason.startswith("PDF has no text layer (scanned image?)")
    assert refusal(path).kind == "scanned"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n" + bytes(range(256)) * 4, b"not a pdf at all, just words"],
    ids=["garbage-after-header", "no-header"],
)
def test_corrupt_pdf(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    assert refusal(path).reason.startswith("not a valid PDF (")


def test_encrypted_pdf(corpus_variants, tmp_path):
    source = corpus_variants["gaotang_2021_19_measures"]["pdf"]
    for user_password, name in (("", "open.pdf"), ("secret", "locked.pdf")):
        writer = PdfWriter(clone_from=source)
        # RC4: pypdf writes and reads it without the optional `cryptography` package.
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        writer.write(tmp_path / name)
    opened = load_text(tmp_path / "open.pdf")
    assert squeeze(opened.text) == squeeze(original("gaotang_2021_19_measures"))
    assert "password-protected" in refusal(tmp_path / "locked.pdf").reason


# ---------------------------------------------------------------- properties


BOMS_AND_PREFIXES = st.sampled_from(
    [b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", "政策".encode("gb18030"), b"%PDF-1.4\n", b"PK\x03\x04"]
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=BOMS_AND_PREFIXES, data=st.binary(max_size=2000))
def test_any_bytes_in_a_txt_load_or_raise_load_error(tmp_path_factory, prefix, data):
    path = tmp_path_factory.getbasetemp() / "fuzz.txt"
    path.write_bytes(prefix + data)
    try:
        loaded = load_text(path)
    except LoadError as exc:
        assert exc.reason and exc.source == "fuzz.txt"
    else:
        assert loaded.text.strip() and "\r" not in loaded.text and "\x00" not in loaded.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=BOMS_AND_PREFIXES, data=st.binary(max_size=2000),
       suffix=st.sampled_from([".docx", ".pdf", ".html"]))
def test_any_bytes_in_other_formats_load_or_raise_load_error(tmp_path_factory, prefix, data, suffix):
    path = tmp_path_factory.getbasetemp() / f"fuzz{suffix}"
    path.write_bytes(prefix + data)
    try:
        load_text(path)
    except LoadError as exc:
        assert exc.reason


# Printable text; U+FFFD is left out because text made mostly of it is refused on purpose.
TEXT = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\ufffd")
    | st.sampled_from("\n\t"),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_text_round_trips(tmp_path_factory, text, encoding):
    path = tmp_path_factory.getbasetemp() / "round.txt"
    path.write_bytes(text.encode(encoding))
    if not text.strip():
        with pytest.raises(LoadError, match="empty file"):
            load_text(path)
    else:
        assert load_text(path).text == text
