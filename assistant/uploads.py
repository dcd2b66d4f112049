"""Uploaded policy files: safe names, the size limit, and where they are kept.

The API and the UI both keep uploads here, by the same rules, so a file uploaded either way
gets the same name and document id and is found again by a reindex. Uploads live in
`<data_dir>/uploads` under their own (sanitised) file names: a document's `source` names its
file. A file is staged in a private directory under `data_dir`, ingested from there and moved
into place only when it parsed, so a broken upload never replaces a good file of that name.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from assistant.errors import FileTooLarge, UnsafeFileName, UnsupportedFileType
from assistant.settings import Settings
from ingest.loaders import SUPPORTED_SUFFIXES  # re-exported: the UI offers them

if TYPE_CHECKING:
    from assistant.service import PolicyAssistant
    from vectorstore.writer import SyncResult

_STEM_MAX = 120
_CHUNK = 1 << 20


def uploads_dir(settings: Settings) -> Path:
    """Where kept uploads live: `<data_dir>/uploads`."""
    return settings.data_dir / "uploads"


def max_file_bytes(settings: Settings) -> int:
    """The largest file accepted, in bytes (`max_file_mb`)."""
    return int(settings.max_file_mb * 1024 * 1024)


def safe_name(filename: str | None) -> str:
    """The name an upload is kept under: its last path component, never '..', known suffix.

    Raises UnsafeFileName or UnsupportedFileType. The name becomes the document's `source`
    and id, so Chinese and other letters stay as they are; a long stem is cut to 120 chars.
    """
    raw = unicodedata.normalize("NFC", filename or "").replace("\\", "/")
    parts = [part.strip() for part in raw.split("/") if part.strip() not in ("", ".")]
    if not parts or ".." in parts:
        raise UnsafeFileName(filename)
    name = PurePosixPath(parts[-1])
    if name.name.startswith(".") or any(ord(c) < 32 or c == "\x7f" for c in name.name):
        raise UnsafeFileName(filename)
    if name.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileType(name.name, name.suffix, SUPPORTED_SUFFIXES)
    return name.stem[:_STEM_MAX] + name.suffix


def check_size(settings: Settings, name: str, size: int | None) -> None:
    """Raise FileTooLarge when a known size is over the limit (None: not known yet)."""
    if size is not None and size > max_file_bytes(settings):
        raise FileTooLarge(name, settings.max_file_mb)


def keep_upload(assistant: PolicyAssistant, settings: Settings, name: str,
                source: BinaryIO) -> SyncResult:
    """Stage `source` as `name`, ingest it, and keep it in the uploads directory if it parsed.

    `name` must be what `safe_name` returns. Raises FileTooLarge (before ingesting) when the
    file is over the limit; a file that fails to parse is reported in the result's
    `failures` and never replaces a good upload of the same name. Blocking.
    """
    if safe_name(name) != name:
        raise UnsafeFileName(name)
    target_dir = uploads_dir(settings)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".upload-") as staging:
        staged = Path(staging) / name
        _copy(source, staged, name, settings)
        result = assistant.ingest([staged])
        if not result.failures:
            os.replace(staged, target_dir / name)
    return result


def outcome(result: SyncResult) -> tuple[str, list[str]]:
    """What keeping one upload did: added | replaced | unchanged | failed, and its doc ids."""
    if result.failures:
        return "failed", []
    status = "added" if result.added else "replaced" if result.replaced else "unchanged"
    return status, [*result.added, *result.replaced, *result.unchanged]


def discard(settings: Settings, source: str) -> None:
    """Delete the upload a removed document came from, so a reindex does not revive it."""
    if PurePosixPath(source).name != source:
        return
    path = uploads_dir(settings) / source
    if path.is_file():
        path.unlink()


def reindex_paths(settings: Settings) -> list[Path]:
    """What a reindex ingests: the corpus directory and every kept upload."""
    uploads = uploads_dir(settings)
    return [settings.corpus_dir, *([uploads] if uploads.is_dir() else [])]


def _copy(source: BinaryIO, target: Path, name: str, settings: Settings) -> None:
    """Copy in chunks, stopping at the size limit (an edge may not know the size)."""
    source.seek(0)
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            check_size(settings, name, written)
            out.write(chunk)
