"""How far the keyword ranking is trusted (the share of the question's words the corpus knows),
and each candidate's closest sentence to the question (`assistant.word_trust`)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import word_trust
from ingest.records import Measure


def _measure(key: str, text: str) -> Measure:
    return Measure(key=key, doc_id="d", source="d.txt", number=key, printed_number=key,
                   kind="measure", section=(), heading="", text=text, span=(0, len(text)))


def test_known_share_counts_the_tokens_the_index_holds():
    index = {"聊城", "企业", "办理"}
    assert word_trust.known_share(["聊城", "断电", "企业", "准数"], index) == 0.5
    assert word_trust.known_share(["聊城", "企业"], index) == 1.0
    assert word_trust.known_share([], index) == 1.0  # nothing to distrust


def test_a_question_in_the_corpus_words_stays_keyword_led():
    index = {"a", "b", "c"}
    assert word_trust.word_trust(["a", "b", "c", "x"], index) == 1.0  # 3 in 4 known
    assert word_trust.word_trust(["a", "b", "x", "y"], index) == pytest.approx(0.25)
    assert word_trust.word_trust(["a", "x", "y", "z"], index) == pytest.approx(0.0625)


def test_closest_sentence_is_the_best_stored_one_per_measure():
    axis = {"停电时间压减至4小时。": [1.0, 0.0], "加强电网建设。": [0.6, 0.8],
            "企业开办1天办结。": [0.0, 1.0]}
    measures = {"m1": _measure("m1", "加强电网建设。停电时间压减至4小时。"),
                "m2": _measure("m2", "企业开办1天办结。"),
                "m3": _measure("m3", "没有存向量的句子。")}

    def stored(texts):
        held = [i for i, t in enumerate(texts) if t in axis]
        return held, np.array([axis[texts[i]] for i in held], np.float32).reshape(len(held), 2)

    best = word_trust.closest_sentences(["m1", "m2", "m3", "m1"], np.array([0.8, 0.6]),
                                        measures, stored)
    # m1: max(0.8, 0.48+0.48); m2: 0.6; m3 holds no stored sentence and gets no score
    assert best == pytest.approx({"m1": 0.96, "m2": 0.6})


def test_no_stored_sentence_gives_no_ranking():
    measures = {"m": _measure("m", "一句话。")}
    assert word_trust.closest_sentences(["m"], np.ones(2), measures,
                                        lambda texts: ([], np.zeros((0, 2), np.float32))) == {}
