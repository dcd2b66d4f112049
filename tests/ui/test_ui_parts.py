"""The UI's pure parts: cards, tables and exports, filter choices, the admin guard."""

from __future__ import annotations

import csv
import re
from html import unescape

import pytest
from markdown_it import MarkdownIt

from assistant import uploads
from assistant.settings import Settings
from ingest.records import Benefit, Measure, PolicyDocument, TimeLimit
from ui import admin, cards, filters, tables, upload_batch_view


def _measure(**overrides) -> Measure:
    values = dict(
        key="doc:8", doc_id="doc", source="doc.txt", number="8", printed_number="8.",
        kind="measure", section=("二、主要任务", "（一）开办企业"), heading="推进企业变更服务",
        text="8.推进企业变更服务。印章免费送。5月底前完成。（牵头单位：市行政审批局）", span=(0, 10),
        lead_offices=("市行政审批局",), offices=("市公安局",),
        time_limits=(TimeLimit("5月底前", "deadline"),), benefits=(Benefit("免费送", "free"),),
    )
    return Measure(**{**values, **overrides})


def _document(*measures: Measure, **overrides) -> PolicyDocument:
    values = dict(doc_id="doc", source="doc.txt", title="聊城市营商环境创新2022年行动计划",
                  doc_number="聊政办字〔2022〕13号", issuer="聊城市人民政府办公室",
                  issued="2022-05-05", region={"province": "山东省", "city": "聊城市"},
                  measures=measures)
    return PolicyDocument(**{**values, **overrides})


CITATION = {
    "key": "doc:8", "source": "doc.txt", "title": "聊城市营商环境创新2022年行动计划",
    "doc_number": "聊政办字〔2022〕13号", "number": "8", "label": "第8条",
    "heading": "推进企业变更服务", "quote": "印章免费送。", "text": "8.推进企业变更服务。印章免费送。",
    "lead_offices": ["市行政审批局"], "offices": ["市公安局"], "time_limits": ["5月底前"],
    "benefits": ["免费送"], "beneficiaries": [], "status": "",
}


def test_a_citation_card_names_document_number_offices_and_time_limit():
    html = cards.citation_cards([CITATION])
    for shown in ("第8条", "《聊城市营商环境创新2022年行动计划》", "聊政办字〔2022〕13号",
                  "印章免费送。", "市行政审批局", "5月底前", "市公安局"):
        assert shown in html
    # the full text sits in the part a click opens
    assert html.index("<summary>") < html.index('class="pq-full"')


def test_card_text_from_an_uploaded_file_is_escaped():
    html = cards.citation_cards([{**CITATION, "title": "<script>alert(1)</script>"}])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_no_citations_says_so():
    assert "没有引用" in cards.citation_cards([])


def test_measure_detail_shows_full_text_and_document_metadata():
    m = _measure()
    html = cards.measure_detail(m, _document(m))
    for shown in (m.text, "聊政办字〔2022〕13号", "2022-05-05", "山东省聊城市", "doc.txt",
                  "二、主要任务 › （一）开办企业", "免费送"):
        assert shown in html


def test_an_answer_is_shown_literally_with_a_marker_after_each_cited_label():
    from assistant.conversations import Message
    from ui import conversation_view

    text = "8.推进*企业*\n依据：《测试措施》（永政发[2022]8号）第3条（标题）\n<b>x</b>"
    message = Message(7, "assistant", text, citations=({**CITATION, "title": "测试措施",
                                                         "label": "第3条"},))
    html = conversation_view.thread([message], "c1")
    assert "8.推进*企业*" in html and "\\" not in html and "<b>x" not in html
    assert "第3条<button type=\"button\" class=\"pq-marker\" data-card=\"pq-c7-1\"" in html
    assert 'id="pq-c7-1"' in html and "永政发[2022]8号" in html


def test_rows_csv_and_excel_carry_the_table():
    m = _measure()
    rows = [tables.measure_row(m, _document(m))]
    assert rows[0] == ["聊城市营商环境创新2022年行动计划", "聊政办字〔2022〕13号", "第8条",
                       "推进企业变更服务", "市行政审批局", "5月底前", "免费送", "doc:8"]


