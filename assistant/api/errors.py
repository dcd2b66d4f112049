"""Every error leaves the API as JSON `{"error": reason, "detail": …}` with its status.

Core errors (`CORE_ERRORS`, of every layer) are translated here, once, by their
`status_code`; nothing
else in the API catches them. Unexpected exceptions are logged with their traceback and
answered with a bare 500: no stack trace reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import CORE_ERRORS, LoadError, status_code, without_paths

log = logging.getLogger("policyqa.api")


class ApiError(Exception):
    """An error the API itself decides (auth, limits, uploads), with its status."""

    def __init__(self, status_code: int, reason: str, detail: Any = None,
                 headers: dict[str, str] | None = None):
        super().__init__(reason)
        self.status_code = status_code
        self.reason = reason
        self.detail = detail
        self.headers = headers


def error_body(reason: str, detail: Any = None) -> dict[str, Any]:
    return {"error": reason, "detail": detail}


def core_error_body(err: Exception, places: dict | None = None) -> dict[str, Any]:
    """The JSON of a core error; a file that failed names its source and reason. No
    file-system path reaches the client (`places`: directories to name, see without_paths)."""
    detail = {"source": err.source, "reason": without_paths(err.reason, places)} \
        if isinstance(err, LoadError) else None
    return error_body(without_paths(str(err), places), detail)


def _places(request: Request) -> dict:
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        return {}
    return {"data dir": settings.data_dir, "corpus dir": settings.corpus_dir}


def readable(errors: list[dict]) -> list[dict[str, str]]:
    """Pydantic's errors as {"field", "in", "message"}, without echoing the input back."""
    out = []
    for error in errors:
        where, *path = error.get("loc") or ("body",)
        if error.get("type") == "json_invalid":
            message = f"invalid JSON: {error.get('ctx', {}).get('error', 'cannot be parsed')}"
            path = []
        else:
            message = error.get("msg", "invalid value")
        out.append({"field": ".".join(str(p) for p in path), "in": str(where),
                    "message": message})
    return out


async def _on_core_error(request: Request, err: Exception) -> JSONResponse:
    status = status_code(err)
    if status >= 500:
        log.warning("%s %s failed: %s", request.method, request.url.path, err)
    return JSONResponse(core_error_body(err, _places(request)), status_code=status)


async def _on_api_error(request: Request, err: ApiError) -> JSONResponse:
    return JSONResponse(error_body(without_paths(err.reason, _places(request)), err.detail),
                        status_code=err.status_code, headers=err.headers)


async def _on_http_error(request: Request, err: HTTPException) -> JSONResponse:
    reason = err.detail if isinstance(err.detail, str) else "request failed"
    if err.status_code == 404 and reason == "Not Found":
        reason = f"no such endpoint: {request.method} {request.url.path}"
    return JSONResponse(error_body(reason), status_code=err.status_code, headers=err.headers)


async def _on_invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
    problems = readable(list(err.errors()))
    first = problems[0] if problems else {"field": "", "message": "invalid request"}
    reason = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return JSONResponse(error_body(f"invalid request: {reason}", problems), status_code=422)


async def _on_unexpected(request: Request, err: Exception) -> JSONResponse:
    log.exception("%s %s failed unexpectedly", request.method, request.url.path)
    return JSONResponse(error_body("internal server error"), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    for kind in CORE_ERRORS:
        app.add_exception_handler(kind, _on_core_error)
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_invalid_request)
    app.add_exception_handler(Exception, _on_unexpected)
