"""The real web UI served on loopback, and a real headless Chromium to drive it."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.servers import free_port

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

CHROMIUM = Path(os.environ.get("POLICYQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
INSTALL_HINT = "apt-get install -y chromium fonts-noto-cjk"
ADMIN_TOKEN = "ui-test-token"
SERVER_START_TIMEOUT_S = 60.0


def _app(assistant):
    """The real API app with the UI at "/"; the UI alone if the API app is not there."""
    try:
        from assistant.api.app import create_app
    except ImportError:
        from fastapi import FastAPI

        from ui.app import mount_ui

        return mount_ui(FastAPI(), assistant, assistant.settings)
    return create_app(assistant.settings, assistant)


@contextlib.contextmanager
def serve(assistant, port: int | None = None) -> Iterator[str]:
    """Serve the app for `assistant` with uvicorn in a thread; yields the page's base URL.

    `port`: the same port again for a restart (the browser's storage is per origin)."""
    import uvicorn

    port = port or free_port()
    config = uvicorn.Config(_app(assistant), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"ui-server-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"the UI server on port {port} did not start", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="session")
def corpus_site(corpus_assistant) -> Iterator[str]:
    """The UI over the five shipped files (no admin token configured)."""
    with serve(corpus_assistant) as url:
        yield url


@pytest.fixture(scope="module")
def admin_assistant(tmp_path_factory, prepared_model_dir, embedder):
    """A fresh, empty index whose settings carry an admin token."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant
    from tests.conftest import make_settings

    settings = make_settings(tmp_path_factory.mktemp("ui-admin"), prepared_model_dir,
                             admin_token=ADMIN_TOKEN)
    return PolicyAssistant(settings, index=open_index(settings, embedder=embedder))


@pytest.fixture(scope="module")
def admin_site(admin_assistant) -> Iterator[str]:
    with serve(admin_assistant) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}; install it: {INSTALL_HINT}", pytrace=False)
    if not shutil.which("fc-list") or not subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip():
        pytest.fail(f"no Chinese fonts: the page would show boxes; install: {INSTALL_HINT}",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.ui_call_failed = report.failed
    return report


@pytest.fixture
def open_page(browser, request, tmp_path):
    """open_page(url, width=1280) → a Playwright page in a Chinese-locale browser context.

    Every request the page makes is recorded; a request to anything but the test server
    (a CDN, fonts, analytics) fails the test: the UI must work offline.
    """
    contexts, offsite = [], []

    def opener(url: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(60_000)  # 2 shared cores can be slow
        contexts.append(context)
        server = urlparse(url).netloc

        def only_the_server(route):  # offline: anything else is recorded and refused
            if urlparse(route.request.url).netloc == server:
                route.continue_()
            else:
                offsite.append(route.request.url)
                route.abort()

        context.route(re.compile(r"^https?://"), only_the_server)
        page = context.new_page()
        page.goto(url)
        page.locator("#pq-question textarea").wait_for()  # the app has rendered
        return page

    yield opener
    for n, context in enumerate(contexts):
        if getattr(request.node, "ui_call_failed", False):  # what the page showed, for the log
            for m, page in enumerate(context.pages):
                shot = tmp_path / f"failure-{n}-{m}.png"
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(shot), full_page=True)
                    print(f"screenshot of the failed page: {shot}")
        context.close()
    if offsite:
        pytest.fail(f"the page fetched from outside the server: {sorted(set(offsite))[:5]}",
                    pytrace=False)
