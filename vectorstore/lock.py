"""One writer at a time per data directory: an exclusive `flock` on a lock file.

Two locks live beside the index: `ingest.lock`, held by whoever writes (an API upload or
reindex, a CLI ingest), and `server.lock`, held for its whole life by a server that owns an
embedded index — a CLI writer is refused while it is held, because the embedded engine keeps
its vector index in the serving process's memory and never sees another process's writes.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from vectorstore.errors import BusyError

# What the user is told (in Chinese): what happened, that nothing was done, what to do.
BUSY = "另一个入库任务正在写入这个索引，本次没有做任何改动；请等它结束后再试"
SERVED = ("正在运行的 policyqa 服务占用着这个索引，命令行不能同时写入，本次没有做任何改动。"
          "请通过该服务入库：网页“文档管理”上传文件，或管理接口 POST /api/documents（上传）、"
          "POST /api/reindex（重新入库语料目录和已上传文件）；或者先停止服务再运行此命令")
OWNED = "另一个 policyqa 服务已占用这个索引"

# path → (thread ident, depth, fd): the thread that holds a lock may take it again (a batch
# holds it around the ingests of its files); any other thread is refused like a process.
_held: dict[Path, tuple[int, int, int]] = {}
_registry = threading.Lock()


class IngestLock:
    """Held while an ingest writes; a second writer is refused at once (BusyError).

    Re-entrant in the thread that holds it. The kernel releases an `flock` when its process
    dies, so a crashed ingest never leaves the index locked; `flock --timeout N ingest.lock …`
    waits for it from a shell.
    """

    def __init__(self, path: Path, message: str = BUSY):
        self.path = Path(path)
        self.message = message

    def __enter__(self) -> IngestLock:
        me = threading.get_ident()
        with _registry:
            held = _held.get(self.path)
            if held is not None:
                if held[0] != me:
                    raise BusyError(self.message)
                _held[self.path] = (me, held[1] + 1, held[2])
                return self
            _held[self.path] = (me, 1, _take(self.path, self.message))
        return self

    def __exit__(self, *exc) -> None:
        with _registry:
            owner, depth, fd = _held[self.path]
            if depth > 1:
                _held[self.path] = (owner, depth - 1, fd)
                return
            del _held[self.path]
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _take(path: Path, message: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise BusyError(message) from None
    return fd


def held_by_a_server(path: Path) -> bool:
    """Whether a server process holds `server.lock` at `path` (without taking it)."""
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's own lock
    return False
