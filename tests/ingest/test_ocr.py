"""OCR of PDF pages whose text is drawn: a scanned document, and a 红头 and title printed as
pictures over a text layer that lacks them. The oracle is the text the test draws itself
(Pillow with the Noto CJK font that `make system-deps` installs), never the parser's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.errors import LoadError
from ingest.loaders import load_text, ocr, pdf_ocr
from ingest.pipeline import parse_text

FONTS = Path("/usr/share/fonts/opentype/noto")
needs_font = pytest.mark.skipif(not (FONTS / "NotoSerifCJK-Regular.ttc").exists(),
                                reason="Noto CJK fonts not installed (make system-deps)")
needs_tesseract = pytest.mark.skipif(ocr.engine() is None,
                                     reason="tesseract with chi_sim not installed (make system-deps)")

DPI = 200
RED_HEADER = "东平市人民政府办公室文件"
DOC_NUMBER = "东府办〔2024〕15号"
TITLE_LINES = ("东平市人民政府办公室关于印发", "东平市促进小微企业发展办法的通知")
TITLE = "".join(TITLE_LINES)
ADDRESSEE = "各区人民政府，市政府各部门："
ISSUED_TITLE = "东平市促进小微企业发展办法"
NOTICE_BODY = ("现将《东平市促进小微企业发展办法》印发给你们，", "请认真贯彻执行。",
               "东平市人民政府办公室", "2024年3月1日")
ARTICLES = (
    "第一条 为了支持小微企业发展，制定本办法。",
    "第二条 本办法适用于本市登记注册的小微企业。",
    "第三条 市财政每年安排专项资金用于贷款贴息。",
    "第四条 本办法自发布之日起施行。",
)


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "NotoSerifCJK-Bold.ttc" if bold else "NotoSerifCJK-Regular.ttc"
    return ImageFont.truetype(str(FONTS / name), round(size_pt * DPI / 72), index=2)  # SC face


def _draw_page(lines: list[tuple[str, float, bool, bool]]) -> Image.Image:
    """An A4 page at DPI with each (text, size in pt, bold, centred) line drawn top down, as a
    scanner would see a printed 公文."""
    width, height = round(8.27 * DPI), round(11.69 * DPI)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = round(1.2 * DPI)
    for text, size, bold, centred in lines:
        font = _font(size, bold)
        text_width = draw.textlength(text, font=font)
        x = (width - text_width) / 2 if centred else round(1.1 * DPI)
        draw.text((x, y), text, font=font, fill=0)
        y += round(size * DPI / 72 * 1.9)
    return page


def _scanned_pdf(path: Path) -> Path:
    page = _draw_page([(RED_HEADER, 30, True, True), (DOC_NUMBER, 16, False, True),
                       *[(line, 22, True, True) for line in TITLE_LINES], (ADDRESSEE, 16, False, False),
                       *[(article, 16, False, False) for article in ARTICLES]])
    page.save(path, "PDF", resolution=DPI)  # an image and nothing else: no text layer
    return path


@needs_font
@needs_tesseract
def test_a_scanned_document_is_read_by_ocr_and_parsed(tmp_path):
    loaded = load_text(_scanned_pdf(tmp_path / "scan.pdf"))
    (document,) = parse_text(loaded)
    assert document.title == TITLE
    assert document.doc_number == DOC_NUMBER
    assert [m.number for m in document.measures] == ["art1", "art2", "art3", "art4"]
    assert document.measures[2].text.startswith("第三条市财政每年安排专项资金")
    assert any(w.startswith("text read by OCR: page 1 had no text layer") for w in document.warnings)


def _text_pdf_with_drawn_head(path: Path, *, title_in_text: bool) -> Path:
    """A Word export as governments publish it: the 文号, addressee and body in the text layer,
    the 红头 and title drawn as pictures (or, for the control, the title written as text)."""
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4

    def picture(text: str, size: float, top: float) -> None:
        font = _font(size, bold=True)
        box = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
        image = Image.new("L", (box[2] + 8, box[3] + 8), 255)
        ImageDraw.Draw(image).text((4, 4), text, font=font, fill=0)
        w, h = image.width * 72 / DPI, image.height * 72 / DPI
        pdf.drawImage(ImageReader(image), (width - w) / 2, top - h, w, h)

    picture(RED_HEADER, 30, height - 110)
    pdf.setFont("STSong-Light", 16)
    pdf.drawCentredString(width / 2, height - 190, DOC_NUMBER)
    for k, line in enumerate(TITLE_LINES):
        if title_in_text:
            pdf.setFont("STSong-Light", 22)
            pdf.drawCentredString(width / 2, height - 250 - 34 * k, line)
        else:
            picture(line, 22, height - 230 - 34 * k)
    pdf.setFont("STSong-Light", 16)
    y = height - 340
    for line in (ADDRESSEE, *NOTICE_BODY):
        pdf.drawString(80, y, line)
        y -= 30
    pdf.showPage()
    # The 办法 the notice issues starts on page 2 under its own title, drawn the same way.
    picture(ISSUED_TITLE, 22, height - 100)
    pdf.setFont("STSong-Light", 16)
    y = height - 170
    for line in ARTICLES:
        pdf.drawString(80, y, line)
        y -= 30
    pdf.showPage()
    pdf.save()
    return path


@needs_font
@needs_tesseract
def test_a_title_drawn_as_a_picture_is_read_from_it(tmp_path):
    loaded = load_text(_text_pdf_with_drawn_head(tmp_path / "head.pdf", title_in_text=False))
    (document,) = parse_text(loaded)
    assert document.notice_title == TITLE
    assert document.title == ISSUED_TITLE  # page 2's heading, drawn the same way
    assert document.doc_number == DOC_NUMBER  # from the text layer, placed under the 红头
    assert [m.number for m in document.measures] == ["art1", "art2", "art3", "art4"]
    assert "红头 and title" in loaded.meta["<read by OCR>"]
    assert any("page 2: a heading drawn as a picture" in w for w in document.warnings)


@needs_font
def test_a_text_layer_with_its_own_title_is_not_read_by_ocr(tmp_path, monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR must not run where the text layer prints the title")

    monkeypatch.setattr(ocr, "read_page", no_ocr)
    monkeypatch.setattr(ocr, "read_line", no_ocr)
    monkeypatch.setattr(ocr, "engine", lambda: "/usr/bin/tesseract")
    loaded = load_text(_text_pdf_with_drawn_head(tmp_path / "titled.pdf", title_in_text=True))
    assert "<read by OCR>" not in loaded.meta
    assert TITLE_LINES[1] in loaded.text


@needs_font
def test_without_tesseract_a_scan_is_refused_with_its_reason(tmp_path, monkeypatch):
    from ui.admin import unreadable

    monkeypatch.setattr(ocr, "engine", lambda: None)
    with pytest.raises(LoadError) as refused:
        load_text(_scanned_pdf(tmp_path / "scan.pdf"))
    assert refused.value.kind == "scanned"
    assert "no OCR engine: install tesseract-ocr and tesseract-ocr-chi-sim" in refused.value.reason
    assert "未安装文字识别组件" in unreadable(refused.value)


def test_no_engine_is_found_where_tesseract_is_not_on_the_path(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert ocr.engine.__wrapped__() is None


@needs_font
def test_a_drawn_head_read_without_confidence_is_left_out(tmp_path, monkeypatch):
    # Whatever OCR reads, a head it is unsure of (one word below TRUSTED) is not used.
    def unsure(page, box=None):
        return [ocr.OcrLine("东平市人民政府办公室关于印发", box[0], box[1], box[2], box[3], 95.0),
                ocr.OcrLine("东平市促进小微企业发晨办法的通知", box[0], box[1], box[2], box[3],
                            ocr.TRUSTED - 20)]

    monkeypatch.setattr(ocr, "engine", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "read_page", unsure)
    monkeypatch.setattr(ocr, "read_line", lambda page, box: None)
    loaded = load_text(_text_pdf_with_drawn_head(tmp_path / "head.pdf", title_in_text=False))
    assert "发晨" not in loaded.text and "关于印发" not in loaded.text
    assert "could not read it with confidence" in loaded.meta["<read by OCR>"]


@pytest.mark.parametrize(("read", "printed"), [
    ("关于 印发 《 办法 》 的 通知", "关于印发《办法》的通知"),
    ("各区 人民 政府 , 市 政府 各 部门 :", "各区人民政府，市政府各部门："),
    ("沪府办 [2016] 87号", "沪府办〔2016〕87号"),
    ("(一) 加强 组织 领导", "（一）加强组织领导"),
    ("G60 科创 走廊", "G60科创走廊"),
])
def test_ocr_text_is_normalised_as_chinese_prints_it(read, printed):
    assert ocr.normalise(read) == printed


def test_pages_read_are_named_in_runs():
    assert pdf_ocr._pages([1, 2, 3, 5]) == "pages 1–3, 5"
    assert pdf_ocr._pages([4]) == "page 4"


@needs_font
@needs_tesseract
def test_a_long_scan_is_read_up_to_the_page_limit_and_says_what_it_left(tmp_path, monkeypatch):
    first = _draw_page([(RED_HEADER, 30, True, True), (DOC_NUMBER, 16, False, True),
                        *[(line, 22, True, True) for line in TITLE_LINES],
                        (ADDRESSEE, 16, False, False), *[(a, 16, False, False) for a in ARTICLES[:2]]])
    second = _draw_page([(a, 16, False, False) for a in ARTICLES[2:]])
    path = tmp_path / "long.pdf"
    first.save(path, "PDF", resolution=DPI, save_all=True, append_images=[second])
    monkeypatch.setattr(pdf_ocr, "OCR_PAGES", 1)
    (document,) = parse_text(load_text(path))
    assert [m.number for m in document.measures] == ["art1", "art2"]
    assert any("page 2 had no text layer and was not read (OCR reads at most 1 pages" in w
               for w in document.warnings)
