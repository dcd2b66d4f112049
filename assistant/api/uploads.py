"""Uploaded policy files: safe names, size and type checks, and where they are kept.

Uploads live in `<data_dir>/uploads` under their own (sanitised) file names, so that
`POST /api/reindex` can index them again and a document's `source` names its file. A file is
staged in a private directory, ingested from there and moved into place only when it
parsed: a broken upload never replaces a good file of the same name.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from starlette.datastructures import FormData, UploadFile

from assistant.api.errors import ApiError
from assistant.api.models import FileResult
from assistant.index import SyncResult
from assistant.service import PolicyAssistant
from assistant.settings import Settings
from ingest.loaders import SUPPORTED_SUFFIXES

FIELD = "files"
MAX_FILES = 10
_CHUNK = 1 << 20
_STEM_MAX = 120
_MULTIPART_OVERHEAD = 1 << 20


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "uploads"


def max_file_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1024 * 1024)


def body_limit(settings: Settings) -> int:
    """The largest upload request accepted: refused from its Content-Length when larger."""
    return MAX_FILES * max_file_bytes(settings) + _MULTIPART_OVERHEAD


def safe_name(filename: str | None) -> str:
    """The name to store an upload under: its last path component, never '..', known suffix."""
    raw = unicodedata.normalize("NFC", filename or "").replace("\\", "/")
    parts = [part.strip() for part in raw.split("/") if part.strip() not in ("", ".")]
    if not parts or ".." in parts:
        raise ApiError(400, f"unsafe file name {filename!r}: give a plain file name")
    name = PurePosixPath(parts[-1])
    if name.name.startswith(".") or any(ord(c) < 32 or c == "\x7f" for c in name.name):
        raise ApiError(400, f"unsafe file name {filename!r}: give a plain file name")
    if name.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApiError(415, f"{name.name}: unsupported file type {name.suffix or '(none)'} "
                            f"(supported: {', '.join(SUPPORTED_SUFFIXES)})")
    return name.stem[:_STEM_MAX] + name.suffix


def checked_files(form: FormData, settings: Settings) -> list[tuple[str, UploadFile]]:
    """Every uploaded file with its safe name; the whole request is refused if one is bad."""
    uploads = [item for item in form.getlist(FIELD) if isinstance(item, UploadFile)]
    if not uploads:
        raise ApiError(400, f"no files: send multipart/form-data with one or more {FIELD!r} parts")
    limit = max_file_bytes(settings)
    files = []
    for upload in uploads:
        name = safe_name(upload.filename)
        if upload.size is not None and upload.size > limit:
            raise _too_large(name, settings)
        files.append((name, upload))
    return files


def ingest_files(assistant: PolicyAssistant, files: Sequence[tuple[str, UploadFile]],
                 settings: Settings) -> list[FileResult]:
    """Stage, ingest and keep each file; blocking, so call it off the event loop."""
    target_dir = uploads_dir(settings)
    target_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for name, upload in files:
        target = target_dir / name
        if target.resolve().parent != target_dir.resolve():  # safe_name makes this impossible
            raise ApiError(400, f"unsafe file name {name!r}")
        with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".upload-") as staging:
            staged = Path(staging) / name
            _copy(upload.file, staged, name, settings)
            result = assistant.ingest([staged])
            if not result.failures:
                os.replace(staged, target)
        results.append(file_result(name, result))
    return results


def file_result(name: str, result: SyncResult) -> FileResult:
    if result.failures:
        return FileResult(file=name, status="failed", documents=[],
                          error=result.failures[0].reason)
    status = "added" if result.added else "replaced" if result.replaced else "unchanged"
    return FileResult(file=name, status=status,
                      documents=[*result.added, *result.replaced, *result.unchanged],
                      measures_written=result.measures_written)


def discard(settings: Settings, source: str) -> None:
    """Delete the uploaded file a removed document came from, so reindex does not revive it."""
    if PurePosixPath(source).name != source:
        return
    path = uploads_dir(settings) / source
    if path.is_file():
        path.unlink()


def reindex_paths(settings: Settings) -> list[Path]:
    """What `POST /api/reindex` ingests: the corpus directory and every kept upload."""
    uploads = uploads_dir(settings)
    return [settings.corpus_dir, *([uploads] if uploads.is_dir() else [])]


def _copy(source: BinaryIO, target: Path, name: str, settings: Settings) -> None:
    """Copy in chunks, stopping at the size limit (the form parser may not know the size)."""
    limit = max_file_bytes(settings)
    source.seek(0)
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise _too_large(name, settings)
            out.write(chunk)


def _too_large(name: str, settings: Settings) -> ApiError:
    return ApiError(413, f"{name}: file too large (limit {settings.max_file_mb:g} MB)")
