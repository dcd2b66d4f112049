"""What route handlers receive: the warmed-up assistant, the settings, admin checks, limits."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from assistant.api.errors import ApiError
from assistant.api.guards import ADMIN_DISABLED, ADMIN_HEADER, admin_refusal, client_of
from assistant.errors import CORE_ERRORS, status_code
from assistant.service import PolicyAssistant
from assistant.settings import Settings

__all__ = ["ADMIN_DISABLED", "ADMIN_HEADER", "AppSettings", "Ready", "ready_assistant",
           "require_admin", "startup_problem"]

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
        # Writes stopped (a write past its deadline, a full disk met by the store): at
        # once, not at the watchdog's next look.
        stuck = request.app.state.assistant.index.write_problem
        if stuck is not None:
            return ApiError(503, stuck, headers={"Retry-After": "30"})
        watchdog = getattr(request.app.state, "watchdog", None)
        return watchdog.problem if watchdog is not None else None
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
    """Admin endpoints need POLICYQA_ADMIN_TOKEN in the X-Admin-Token header; wrong tokens
    are counted per client and slow it down (`guards.admin_refusal`)."""
    refusal = admin_refusal(request.app.state.admin_failures,
                            request.app.state.settings.admin_token,
                            client_of(request.scope), token)
    if refusal is not None:
        raise ApiError(*refusal[:2], headers=refusal[2] if len(refusal) > 2 else None)


Ready = Annotated[PolicyAssistant, Depends(ready_assistant)]
AppSettings = Annotated[Settings, Depends(get_settings)]
