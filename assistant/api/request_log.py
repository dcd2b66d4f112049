"""One log line per request: client, method, path, status and milliseconds."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("policyqa.api")


class RequestLog:
    """Logs method, path, status and time of every request; never headers (admin token)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            path = scope.get("path", "")
            # API calls at INFO; probes and UI assets at DEBUG.
            level = logging.INFO if path.startswith("/api/") else logging.DEBUG
            client = (scope.get("client") or ("-",))[0]
            log.log(level, "%s %s %s %d %.1f ms", client, scope.get("method"), path, status,
                    (time.perf_counter() - started) * 1000)
