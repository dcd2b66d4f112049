"""What guards the documents tab: the admin token, and uploads reported in Chinese.

Uploads are kept by the core's rules (`assistant.uploads`), the same as the API's, so a file
uploaded either way gets the same name, the same document id, and is found by a reindex.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from assistant import uploads
from assistant.errors import (
    FileTooLarge,
    PolicyQAError,
    UnsafeFileName,
    UnsupportedFileType,
    UploadRefused,
)
from assistant.settings import Settings


class TokenRefused(PolicyQAError):
    """An admin action without the right token, or with none configured."""

    status_code = 403


def check_token(settings: Settings, token: str | None) -> None:
    """Raise TokenRefused unless `token` equals the configured admin token."""
    expected = settings.admin_token or ""
    if not expected:
        raise TokenRefused("未配置管理员令牌（环境变量 POLICYQA_ADMIN_TOKEN），上传和删除已停用。")
    # Constant-time, on bytes: compare_digest refuses non-ASCII str.
    if not (token or "").strip():  # nothing typed yet: ask for it, it is not a wrong one
        raise TokenRefused("请先输入管理员令牌。")
    if not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise TokenRefused("管理员令牌不正确，操作已拒绝。")


@dataclass
class UploadOutcome:
    """One uploaded file: the name it is kept under and what ingesting it did."""

    original: str
    name: str = ""
    status: str = "failed"  # added | replaced | unchanged | failed
    documents: list[str] = field(default_factory=list)  # doc ids
    reason: str = ""


def ingest_uploads(assistant, settings: Settings, paths: Sequence[str | Path],
                   starting: Callable[[int, str], None] | None = None) -> list[UploadOutcome]:
    """Keep the uploaded temp files by the core's rules, as one batch; a refused or broken
    file is reported. A file that fails to parse never replaces a good upload of its name.
    `starting(i, name)`: before the i-th accepted file is ingested (progress)."""
    outcomes, accepted = [], []
    for path in map(Path, paths):
        outcome = UploadOutcome(original=path.name)
        outcomes.append(outcome)
        try:
            outcome.name = uploads.safe_name(path.name)
            uploads.check_size(settings, outcome.name, path.stat().st_size)
        except UploadRefused as err:
            outcome.reason = refusal(err)
            continue
        accepted.append((outcome, path))
    with ExitStack() as files:
        batch = [(o.name, files.enter_context(p.open("rb"))) for o, p in accepted]
        # A write that stopped the batch is in the results: its file and those after it
        # are reported failed with why.
        kept, _stopped = uploads.keep_uploads(assistant, settings, batch, starting) \
            if batch else ([], None)
    for (outcome, _path), done in zip(accepted, kept, strict=False):
        outcome.status, outcome.documents = uploads.outcome(done.result)
        if done.result.failures:
            outcome.reason = done.result.failures[0].reason
    return outcomes


def refusal(err: UploadRefused) -> str:
    """Why a file was refused, in the UI's words."""
    if isinstance(err, UnsafeFileName):
        return f"文件名不安全：{err.filename!r}"
    if isinstance(err, UnsupportedFileType):
        return f"不支持的文件类型 {err.suffix or '（无扩展名）'}，支持 {'、'.join(err.supported)}"
    if isinstance(err, FileTooLarge):
        return f"文件过大（上限 {err.limit_mb:g} MB）"
    return str(err)
