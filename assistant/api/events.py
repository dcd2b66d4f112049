"""The answer stream as Server-Sent Events: segment…, citations, done — or error."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.sse import ServerSentEvent
from pydantic import TypeAdapter

from assistant.api.errors import core_error_body, error_body
from assistant.api.models.public import AnswerOut
from assistant.errors import CORE_ERRORS, status_code
from assistant.records import Citation

log = logging.getLogger("policyqa.api")
_CITATIONS = TypeAdapter(list[Citation])


def answer_events(events: Iterable[tuple[str, Any]]) -> Iterator[ServerSentEvent]:
    """Translate the core's ("segment" | "citations" | "done", payload) events.

    Each event's data is one line of JSON. The response has started by the time the core
    can fail, so a failure is the stream's last event: `error` with the usual error JSON
    plus its HTTP status.
    """
    try:
        for kind, payload in events:
            if kind == "segment":
                yield _event("segment", {"text": payload})
            elif kind == "citations":
                yield _event("citations", _CITATIONS.dump_python(
                    _CITATIONS.validate_python(payload), mode="json"))
            elif kind == "done":
                yield _event("done", AnswerOut.model_validate(payload).model_dump(mode="json"))
    except CORE_ERRORS as err:
        yield _event("error", {**core_error_body(err), "status": status_code(err)})
    except Exception:
        log.exception("the answer stream failed")
        yield _event("error", {**error_body("internal server error"), "status": 500})


def _event(name: str, data: Any) -> ServerSentEvent:
    # Pre-serialised so the Chinese text stays readable on the wire (no \\u escapes).
    return ServerSentEvent(event=name, raw_data=json.dumps(data, ensure_ascii=False))
