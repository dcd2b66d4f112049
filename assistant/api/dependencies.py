"""What route handlers receive: the warmed-up assistant, the settings, admin checks, limits."""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from assistant.api.errors import ApiError
from assistant.errors import CORE_ERRORS, status_code
from assistant.service import PolicyAssistant
from assistant.settings import Settings

ADMIN_HEADER = "X-Admin-Token"
ADMIN_DISABLED = "admin endpoints are disabled: set POLICYQA_ADMIN_TOKEN"

_admin_token = APIKeyHeader(name=ADMIN_HEADER, auto_error=False, scheme_name="admin token",
                            description="The value of POLICYQA_ADMIN_TOKEN.")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def startup_problem(request: Request) -> Exception | None:
    """Why the assistant cannot serve yet: still loading, or loading failed."""
    warming: asyncio.Task | None = request.app.state.warming
    if warming is None:
        return None  # no lifespan ran: the assistant loads on first use
    if not warming.done():
        return ApiError(503, "starting: the model and the index are still loading",
                        headers={"Retry-After": "5"})
    if warming.cancelled():
        return ApiError(503, "shutting down")
    err = warming.exception()
    if err is None:
        return None
    if isinstance(err, CORE_ERRORS) and status_code(err) >= 500:
        return err
    return ApiError(503, "the model or the index could not be loaded; see the server log")


async def ready_assistant(request: Request) -> PolicyAssistant:
    """The assistant, once start-up has loaded the model and the index (waits for it)."""
    warming: asyncio.Task | None = request.app.state.warming
    if warming is not None and not warming.done():
        await asyncio.wait([warming])
    problem = startup_problem(request)
    if problem is not None:
        raise problem
    return request.app.state.assistant


async def require_admin(request: Request,
                        token: Annotated[str | None, Security(_admin_token)] = None) -> None:
    """Admin endpoints need POLICYQA_ADMIN_TOKEN in the X-Admin-Token header."""
    expected = request.app.state.settings.admin_token
    if not expected:
        raise ApiError(403, ADMIN_DISABLED)
    if not token:
        raise ApiError(401, f"missing {ADMIN_HEADER} header")
    # Constant-time, on bytes: compare_digest refuses non-ASCII str.
    if not secrets.compare_digest(token.encode(), expected.encode()):
        raise ApiError(401, f"wrong {ADMIN_HEADER}")


async def limit_questions(request: Request) -> None:
    """At most `ask_rate_per_minute` questions per client and minute (429 beyond)."""
    limiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(client)
    if wait is not None:
        raise ApiError(429, f"too many questions: at most {limiter.per_minute} a minute; "
                            f"retry in {wait} s", headers={"Retry-After": str(wait)})


Ready = Annotated[PolicyAssistant, Depends(ready_assistant)]
AppSettings = Annotated[Settings, Depends(get_settings)]
