""""Does this word occur anywhere in the corpus?" without scanning the whole text each time.

The refusal rule (`assistant.relevance`) asks it for every noun of a question. A substring
search of the joined measure texts costs a scan of the whole text for each word that is
absent — the words that matter — and grows with the corpus (evals/BENCH.md). Here every two- and three-character sequence of the text is kept as an integer in a set:
a word of two or three characters is answered exactly by one lookup, a longer one is absent
as soon as one of its three-character pieces is, and only a longer word whose pieces all
occur is looked for in the text itself. Same answers as `word in text`, always.
"""

from __future__ import annotations

import numpy as np

_SHIFT = 21  # Unicode code points fit in 21 bits; three of them in a 64-bit integer


class CorpusWords:
    def __init__(self, text: str):
        self.text = text
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        self._pairs = set(np.unique((points[:-1] << _SHIFT) | points[1:]).tolist())
        self._triples = set(np.unique((points[:-2] << 2 * _SHIFT) | (points[1:-1] << _SHIFT)
                                      | points[2:]).tolist())

    def __contains__(self, word: str) -> bool:
        n = len(word)
        if n < 2:
            return word in self.text
        codes = [ord(ch) for ch in word]
        if n == 2:
            return (codes[0] << _SHIFT | codes[1]) in self._pairs
        for i in range(n - 2):
            if (codes[i] << 2 * _SHIFT | codes[i + 1] << _SHIFT | codes[i + 2]) not in self._triples:
                return False
        return n == 3 or word in self.text
