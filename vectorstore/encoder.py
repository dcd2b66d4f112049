"""The prepared model's forward pass in plain torch: the vectors sentence-transformers gives,
without importing it.

`Embedder` used to load every model through sentence-transformers, whose import pulls in
transformers and scikit-learn: 6–10 s of a 17 s cold start on this machine, before a single
weight is read. A folder written by `prepare_model` (and any other sentence-transformers
folder of the same shape: a BERT encoder, mean pooling, L2 normalisation, a tokenizer.json)
needs none of that: this module reads its safetensors file and runs the twelve layers itself,
importing only torch, safetensors and tokenizers. Anything else still goes through
sentence-transformers. Agreement with sentence-transformers is checked by the test suite
(cosine ≥ 0.99999 on the benchmark questions and measures).

The weights file is memory-mapped, not read: the 250,037-row vocabulary table is 384 MB in
float32, and only the rows of tokens actually used become resident.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)

_ST_TRANSFORMER = "sentence_transformers.base.modules.transformer.Transformer"
_ST_POOLING = "sentence_transformers.sentence_transformer.modules.pooling.Pooling"
_ST_NORMALIZE = "sentence_transformers.base.modules.normalize.Normalize"
_DTYPES = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}


def supports(path: Path) -> bool:
    """Whether the folder is a BERT + mean pooling + normalisation model this module runs."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    shape = [(m.get("type"), m.get("path")) for m in modules]
    return (shape == [(_ST_TRANSFORMER, ""), (_ST_POOLING, "1_Pooling"), (_ST_NORMALIZE, "2_Normalize")]
            and config.get("model_type") == "bert" and config.get("hidden_act") == "gelu"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and pooling.get("pooling_mode") == "mean" and pooling.get("include_prompt", True)
            and (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file())


class BertEncoder:
    """Sentence vectors from a BERT sentence-transformers folder (see `supports`)."""

    def __init__(self, path: Path, *, max_length: int = 512):
        import torch
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = float(config["layer_norm_eps"])
        self.dim = config["hidden_size"]
        self.max_length = min(max_length, config["max_position_embeddings"])
        self.weights, self._mapped = _load_safetensors(path / "model.safetensors", torch)
        self.weights.pop("pooler.dense.weight", None)
        self.weights.pop("pooler.dense.bias", None)
        self._fuse_qkv(torch)
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        self.pad_id = config.get("pad_token_id") or 0
        self._packed: dict = {}  # weight name → oneDNN-packed bfloat16 matrix (`to_bfloat16`)

    def _fuse_qkv(self, torch) -> None:
        """One (3·dim × dim) product per layer for query, key and value instead of three: under
        autocast each product casts its input to bfloat16 again, and one larger product keeps
        the matrix units busier (a fifth of the passage embedding time on this machine)."""
        w = self.weights
        for n in range(self.layers):
            p = f"encoder.layer.{n}.attention.self."
            for part in ("weight", "bias"):
                w[f"{p}qkv.{part}"] = torch.cat([w.pop(f"{p}{name}.{part}")
                                                 for name in ("query", "key", "value")])

    def to_bfloat16(self) -> None:
        """Keep the dense layers' weights and biases in bfloat16: autocast runs the products
        in it anyway and would cast them again at every call."""
        import torch

        for name, tensor in self.weights.items():
            if name.startswith("encoder.") and ".LayerNorm." not in name:
                self.weights[name] = tensor.to(torch.bfloat16)
        self._pack_weights(torch)

    def _pack_weights(self, torch) -> None:
        """Reorder each bfloat16 weight matrix once into oneDNN's blocked layout.

        A plain bfloat16 product reorders its weight matrix at every call: for a query (one
        sequence of ~20 tokens) that was a third of each product (1,152 × 384: 165 → 104 µs)
        and 10–15 % of the query's embedding (CPU 11.5 → 9.6 ms on a busy machine); batches of
        passages gain little. Packing changes no bit; the GELU it lets `_linear` fuse does,
        slightly (cosine ≥ 0.99999). The op is torch's own (its CPU compiler uses it); where it
        is missing the products stay plain.
        """
        try:
            packed = {name: torch.ops.mkldnn._reorder_linear_weight(tensor)
                      for name, tensor in self.weights.items()
                      if name.startswith("encoder.") and name.endswith(".weight")
                      and tensor.dim() == 2}
            probe = next(iter(packed))
            torch.ops.mkldnn._linear_pointwise(
                torch.zeros(1, 1, self.weights[probe].shape[1], dtype=torch.bfloat16),
                packed[probe], None, "none", [], "")
        except (AttributeError, RuntimeError, StopIteration) as err:
            log.info("bfloat16 products unpacked (%s)", err)
            return
        self._packed = packed
        for name in packed:  # the plain copies would only cost memory (42 MB) from now on
            del self.weights[name]
        # The float32 pages read for the conversion stay resident (~90 MB) though nothing
        # reads them again; drop them. Pages still in use (the vocabulary rows, the layer
        # norms) are read back from the file when touched: the mapping is never written.
        self._mapped.madvise(mmap.MADV_DONTNEED)

    def encode(self, texts: list[str], batch_size: int, *, workers: int = 1,
               context=contextlib.nullcontext):
        """(n, dim) float32 tensor of L2-normalised mean-pooled vectors, in input order.

        `workers` threads run whole batches side by side, each product on one thread
        (torch's own thread count stays at one). Two torch threads splitting every product
        wait for each other at each of its ~100 joins per batch, and spin while they wait:
        beside other processes' tests (load 7 on 2 cores) 96 passages took 16–24 s and
        9–12 CPU-s that way, against 2.3–6.9 s and 2.4–2.7 CPU-s with two workers (one
        thread: 3.6–7.4 s). `context` is entered in each worker (autocast is per thread).
        """
        import torch

        encodings = self.tokenizer.encode_batch(texts)
        # Longest first, as sentence-transformers batches them: little padding per batch.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        batches = [order[start:start + batch_size] for start in range(0, len(order), batch_size)]
        out = torch.empty(len(texts), self.dim)

        def run(rows: list[int]) -> None:
            with torch.inference_mode(), context():
                out[rows] = self._forward([encodings[i].ids for i in rows], torch)

        if workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(min(workers, len(batches))) as pool:
                for _ in pool.map(run, batches):
                    pass
        else:
            for rows in batches:
                run(rows)
        return out

    def _linear(self, x, name: str, torch, *, gelu: bool = False):
        """x·Wᵀ + b for the named dense layer (then GELU when asked); with packed weights, in
        bfloat16 as autocast would compute it (autocast does not know the packed op, so the
        cast is ours), the GELU fused into the product: one pass over the 4·dim-wide
        activations fewer (the 384 → 1,536 product and GELU over 2,400 tokens: 7.5 → 6.2 ms)."""
        import torch.nn.functional as F

        packed = self._packed.get(name + ".weight")
        if packed is None:
            out = F.linear(x, self.weights[name + ".weight"], self.weights[name + ".bias"])
            return F.gelu(out) if gelu else out
        return torch.ops.mkldnn._linear_pointwise(x.to(torch.bfloat16), packed,
                                                  self.weights[name + ".bias"],
                                                  "gelu" if gelu else "none", [],
                                                  "none" if gelu else "")

    def _forward(self, batch: list[list[int]], torch):
        import torch.nn.functional as F

        width = max(len(ids) for ids in batch)
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.bool)
        for row, token_ids in enumerate(batch):
            ids[row, :len(token_ids)] = torch.tensor(token_ids)
            mask[row, :len(token_ids)] = True
        w = self.weights
        x = (F.embedding(ids, w["embeddings.word_embeddings.weight"])
             + w["embeddings.position_embeddings.weight"][:width]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = F.layer_norm(x, (self.dim,), w["embeddings.LayerNorm.weight"],
                         w["embeddings.LayerNorm.bias"], self.eps)
        # Padding keys are masked out; with no padding in the batch, no mask at all.
        attn_mask = None if bool(mask.all()) else mask[:, None, None, :]
        batch_size, head_dim = len(batch), self.dim // self.heads
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            qkv = self._linear(x, p + "attention.self.qkv", torch)
            query, key, value = qkv.view(batch_size, width, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
            context = F.scaled_dot_product_attention(query, key, value, attn_mask=attn_mask)
            context = context.transpose(1, 2).reshape(batch_size, width, self.dim)
            attended = self._linear(context, p + "attention.output.dense", torch)
            x = F.layer_norm(attended + x, (self.dim,), w[p + "attention.output.LayerNorm.weight"],
                             w[p + "attention.output.LayerNorm.bias"], self.eps)
            hidden = self._linear(x, p + "intermediate.dense", torch, gelu=True)
            out = self._linear(hidden, p + "output.dense", torch)
            x = F.layer_norm(out + x, (self.dim,), w[p + "output.LayerNorm.weight"],
                             w[p + "output.LayerNorm.bias"], self.eps)
        weights = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return F.normalize(pooled.float(), p=2, dim=1)


def _load_safetensors(path: Path, torch) -> tuple[dict, mmap.mmap]:
    """Tensors of a .safetensors file as views of one memory map (no copies), and the map."""
    with path.open("rb") as fh:
        (header_len,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(header_len))
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)
    base = 8 + header_len
    buffer = memoryview(mapped)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = getattr(torch, _DTYPES[info["dtype"]])
        start, end = info["data_offsets"]
        tensor = torch.frombuffer(buffer, dtype=dtype, count=(end - start) // dtype.itemsize,
                                  offset=base + start) if end > start else torch.empty(0, dtype=dtype)
        tensors[name] = tensor.view(info["shape"])
    return tensors, mapped
