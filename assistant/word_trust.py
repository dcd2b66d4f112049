"""How much a question's ranking may rest on its words, and the ranking by meaning that takes
over where they fail.

Keyword evidence counts double in the fusion (`assistant.retrieval`): on questions asked in the
measures' own terms (时限, 印章, 开办) BM25 beats the embedding model. A question in everyday
words (断电, 欠我们的钱, 拉根电进来) shares few words with the measure it is about; what it
does share are incidental words (the place, 企业, 办理), so BM25 favours whichever measure
repeats those. The words the corpus has never used say so themselves: the share of the
question's search tokens that the keyword index holds is the share of the question BM25 can
read at all (far lower on colloquial questions than on time-limit and lookup ones; figures in
evals/BENCH.md). So the keyword ranking is weighted by the square of that share, and
what it loses goes to a third ranking, by meaning at the finest grain: each candidate's
sentence closest to the question (e5, `passage:` vectors stored at ingest,
`vectorstore.sentence_vectors`). A sentence that says what was asked in other words comes
closer than a whole measure does, whose other sentences dilute it. A question the corpus
knows most words of stays keyword-led as before (`KNOWN_ENOUGH`), and the square keeps one
missing a few words mostly so; the weights were set on the development sets
(evals/BENCH.md, "word trust").
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence

import numpy as np

from assistant import slots
from ingest.records import Measure

#: Weight of the closest-sentence ranking in the fusion when no word of the question is in
#: the corpus (the keyword ranking's is 2, the dense ranking's 1).
SENTENCE_WEIGHT = 4.0
#: A question the corpus knows this share of the words of is ranked as the measures' own terms
#: are: keyword-led (most colloquial questions fall below it, few others; reranking those above
#: it moved their gold both ways — evals/BENCH.md, "word trust").
KNOWN_ENOUGH = 0.7
#: Candidates of each ranking whose sentences are compared with the question.
SENTENCE_CANDIDATES = 30

#: Texts → (the positions of those with a stored passage vector, their vectors).
StoredVectors = Callable[[Sequence[str]], tuple[list[int], np.ndarray]]


def known_share(tokens: Sequence[str], index: Container[str]) -> float:
    """The share of search tokens the keyword index holds (1.0 for no tokens: nothing to
    distrust)."""
    if not tokens:
        return 1.0
    return sum(1 for t in tokens if t in index) / len(tokens)


def word_trust(tokens: Sequence[str], index: Container[str]) -> float:
    """How far the keyword ranking is trusted, 0..1: fully when the corpus knows
    `KNOWN_ENOUGH` of the question's words, else the known share squared."""
    share = known_share(tokens, index)
    return 1.0 if share >= KNOWN_ENOUGH else share ** 2


def closest_sentences(keys: Iterable[str], query_vector: np.ndarray,
                      measure_of: Mapping[str, Measure], stored: StoredVectors) -> dict[str, float]:
    """Each measure's best e5 similarity between one of its sentences and the question, over
    the sentences whose vectors ingest stored (embedding the others would make the question
    wait for the model; a measure with none stored gets no score)."""
    owners, texts = [], []
    for key in dict.fromkeys(keys):
        for sentence in slots.measure_sentences(measure_of[key]):
            owners.append(key)
            texts.append(sentence)
    positions, vectors = stored(texts)
    if not positions:
        return {}
    sims = vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
    best: dict[str, float] = {}
    for at, sim in zip(positions, sims.tolist(), strict=True):
        key = owners[at]
        best[key] = max(sim, best.get(key, -2.0))
    return best


def leading(ranking: Mapping[str, float], n: int = SENTENCE_CANDIDATES) -> list[str]:
    return sorted(ranking, key=ranking.get, reverse=True)[:n]
