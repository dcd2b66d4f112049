"""What guards the documents tab: the admin token, and keeping uploads under safe names.

Uploads follow the same rules as the API's (`assistant/api/uploads.py`), so a file uploaded
either way gets the same name, the same document id, and is found by `POST /api/reindex`:
kept in `<data_dir>/uploads` under its own file name, staged in a private directory and
moved into place only when it parsed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assistant.errors import InputError, PolicyQAError
from assistant.settings import Settings
from ingest.loaders import SUPPORTED_SUFFIXES

_STEM_MAX = 120


class TokenRefused(PolicyQAError):
    """An admin action without the right token, or with none configured."""

    status_code = 403


def check_token(settings: Settings, token: str | None) -> None:
    """Raise TokenRefused unless `token` equals the configured admin token."""
    expected = settings.admin_token or ""
    if not expected:
        raise TokenRefused("未配置管理员令牌（环境变量 POLICYQA_ADMIN_TOKEN），上传和删除已停用。")
    # Constant-time, on bytes: compare_digest refuses non-ASCII str.
    if not token or not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise TokenRefused("管理员令牌不正确，操作已拒绝。")


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "uploads"


def safe_name(filename: str) -> str:
    """The name an upload is kept under: its last path component, never hidden, known suffix.

    Raises InputError for a name that cannot be kept. The name becomes the document's
    `source` and id, so Chinese and other letters stay as they are.
    """
    raw = unicodedata.normalize("NFC", filename or "").replace("\\", "/")
    parts = [part.strip() for part in raw.split("/") if part.strip() not in ("", ".")]
    if not parts or ".." in parts:
        raise InputError(f"文件名不安全：{filename!r}")
    name = PurePosixPath(parts[-1])
    if name.name.startswith(".") or any(ord(c) < 32 or c == "\x7f" for c in name.name):
        raise InputError(f"文件名不安全：{filename!r}")
    if name.suffix.lower() not in SUPPORTED_SUFFIXES:
        shown = name.suffix or "（无扩展名）"
        raise InputError(f"不支持的文件类型 {shown}，支持 {'、'.join(SUPPORTED_SUFFIXES)}")
    return name.stem[:_STEM_MAX] + name.suffix


@dataclass
class UploadOutcome:
    """One uploaded file: the name it is kept under and what ingesting it did."""

    original: str
    name: str = ""
    status: str = "failed"  # added | replaced | unchanged | failed
    documents: list[str] = field(default_factory=list)  # doc ids
    reason: str = ""


def ingest_uploads(assistant, settings: Settings, paths: Sequence[str | Path]) -> list[UploadOutcome]:
    """Stage, ingest and keep each uploaded temp file; a refused or broken file is reported.

    A file that fails to parse never replaces a good upload of the same name.
    """
    target_dir = uploads_dir(settings)
    target_dir.mkdir(parents=True, exist_ok=True)
    limit = int(settings.max_file_mb * 1024 * 1024)
    outcomes = []
    for path in map(Path, paths):
        outcome = UploadOutcome(original=path.name)
        outcomes.append(outcome)
        try:
            outcome.name = safe_name(path.name)
        except InputError as err:
            outcome.reason = str(err)
            continue
        if path.stat().st_size > limit:
            outcome.reason = f"文件过大（上限 {settings.max_file_mb:g} MB）"
            continue
        with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".upload-") as staging:
            staged = Path(staging) / outcome.name
            shutil.copyfile(path, staged)
            result = assistant.ingest([staged])
            if result.failures:
                outcome.reason = result.failures[0].reason
                continue
            os.replace(staged, target_dir / outcome.name)
        outcome.status = ("added" if result.added else "replaced" if result.replaced
                          else "unchanged")
        outcome.documents = [*result.added, *result.replaced, *result.unchanged]
    return outcomes


def discard(settings: Settings, source: str) -> None:
    """Delete the upload a removed document came from, so a reindex does not revive it."""
    if PurePosixPath(source).name != source:
        return
    path = uploads_dir(settings) / source
    if path.is_file():
        path.unlink()
