"""Word and PDF files as governments publish them, built here in their real shape: Word's own
list numbering (the numbers are not in the text), tables, and PDF pages with a running head,
a footer and page numbers printed in several forms. The expected units are read off the
source text written below, never off the parser.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.markers import organs_of_line
from ingest.pipeline import parse_file

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# How a government office's Word template numbers an outline: 一、 / （一） / 1. (Word 2010+
# writes the （一） level's format as a custom one, with a decimal fallback for older readers).
_OUTLINE = f"""<w:abstractNum {_W} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/>
    <mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
      <mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice>
      <mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback>
    </mc:AlternateContent><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _numbered(document, text: str, level: int, num_id: int = 90) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def make_numbered_docx(path: Path) -> Path:
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_OUTLINE))  # abstractNum definitions come before num
    numbering.append(parse_xml(f'<w:num {_W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text in ("某市人民政府办公室关于印发某市优化营商环境若干措施的通知", "某府办〔2024〕3号",
                 "各区人民政府，市政府各部门：", "现将《某市优化营商环境若干措施》印发给你们，请认真贯彻执行。",
                 "某市人民政府办公室", "2024年3月1日", "某市优化营商环境若干措施"):
        document.add_paragraph(text)
    _numbered(document, "总体要求", 0)
    document.add_paragraph("以企业需求为导向，持续优化营商环境。")
    _numbered(document, "提升政务服务效能", 0)
    _numbered(document, "推行企业开办一日办结。（责任单位：市市场监管局、市税务局）", 1)
    _numbered(document, "深化工程建设项目审批改革。", 1)
    _numbered(document, "社会投资简易低风险项目审批时间压缩至15个工作日。（牵头单位：市住房城乡建设局）", 2)
    _numbered(document, "推行联合验收。（牵头单位：市住房城乡建设局；配合单位：市规划资源局）", 2)
    _numbered(document, "降低企业经营成本", 0)
    _numbered(document, "落实减税降费政策。（责任单位：市税务局）", 1)
    _numbered(document, "推进水电气报装便利化。实行报装一站式服务。", 1)
    document.add_paragraph("附件：重点任务分工表")
    table = document.add_table(rows=3, cols=4)
    for row, cells in zip(table.rows, (("序号", "重点任务", "牵头单位", "配合单位"),
                                       ("1", "推行企业开办一日办结", "市市场监管局", "市税务局"),
                                       ("2", "推进水电气报装便利化", "市发展改革委", "市住房城乡建设局、市水务局")),
                          strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def test_word_list_numbering_is_read_as_printed(tmp_path):
    (doc,) = parse_file(make_numbered_docx(tmp_path / "measures.docx"))
    assert doc.title == "某市优化营商环境若干措施"
    assert doc.doc_number == "某府办〔2024〕3号"
    # 一、总体要求 frames the plan; 二、（一）, 二、（二）1. and 2., 三、（一) are the measures.
    got = [(m.number, m.printed_number) for m in doc.measures]
    assert got == [("1", "（一）"), ("1", "1."), ("2", "2."), ("1", "（一）"), ("2", "（二）")]
    units = doc.measures
    assert units[0].offices == ("市市场监管局", "市税务局")
    assert units[1].lead_offices == ("市住房城乡建设局",)
    assert (units[2].lead_offices, units[2].offices) == (("市住房城乡建设局",), ("市规划资源局",))
    assert units[3].text.startswith("（一）落实减税降费政策")
    # The attached 任务分工表 restates the measures: no document of its own, its rows give
    # offices where a measure prints none (a measure's own bracket wins).
    assert units[0].offices == ("市市场监管局", "市税务局") and units[0].lead_offices == ()
    assert (units[4].lead_offices, units[4].offices) == (("市发展改革委",), ("市住房城乡建设局", "市水务局"))


def _register_font() -> str:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


# Lines as a government PDF prints them: 28 characters to a line at 15 pt, paragraphs
# indented two characters, lines wrapped wherever the line is full.
PDF_PAGES = [
    ["某县人民政府关于支持中小企业发展的若干意见",
     "各乡镇人民政府，县政府各部门：",
     "  为支持中小企业发展，结合本县实际，提出如下意见。",
     "  一、加大财政支持。县财政每年安排中小企业发展专项资金",
     "500万元，重点支持企业技术改造和市场开拓。（责任单位：县",
     "财政局、县工信局）",
     "  二、降低融资成本。对企业贷款给予贴息，贴息比例不超过",
     "贷款基准利率的50%。（责任单位：县金融办）"],
    ["  三、优化审批服务。企业投资项目审批时限压缩至10个工作",
     "日。（责任单位：县行政审批局）",
     "  四、强化用地保障。优先保障中小企业用地需求。（责任单",
     "位：县自然资源局）",
     "某县人民政府",
     "2024年5月6日"],
]


def make_published_pdf(path: Path, page_number: str) -> Path:
    """Every page carries the issuer's running head and a footer line, and a page number in
    the form `page_number` ("— {n} —", "-{n}-", "第{n}页 共{total}页")."""
    font = _register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for n, lines in enumerate(PDF_PAGES, start=1):
        pdf.setFont(font, 9)
        pdf.drawString(72, height - 40, "某县人民政府规范性文件")
        pdf.drawString(72, 30, "某县人民政府办公室印制")
        pdf.drawCentredString(width / 2, 48, page_number.format(n=n, total=len(PDF_PAGES)))
        y = height - 90
        for line in lines:
            pdf.setFont(font, 15)
            pdf.drawString(72 + (30 if line.startswith("  ") else 0), y, line.strip())
            y -= 28
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_running_heads_footers_and_page_numbers_are_dropped(tmp_path):
    for form in ("— {n} —", "-{n}-", "第{n}页 共{total}页", "共{total}页 第{n}页", "Page {n} of {total}"):
        (doc,) = parse_file(make_published_pdf(tmp_path / "opinion.pdf", form))
        assert doc.title == "某县人民政府关于支持中小企业发展的若干意见"
        assert (doc.issuer, doc.issued) == ("某县人民政府", "2024-05-06")
        texts = [m.text.replace("\n", "") for m in doc.measures]
        assert texts == [
            "一、加大财政支持。县财政每年安排中小企业发展专项资金500万元，重点支持企业技术改造和"
            "市场开拓。（责任单位：县财政局、县工信局）",
            "二、降低融资成本。对企业贷款给予贴息，贴息比例不超过贷款基准利率的50%。（责任单位：县金融办）",
            "三、优化审批服务。企业投资项目审批时限压缩至10个工作日。（责任单位：县行政审批局）",
            "四、强化用地保障。优先保障中小企业用地需求。（责任单位：县自然资源局）",
        ], form
        assert [m.offices for m in doc.measures] == [("县财政局", "县工信局"), ("县金融办",),
                                                     ("县行政审批局",), ("县自然资源局",)]


# A document as GB/T 9704 lays it out: the letterhead (…文件) with the 文号 centred under it,
# the title in a larger size centred over two lines, the body in 16 pt with 28 characters to a line and paragraphs
# indented two characters, the 落款 set to the right, page numbers (— 1 —) at the bottom
# right on odd pages and left on even ones.
OFFICIAL = {
    "title": ["某省人民政府办公厅关于进一步优化营商环境", "降低市场主体制度性交易成本的实施意见"],
    "number": "某政办发〔2024〕12号",
    "addressee": "各市人民政府，省政府各部门：",
    "body": [
        "为进一步优化营商环境，降低市场主体制度性交易成本，经省政府同意，现提出以下实施意见。",
        "一、推进市场准入便利化",
        "（一）全面推行企业开办一网通办，将企业开办时间压缩至1个工作日以内，免费为新开办企业刻制公章。"
        "（责任单位：省市场监管局、省公安厅）",
        "（二）深化经营范围登记规范化改革，推行住所与经营场所分离登记。（责任单位：省市场监管局）",
        "二、规范涉企收费",
        "（三）全面清理规范涉企收费项目，对违规收费行为依法严肃查处，坚决防止乱收费、乱罚款、乱摊派。"
        "（责任单位：省发展改革委、省财政厅、省市场监管局）",
        "（四）降低企业用电用气成本，推动转供电环节加价清理到位。（责任单位：省发展改革委）",
    ],
    "signer": "某省人民政府办公厅",
    "date": "2024年6月3日",
}


def _wrap(text: str, first: int, width: int) -> list[str]:
    lines, line, room = [], "", first
    for char in text:
        if len(line) == room:
            lines.append(line)
            line, room = "", width
        line += char
    return [*lines, line]


def make_official_pdf(path: Path) -> Path:
    font = _register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    left, size, leading = 73.5, 16, 28.9
    y, page = height - 100, 1

    def draw(text: str, x: float, font_size: float = size) -> None:
        nonlocal y, page
        if y < 380:  # (a short page, so paragraphs run across pages)
            pdf.setFont(font, 14)
            number = f"— {page} —"
            if page % 2:
                pdf.drawRightString(width - left, 50, number)
            else:
                pdf.drawString(left, 50, number)
            pdf.showPage()
            y, page = height - 100, page + 1
        pdf.setFont(font, font_size)
        pdf.drawString(x, y, text)
        y -= leading if font_size == size else font_size * 1.6

    draw("某省人民政府办公厅文件", (width - 30 * 11) / 2, 30)  # the letterhead (版头)
    draw(OFFICIAL["number"], (width - size * len(OFFICIAL["number"]) * 0.8) / 2)
    for line in OFFICIAL["title"]:
        draw(line, (width - 22 * len(line)) / 2, 22)
    draw(OFFICIAL["addressee"], left)
    for paragraph in OFFICIAL["body"]:
        for n, line in enumerate(_wrap(paragraph, 26, 28)):
            draw(line, left + (2 * size if n == 0 else 0))
    y -= leading
    for line in (OFFICIAL["signer"], OFFICIAL["date"]):
        draw(line, width - left - 4 * size - size * len(line))
    draw("（此件公开发布）", left + 2 * size)
    pdf.setFont(font, 14)
    pdf.drawRightString(width - left, 50, f"— {page} —") if page % 2 else pdf.drawString(left, 50, f"— {page} —")
    pdf.showPage()
    pdf.save()
    return path


def test_a_pdf_laid_out_as_an_official_document(tmp_path):
    (doc,) = parse_file(make_official_pdf(tmp_path / "official.pdf"))
    assert doc.title == "".join(OFFICIAL["title"])
    assert doc.doc_number == OFFICIAL["number"]
    assert (doc.issuer, doc.issued) == ("某省人民政府办公厅", "2024-06-03")
    assert [m.text.replace("\n", "") for m in doc.measures] == [
        p for p in OFFICIAL["body"] if p.startswith("（")]
    assert [m.offices for m in doc.measures] == [
        ("省市场监管局", "省公安厅"), ("省市场监管局",), ("省发展改革委", "省财政厅", "省市场监管局"),
        ("省发展改革委",)]


def test_word_numbering_held_by_the_paragraph_style(tmp_path):
    """Measures typed in Word's "List Number" style: the style carries the numbering."""
    document = Document()
    document.add_paragraph("某区关于支持小微企业发展的若干措施")
    for text in ("对新设立的小微企业给予开办补贴。", "小微企业招用应届毕业生的，给予社保补贴。",
                 "小微企业首次贷款的，给予贴息支持。"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "list.docx"
    document.save(str(path))
    (doc,) = parse_file(path)
    assert [(m.number, m.text) for m in doc.measures] == [
        ("1", "1.对新设立的小微企业给予开办补贴。"), ("2", "2.小微企业招用应届毕业生的，给予社保补贴。"),
        ("3", "3.小微企业首次贷款的，给予贴息支持。")]


def test_a_sentence_that_happens_to_open_every_page_is_the_texts(tmp_path):
    font = _register_font()
    path = tmp_path / "guide.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    pages = [["某区专项资金申报指南", "一、申报材料", "（一）技术改造项目", "1．项目申请表；"],
             ["2．其他相关材料。", "（二）市场开拓项目", "1．参展证明；"],
             ["2．其他相关材料。", "（三）人才引进项目", "1．引进人才名单；"],
             ["2．其他相关材料。", "二、联系方式", "电话：12345678"]]
    for n, lines in enumerate(pages, start=1):
        y = height - 90
        for line in lines:
            pdf.setFont(font, 15)
            pdf.drawString(72, y, line)
            y -= 28
        pdf.setFont(font, 9)
        pdf.drawCentredString(width / 2, 48, f"- {n} -")
        pdf.showPage()
    pdf.save()
    (doc,) = parse_file(path)
    texts = [m.text for m in doc.measures]
    assert texts.count("2．其他相关材料。") == 3


STAMPED_LAW = """example.org
某某读本 » 2020-某某法
中华人民共和国某某法
https://example.org/laws/
来源：某某网法律库 2021年5月19日（1997年3月14日第八届全国人民代表大会第五次会议通过　2020年12月26日第十三届全国人民代表大会常务委员会第二十四次会议修正）
第一条　为了规范某某活动，制定本法。
第二条　本法自公布之日起施行。
"""


def test_a_repository_stamp_over_a_pdf_is_no_title_its_record_is(tmp_path, make_pdf):
    # A repository stamped its site over the text and ran its record into the adoption line;
    # the file's own Title names the law, printed under the stamp.
    (doc,) = parse_file(make_pdf(STAMPED_LAW, tmp_path / "law.pdf", title="中华人民共和国某某法"))
    assert doc.title == "中华人民共和国某某法"
    assert [m.number for m in doc.measures] == ["art1", "art2"]
    (doc,) = parse_file(make_pdf(STAMPED_LAW, tmp_path / "untitled.pdf"))
    assert doc.title != "example.org"


NOTICE = """关于做好某某补贴发放工作的通知
某财〔2024〕3号
各区财政局：
一、按时发放补贴。
二、加强资金监管。
某市财政局
2024年4月17日
"""


def test_a_pdf_record_naming_a_site_or_a_file_never_beats_the_printed_title(tmp_path, make_pdf):
    for stamp in ("www.example.com", "scan_0042.doc", "Microsoft Word - 新建文档", "某某政府网"):
        (doc,) = parse_file(make_pdf(NOTICE, tmp_path / "notice.pdf", title=stamp))
        assert doc.title == "关于做好某某补贴发放工作的通知"
        assert doc.doc_number == "某财〔2024〕3号"


def test_a_pdf_record_that_reads_as_a_title_names_a_text_printing_none(tmp_path, make_pdf):
    body = NOTICE.replace("关于做好某某补贴发放工作的通知\n", "")
    (doc,) = parse_file(make_pdf(body, tmp_path / "bare.pdf", title="关于做好某某补贴发放工作的通知"))
    assert doc.title == "关于做好某某补贴发放工作的通知"


def test_a_word_files_title_property_names_a_text_printing_none(tmp_path):
    body = NOTICE.replace("关于做好某某补贴发放工作的通知\n", "")
    document = Document()
    for line in body.splitlines():
        document.add_paragraph(line)
    document.core_properties.title = "关于做好某某补贴发放工作的通知"
    document.save(str(tmp_path / "bare.docx"))
    (doc,) = parse_file(tmp_path / "bare.docx")
    assert (doc.title, doc.doc_number) == ("关于做好某某补贴发放工作的通知", "某财〔2024〕3号")
    # a property naming the file, not the text, is no title; the printed title wins over it
    document.core_properties.title = "新建 Microsoft Word 文档"
    document.save(str(tmp_path / "stamped.docx"))
    (doc,) = parse_file(tmp_path / "stamped.docx")
    assert doc.title != "新建 Microsoft Word 文档"


def test_a_pdf_is_opened_once_for_its_text_and_its_record(tmp_path, make_pdf, monkeypatch):
    import pypdf

    opened = []

    class CountingReader(pypdf.PdfReader):
        def __init__(self, *args, **kwargs):
            opened.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pypdf, "PdfReader", CountingReader)
    (doc,) = parse_file(make_pdf(NOTICE, tmp_path / "notice.pdf", title="关于做好某某补贴发放工作的通知"))
    assert doc.title == "关于做好某某补贴发放工作的通知"
    assert len(opened) == 1


def test_a_pdf_record_names_a_text_whose_printed_heading_names_no_kind_of_document(tmp_path, make_pdf):
    # a bulletin's heading over the notice, and no title line of the notice's own
    body = NOTICE.replace("关于做好某某补贴发放工作的通知\n", "某市财政工作简报\n")
    (doc,) = parse_file(make_pdf(body, tmp_path / "bulletin.pdf", title="关于做好某某补贴发放工作的通知"))
    assert doc.title == "关于做好某某补贴发放工作的通知"
    # …while a printed title that is one keeps its place before a record that is another's
    (doc,) = parse_file(make_pdf(NOTICE, tmp_path / "notice.pdf", title="关于印发某某办法的通知"))
    assert doc.title == "关于做好某某补贴发放工作的通知"


def test_a_pdf_whose_font_maps_characters_to_radicals_reads_as_the_characters(tmp_path, make_pdf):
    # Chromium printing a page in Noto Serif CJK (and many office tools) map a character's
    # glyph to the radical drawn alike: the text layer says 中华⼈⺠共和国 (U+2F08 U+2EA0),
    # ⻓期, ⽬录. Read as the characters, or no title, organ or 第N条 is found.
    text = """中华⼈⺠共和国某某促进法
（2017年9⽉1⽇第⼗⼆届全国⼈⺠代表⼤会常务委员会第⼆⼗九次会议通过）
第⼀条　为了改善经营环境，制定本法。
第⼆条　国家对某某实⾏积极扶持、加强引导的⽅针。
第三条　本法⾃2018年1⽉1⽇起施⾏。
"""
    (doc,) = parse_file(make_pdf(text, tmp_path / "law.pdf"))
    assert doc.title == "中华人民共和国某某促进法"
    assert (doc.issuer, doc.issued) == ("第十二届全国人民代表大会常务委员会", "2017-09-01")
    assert [m.number for m in doc.measures] == ["art1", "art2", "art3"]
    assert doc.measures[1].text.endswith("国家对某某实行积极扶持、加强引导的方针。")


def test_a_title_wrapped_inside_its_issuers_name_keeps_the_name(tmp_path, make_pdf):
    # A title set in a large size wraps where the line is full, here inside the issuer's name
    # (…人民代表 / 大会关于…): the name is read from its place on, across the break.
    text = """喀喇沁左翼蒙古族自治县人民代表
大会关于修改《喀喇沁左翼蒙古族自治县民族教育条例》的决定
（2020年12月24日喀喇沁左翼蒙古族自治县第十六届人民代表大会第四次会议通过）
一、将第八条第二款修改为：“民族学校应有专业人员负责民族教育工作。”
二、将第九条第一款删除。
"""
    (doc,) = parse_file(make_pdf(text, tmp_path / "decision.pdf"))
    assert doc.title == ("喀喇沁左翼蒙古族自治县人民代表大会关于修改《喀喇沁左翼蒙古族自治县民族教育条例》"
                         "的决定")
    # (a menu run in above a title stays out of it: national dev's 华北能源监管局 page)


def test_a_doc_number_line_with_its_date_field_stands_apart_from_a_wrapped_addressee(tmp_path, make_pdf):
    # 16 pt: the addressee wraps to a second line, so only its end reads as an addressee
    text = """黑龙江省人民政府关于进一步推进户籍制度改革工作的通知
黑政发〔2014〕25号　　发文时间：2014-11-03
各市（地）、县（市）人民政府（行署），省政府各直属单位：
一、进一步调整户口迁移政策。全面放开中小城市落户限制。
二、切实保障农业转移人口合法权益。
黑龙江省人民政府
2014年10月31日
"""
    (doc,) = parse_file(make_pdf(text, tmp_path / "notice.pdf", font_size=16))
    assert doc.doc_number == "黑政发〔2014〕25号"
    assert [m.number for m in doc.measures] == ["1", "2"]


def test_a_task_table_cell_merged_down_several_rows_leads_each_of_them(tmp_path):
    # python-docx's merge writes Word's vMerge: the text stays in the first row's cell, the
    # rows below hold empty continuation cells; the office leads every task it spans.
    document = Document()
    for text in ("某市优化营商环境若干措施", "一、提升政务服务效能", "（一）推行企业开办一日办结。",
                 "（二）深化工程建设项目审批改革。", "（三）推进水电气报装便利化。", "（四）落实减税降费政策。",
                 "附件", "重点任务分工表"):
        document.add_paragraph(text)
    rows = (("序号", "重点任务", "牵头单位", "配合单位"), ("1", "推行企业开办一日办结", "市市场监管局", "市税务局"),
            ("2", "深化工程建设项目审批改革", "", "市规划资源局"), ("3", "推进水电气报装便利化", "", "市水务局"),
            ("4", "落实减税降费政策", "市税务局", "市财政局"))
    table = document.add_table(rows=5, cols=4)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    table.cell(2, 2).merge(table.cell(3, 2)).text = "市住房城乡建设局"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    (doc,) = parse_file(path)
    assert [(m.lead_offices, m.offices) for m in doc.measures] == [
        (("市市场监管局",), ("市税务局",)), (("市住房城乡建设局",), ("市规划资源局",)),
        (("市住房城乡建设局",), ("市水务局",)), (("市税务局",), ("市财政局",))]


def test_a_title_wrapped_before_a_cited_title_holding_guanyu_starts_at_its_own_guanyu(tmp_path):
    # A title centred over three lines in a large size, as Chromium printed a dev text: its
    # organ's name wraps (…常务委员 / 会关于批准), and the last line's 关于 is the cited
    # regulation's (《国务院关于…》), not where this title begins.
    font = _register_font()
    path = tmp_path / "resolution.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 100
    for line in ("第五届全国人民代表大会常务委员", "会关于批准", "《国务院关于职工探亲待遇的规定》的决议"):
        pdf.setFont(font, 22)
        pdf.drawCentredString(width / 2, y, line)
        y -= 36
    for line in ("（1981年3月6日第五届全国人民代表大会常务委员会第十七次会议通过）",
                 "第五届全国人民代表大会常务委员会第十七次会议决定：批准《国务院关于职工探亲待遇的规定》。"):
        pdf.setFont(font, 12)
        pdf.drawString(72, y, line)
        y -= 28
    pdf.showPage()
    pdf.save()
    (doc,) = parse_file(path)
    assert doc.title == "第五届全国人民代表大会常务委员会关于批准《国务院关于职工探亲待遇的规定》的决议"
    assert (doc.issued, doc.level) == ("1981-03-06", "national")


# A regulation's Word template: chapters and articles on one list, the articles numbered on
# across chapters (lvlRestart 0: the article level never starts again).
_REGULATION = f"""<w:abstractNum {_W} w:abstractNumId="91">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlRestart w:val="0"/>
    <w:lvlText w:val="第%2条"/></w:lvl>
</w:abstractNum>"""


def test_word_numbered_articles_go_on_across_chapters(tmp_path):
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_REGULATION))
    numbering.append(parse_xml(f'<w:num {_W} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    document.add_paragraph("某市优化营商环境条例")
    _numbered(document, " 总则", 0, 91)
    _numbered(document, "　为了持续优化营商环境，制定本条例。", 1, 91)
    _numbered(document, "　本条例适用于本市行政区域内优化营商环境工作。", 1, 91)
    _numbered(document, " 附则", 0, 91)
    _numbered(document, "　本条例自2024年1月1日起施行。", 1, 91)
    path = tmp_path / "regulation.docx"
    document.save(str(path))
    (doc,) = parse_file(path)
    assert [(m.number, m.printed_number) for m in doc.measures] == [
        ("art1", "第一条"), ("art2", "第二条"), ("art3", "第三条")]
    assert doc.measures[2].text.endswith("本条例自2024年1月1日起施行。")


def test_a_word_file_without_lists_has_no_numbering_part_and_loses_nothing(tmp_path, caplog):
    """Many Word files carry no numbering part at all (no list in them): nothing is numbered,
    nothing is unreadable."""
    document = Document()
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/numbering"):
            document.part.drop_rel(rel_id)
    for text in ("某某市关于促进消费的若干措施", "一、发放消费券。", "二、支持以旧换新。"):
        document.add_paragraph(text)
    path = tmp_path / "no_lists.docx"
    document.save(path)
    with caplog.at_level("WARNING"):
        (doc,) = parse_file(path)
    assert "numbering" not in caplog.text
    assert [m.number for m in doc.measures] == ["1", "2"]


def test_a_joint_notice_is_every_organ_its_title_names(tmp_path, make_pdf):
    # Two organs head the title, the second letter-spaced to the line's width; the PDF's text
    # layer reads the seals side by side as one 落款 with its date and the other apart.
    text = """保港城办发〔2019〕14号
保定市城镇化工作委员会办公室
保 定 市 住 房 和 城 乡 建 设 局
关于加强施工图审查工作的通知
各县（市、区）人民政府：
一、审查机构承担施工图技术审查工作。
二、建设单位对所提供材料的真实性负责。
保定市住房和城乡建设局
2019年4月10日
保定市城镇化工作委员会办公室
"""
    (doc,) = parse_file(make_pdf(text, tmp_path / "joint.pdf", indent=0))
    assert doc.title == "保定市城镇化工作委员会办公室保定市住房和城乡建设局关于加强施工图审查工作的通知"
    assert set(doc.issuer.split("、")) == {"保定市城镇化工作委员会办公室", "保定市住房和城乡建设局"}
    assert doc.issued == "2019-04-10"


def test_a_letter_spaced_organ_name_is_one_name():

    assert organs_of_line("保定市城镇化工作委员会办公室 \n保 定 市 住 房 和 城 乡 建 设 局") \
        == "保定市城镇化工作委员会办公室、保定市住房和城乡建设局"


def test_a_letter_spaced_doc_number_and_date_with_the_note_under_it(tmp_path, make_pdf):
    # Header and 落款 set with character spacing (the text layer reads a space between the
    # characters, digits too); the 附注 (此件主动公开) stands under the 落款 date.
    text = """明 溪 县 人 民 政 府 文 件
明 政 规〔2 02 2〕6 号
关于加强房地产市场管理的通知
各乡（镇）人民政府：
一、加强商品房预售资金监管。
二、规范房地产经纪行为。
明 溪 县 人 民 政 府
2 02 2 年 1 1 月 2 6 日
（此件主动公开）
"""
    (doc,) = parse_file(make_pdf(text, tmp_path / "spaced.pdf", indent=0))
    assert (doc.doc_number, doc.issuer, doc.issued) == ("明政规〔2022〕6号", "明溪县人民政府", "2022-11-26")
