"""Sentence-level evidence from the bundled e5 model: how close a measure's own sentences come
to the question, as a second way for what the question asks to count as covered.

The refusal rules read words: a subject no indexed measure names (小U盘, 黑灯), a thing asked
that no cited sentence names (有没有省事点的法子, 有没有保底金额), a quantity stated beside
another subject. A colloquial name for a covered thing and a name for an uncovered thing look
alike to them, and to the question-level similarity of the top hit too (evals/BENCH.md); a
single sentence that says what was asked, in other words, comes closer to the question than
the sentences around it. So a rule that would refuse lets the question through when
- (subject) a sentence of the best measure is at least `SUBJECT_SIMILARITY` close;
- (thing) a sentence of the cited measures is at least `THING_SIMILARITY` close, and for a
  quantity also prints an amount in the unit asked;
- (quantity) the cited sentence the model finds closest to the question states the amount
  or time asked, and is `STATED_SIMILARITY` close (word overlap may favour a runner-up's list
  heading).
Nothing here states anything: the rules only stop refusing, and every number, time limit or
office of the answer is still cut from the cited text. The thresholds were set on part of the
development sets and checked on the rest (evals/BENCH.md, "sentence evidence").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import numpy as np

from assistant import slots
from ingest.records import Measure

# e5 cosine (`query:` the question, `passage:` one sentence) above which a sentence speaks to
# the question's subject although the subject word is not in the corpus.
SUBJECT_SIMILARITY = 0.90
# … and above which it states the thing asked to exist or be counted, in other words: higher,
# since a near-miss's measure is on the very subject and only lacks the thing.
THING_SIMILARITY = 0.915
# … and above which a sentence that states the amount or time asked speaks to the subject:
# lower, since the quantity printed where it is asked says more than closeness alone
# (黑灯一年…多少个钟头 → 年平均停电时间压减至4.6小时以内, 0.886).
STATED_SIMILARITY = 0.88

Embed = Callable[[list[str]], np.ndarray]
Candidate = TypeVar("Candidate")


class SentenceEvidence:
    """The question's e5 similarity to measures' sentences, each sentence embedded once."""

    def __init__(self, question: str, embed_queries: Embed, embed_passages: Embed):
        self._question = question
        self._embed_queries, self._embed_passages = embed_queries, embed_passages
        self._query: np.ndarray | None = None
        self._known: dict[str, float] = {}

    def similarities(self, sentences: Sequence[str]) -> list[float]:
        new = [s for s in dict.fromkeys(sentences) if s not in self._known]
        if new:
            if self._query is None:
                self._query = self._embed_queries([self._question])[0]
            vectors = self._embed_passages(new)
            self._known.update(zip(new, (float(v) for v in vectors @ self._query), strict=True))
        return [self._known[s] for s in sentences]

    def closest(self, measures: Iterable[Measure]) -> tuple[float, str]:
        """The measures' sentence closest to the question, and its similarity."""
        sentences = [s for m in measures for s in slots.measure_sentences(m)]
        if not sentences:
            return 0.0, ""
        sims = self.similarities(sentences)
        best = int(np.argmax(sims))
        return sims[best], sentences[best]

    def speaks_to_subject(self, measure: Measure) -> bool:
        return self.closest([measure])[0] >= SUBJECT_SIMILARITY

    def states_thing(self, measures: Iterable[Measure], stated: Callable[[str], bool]) -> bool:
        """A sentence close enough to say the thing asked, which `stated` accepts (the amount
        in the unit asked, for a quantity)."""
        similarity, sentence = self.closest(measures)
        return similarity >= THING_SIMILARITY and stated(sentence)

    def closest_fills(self, measures: Iterable[Measure], fills: Callable[[str], bool]) -> bool:
        """The sentence closest to the question fills the slot asked, and is close enough to
        speak to its subject: `STATED_SIMILARITY`, as for `speaking` — the quantity printed
        where it is asked says more than closeness alone (走法院那套关门程序一般多久能了结 →
        …简易程序审理的案件压缩在4个月内办结, 0.898)."""
        similarity, sentence = self.closest(measures)
        return similarity >= STATED_SIMILARITY and fills(sentence)

    def speaking(self, candidates: Iterable[Candidate], measure_of: Callable[[Candidate], Measure],
                 fills: Callable[[str], bool] | None = None) -> Candidate | None:
        """The first candidate whose measure speaks to the question's subject: its closest
        sentence is `SUBJECT_SIMILARITY` close, or `STATED_SIMILARITY` close and states
        what `fills` asks (an amount or time)."""
        for candidate in candidates:
            similarity, sentence = self.closest([measure_of(candidate)])
            if similarity >= SUBJECT_SIMILARITY or (
                    fills is not None and similarity >= STATED_SIMILARITY and fills(sentence)):
                return candidate
        return None
