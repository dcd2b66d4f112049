"""The passage vectors of measures' sentences, embedded at ingest and kept beside the index.

The refusal gate compares the question with single sentences of its candidates
(`assistant.sentence_evidence`); embedding them while the user waits made a refusal four
times as slow (evals/BENCH.md). So ingest embeds every sentence of the served measures once
and keeps the vectors in one file beside the keyword and dense caches.

The file is addressed by content: a row is found by a digest of the sentence's text, whose
vector depends on that text alone (and on the index's model, which its chunks share). So
no state of the index can make a row wrong: a file older than the catalog only lacks rows,
and a sentence without a row is embedded on the fly, as an index made before this file
existed is served. The file is replaced whole (written beside, then renamed), so an ingest
interrupted while embedding leaves the previous file in place.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

#: Sentences per embedding call at ingest (the model batches inside; long calls let it sort
#: sentences by length, so padding stays short).
EMBED_BATCH = 512

Embed = Callable[[list[str]], np.ndarray]


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class SentenceVectors:
    """Sentence text → its stored passage vector (rows by the text's digest)."""

    def __init__(self, digests: Sequence[bytes] = (), matrix: np.ndarray | None = None):
        self.matrix = matrix if matrix is not None else np.zeros((0, 0), np.float32)
        self._rows = {d: i for i, d in enumerate(digests)}

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, text: str) -> bool:
        return digest(text) in self._rows

    @classmethod
    def load(cls, path: Path) -> SentenceVectors:
        """The vectors stored at `path`; none when the file is missing or unreadable."""
        try:
            with np.load(path) as data:
                digests, matrix = data["digests"], data["vectors"]
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, KeyError) as err:  # a corrupt file costs time, not answers
            log.warning("sentence vectors at %s not used (%s)", path, err)
            return cls()
        return cls([bytes(d) for d in digests], matrix.astype(np.float32, copy=False))

    def save(self, path: Path) -> None:
        """Replace the file at `path` whole: a reader sees the old file or the new one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        digests = sorted(self._rows, key=self._rows.__getitem__)
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as f:
            np.savez(f, digests=np.array(digests, dtype="S16"), vectors=self.matrix)
        os.replace(partial, path)

    def stored(self, texts: Sequence[str]) -> tuple[list[int], np.ndarray]:
        """The positions in `texts` of those with a stored row, and their rows: for a ranking
        that must not wait for the model (a sentence without a row is simply not compared)."""
        rows = [(i, row) for i, t in enumerate(texts) if (row := self._rows.get(digest(t))) is not None]
        if not rows:
            return [], np.zeros((0, self.matrix.shape[1] if self.matrix.ndim == 2 else 0), np.float32)
        return [i for i, _ in rows], self.matrix[[row for _, row in rows]]

    def vectors(self, texts: Sequence[str], embed: Embed) -> np.ndarray:
        """Rows for `texts`: the stored ones, the rest embedded now (one call)."""
        keys = [digest(t) for t in texts]
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in self._rows]
        fresh = embed(missing) if missing else None
        if fresh is not None and len(self) == 0:
            return fresh
        if fresh is not None and fresh.shape[1] != self.matrix.shape[1]:
            # Rows of another model (the index was rebuilt with it): none of them serve.
            return embed(list(texts))
        out = np.empty((len(texts), self.matrix.shape[1]), np.float32)
        fresh_row = 0
        for i, key in enumerate(keys):
            row = self._rows.get(key)
            if row is None:
                out[i] = fresh[fresh_row]
                fresh_row += 1
            else:
                out[i] = self.matrix[row]
        return out

    def updated(self, texts: Iterable[str], embed: Embed) -> SentenceVectors:
        """The vectors of exactly `texts`: rows kept from here, the missing ones embedded."""
        wanted = {digest(t): t for t in texts}
        kept = [d for d in wanted if d in self._rows]
        missing = [d for d in wanted if d not in self._rows]
        parts = [self.matrix[[self._rows[d] for d in kept]]] if kept else []
        for start in range(0, len(missing), EMBED_BATCH):
            parts.append(embed([wanted[d] for d in missing[start:start + EMBED_BATCH]]))
        parts = [p for p in parts if len(p)]
        if not parts:
            return SentenceVectors()
        if len({p.shape[1] for p in parts}) > 1:  # this file's rows are of another model
            return SentenceVectors().updated(wanted.values(), embed)
        return SentenceVectors([*kept, *missing], np.vstack(parts).astype(np.float32, copy=False))
