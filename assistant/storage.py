"""Free disk space, checked before anything is written, and a full disk named as such.

A write that meets a full disk half-way is the one thing that can leave Chroma's embedded
engine stuck (a writer thread blocked in its Rust bindings holding the GIL, the whole process
then deaf to requests and to SIGTERM). So every write first checks that the data directory
has room for what it may write, and refuses with `InsufficientStorage` (HTTP 507) while the
index is still exactly as it was.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import InsufficientStorage, VectorStoreError

MB = 1024 * 1024
#: How much the index grows per byte of policy file, at most (measured: the shipped corpus,
#: 212 KB of text, made an index of ~9 MB; a .docx or .pdf holds less text per byte).
GROWTH_PER_BYTE = 64
_FULL_MARKERS = ("no space left", "database or disk is full", "disk full", "enospc")


def need_for(paths: Iterable[Path], min_free_mb: float) -> int:
    """Bytes a write of these files (or of none: a delete) may take, with the reserve."""
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        elif path.exists():
            total += path.stat().st_size
    return int(min_free_mb * MB) + GROWTH_PER_BYTE * total


#: Free space below which a failed write is taken for a full disk, whatever its message
#: (embedded Chroma's can be "Error in compaction: Failed to apply logs …").
NEARLY_FULL = MB


def check_free(places: Iterable[Path], need: int) -> None:
    """Raise InsufficientStorage unless the file system of each of `places` (the data
    directory, the index — which may be a mount of its own) has `need` bytes free."""
    for place in places:
        free = _free(place)
        if free < need:
            raise InsufficientStorage(
                f"磁盘剩余空间不足：剩余 {free / MB:.0f} MB，这次写入需要 {need / MB:.0f} MB；"
                "没有做任何改动，请释放空间后再试")


def _free(place: Path) -> int:
    while not place.exists() and place != place.parent:
        place = place.parent
    return shutil.disk_usage(place).free


def disk_full(err: BaseException) -> bool:
    """Whether an error (or one it was raised from) is a full disk."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(marker in str(err).lower() for marker in _FULL_MARKERS):
            return True
        err = err.__cause__ or err.__context__
    return False


FULL = "磁盘已满，写入已停止，没有写入任何内容；请释放磁盘空间后再试"
#: A full disk met inside the store: embedded Chroma may have applied the write all the
#: same (a delete answered with this error was gone), and its next write could hang holding
#: the GIL (reproduced on a full ext4: the first upload after space was freed never
#: returned). So the outcome is not known and this process writes no more.
STORE_FULL = ("磁盘已满，索引写入失败；这次写入是否生效要等服务重启后才能确定。服务已停止接受写入："
              "请释放磁盘空间并重启服务，然后在文档列表中确认")


@contextmanager
def translated(places: Iterable[Path] = (),
               stop_writes: Callable[[str], None] | None = None) -> Iterator[None]:
    """Inside: a full disk met by any layer leaves as InsufficientStorage (HTTP 507) — told
    by the error, or by the file system of one of `places` having (almost) no room left.
    One met by the store itself also calls `stop_writes` (see STORE_FULL)."""
    try:
        yield
    except InsufficientStorage:
        raise
    except Exception as err:
        if not (disk_full(err) or any(_free(p) < NEARLY_FULL for p in places)):
            raise
        if isinstance(err, VectorStoreError) and stop_writes is not None:
            stop_writes("磁盘已满时一次索引写入失败")
            raise InsufficientStorage(STORE_FULL) from err
        raise InsufficientStorage(FULL) from err