def test_csv_opens_in_excel_as_utf8(tmp_path):
    m = _measure()
    path = tables.write_csv([tables.measure_row(m, _document(m))], tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f))[0] == tables.MEASURE_HEADERS


def test_xlsx_has_headers_and_rows(tmp_path):
    from openpyxl import load_workbook

    m = _measure()
    path = tables.write_xlsx([tables.measure_row(m, _document(m))], tmp_path / "t.xlsx")
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == tables.MEASURE_HEADERS
    assert sheet["D2"].value == "推进企业变更服务"


def test_city_choices_list_cities_then_their_counties():
    docs = [_document(), _document(doc_id="g", region={"province": "山东省", "city": "聊城市",
                                                      "county": "高唐县"}),
            _document(doc_id="w", region={"province": "山东省", "city": "威海市"})]
    assert filters.city_choices(docs) == [("全部地区", ""), ("威海市", "威海市"),
                                          ("聊城市", "聊城市"), ("聊城市 · 高唐县", "高唐县")]


def test_documents_table_counts_measures_with_time_limits_and_benefits():
    doc = _document(_measure(), _measure(key="doc:9", number="9", time_limits=(), benefits=()))
    [row] = tables.document_rows([doc])
    assert row[5:8] == [2, 1, 1]


# -- the admin guard ------------------------------------------------------------------------

def test_token_refused_when_none_is_configured(tmp_path):
    with pytest.raises(admin.TokenRefused, match="未配置"):
        admin.check_token(Settings(data_dir=tmp_path), "anything")


@pytest.mark.parametrize("token", [None, "", "  "])
def test_an_empty_token_is_asked_for(tmp_path, token):
    with pytest.raises(admin.TokenRefused, match="请先输入管理员令牌"):
        admin.check_token(Settings(data_dir=tmp_path, admin_token="right"), token)


@pytest.mark.parametrize("token", ["wrong", "秘密"])
def test_wrong_token_refused(tmp_path, token):
    with pytest.raises(admin.TokenRefused, match="不正确"):
        admin.check_token(Settings(data_dir=tmp_path, admin_token="right"), token)


def test_right_token_passes(tmp_path):
    admin.check_token(Settings(data_dir=tmp_path, admin_token="right"), "right")


