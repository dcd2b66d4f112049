"""The plain-torch forward pass of the prepared model agrees with sentence-transformers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vectorstore import encoder
from vectorstore.model import Embedder

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


def _through_sentence_transformers(embedder: Embedder) -> Embedder:
    """The same embedder, its model loaded by sentence-transformers as before."""
    import torch

    twin = Embedder.__new__(Embedder)
    twin.__dict__.update(embedder.__dict__)
    twin._encoder = None
    twin._model = twin._load_sentence_transformer(torch)
    return twin


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_vectors_agree_with_sentence_transformers(prepared_model_dir, precision):
    fast = Embedder(prepared_model_dir, precision=precision)
    assert fast._encoder is not None
    slow = _through_sentence_transformers(fast)
    texts = TEXTS + _questions()
    for method in ("embed_queries", "embed_passages"):
        ours, theirs = getattr(fast, method)(texts), getattr(slow, method)(texts)
        assert ours.dtype == np.float32 and ours.shape == theirs.shape == (len(texts), fast.dim)
        cosine = np.sum(ours * theirs, axis=1)
        assert cosine.min() >= (0.999999 if precision == "float32" else 0.99999), texts[cosine.argmin()]


def test_batches_and_order_do_not_change_vectors(embedder):
    texts = TEXTS + _questions()
    one_by_one = np.vstack([embedder.embed_passages([t]) for t in texts])
    together = embedder.embed_passages(texts)
    assert np.min(np.sum(one_by_one * together, axis=1)) >= 0.99999


def test_the_prepared_model_loads_without_sentence_transformers(prepared_model_dir):
    code = ("import sys; from vectorstore.model import Embedder; "
            f"Embedder({str(prepared_model_dir)!r}).embed_queries(['测试']); "
            "print(sorted(m for m in ('sentence_transformers', 'transformers', 'sklearn') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_other_folders_go_through_sentence_transformers(prepared_model_dir, tmp_path):
    assert encoder.supports(prepared_model_dir)
    assert not encoder.supports(tmp_path)
    modules = json.loads((prepared_model_dir / "modules.json").read_text(encoding="utf-8"))
    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("config.json", "tokenizer.json"):
        (folder / name).write_bytes((prepared_model_dir / name).read_bytes())
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode": "cls"}))
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "model.safetensors").write_bytes(b"")
    assert not encoder.supports(folder)  # CLS pooling: not this encoder's job


def test_packed_bfloat16_products_agree_with_plain_ones(prepared_model_dir, monkeypatch):
    """Packing the weights alone changes no bit; the GELU fused into the packed product is
    applied before the bfloat16 rounding instead of after it, which moves vectors slightly."""
    packed = Embedder(prepared_model_dir, precision="bfloat16", workers=1)
    assert packed._encoder._packed  # torch 2.13 on x86 has the op: the fast path is taken
    monkeypatch.setattr(encoder.BertEncoder, "_pack_weights", lambda self, torch: None)
    plain = Embedder(prepared_model_dir, precision="bfloat16", workers=1)
    assert not plain._encoder._packed
    texts = TEXTS + _questions()
    for method in ("embed_queries", "embed_passages"):
        ours, theirs = getattr(packed, method)(texts), getattr(plain, method)(texts)
        assert not np.array_equal(ours, theirs)  # the fused path really ran
        assert np.sum(ours * theirs, axis=1).min() >= 0.99999


def test_worker_threads_give_the_same_vectors(prepared_model_dir):
    texts = TEXTS + _questions()
    alone = Embedder(prepared_model_dir, workers=1, batch_size=4).embed_passages(texts)
    side_by_side = Embedder(prepared_model_dir, workers=2, batch_size=4).embed_passages(texts)
    assert np.array_equal(alone, side_by_side)
