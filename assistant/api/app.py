"""The FastAPI application: routers, error handlers, middleware and the web UI, in one place."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from assistant.api import routes_admin, routes_health, routes_match, routes_public, uploads
from assistant.api.errors import ApiError, install_error_handlers
from assistant.api.guards import ADMIN_HEADER, Guards, Proxies
from assistant.api.limits import BodyLimit, RateLimiter
from assistant.api.request_log import RequestLog
from assistant.api.watchdog import StoreWatchdog
from assistant.service import PolicyAssistant
from assistant.settings import Settings

log = logging.getLogger("policyqa.api")

#: JSON bodies are small (a question and ten turns of ≤ 500 characters each).
JSON_BODY_LIMIT = 64 * 1024

DESCRIPTION = """Answers about business-environment policies (营商环境政策), citing the measure
number and the source document (title and 文号). Admin endpoints need the `X-Admin-Token`
header (POLICYQA_ADMIN_TOKEN); every error is JSON `{"error": …, "detail": …}`."""


def create_app(settings: Settings, assistant: PolicyAssistant | None = None, *,
               with_ui: bool = True) -> FastAPI:
    """The API (and, when `ui.app` is importable and `with_ui`, the web UI at `/`).

    The model and the index load once, in a worker thread, when the app starts: `/healthz`
    answers at once, `/readyz` and the API once loading is done.
    """
    assistant = assistant or PolicyAssistant(settings)
    app = FastAPI(title="policyqa", version="0.1.0", description=DESCRIPTION,
                  lifespan=_lifespan)
    app.state.settings = settings
    app.state.assistant = assistant
    # One limiter for every way into answering (API and web UI), one for admin failures.
    app.state.limiter = RateLimiter(settings.ask_rate_per_minute)
    app.state.admin_failures = RateLimiter(settings.admin_failures_per_minute)
    app.state.warming = None
    app.state.watchdog = None

    install_error_handlers(app)
    # Outermost last: every request is logged, guarded, and CORS headers reach even a 413.
    app.add_middleware(BodyLimit, limit_for=_body_limits(settings))
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Content-Type", ADMIN_HEADER],
                           expose_headers=["Retry-After"])
    app.add_middleware(Guards, limiter=app.state.limiter, failures=app.state.admin_failures,
                       proxies=Proxies(settings.trusted_proxies),
                       admin_token=settings.admin_token, cors_origins=settings.cors_origins)
    app.add_middleware(RequestLog)

    app.include_router(routes_health.router)
    app.include_router(routes_public.router)
    app.include_router(routes_match.router)
    app.include_router(routes_admin.router)
    if with_ui:
        _mount_ui(app, assistant, settings)
    return app


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory assistant.api.app:app_from_environment --workers N`.

    API only: the web UI keeps session state in its process, so it is served by one
    `policyqa serve` rather than by every worker.
    """
    return create_app(Settings(), with_ui=False)


def _body_limits(settings: Settings):
    upload_limit = uploads.body_limit(settings)

    def limit_for(method: str, path: str) -> int | None:
        if method == "POST" and path == "/api/documents":
            return upload_limit
        return JSON_BODY_LIMIT if path.startswith("/api/") else None  # the UI sets its own

    return limit_for


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    warming = asyncio.create_task(_warm_up(app.state.assistant))
    # A failure is logged in _warm_up and reported by /readyz; asyncio need not warn of it.
    warming.add_done_callback(lambda task: task.cancelled() or task.exception())
    app.state.warming = warming
    settings = app.state.settings
    watchdog = StoreWatchdog(app.state.assistant, timeout_s=settings.store_timeout_s,
                             every_s=min(5.0, settings.store_timeout_s))
    app.state.watchdog = watchdog
    watching = asyncio.create_task(_watch(warming, watchdog))
    try:
        yield
    finally:
        watching.cancel()


async def _watch(warming: asyncio.Task, watchdog: StoreWatchdog) -> None:
    """The store watchdog, from the end of start-up (a failed start-up is reported anyway)."""
    await asyncio.wait([warming])
    if not warming.cancelled() and warming.exception() is None:
        await watchdog.run()


async def _warm_up(assistant: PolicyAssistant) -> None:
    started = time.perf_counter()
    try:
        await run_in_threadpool(assistant.warm_up)
    except Exception:
        log.exception("the model or the index could not be loaded")
        raise
    log.info("model and index loaded in %.1f s", time.perf_counter() - started)


def _mount_ui(app: FastAPI, assistant: PolicyAssistant, settings: Settings) -> None:
    try:
        from ui import mount_ui
    except ImportError as err:
        log.warning("web UI not mounted (%s); serving the API only", err)
        return

    # The UI at "/" would otherwise answer every unknown /api path with its own page.
    @app.api_route("/api/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    async def unknown_endpoint(path: str) -> None:
        raise ApiError(404, f"no such endpoint: /api/{path}")

    mount_ui(app, assistant, settings)