def test_refused_files_are_reported_and_not_kept(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", max_file_mb=0.001)
    script = tmp_path / "run.sh"
    script.write_text("echo hi")
    huge = tmp_path / "big.txt"
    huge.write_text("政" * 2000, encoding="utf-8")
    hidden = tmp_path / ".hidden.txt"
    hidden.write_text("政策", encoding="utf-8")
    # None reaches the assistant, so none is needed.
    outcomes = admin.ingest_uploads(None, settings, [script, huge, hidden])
    assert [o.status for o in outcomes] == ["failed", "failed", "failed"]
    assert "不支持" in outcomes[0].reason and "过大" in outcomes[1].reason
    assert "不安全" in outcomes[2].reason
    kept = uploads.uploads_dir(settings)
    assert not kept.exists() or list(kept.iterdir()) == []


def test_a_batch_in_steps_names_each_file_by_its_place_among_those_chosen(admin_assistant,
                                                                         tmp_path):
    from tests.ui.test_ui_browser import TEST_POLICY

    script = tmp_path / "run.sh"  # refused before the batch: the next file keeps place 1
    script.write_text("echo hi")
    good = tmp_path / "聊城市步进局措施.txt"
    good.write_text(TEST_POLICY.replace("测试", "步进"), encoding="utf-8")
    steps = admin.ingest_stepwise(admin_assistant, admin_assistant.settings, [script, good])
    seen = []
    with pytest.raises(StopIteration) as done:
        while True:
            seen.append(next(steps))
    assert seen == [(1, good.name)]
    assert [(o.original, o.status) for o in done.value.value] == [
        (script.name, "failed"), (good.name, "added")]
    for doc in admin_assistant.documents():
        admin_assistant.remove(doc.doc_id)


def test_the_result_list_keeps_the_order_the_files_were_chosen_in():
    failed = [admin.UploadOutcome("甲.txt", reason="坏一"), admin.UploadOutcome("丙.txt",
                                                                              reason="坏三")]
    rows = upload_batch_view.result_rows(None, failed, [[1, "乙.txt", "不是文字"]])
    assert rows == [["1/3", "甲.txt", "入库失败", "坏一"], ["2/3", "乙.txt", "解析失败", "不是文字"],
                    ["3/3", "丙.txt", "入库失败", "坏三"]]
    shown = _rendered(upload_batch_view.progress_markdown(["甲.txt", "乙.txt", "丙.txt"], 1))
    assert shown == ["h4:正在入库 乙.txt（2/3）", "li:1/3 甲.txt：已处理",
                     "li:2/3 乙.txt：正在入库…", "li:3/3 丙.txt：等待入库"]
    assert "<strong>正在入库…</strong>" in MarkdownIt("commonmark").render(
        upload_batch_view.progress_markdown(["甲.txt", "乙.txt", "丙.txt"], 1))


def test_a_file_name_in_the_progress_is_shown_as_written_not_as_markup():
    name = "*重要*_草稿_<img src=x onerror=alert(1)>[链接](javascript:x)&amp;.txt"
    html = MarkdownIt("commonmark").render(upload_batch_view.progress_markdown([name], 0))
    assert _rendered(upload_batch_view.progress_markdown([name], 0))[0] == f"h4:正在入库 {name}（1/1）"
    assert not re.search(r"<(?:em|img|a)\b", html)


def _rendered(markdown: str) -> list[str]:
    """What a reader sees of `markdown` rendered as CommonMark (gradio's Markdown is
    markdown-it): one "tag:text" per heading or list item."""
    html = MarkdownIt("commonmark").render(markdown)
    return [f"{tag}:{unescape(re.sub(r'<[^>]+>', '', text))}"
            for tag, text in re.findall(r"<(h4|li)>(.*?)</\1>", html)]


# -- 政策找人 and the office sheet -------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_documents():
    from assistant.settings import SHIPPED_CORPUS
    from ingest.pipeline import parse_paths

    return parse_paths([SHIPPED_CORPUS]).documents


@pytest.fixture(scope="module")
def small_liaocheng(corpus_documents):
    from datetime import date

    from assistant.matching import match
    from assistant.profile import Profile

    return match(Profile(city="聊城", size="小微"), corpus_documents, as_of=date(2024, 1, 1))


def test_match_html_has_one_section_per_topic_with_cited_cards(small_liaocheng):
    from ui import match_cards

    html = match_cards.matched_html(small_liaocheng)
    assert html.count('class="pq-group"') == len(small_liaocheng.groups)
    for topic, items in small_liaocheng.groups:
        assert f"<h4>{topic} <small>{len(items)} 条</small></h4>" in html
    loan = html.split('data-key="liaocheng_2020_measures:38"')[1].split('class="pq-card')[0]
    for shown in ("第38条", "小微企业", "不超过11天", "市地方金融监管局", "现行有效",
                  "依据：《关于持续深入优化营商环境加快推进政府职能转变的若干措施》"):
        assert shown in loan


def test_to_confirm_html_says_what_to_confirm(small_liaocheng):
    from ui import match_cards

    html = match_cards.to_confirm_html(small_liaocheng)
    assert html.count('class="pq-card pq-match"') == len(small_liaocheng.to_confirm)
    opening = html.split('data-key="liaocheng_2022_action_plan:1"')[1].split('class="pq-card')[0]
    assert "需确认：是否为新开办企业" in opening and "条件：" in opening
    summary = match_cards.summary(small_liaocheng)
    assert summary.startswith(f"聊城市：{len(small_liaocheng.matched)} 条措施适用，")
    assert "截至 2024-01-01" in summary


def test_match_cards_escape_text_from_uploads(small_liaocheng):
    from dataclasses import replace

    from ui import match_cards

    topic, items = small_liaocheng.groups[0]
    evil = replace(small_liaocheng, groups=((topic, (replace(items[0], title="<b>x</b>"),)),))
    html = match_cards.matched_html(evil)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_nothing_matched_says_so(small_liaocheng):
    from dataclasses import replace

    from ui import match_cards

    empty = replace(small_liaocheng, groups=(), to_confirm=())
    assert "没有找到" in match_cards.matched_html(empty)
    assert "没有需要确认" in match_cards.to_confirm_html(empty)


def test_sheet_rows_mark_roles_and_inherited_lines(corpus_documents):
    from datetime import date

    from assistant import office_sheet

    sheet = office_sheet.office_sheet("市税务局", corpus_documents, city="聊城",
                                      as_of=date(2024, 1, 1))
    rows = {row[-1]: row for row in tables.sheet_rows(sheet)}
    assert len(rows) == len(sheet.rows) and all(len(r) == len(tables.SHEET_HEADERS)
                                                for r in rows.values())
    assert rows["liaocheng_2020_measures:16"][2] == "牵头（继承）"  # group （四）'s line
    assert rows["liaocheng_2022_action_plan:44"][2] == "牵头"
    assert rows["liaocheng_2022_action_plan:48"][6] == "即时开票；即时开具"
    assert rows["liaocheng_2022_action_plan:48"][7] == "12月底前（2022-12-31）"
    assert rows["liaocheng_2022_action_plan:1"][2] == "责任"
    assert {row[0] for row in rows.values()} == {"山东省聊城市"}


def test_sheet_over_every_place_groups_rows_by_place(corpus_documents):
    from assistant import office_sheet

    sheet = office_sheet.office_sheet("市税务局", corpus_documents)
    order = [r.region for r in sheet.rows]
    # Each place's rows together: a place never comes back after another one started.
    assert len(set(order)) > 1
    assert order == sorted(order, key=lambda place: order.index(place))
    assert sum(office_sheet.places(sheet).values()) == len(sheet.rows)


def test_errors_reach_the_page_in_chinese():
    from assistant.errors import InputError, NotFoundError
    from ui import errors

    assert errors.user_message(NotFoundError("no office named 'x' in the indexed policies")) \
        == "未找到，请检查后重试。"
    assert errors.user_message(InputError("请先输入问题")) == "请先输入问题"
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        errors.as_of_date("2024/01/01")
    assert errors.as_of_date(" ") is None


def _scanned_pdf() -> bytes:
    """A page of drawings only: what a scan without OCR is to a text reader."""
    from io import BytesIO

    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out)
    page.rect(72, 400, 300, 200, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "why"), [
    ("空.txt", b"", "文件是空的"),
    ("图.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "文件内容不是文字"),
    ("坏.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "不是有效的 .doc 文件"),
    ("富文本.doc", b"{\\rtf1\\ansi \\'b9\\'d8\\'d3\\'da}", "另存为 .docx"),
    ("扫描.pdf", _scanned_pdf(), "没有可提取的文字（可能是扫描件）"),
    ("坏.pdf", b"%PDF-1.4 not really", "不是有效的 .pdf 文件"),
    ("表.xyz", b"\x00\x01 x \x00", "不支持的文件类型 .xyz"),  # binary: a text under any name is read
])
def test_why_a_file_cannot_be_read_is_said_in_chinese_with_its_name(tmp_path, name, data, why):
    import re

    from assistant.errors import LoadError
    from ingest.loaders import load_text
    from ui import errors

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as raised:  # the real loader's own failure
        load_text(path)
    said = errors.user_message(raised.value)
    assert said.startswith(f"{name}：") and why in said
    assert raised.value.reason not in said and str(tmp_path) not in said  # not the log's words
    assert not re.search(r"(?<![.\w])[a-z]{3,}", said)  # no English word (suffixes aside)


def test_a_parse_timeout_is_said_as_such():
    from assistant.errors import LoadError
    from ui import admin

    late = LoadError("大文件.txt", "解析超时：60 秒内未能解析完成，已跳过", kind="timeout")
    assert admin.unreadable(late).startswith("解析超时")
    assert admin.unreadable(LoadError("x.txt", "store down", kind="not_written")).startswith(
        "入库中断")
    assert admin.unreadable(LoadError("x.txt", "odd", kind="no-such-kind")) == \
        "文件无法读取：无法读取文件内容"
