"""Whether one measure stands apart in meaning from the others for a question: the refusal
gates' evidence that a question in colloquial words is about something the texts state.

The word rules (`assistant.relevance`, `assistant.message_kind`) refuse a question whose
subject word no measure holds (房本, 货款, 接自来水), and the sentence evidence lets it through
only when one sentence comes very close (`assistant.sentence_evidence`). A colloquial question
is far from every sentence in absolute terms — e5's similarities are compressed, and everyday
words lower them all — yet when its matter is stated somewhere, the measure stating it comes
clearly nearer than the next ones; a message about nothing the texts state (a poem, the
weather, a subject no measure treats) finds its nearest measures about equally far. This is
the score-gap signal of query performance prediction, read on the dense ranking alone, since
it is the keyword ranking that colloquial words mislead: the nearest measure stands apart
when its similarity exceeds that of the `RUNNERS + 1`-th nearest by `GAP`, and one of its
sentences is nearer the question than unrelated text comes (`SENTENCE_FLOOR`).

A measure standing apart only lifts a refusal based on words: the rules on what is asked
(an amount, a time, a thing to exist) still read the measure's text, and every number or
office of the answer is cut from it. The gap was set on the development sets
(evals/BENCH.md, "standing apart").
"""

from __future__ import annotations

from collections.abc import Mapping

# Cosine gap between the nearest measure and the fifth nearest, within the documents the
# question allows (dev: questions whose gold is found first by meaning, 0.019–0.033; the nearest
# measure of an off-topic message or an uncovered subject, at most 0.016).
GAP = 0.018
RUNNERS = 4
# … and its closest sentence must come nearer than unrelated text comes to any measure
# (`message_kind`'s 0.80–0.86): a measure on 水电气热 stands apart for 今天会下雨吗 (rain, water)
# with its closest sentence at 0.853, the colloquial questions on it at 0.873 and above.
SENTENCE_FLOOR = 0.86


def standing_apart(nearest: Mapping[str, float]) -> str | None:
    """The key of the nearest measure when it stands apart from the runners-up (`nearest`:
    similarity per measure key); None when too few measures compete to tell."""
    ranked = sorted(nearest.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) <= RUNNERS:
        return None
    return ranked[0][0] if ranked[0][1] - ranked[RUNNERS][1] >= GAP else None

