"""The upload endpoint's edge: multipart files in, one FileResult per file out.

The rules (safe names, the size limit, staging and keeping) live in `assistant.uploads`; its
errors reach the client through the core error handler (400 unsafe name, 413 too large,
415 unsupported type).
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import FormData, UploadFile

from assistant import uploads
from assistant.api.errors import ApiError
from assistant.api.models.admin import FileResult
from assistant.service import PolicyAssistant, SyncResult
from assistant.settings import Settings

FIELD = "files"
MAX_FILES = 10
_MULTIPART_OVERHEAD = 1 << 20


def body_limit(settings: Settings) -> int:
    """The largest upload request accepted: refused from its Content-Length when larger."""
    return MAX_FILES * uploads.max_file_bytes(settings) + _MULTIPART_OVERHEAD


def checked_files(form: FormData, settings: Settings) -> list[tuple[str, UploadFile]]:
    """Every uploaded file with its safe name; the whole request is refused if one is bad."""
    files = [item for item in form.getlist(FIELD) if isinstance(item, UploadFile)]
    if not files:
        raise ApiError(400, f"no files: send multipart/form-data with one or more {FIELD!r} parts")
    checked = []
    for upload in files:
        name = uploads.safe_name(upload.filename)
        uploads.check_size(settings, name, upload.size)
        checked.append((name, upload))
    return checked


def ingest_files(assistant: PolicyAssistant, files: Sequence[tuple[str, UploadFile]],
                 settings: Settings) -> tuple[list[FileResult], Exception | None]:
    """Stage, ingest and keep the batch (`uploads.keep_uploads`); blocking, so call it off
    the event loop. The error that stopped the batch part-way, if one did, comes beside."""
    kept, stopped = uploads.keep_uploads(assistant, settings,
                                         [(name, upload.file) for name, upload in files])
    return [file_result(k.name, k.result) for k in kept], stopped


def file_result(name: str, result: SyncResult) -> FileResult:
    status, documents = uploads.outcome(result)
    if result.failures:
        return FileResult(file=name, status=status, documents=[], error=result.failures[0].reason)
    return FileResult(file=name, status=status, documents=documents,
                      measures_written=result.measures_written)
