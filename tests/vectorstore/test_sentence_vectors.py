"""Sentence vectors stored at ingest: read back as the model makes them, never embedded again
at question time, and an index without them still served (embedding on the fly)."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest

from vectorstore.sentence_vectors import SentenceVectors


def _model(texts: list[str]) -> np.ndarray:
    """A stand-in model: a unit vector fixed by each text's bytes (an oracle apart from the
    code under test)."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(8).astype(np.float32)
        rows.append(v / np.linalg.norm(v))
    return np.array(rows, np.float32).reshape(len(texts), 8)


class Counting:
    def __init__(self, model=_model):
        self.model, self.texts = model, []

    def __call__(self, texts):
        self.texts.extend(texts)
        return self.model(texts)


def _refuse(texts):
    raise AssertionError(f"embedded again: {texts}")


def test_stored_rows_are_read_back_without_embedding(tmp_path):
    sentences = ["企业开办0.5天办结。", "一般登记3个工作日内办结。", "小微企业低压接电免费。"]
    embed = Counting()
    SentenceVectors().updated(sentences, embed).save(tmp_path / "s.npz")
    assert sorted(embed.texts) == sorted(sentences)
    stored = SentenceVectors.load(tmp_path / "s.npz")
    asked = [sentences[2], sentences[0], sentences[2]]
    assert np.array_equal(stored.vectors(asked, _refuse), _model(asked))


def test_a_sentence_not_stored_is_embedded_in_its_place(tmp_path):
    stored = SentenceVectors().updated(["甲句。", "乙句。"], _model)
    embed = Counting()
    got = stored.vectors(["丙句。", "甲句。", "丁句。"], embed)
    assert embed.texts == ["丙句。", "丁句。"]
    assert np.array_equal(got, _model(["丙句。", "甲句。", "丁句。"]))
    # no file at all: every sentence embedded, as before sentence vectors were stored
    assert np.array_equal(SentenceVectors.load(tmp_path / "none.npz").vectors(["甲句。"], _model),
                          _model(["甲句。"]))


def test_an_update_embeds_only_new_sentences_and_drops_gone_ones():
    first = SentenceVectors().updated(["甲句。", "乙句。"], _model)
    embed = Counting()
    second = first.updated(["乙句。", "丙句。"], embed)
    assert embed.texts == ["丙句。"]
    assert len(second) == 2 and "甲句。" not in second
    assert np.array_equal(second.vectors(["乙句。", "丙句。"], _refuse), _model(["乙句。", "丙句。"]))


def test_a_corrupt_file_or_another_models_rows_cost_time_not_answers(tmp_path):
    path = tmp_path / "s.npz"
    path.write_bytes(b"not a numpy file")
    assert np.array_equal(SentenceVectors.load(path).vectors(["甲句。"], _model), _model(["甲句。"]))

    def wider(texts):
        return np.ones((len(texts), 4), np.float32) / 2

    stored = SentenceVectors().updated(["甲句。"], _model)
    assert np.array_equal(stored.vectors(["甲句。", "乙句。"], wider), wider(["甲句。", "乙句。"]))


# -- with the real model, through ingest ---------------------------------------------------------

@pytest.fixture
def small_index(tmp_path, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant
    from assistant.settings import SHIPPED_CORPUS
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data", prepared_model_dir)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SHIPPED_CORPUS / "gaotang_2021_19_measures.txt", corpus)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    assert not assistant.ingest([corpus]).failures
    return assistant


def test_an_index_without_them_gets_them_at_its_next_ingest(small_index, monkeypatch):
    index = small_index.index
    path = index.files.caches / f"sentences-{index.names.chunks}.npz"
    path.unlink()  # an index made before them, or an ingest interrupted while embedding
    passages: list[str] = []
    original = index.embedder.embed_passages
    monkeypatch.setattr(index.embedder, "embed_passages",
                        lambda texts: passages.extend(texts) or original(texts))
    result = small_index.ingest([small_index.settings.data_dir.parent / "corpus"])
    assert not result.added and len(result.unchanged) == 2
    index.refresh()
    assert sorted(passages) == sorted(set(passages))  # each once
    assert len(index.snapshot().sentence_vectors) == len(passages) > 50


# nothing in the shipped corpus sets a wage: the refusal gate compares the question with the
# sentences of its candidates (two dozen of them)
_UNANSWERABLE = "山东现在的最低工资标准是每月多少钱？"


def test_the_refusal_gate_embeds_no_sentence_and_an_index_without_them_answers_alike(
        corpus_assistant, monkeypatch):
    from assistant.service import PolicyAssistant
    from vectorstore.snapshot import IndexSnapshot

    embedder = corpus_assistant.index.embedder
    passages: list[str] = []
    original = embedder.embed_passages
    monkeypatch.setattr(embedder, "embed_passages",
                        lambda texts: passages.extend(texts) or original(texts))
    stored = corpus_assistant.ask(_UNANSWERABLE, use_llm=False)
    assert passages == []

    # as an index made before sentence vectors were stored (a new assistant: nothing recalled)
    monkeypatch.setattr(IndexSnapshot, "sentence_vectors", property(lambda _: SentenceVectors()))
    cold = PolicyAssistant(corpus_assistant.settings, index=corpus_assistant.index).ask(
        _UNANSWERABLE, use_llm=False)
    assert passages, "the question never reached the sentence gate: the test proves nothing"
    assert not stored.found and (cold.found, cold.text) == (stored.found, stored.text)


def test_stored_gives_the_held_rows_only_and_never_embeds():
    """The ranking by closest sentence reads stored rows only: a sentence without one is left
    out (its position missing), so a question never waits for the model."""
    held = ["企业开办0.5天办结。", "小微企业低压接电免费。"]
    vectors = SentenceVectors().updated(held, _model)
    asked = ["小微企业低压接电免费。", "未存的句子。", "企业开办0.5天办结。"]
    positions, rows = vectors.stored(asked)
    assert positions == [0, 2]
    np.testing.assert_allclose(rows, _model([asked[0], asked[2]]), rtol=1e-6)
    assert SentenceVectors().stored(asked)[0] == []
