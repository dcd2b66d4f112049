"""Sentence scores and coverage do not depend on the order a question's weights come in
(they are built from sets, whose order changes with each process's hash seed)."""

from __future__ import annotations

import itertools
import random

from assistant.slots import covers, score


def test_a_sentence_scores_the_same_in_every_order_of_its_weights():
    rng = random.Random(7)
    words = ["企业", "开办", "刻制", "印章", "费用", "财政", "承担"]
    sentence = "新开办企业首套印章刻制费用由同级财政承担"
    for _ in range(50):
        # idf-like floats of very different sizes, where a plain sum's rounding depends on order
        values = [rng.choice([1e-9, 0.1, 0.7, 3.3, 1e6]) * rng.random() for _ in words]
        results = set()
        for order in itertools.islice(itertools.permutations(range(len(words))), 0, 5040, 37):
            weights = {words[i]: values[i] for i in order}
            results.add((score(sentence, weights), covers(sentence, weights)))
        assert len(results) == 1, results
