"""Words jieba joins across a classifier: 贷个五六百万 → 贷个, 多少天能转 → 天能, 批块地 → 批块.

Spoken Chinese drops the numeral 一 before a classifier (贷个款, 批块地) and runs a count's unit
into the modal after it (几天能办). Jieba's dictionary lists such strings rarely or never, and
its HMM then joins the classifier to its neighbour and may tag the pair a noun. A pair that
holds a classifier (a character jieba tags q on its own) and is about as rare as a word can
be in jieba's dictionary names nothing the question asks about; a real noun with a classifier
character (个数, 家家户户) is common there.
"""

from __future__ import annotations

RARE = 3  # jieba's dictionary frequency of its rarest entries (and 0: not listed at all)


def classifier_join(word: str, tokenizer) -> bool:
    """`word` is two characters, one a classifier, and rare or absent in jieba's dictionary."""
    return len(word) == 2 and tokenizer.frequency(word) <= RARE and any(
        flag.startswith("q") for ch in word for _, flag in tokenizer.tagged(ch))
