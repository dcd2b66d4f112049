"""Public endpoints: ask (whole or streamed), search, and browse documents, measures, offices.

Handlers are plain `def`: FastAPI runs them in its thread pool, so model calls never block
the event loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Body, Query
from fastapi.sse import EventSourceResponse, ServerSentEvent

from assistant.api.dependencies import Ready
from assistant.api.events import answer_events
from assistant.api.models.common import ErrorOut
from assistant.api.models.public import (
    ASK_EXAMPLES,
    AnswerOut,
    AskRequest,
    DocumentList,
    DocumentOut,
    DocumentSummary,
    HitOut,
    MeasureOut,
    OfficeList,
    SearchOut,
    SearchParams,
)

ERRORS = {code: {"model": ErrorOut} for code in (400, 422, 503)}
NOT_FOUND = {404: {"model": ErrorOut}}
LIMITED = {429: {"model": ErrorOut, "description": "Too many questions (see Retry-After)."}}

router = APIRouter(prefix="/api", responses=ERRORS)

AskBody = Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)]


# The answering routes are limited per client by `guards.Guards` (429 with Retry-After).
@router.post("/ask", tags=["questions"], responses=LIMITED)
def ask(body: AskBody, assistant: Ready) -> AnswerOut:
    """Answer a question from the policies, citing the measures used."""
    answer = assistant.ask(body.question, history=body.history,
                           filters=body.filters.to_core(), top_k=body.top_k, as_of=body.as_of)
    return AnswerOut.model_validate(answer)


@router.post("/ask/stream", tags=["questions"], response_class=EventSourceResponse,
             responses=LIMITED)
def ask_stream(body: AskBody, assistant: Ready) -> Iterator[ServerSentEvent]:
    """The answer as Server-Sent Events: `segment`…, `citations`, `done` (or `error`).

    `segment` data is `{"text": …}`, `citations` a list as in `/api/ask`, `done` the whole
    answer as `/api/ask` returns it, `error` `{"error", "detail", "status"}`.
    """
    yield from answer_events(assistant.ask_stream(
        body.question, history=body.history, filters=body.filters.to_core(), top_k=body.top_k,
        as_of=body.as_of))


@router.get("/search", tags=["questions"], responses=LIMITED)
def search(params: Annotated[SearchParams, Query()], assistant: Ready) -> SearchOut:
    """Measures ranked for a query, with optional filters, earlier turns and a date."""
    hits = assistant.search(params.q, turns=params.turn, filters=params.filters(),
                            top_k=params.top_k, as_of=params.as_of)
    statuses = assistant.statuses(hits, params.as_of)
    return SearchOut(query=params.q,
                     hits=[HitOut.of(h, statuses[h.measure.key].label) for h in hits])


@router.get("/documents", tags=["documents"])
def documents(assistant: Ready) -> DocumentList:
    """Every indexed document, newest first."""
    return DocumentList(documents=[DocumentSummary.from_record(d) for d in assistant.documents()])


@router.get("/documents/{doc_id}", tags=["documents"], responses=NOT_FOUND)
def document(doc_id: str, assistant: Ready) -> DocumentOut:
    """One document (by id, file name or 文号) with its measures."""
    return DocumentOut.from_record(assistant.document(doc_id))


@router.get("/measures/{key}", tags=["documents"], responses=NOT_FOUND)
def measure(key: str, assistant: Ready) -> MeasureOut:
    """The full record of one measure, e.g. `liaocheng_2020_measures:12`."""
    return MeasureOut.from_record(assistant.measure(key))


@router.get("/offices", tags=["documents"])
def offices(assistant: Ready) -> OfficeList:
    """Every responsible office with the measures it leads (牵头) or shares."""
    return OfficeList.from_table(assistant.offices())
