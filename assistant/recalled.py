"""What the answers to earlier questions cited, kept so that a follow-up need not answer its
last turn again.

A follow-up is read against what the answer to the last turn cited (这个归哪个部门牵头？), and
the conversation passes only the questions, so that answer is found again from the last turn
with its own earlier turns (`PolicyAssistant._in_conversation`). In a chat the process has
just answered that turn: the same selection, from the same snapshot of the index, was
computed a moment before. This keeps the selections of the last snapshot by everything they
depend on, so the second computation is a look-up and its result the same objects — the
answer cannot change. A new snapshot (an ingest) starts an empty memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TypeVar

Selection = TypeVar("Selection")

#: Selections kept (a few per conversation in flight are enough; each holds some hits).
KEPT = 512


def selection_key(question: str, turns: Sequence[str], filters: dict | None, wanted: int,
                  mode: str, as_of: date | None) -> Hashable:
    """Everything a selection depends on besides the snapshot."""
    return (question, tuple(turns), repr(sorted((filters or {}).items())), wanted, mode, as_of)


class RecalledSelections:
    """The selections computed on one snapshot of the index (`view`), the newest kept."""

    def __init__(self, kept: int = KEPT):
        self._kept = kept
        self._view: object | None = None
        self._selections: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, view: object, key: Hashable,
               select: Callable[[], Selection]) -> Selection:
        """The selection under `key` on `view`: kept, else made by `select` and kept."""
        with self._lock:
            if self._view is view and key in self._selections:
                self._selections.move_to_end(key)
                return self._selections[key]  # type: ignore[return-value]
        selection = select()
        with self._lock:
            if self._view is not view:
                self._view, self._selections = view, OrderedDict()
            self._selections[key] = selection
            while len(self._selections) > self._kept:
                self._selections.popitem(last=False)
        return selection
