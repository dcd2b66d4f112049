"""The real page in headless Chromium against the real app on loopback."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.ui.chat_page import BROWSER_MARKS, LABEL, answers, ask, wait_for_answer

pytestmark = BROWSER_MARKS

REPO = Path(__file__).resolve().parents[2]

TEST_POLICY = """聊城市测试局关于优化测试服务的若干措施

为进一步优化营商环境，制定如下措施。

一、优化测试服务

1.压缩测试审批时限。测试审批办理时限压缩至3个工作日内，全程网上办理。
（牵头单位：市测试局）

2.免收测试费用。企业申请测试服务的，测试费用由同级财政承担。
（牵头单位：市测试局；责任单位：市财政局）
"""


# -- helpers: how a user does things on the page ------------------------------------------

def choose(page, dropdown_id: str, label: str) -> None:
    page.locator(f"#{dropdown_id} input").click()
    page.get_by_role("option", name=label, exact=True).click()


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def search(page, query: str) -> None:
    open_tab(page, "政策检索")
    page.locator("#pq-search-query textarea").fill(query)
    page.locator("#pq-search-button").click()
    page.locator("#pq-search-status").get_by_text("条").wait_for()


def pick_office(page, accordion: str, title: str, dropdown: str, office: str) -> None:
    """Open the lookup tab's accordion and choose an office by its name."""
    open_tab(page, "政策检索")
    page.locator(f"#{accordion}").get_by_text(title).click()
    page.locator(f"#{dropdown} input").click()
    page.get_by_role("option", name=re.compile(f"^{office}（")).click()


def result_cells(page):
    return page.locator("#pq-results [role=gridcell]")


def cell(page, table_id: str, text: str):
    """The first cell of a table reading exactly `text`."""
    return page.locator(f"#{table_id}").get_by_text(text, exact=True).filter(visible=True).first


def choose_file(page, path: Path, token: str | None = None) -> None:
    """Choose a file; with the admin token typed first it is uploaded (the upload route
    needs the token), and this waits for that."""
    open_tab(page, "文档管理")
    if token is not None:
        page.locator("#pq-admin-token input").fill(token)
    page.locator("#pq-upload-files input[type=file]").set_input_files(str(path))
    if token:  # uploaded to the server once the file links to it
        page.locator(f'#pq-upload-files a[download="{path.name}"][href*="/gradio_api/file="]'
                     ).first.wait_for()


def press_upload(page, token: str) -> None:
    page.locator("#pq-admin-token input").fill(token)
    page.locator("#pq-upload-button").click()


def toast(page, text: str):
    """A pop-up message; seen, it is closed so the next one can be told apart."""
    found = page.locator("[data-testid=toast-body]").filter(has_text=text).first
    found.wait_for()
    with contextlib.suppress(PlaywrightTimeout):  # it may have timed out by itself
        found.locator("[data-testid=toast-close]").click(timeout=2_000)
    found.wait_for(state="detached")


