"""Liveness and readiness, for load balancers and `make run`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from assistant.api.dependencies import startup_problem
from assistant.api.errors import ApiError
from assistant.api.models.common import ErrorOut
from assistant.api.models.health import HealthOut, ReadyOut
from assistant.components import model_name
from assistant.service import PolicyAssistant

router = APIRouter(tags=["service"])


@router.get("/healthz", responses={503: {"model": ErrorOut}})
async def healthz(request: Request) -> HealthOut:
    """The process is up and answering (the model may still be loading); 503 once a write
    to the index passed its deadline — only a restart brings writes back."""
    assistant: PolicyAssistant | None = getattr(request.app.state, "assistant", None)
    stuck = assistant.index.write_problem if assistant is not None else None
    if stuck is not None:
        raise ApiError(503, stuck)
    return HealthOut()


@router.get("/readyz", responses={503: {"model": ErrorOut}})
async def readyz(request: Request) -> ReadyOut:
    """The model and the index are loaded: how many documents and measures are served."""
    problem = startup_problem(request)
    if problem is not None:
        raise problem
    return await run_in_threadpool(readiness, request.app.state.assistant)


def readiness(assistant: PolicyAssistant) -> ReadyOut:
    docs = assistant.documents()
    return ReadyOut(ready=True, documents=len(docs), measures=sum(len(d.measures) for d in docs),
                    model=model_name(assistant.settings))
