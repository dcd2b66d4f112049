"""A value computed from a catalog's documents, remembered while that catalog is in use."""

from __future__ import annotations


class PerDocuments:
    """`fn(documents)` remembered for the last `size` document dicts, by identity: a catalog's
    dict never changes, and a reloaded catalog brings a new one (so few are held on to)."""

    def __init__(self, fn, size: int = 1):
        self.fn, self.size = fn, size
        self._entries: list[tuple[dict, int, object]] = []

    def __call__(self, documents: dict):
        for held, length, value in self._entries:
            if held is documents and length == len(documents):
                return value
        value = self.fn(documents)
        self._entries = [(documents, len(documents), value), *self._entries[:self.size - 1]]
        return value
