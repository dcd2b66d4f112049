"""文档管理 in headless Chromium: a batch of files, each with its own line and its own reason."""

from __future__ import annotations

import os
import re

from playwright.sync_api import expect

from tests.ui.chat_page import BROWSER_MARKS
from tests.ui.test_ui_browser import REPO, TEST_POLICY, choose_file, open_tab, press_upload

pytestmark = BROWSER_MARKS

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8  # a picture saved under a .txt name
ENGLISH = re.compile(r"[A-Za-z]{4,}")  # a word of English: a developer's reason leaked


def _rows(page, table_id: str, columns: int) -> list[list[str]]:
    cells = page.locator(f"#{table_id} [role=gridcell]")
    texts = [cells.nth(i).inner_text().strip() for i in range(cells.count())]
    return [texts[i:i + columns] for i in range(0, len(texts), columns)]


def test_a_batch_lists_every_file_with_its_progress_and_an_unreadable_one_in_chinese(
        admin_site, admin_assistant, open_page, tmp_path):
    token = admin_assistant.settings.admin_token
    first = tmp_path / "聊城市测试局措施.txt"
    first.write_text(TEST_POLICY, encoding="utf-8")
    second = tmp_path / "高唐县检验局措施.txt"
    second.write_text(TEST_POLICY.replace("聊城市", "高唐县").replace("测试", "检验"),
                      encoding="utf-8")
    broken = tmp_path / "扫描件.txt"
    broken.write_bytes(PNG)
    page = open_page(admin_site)
    open_tab(page, "文档管理")
    page.locator("#pq-admin-token input").fill(token)
    page.locator("#pq-upload-files input[type=file]").set_input_files(
        [str(first), str(broken), str(second)])
    for path in (first, broken, second):
        page.locator(f'#pq-upload-files a[download="{path.name}"]').first.wait_for()
    press_upload(page, token)

    refused = page.locator(f'#pq-preview [data-file="{broken.name}"] .pq-preview-failed')
    refused.wait_for(timeout=60_000)
    said = refused.inner_text()
    assert said.startswith("无法入库：文件无法读取：文件内容不是文字")
    assert not ENGLISH.search(said) and "/" not in said  # no developer's words, no path
    status = page.locator("#pq-preview-status")
    assert "2 个文件可入库" in status.inner_text() and "1 个文件无法入库" in status.inner_text()

    page.locator("#pq-confirm-upload").click()
    status.get_by_text("入库完成").wait_for(timeout=120_000)
    assert status.inner_text().startswith("入库完成：2/3 个文件已入库，1 个失败")
    rows = _rows(page, "pq-ingest-results", 4)
    assert [r[:3] for r in rows] == [
        ["1/3", first.name, "已解析，已入库（新增）"],
        ["2/3", broken.name, "解析失败"],  # in the order chosen, not the indexed ones first
        ["3/3", second.name, "已解析，已入库（新增）"]]
    assert rows[0][3].startswith("《聊城市测试局关于优化测试服务的若干措施》")
    assert rows[1][3].startswith("文件无法读取：") and not ENGLISH.search(rows[1][3])
    assert rows[2][3].startswith("《高唐县检验局关于优化检验服务的若干措施》")
    if os.environ.get("POLICYQA_UPDATE_SCREENSHOTS"):
        page.locator("#pq-ingest-results").scroll_into_view_if_needed()
        page.screenshot(path=str(REPO / "docs" / "screenshots" / "documents-results-1280.png"),
                        full_page=True)
    # The other two were indexed all the same.
    assert sorted(d.source for d in admin_assistant.documents()) == sorted(
        [first.name, second.name])
    for doc in admin_assistant.documents():
        admin_assistant.remove(doc.doc_id)


