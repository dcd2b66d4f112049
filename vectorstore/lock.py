"""One ingest at a time per data directory: an exclusive `flock` on a lock file."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from vectorstore.errors import BusyError


class IngestLock:
    """Held while an ingest writes; a second writer is refused at once (BusyError).

    The kernel releases an `flock` when its process dies, so a crashed ingest never leaves
    the index locked; `flock --timeout N ingest.lock …` waits for it from a shell.
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> IngestLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise BusyError("another ingest is writing this index; try again when it ends") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