def fits_width(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1")


# -- 政策问答 --------------------------------------------------------------------------------

def test_chat_answers_with_citation_cards_and_follows_up(corpus_site, open_page):
    page = open_page(corpus_site)
    ask(page, "在聊城开公司刻章要钱吗？")
    first = wait_for_answer(page, 1)
    assert "依据" in first and LABEL.search(first)
    card = answers(page).first.locator(".pq-card").first
    head = card.locator("summary").inner_text()
    assert "《" in head and LABEL.search(head)
    full = card.locator(".pq-full")
    assert not full.is_visible()
    card.locator("summary").click()  # opening a card shows the whole measure
    full.wait_for()
    assert len(full.inner_text()) > len(card.locator(".pq-quote").inner_text())

    ask(page, "那归哪个部门管？")
    second = wait_for_answer(page, 2)
    assert "市行政审批局" in second
    assert "在聊城开公司刻章要钱吗？" in page.locator("#pq-chatbot").inner_text()

    page.locator("#pq-new-chat").click()
    answers(page).first.wait_for(state="detached")
    page.locator("#pq-chatbot .pq-welcome").wait_for()


def test_a_greeting_gets_a_reply_and_no_citation_cards(corpus_site, open_page):
    page = open_page(corpus_site)
    ask(page, "你好")
    answer = wait_for_answer(page, 1)
    # The reply names the places covered: the shipped texts' issuers.
    assert "聊城" in answer and "高唐" in answer
    reply = answers(page).first
    assert reply.locator(".pq-marker").count() == 0
    assert reply.locator(".pq-card").count() == 0


def test_chat_says_plainly_when_nothing_is_found(corpus_site, open_page):
    page = open_page(corpus_site)
    ask(page, "北京市开公司刻章要钱吗？")
    answer = wait_for_answer(page, 1)
    assert "没有找到" in answer
    assert answers(page).first.locator(".pq-card").count() == 0


# -- 政策检索 --------------------------------------------------------------------------------

def test_search_with_city_filter_then_open_a_row_and_export(corpus_site, open_page):
    page = open_page(corpus_site)
    open_tab(page, "政策检索")
    choose(page, "pq-search-city", "威海市")
    search(page, "不动产登记")
    cells = result_cells(page)
    cells.first.wait_for()
    titles = {cells.nth(i).inner_text() for i in range(0, cells.count(), 8)}
    assert titles == {"威海市优化营商环境工作方案"}

    cells.nth(3).click()  # the heading of the first row
    detail = page.locator("#pq-detail .pq-detail")
    detail.wait_for()
    text = detail.inner_text()
    assert "所属文件" in text and "威海市" in text and "weihai_2018_work_plan.txt" in text
    assert "不动产" in text

    page.locator("#pq-export-csv").click()
    link = page.locator("#pq-download a[href]").first
    link.wait_for()
    body = page.request.get(link.get_attribute("href")).body().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("文件,文号,条号,标题")
    assert "威海市优化营商环境工作方案" in body


def test_office_view_lists_what_an_office_leads(corpus_site, open_page):
    page = open_page(corpus_site)
    pick_office(page, "pq-office-view", "按部门查看", "pq-office-pick", "市行政审批局")
    page.locator("#pq-office-button").click()
    page.locator("#pq-search-status").get_by_text("市行政审批局 牵头").wait_for()
    cells = result_cells(page)
    leads = {cells.nth(i).inner_text() for i in range(4, cells.count(), 8)}
    assert leads and all("市行政审批局" in lead for lead in leads)


def test_office_sheet_shows_an_offices_measures_and_exports_them(corpus_site, open_page):
    page = open_page(corpus_site)
    pick_office(page, "pq-sheet", "部门时限表", "pq-sheet-office", "市税务局")
    choose(page, "pq-sheet-city", "聊城市")
    page.locator("#pq-sheet-as-of textarea").fill("2024-01-01")
    page.locator("#pq-sheet-button").click()
    page.locator("#pq-sheet-status").get_by_text("市税务局：牵头 17 条").wait_for()
    assert "截至 2024-01-01" in page.locator("#pq-sheet-status").inner_text()
    # Newest document first: the 2022 plan's 第1条, which it shares.
    cell(page, "pq-sheet-table", "liaocheng_2022_action_plan:1").wait_for()
    cells = page.locator("#pq-sheet-table [role=gridcell]")
    first_row = [cells.nth(i).inner_text() for i in range(10)]
    assert first_row[:5] == ["山东省聊城市", "市税务局", "责任", "聊城市营商环境创新2022年行动计划",
                             "第1条"]

    page.locator("#pq-sheet-csv").click()
    link = page.locator("#pq-sheet-download a[href]").first
    link.wait_for()
    body = page.request.get(link.get_attribute("href")).body().decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].startswith("单位,角色,责任来源,措施编号")
    assert len(lines) == 1 + 29  # 17 led and 12 shared in 聊城's two documents
    tax_48 = next(line for line in lines if "liaocheng_2022_action_plan:48," in line)
    assert ",牵头," in tax_48 and "即时开具" in tax_48


def test_office_sheet_over_every_place_has_a_place_column_and_groups_by_it(corpus_site,
                                                                           open_page):
    page = open_page(corpus_site)
    pick_office(page, "pq-sheet", "部门时限表", "pq-sheet-office", "市税务局")
    page.locator("#pq-sheet-button").click()
    status = page.locator("#pq-sheet-status")
    status.get_by_text("按地区").wait_for()
    cells = page.locator("#pq-sheet-table [role=gridcell]")
    cells.first.wait_for()
    places = [cells.nth(i).inner_text() for i in range(0, cells.count(), 10)]
    assert "山东省聊城市" in places and len(set(places)) > 1
    # Grouped: once a place's rows end, it does not come back.
    assert places == sorted(places, key=places.index)
    for place in set(places):
        assert place in status.inner_text()


