"""Request limits: questions per client and minute, and request body sizes.

Both hold per process: with several workers each counts its own questions.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_body

WINDOW_S = 60.0
_PRUNE_AT = 10_000  # clients remembered before idle ones are forgotten


class RateLimiter:
    """At most `per_minute` calls per client in any 60-second window; 0 turns it off."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._calls: dict[str, deque[float]] = {}

    def retry_after(self, client: str) -> int | None:
        """Record a call; None when allowed, else the whole seconds until one is."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        if len(self._calls) >= _PRUNE_AT:
            self._forget_idle(now)
        calls = self._calls.setdefault(client, deque())
        while calls and now - calls[0] >= WINDOW_S:
            calls.popleft()
        if len(calls) >= self.per_minute:
            return max(1, math.ceil(WINDOW_S - (now - calls[0])))
        calls.append(now)
        return None

    def blocked(self, client: str) -> int | None:
        """The whole seconds until `client` may call again, or None; records nothing."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        calls = [t for t in self._calls.get(client, ()) if now - t < WINDOW_S]
        if len(calls) >= self.per_minute:
            return max(1, math.ceil(WINDOW_S - (now - calls[0])))
        return None

    def _forget_idle(self, now: float) -> None:
        for client in [c for c, calls in self._calls.items()
                       if not calls or now - calls[-1] >= WINDOW_S]:
            del self._calls[client]


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body too large (limit {limit:,} bytes)")


class BodyLimit:
    """Refuses request bodies over `limit_for(method, path)` bytes (None: no limit).

    A declared Content-Length over the limit is answered 413 before a byte is read; a body
    that grows past it while streaming in stops the request at that point.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], int | None]):
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            response = JSONResponse(error_body(BodyTooLarge(limit).detail), status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)  # the app's error handlers answer it (413 JSON)
            return message

        await self.app(scope, counted, send)
