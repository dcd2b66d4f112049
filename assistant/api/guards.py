"""What every request passes before it reaches a route or the web UI.

- The real client: the peer's address, or — only when the peer is a configured proxy
  (`trusted_proxies`) — the last address in `X-Forwarded-For` that is not a proxy.
- One limit on answering, whatever the way in: `/api/ask`, `/api/ask/stream`, `/api/search`,
  `/api/match` and the web UI's event queue (`/gradio_api/queue/join`, `/call/…`, `/run/…`)
  share one `RateLimiter`, keyed on that client.
- Admin-token failures, counted per client: past `admin_failures_per_minute` (5) the client is
  refused (429) before its token is even compared.
- The web UI's file upload route needs the admin token, like the API's.
- Security headers on every response; CORS pre-flights answered only for configured origins.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_body
from assistant.api.limits import RateLimiter

ADMIN_HEADER = "X-Admin-Token"
ADMIN_DISABLED = "admin endpoints are disabled: set POLICYQA_ADMIN_TOKEN"
_ANSWERING = {("POST", "/api/ask"), ("POST", "/api/ask/stream"), ("GET", "/api/search"),
              ("POST", "/api/match")}
_UI_ANSWERING = ("/gradio_api/queue/join", "/gradio_api/call/", "/gradio_api/run/")
_UI_UPLOAD = "/gradio_api/upload"

# The web page needs inline scripts and styles (Gradio's own); nothing from another origin,
# and no framing. /docs and /redoc load FastAPI's Swagger UI and ReDoc from their CDN.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
_DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' https://cdn.jsdelivr.net") \
    .replace("style-src 'self'", "style-src 'self' https://cdn.jsdelivr.net") \
    .replace("img-src 'self'", "img-src 'self' https://fastapi.tiangolo.com")
SECURITY_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}


class Proxies:
    """The configured proxies: addresses or networks (`10.0.0.0/8`)."""

    def __init__(self, entries: Sequence[str]):
        self.networks = [ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip()]

    def __contains__(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    def client(self, scope: Scope) -> str:
        """The real client of a request (see the module docstring)."""
        peer = (scope.get("client") or ("unknown",))[0]
        if peer not in self:
            return peer
        forwarded = Headers(scope=scope).getlist("x-forwarded-for")
        hops = [h.strip() for line in forwarded for h in line.split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in self:
                return hop
        return peer


def client_of(scope: Scope) -> str:
    """The real client `Guards` resolved for this request."""
    return scope.get("state", {}).get("client") or (scope.get("client") or ("unknown",))[0]


class Guards:
    """The checks above, as one ASGI middleware (outside the routes and the mounted UI)."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, failures: RateLimiter,
                 proxies: Proxies, admin_token: str | None, cors_origins: Sequence[str]):
        self.app = app
        self.limiter, self.failures, self.proxies = limiter, failures, proxies
        self.admin_token = admin_token or ""
        self.origins = set(cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = self.proxies.client(scope)
        scope.setdefault("state", {})["client"] = client
        method, path = scope["method"], scope["path"]
        headers = Headers(scope=scope)
        send = self._secured(send, path)
        origin = headers.get("origin")
        if method == "OPTIONS" and "access-control-request-method" in headers \
                and origin not in self.origins:
            await _answer(send, 403, f"cross-origin requests from {origin} are not allowed")
            return
        if method == "POST" and path.startswith(_UI_UPLOAD):
            refusal = admin_refusal(self.failures, self.admin_token, client,
                                    headers.get(ADMIN_HEADER))
            if refusal is not None:
                await _answer(send, *refusal)
                return
        if (method, path) in _ANSWERING or (method == "POST" and path.startswith(_UI_ANSWERING)):
            wait = self.limiter.retry_after(client)
            if wait is not None:
                await _answer(send, 429, f"too many questions: at most {self.limiter.per_minute}"
                                         f" a minute; retry in {wait} s",
                              {"Retry-After": str(wait)})
                return
        await self.app(scope, receive, send)

    def _secured(self, send: Send, path: str) -> Send:
        csp = _DOCS_CSP if path in ("/docs", "/redoc") else CSP

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                headers["Content-Security-Policy"] = csp
                allowed = headers.get("access-control-allow-origin")
                if allowed is not None and allowed not in self.origins:
                    # The mounted UI answers any http://localhost:* itself: not ours to allow.
                    for name in [k for k in headers if k.startswith("access-control-")]:
                        del headers[name]
            await send(message)

        return secured


def admin_refusal(failures: RateLimiter, expected: str | None, client: str,
                  token: str | None) -> tuple | None:
    """Why an admin request is refused — (status, reason[, headers]) — or None.

    A client past `failures.per_minute` wrong tokens in a minute is refused (429) before its token
    is compared, so guessing goes no faster than that, per client."""
    if not expected:
        return 403, ADMIN_DISABLED
    blocked = failures.blocked(client)
    if blocked is not None:
        return 429, f"too many wrong admin tokens; retry in {blocked} s", \
            {"Retry-After": str(blocked)}
    if not token:
        return 401, f"missing {ADMIN_HEADER} header"
    # Constant-time, on bytes: compare_digest refuses non-ASCII str.
    if not secrets.compare_digest(token.encode(), expected.encode()):
        failures.retry_after(client)  # counts the failure
        return 401, f"wrong {ADMIN_HEADER}"
    return None


async def _answer(send: Send, status: int, reason: str,
                  headers: dict[str, str] | None = None) -> None:
    body = json.dumps(error_body(reason), ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