# -- 政策找人 --------------------------------------------------------------------------------

def test_match_tab_lists_grouped_measures_with_citations(corpus_site, open_page):
    page = open_page(corpus_site)
    open_tab(page, "政策找人")
    choose(page, "pq-match-place", "聊城市")
    page.locator("#pq-match-size").get_by_label("小微").check()
    page.locator("#pq-match-flags").get_by_label("新开办").check()
    page.locator("#pq-match-as-of textarea").fill("2024-01-01")
    page.locator("#pq-match-button").click()
    status = page.locator("#pq-match-status")
    status.get_by_text("条措施适用").wait_for()
    assert status.inner_text().startswith("聊城市：") and "截至 2024-01-01" in status.inner_text()

    group = page.locator("#pq-match-results .pq-group").first
    assert re.search(r"\d+ 条", group.locator("h4").inner_text())
    card = group.locator(".pq-card").first
    text = card.inner_text()
    assert LABEL.search(text) and "依据：《" in text and "适用：" in text and "状态：" in text
    # A measure for new businesses is matched, not left to confirm, once 新开办 is ticked.
    opening = page.locator('#pq-match-results [data-key="liaocheng_2022_action_plan:1"]')
    assert "零成本开办" in opening.inner_text()
    assert page.locator('#pq-match-confirm [data-key="liaocheng_2022_action_plan:1"]').count() == 0
    # Measures for traits the profile does not state are listed apart, with the question.
    asks = page.locator("#pq-match-confirm .pq-ask")
    assert asks.count() > 0 and asks.first.inner_text().startswith("需确认：")
    # Measures past their deadline or expired on that date are apart, not among the current.
    lapsed = page.locator("#pq-match-lapsed .pq-card")
    assert lapsed.count() > 0 and all(
        re.search("已失效|完成期限已过", lapsed.nth(i).inner_text()) for i in range(lapsed.count()))
    assert not re.search("已失效|完成期限已过", page.locator("#pq-match-results").inner_text())
    assert "条已失效或已过期限" in status.inner_text()


def test_match_tab_reports_a_bad_date(corpus_site, open_page):
    page = open_page(corpus_site)
    open_tab(page, "政策找人")
    page.locator("#pq-match-as-of textarea").fill("2024/01/01")
    page.locator("#pq-match-button").click()
    said = page.locator("[data-testid=toast-body]").filter(has_text="YYYY-MM-DD").first
    said.wait_for()
    assert "截至日期请写成" in said.inner_text() and not re.search("[A-Z][a-z]+", said.inner_text())
    toast(page, "YYYY-MM-DD")
    # Said once: no red 错误 badges left over the outputs.
    assert page.get_by_text("错误", exact=True).count() == 0


# -- 文档管理 --------------------------------------------------------------------------------

@pytest.fixture
def policy_file(tmp_path) -> Path:
    """TEST_POLICY saved as the .txt file a user uploads."""
    path = tmp_path / "聊城市测试局措施.txt"
    path.write_text(TEST_POLICY, encoding="utf-8")
    return path


def test_upload_without_configured_token_is_refused(corpus_site, open_page, policy_file):
    page = open_page(corpus_site)
    choose_file(page, policy_file)
    press_upload(page, "anything")
    toast(page, "未配置管理员令牌")