def test_an_empty_file_is_reported_in_chinese(admin_site, admin_assistant, open_page,
                                              tmp_path):
    broken = tmp_path / "空文件.txt"
    broken.write_text("", encoding="utf-8")
    page = open_page(admin_site)
    choose_file(page, broken, admin_assistant.settings.admin_token)
    press_upload(page, admin_assistant.settings.admin_token)
    failed = page.locator("#pq-preview .pq-preview-failed")
    failed.wait_for(timeout=60_000)
    assert failed.inner_text() == "无法入库：文件无法读取：文件是空的，没有可读的文字"
    assert not page.locator("#pq-confirm-upload").is_visible()
    assert "0 个文件可入库" in page.locator("#pq-preview-status").inner_text()


def _long_policy(measures: int) -> str:
    """A policy of `measures` (at most 999: measures are numbered with up to three digits)
    numbered measures in ten chapters, each naming its own office: long enough that
    embedding it takes the real model several seconds."""
    lines = ["聊城市长文局关于全面优化政务服务的若干措施", "", "为进一步优化营商环境，制定如下措施。", ""]
    per_chapter = -(-measures // 10)
    for n in range(1, measures + 1):
        if (n - 1) % per_chapter == 0:
            lines += [f"{'一二三四五六七八九十'[(n - 1) // per_chapter]}、第{(n - 1) // per_chapter + 1}"
                      "类政务服务", ""]
        lines += [f"{n}.压缩第{n}项审批事项办理时限。第{n}项审批事项办理时限压缩至{n % 9 + 1}个"
                  f"工作日内，全程网上办理，材料一次告知。",
                  f"（牵头单位：市第{n}服务局）", ""]
    return "\n".join(lines)


def test_a_long_batch_shows_which_file_is_being_indexed_before_the_results(
        admin_site, admin_assistant, open_page, tmp_path):
    token = admin_assistant.settings.admin_token
    long = tmp_path / "长文件措施.txt"
    long.write_text(_long_policy(500), encoding="utf-8")
    short = tmp_path / "聊城市测试局措施.txt"
    short.write_text(TEST_POLICY, encoding="utf-8")
    page = open_page(admin_site)
    open_tab(page, "文档管理")
    page.locator("#pq-admin-token input").fill(token)
    page.locator("#pq-upload-files input[type=file]").set_input_files([str(long), str(short)])
    for path in (long, short):
        page.locator(f'#pq-upload-files a[download="{path.name}"]').first.wait_for()
    press_upload(page, token)
    status = page.locator("#pq-preview-status")
    status.get_by_text("2 个文件可入库").wait_for(timeout=120_000)

    page.locator("#pq-confirm-upload").click()
    progress = page.locator("#pq-ingest-progress")
    now = progress.get_by_text(f"正在入库 {long.name}（1/2）")
    now.wait_for(timeout=120_000)
    # Seen while the long file is still being embedded: where the buttons were, in view,
    # every file's state, and no result list or total yet.
    expect(now).to_be_in_viewport(ratio=1)
    assert f"1/2 {long.name}：正在入库…" in progress.inner_text()
    assert f"2/2 {short.name}：等待入库" in progress.inner_text()
    assert not page.locator("#pq-confirm-upload").is_visible()
    assert not page.locator("#pq-ingest-results").is_visible()
    assert "入库完成" not in status.inner_text()
    if os.environ.get("POLICYQA_UPDATE_SCREENSHOTS"):  # the whole list, for the README
        progress.scroll_into_view_if_needed()
        page.screenshot(path=str(REPO / "docs" / "screenshots" / "documents-progress-1280.png"))

    status.get_by_text("入库完成").wait_for(timeout=180_000)
    assert status.inner_text().startswith("入库完成：2/2 个文件已入库。")
    rows = _rows(page, "pq-ingest-results", 4)
    assert [r[:3] for r in rows] == [["1/2", long.name, "已解析，已入库（新增）"],
                                     ["2/2", short.name, "已解析，已入库（新增）"]]
    assert rows[0][3].endswith("500 条")
    assert not progress.is_visible()  # the progress made way for the results
    for doc in admin_assistant.documents():
        admin_assistant.remove(doc.doc_id)
