"""Uploaded policy files: safe names, the size limit, and where they are kept.

The API and the UI both keep uploads here, by the same rules, so a file uploaded either way
gets the same name and document id and is found again by a reindex. Uploads live in
`<data_dir>/uploads` under their own (sanitised) file names: a document's `source` names its
file. A file is staged in a private directory under `data_dir`, ingested from there and moved
into place only when it parsed, so a broken upload never replaces a good file of that name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from assistant import identity, storage
from assistant.errors import (
    CORE_ERRORS,
    FileTooLarge,
    LoadError,
    UnsafeFileName,
    UnsupportedFileType,
)
from assistant.settings import Settings
from ingest.loaders import SUPPORTED_SUFFIXES  # re-exported: the UI offers them

if TYPE_CHECKING:
    from assistant.service import PolicyAssistant
    from vectorstore.writer import SyncResult

#: A kept name's length in UTF-8 bytes: file systems allow 255 (90 Chinese characters are
#: 270), and the name must fit beside a staging prefix too.
_NAME_MAX_BYTES = 180
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
    and id, so Chinese and other letters stay as they are; a name over 180 UTF-8 bytes is
    cut on a character boundary and marked with a short hash of the whole name, so two long
    names that start alike stay two files.
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
    return _shortened(name.stem, name.suffix)


def _shortened(stem: str, suffix: str) -> str:
    if len((stem + suffix).encode()) <= _NAME_MAX_BYTES:
        return stem + suffix
    mark = "~" + hashlib.sha256(stem.encode()).hexdigest()[:8]
    room = _NAME_MAX_BYTES - len((mark + suffix).encode())
    cut = stem.encode()[:room].decode("utf-8", errors="ignore").rstrip()
    return cut + mark + suffix


def check_size(settings: Settings, name: str, size: int | None) -> None:
    """Raise FileTooLarge when a known size is over the limit (None: not known yet)."""
    if size is not None and size > max_file_bytes(settings):
        raise FileTooLarge(name, settings.max_file_mb)


@dataclass
class KeptFile:
    """What keeping one upload of a batch did (`result.failures` says why it failed)."""

    name: str
    result: SyncResult


def keep_uploads(assistant: PolicyAssistant, settings: Settings,
                 files: Sequence[tuple[str, BinaryIO]],
                 starting: Callable[[int, str], None] | None = None,
                 ) -> tuple[list[KeptFile], Exception | None]:
    """Stage a batch of uploads, ingest each, and keep each one that parsed. Blocking.

    Names must be what `safe_name` returns. Before any work the whole batch is checked and
    refused as one: the write lock (BusyError), names that would take another file's document
    id (NameClash), sizes (FileTooLarge), free disk space (InsufficientStorage). A file that
    fails to parse is reported in its result and never replaces a good upload of its name.
    A write that fails part-way (the store, the disk) stops the batch: the files before it
    are kept, it and those after it are reported as not ingested, and the error is returned
    beside the results for the edge to answer with. `starting(i, name)` is called before the
    i-th file (from 0) is ingested, for an edge to show progress.
    """
    from vectorstore.writer import SyncResult

    for name, _source in files:
        if safe_name(name) != name:
            raise UnsafeFileName(name)
    sizes = [_size(source) for _name, source in files]
    for (name, _source), size in zip(files, sizes, strict=True):
        check_size(settings, name, size)
    target_dir = uploads_dir(settings)
    places = (settings.data_dir, settings.index_dir)
    with assistant.writing(), storage.translated(places):
        kept_now = sorted(target_dir.iterdir()) if target_dir.is_dir() else []
        identity.check_upload_names([n for n, _ in files], _corpus_files(settings), kept_now,
                                    assistant.index.stored_catalog().documents)
        storage.check_free(places, int(settings.min_free_mb * storage.MB)
                           + storage.GROWTH_PER_BYTE * sum(sizes))
        target_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".upload-") as staging:
            staged = []
            for name, source in files:
                staged.append(Path(staging) / name)
                _copy(source, staged[-1], name, settings)
            kept: list[KeptFile] = []
            for name, path in zip([n for n, _ in files], staged, strict=True):
                if starting:
                    starting(len(kept), name)
                try:
                    result = assistant.ingest([path])
                except CORE_ERRORS as err:
                    for rest in [n for n, _ in files][len(kept):]:
                        reason = str(err) if rest == name else f"not ingested: the batch " \
                                                                f"stopped at {name}"
                        kept.append(KeptFile(rest, SyncResult(
                            failures=[LoadError(rest, reason, kind="not_written")])))
                    return kept, err
                if not result.failures:
                    os.replace(path, target_dir / name)
                kept.append(KeptFile(name, result))
    return kept, None


def keep_upload(assistant: PolicyAssistant, settings: Settings, name: str,
                source: BinaryIO) -> SyncResult:
    """One upload kept as `keep_uploads` keeps a batch; a failed write is raised."""
    [kept], err = keep_uploads(assistant, settings, [(name, source)])
    if err is not None:
        raise err
    return kept.result


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


def _size(source: BinaryIO) -> int:
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(0)
    return size


def _corpus_files(settings: Settings) -> list[Path]:
    corpus = settings.corpus_dir
    return sorted(p for p in corpus.rglob("*") if p.is_file()) if corpus.is_dir() else []


def _copy(source: BinaryIO, target: Path, name: str, settings: Settings) -> None:
    """Copy in chunks, stopping at the size limit (an edge may not know the size)."""
    source.seek(0)
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            check_size(settings, name, written)
            out.write(chunk)