def test_upload_as_admin_previews_then_indexes_then_deletes_after_confirming(
        admin_site, admin_assistant, open_page, policy_file):
    page = open_page(admin_site)
    token = admin_assistant.settings.admin_token

    choose_file(page, policy_file)  # without the token the file is not even uploaded
    press_upload(page, "")
    toast(page, "请先输入管理员令牌")
    press_upload(page, "wrong-token")
    toast(page, "管理员令牌不正确")
    assert admin_assistant.documents() == []
    assert not list((admin_assistant.settings.data_dir / "uploads").glob("*"))

    # The parse is shown first; nothing is indexed until it is confirmed.
    choose_file(page, policy_file, token)
    press_upload(page, token)
    preview = page.locator("#pq-preview")
    preview.get_by_text("聊城市测试局关于优化测试服务的若干措施").first.wait_for(timeout=60_000)
    shown = preview.inner_text()
    assert "市测试局" in shown and "3个工作日" in shown and "未识别到文号" in shown
    assert "2 条，其中 2 条有责任单位" in shown and "聊城市" in shown
    assert "2 条" in page.locator("#pq-preview-status").inner_text()
    if os.environ.get("POLICYQA_UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(REPO / "docs" / "screenshots" / "documents-preview-1280.png"),
                        full_page=True)
    page.locator("#pq-cancel-upload").click()
    toast(page, "已取消")
    preview.locator(".pq-empty").wait_for()
    assert admin_assistant.documents() == []

    choose_file(page, policy_file, token)
    press_upload(page, token)
    preview.get_by_text("未识别到文号").wait_for(timeout=60_000)
    page.locator("#pq-confirm-upload").click()
    results = page.locator("#pq-ingest-results")
    cell(page, "pq-ingest-results", "已解析，已入库（新增）").wait_for(timeout=60_000)
    assert "2 条" in results.inner_text()
    assert not page.locator("#pq-confirm-upload").is_visible()
    cell(page, "pq-documents", policy_file.name).wait_for()
    saved = admin_assistant.settings.data_dir / "uploads" / policy_file.name
    assert saved.read_text(encoding="utf-8") == TEST_POLICY

    search(page, "测试审批时限")
    cell(page, "pq-results", "压缩测试审批时限").wait_for()
    assert "市测试局" in page.locator("#pq-results").inner_text()

    open_tab(page, "文档管理")
    cell(page, "pq-documents", policy_file.name).click()  # picks the document to delete
    picked = page.locator("#pq-delete-pick input")
    expect(picked).to_have_value(re.compile("聊城市测试局"), timeout=60_000)
    page.locator("#pq-delete-button").click()
    question = page.locator("#pq-delete-doc-question")
    question.get_by_text("确定删除文件").wait_for()
    assert policy_file.name in question.inner_text() and "2 条" in question.inner_text()
    page.locator("#pq-delete-doc-no").click()  # not confirmed: still there
    page.locator("#pq-delete-doc-yes").wait_for(state="hidden")
    assert len(admin_assistant.documents()) == 1
    page.locator("#pq-delete-button").click()
    page.locator("#pq-delete-doc-yes").click()
    toast(page, "已删除")
    page.locator("#pq-doc-summary").get_by_text("共 0 条").wait_for()
    assert admin_assistant.documents() == [] and not saved.exists()


# -- layout --------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [1280, 390])
def test_every_tab_fits_desktop_and_phone(corpus_site, open_page, width, tmp_path):
    """Screenshots of every tab; nothing wider than the window.

    With POLICYQA_UPDATE_SCREENSHOTS=1 they are written to docs/screenshots for the README.
    """
    folder = (REPO / "docs" / "screenshots" if os.environ.get("POLICYQA_UPDATE_SCREENSHOTS")
              else tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = open_page(corpus_site, width=width, height=900)

    ask(page, "在聊城开公司刻章要钱吗？")
    wait_for_answer(page, 1)
    answers(page).first.locator(".pq-marker").first.click()  # opens the cited measure's card
    assert fits_width(page)
    # For the picture: the question and the answer's first line, as it arrived.
    page.locator("#pq-chatbot .pq-thread").evaluate(
        "e => { e.scrollTop = e.querySelector('.pq-user').offsetTop - e.offsetTop - 8; }")
    page.screenshot(path=str(folder / f"chat-{width}.png"), full_page=True)

    open_tab(page, "政策找人")
    choose(page, "pq-match-place", "运城市 · 永济市")  # a short list for the picture
    page.locator("#pq-match-size").get_by_label("小微").check()
    page.locator("#pq-match-flags").get_by_label("新开办").check()
    page.locator("#pq-match-button").click()
    page.locator("#pq-match-results .pq-group").first.wait_for()
    assert fits_width(page)
    page.screenshot(path=str(folder / f"match-{width}.png"), full_page=True)

    search(page, "不动产登记")
    result_cells(page).nth(3).click()
    page.locator("#pq-detail .pq-detail").wait_for()
    assert fits_width(page)
    page.screenshot(path=str(folder / f"lookup-{width}.png"), full_page=True)

    open_tab(page, "文档管理")
    page.locator("#pq-documents [role=gridcell]").first.wait_for()
    assert fits_width(page)
    page.screenshot(path=str(folder / f"documents-{width}.png"), full_page=True)
