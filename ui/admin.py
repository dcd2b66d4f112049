"""What guards the documents tab: the admin token, and uploads reported in Chinese.

Uploads are kept by the core's rules (`assistant.uploads`), the same as the API's, so a file
uploaded either way gets the same name, the same document id, and is found by a reindex.
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections.abc import Callable, Generator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from assistant import uploads
from assistant.errors import (
    FileTooLarge,
    LoadError,
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
    `starting(i, name)`: before the file at place i (from 0) of `paths` is ingested, with
    the name it was chosen under (progress)."""
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

        def starting_accepted(i: int, _kept_name: str) -> None:  # i counts accepted files
            if starting:
                outcome = accepted[i][0]
                starting(next(n for n, o in enumerate(outcomes) if o is outcome),
                         outcome.original)

        # A write that stopped the batch is in the results: its file and those after it
        # are reported failed with why.
        kept, _stopped = uploads.keep_uploads(assistant, settings, batch, starting_accepted) \
            if batch else ([], None)
    for (outcome, _path), done in zip(accepted, kept, strict=False):
        outcome.status, outcome.documents = uploads.outcome(done.result)
        if done.result.failures:
            outcome.reason = unreadable(done.result.failures[0])
    return outcomes


def ingest_stepwise(assistant, settings: Settings, paths: Sequence[str | Path],
                    ) -> Generator[tuple[int, str], None, list[UploadOutcome]]:
    """`ingest_uploads` in a worker thread, so an edge can show each step as it comes:
    yields (place, name) as each file starts and returns the outcomes; raises what it raised.
    Closing the generator early leaves the batch to finish: a write is never cut off."""
    steps: queue.Queue = queue.Queue()

    def work() -> None:
        try:
            steps.put(("done", ingest_uploads(assistant, settings, paths,
                                              lambda i, name: steps.put(("starting", (i, name))))))
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread)
            steps.put(("raised", exc))

    threading.Thread(target=work, name="ui-upload-batch", daemon=True).start()
    while True:
        kind, value = steps.get()
        if kind == "starting":
            yield value
        elif kind == "raised":
            raise value
        else:
            return value


def refusal(err: UploadRefused) -> str:
    """Why a file was refused, in the UI's words."""
    if isinstance(err, UnsafeFileName):
        return f"文件名不安全：{err.filename!r}"
    if isinstance(err, UnsupportedFileType):
        return f"不支持的文件类型 {err.suffix or '（无扩展名）'}，支持 {'、'.join(err.supported)}"
    if isinstance(err, FileTooLarge):
        return f"文件过大（上限 {err.limit_mb:g} MB）"
    return str(err)


#: Why a file could not be read, said to the user (`LoadError.kind`; the English detail is
#: for the log).
_UNREADABLE = {
    "missing": "文件不存在或无法打开",
    "too_large": "文件过大，超过大小上限",
    "empty": "文件是空的，没有可读的文字",
    "binary": "文件内容不是文字（可能是图片、压缩包或其他二进制文件）",
    "encoding": "无法识别文字编码（不是 UTF-8、UTF-16 或 GB18030），请另存为 UTF-8 后上传",
    "old_doc": "无法读取这个 Word 文件（旧版 .doc 或 RTF），请用 Word 或 WPS 另存为 .docx 后再上传",
    "damaged": "文件已损坏或不是有效的 {suffix} 文件",
    "encrypted": "文件设有密码保护，请先去除密码",
    "scanned": "PDF 没有可提取的文字（可能是扫描件），文字识别也没有读出文字"
               "（也可能本机未安装文字识别组件，请联系管理员），或先用 OCR 转成文字版后再上传",
    "bomb": "文件解压后过大（页数或内容超出上限），已拒绝",
    "no_body": "没有找到正文内容",
    "name_clash": "与已收录的另一个文件重名（文档标识相同），请改名后上传",
}


def unreadable(err: LoadError) -> str:
    """Why a file could not be read or parsed, in the UI's words (never a path)."""
    if err.kind == "unsupported":
        suffix = Path(err.source).suffix
        return f"不支持的文件类型 {suffix or '（无扩展名）'}，支持 {'、'.join(uploads.SUPPORTED_SUFFIXES)}"
    if err.kind in ("timeout", "crashed"):  # said in Chinese where it is raised
        return err.reason
    if err.kind == "not_written":
        return "入库中断：写入索引失败，本文件未入库，请稍后重试"
    detail = _UNREADABLE.get(err.kind, "无法读取文件内容").format(
        suffix=Path(err.source).suffix or "")
    return f"文件无法读取：{detail}"
