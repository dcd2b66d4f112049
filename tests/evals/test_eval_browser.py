"""The HTML report opens offline in headless Chromium and shows its charts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("POLICYQA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(),
                    reason="needs Chromium (Debian: apt-get install chromium fonts-noto-cjk)")
def test_report_renders_its_charts_in_chromium(smoke_reports):
    from playwright.sync_api import sync_playwright

    html = smoke_reports["html"]
    screenshot = html.parent / "report.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                "file:") else route.abort())  # offline: anything fetched from a network fails
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(html.as_uri())
            charts = page.locator("svg.chart")
            assert charts.count() >= 4
            for i in range(charts.count()):
                chart = charts.nth(i)
                chart.scroll_into_view_if_needed()
                assert chart.is_visible()
                box = chart.bounding_box()
                assert box and box["width"] > 300 and box["height"] > 150
            assert page.locator("svg.chart rect.bar").count() > 10
            assert page.locator("h2", has_text="By type").is_visible()
            page.screenshot(path=str(screenshot), full_page=True)
            assert not failed
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000
