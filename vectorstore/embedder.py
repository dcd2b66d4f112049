"""Sentence embeddings served by sentence-transformers' OpenVINO backend.

`Embedder` loads a local sentence-transformers folder with ``backend="openvino"``. A folder
written by `policyqa model prepare` already holds the OpenVINO files (``openvino/``), so
loading reads them and exports nothing; any other folder is exported by sentence-transformers
on each load (slow, but local: nothing is downloaded).

sentence_transformers (and through it torch, transformers and optimum-intel) is imported
inside `Embedder`: importing it costs seconds, and `policyqa --help` must not pay for it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path

import numpy as np

from vectorstore.errors import ModelError
from vectorstore.offline import go_offline

log = logging.getLogger(__name__)

PREPARE_HINT = "run `policyqa model prepare`"
#: How `Embedder` computes: "auto" lets OpenVINO choose (bfloat16 where the CPU does it natively).
PRECISIONS = ("auto", "float32", "bfloat16")
#: Where sentence-transformers keeps a folder's OpenVINO model.
OPENVINO_FILE = Path("openvino") / "openvino_model.xml"
_HINTS = {"float32": "f32", "bfloat16": "bf16"}
#: Held while `_tokenizer_read_once` has transformers' loader replaced (a class attribute).
_LOADING = threading.Lock()


class Embedder:
    """Sentence embeddings from a local sentence-transformers folder, run by OpenVINO.

    Vectors are float32 and L2-normalised. Prefixes default to e5's; pass "" for models
    trained without them. `threads` is torch's and numpy's thread count (the pooling around
    the model, and the similarity products elsewhere in the process); `inference_threads`
    OpenVINO's for one inference, by default two where there are two cores: a batch of
    passages runs up to 1.5× faster while the other core is free, and a single query no
    slower (evals/BENCH.md, "Threads"). `precision` is "auto" (OpenVINO's choice for the
    CPU), "float32" or "bfloat16".
    """

    def __init__(self, path: str | Path, *, threads: int = 1, batch_size: int = 16,
                 query_prefix: str = "query: ", passage_prefix: str = "passage: ",
                 precision: str = "auto", inference_threads: int | None = None):
        self.path = Path(path).expanduser()
        if not (self.path / "modules.json").is_file() and not (self.path / "config.json").is_file():
            what = "missing" if not self.path.exists() else "not a sentence-transformers folder"
            raise ModelError(f"embedding model at {self.path} is {what}: {PREPARE_HINT}")
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
        self.batch_size = batch_size
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        # One encode at a time: OpenVINO runs one request of a compiled model at a time
        # anyway, and the fast tokenizer sets its padding and truncation on every call, which
        # two threads must not do at once.
        self._lock = threading.Lock()
        go_offline()
        import torch

        torch.set_num_threads(threads)
        limit_blas_threads(threads)
        if not (self.path / OPENVINO_FILE).is_file():
            log.warning("%s has no %s: exporting it to OpenVINO now, on every load",
                        self.path, OPENVINO_FILE)
        try:
            inference_threads = inference_threads or min(2, os.cpu_count() or 1)
            self._model = _load(self.path, _openvino_config(inference_threads, precision))
        except Exception as err:  # torn files, wrong format: all mean "rebuild it"
            raise ModelError(
                f"embedding model at {self.path} cannot be loaded ({err}): {PREPARE_HINT}") from err
        compiled = self._model.transformers_model.request
        hint = str(compiled.get_property("INFERENCE_PRECISION_HINT"))
        self.precision = "bfloat16" if "bf16" in hint or "bfloat16" in hint else "float32"
        self._dim = self._model.get_embedding_dimension() or len(self._encode(["x"])[0])

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
        with self._lock:
            vectors = self._model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                         normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def _openvino_config(threads: int, precision: str) -> dict:
    config = {
        "INFERENCE_NUM_THREADS": threads,
        # Pinned inference threads wait for the core they are pinned to while other processes
        # hold it; unpinned, the OS moves them to whichever core is free.
        "ENABLE_CPU_PINNING": False,
    }
    if precision != "auto":
        config["INFERENCE_PRECISION_HINT"] = _HINTS[precision]
    return config


def _load(path: Path, ov_config: dict):
    from sentence_transformers import SentenceTransformer

    # optimum-intel looks for a local folder in the hub cache first and warns when it is not
    # there; the folder itself is then read as asked.
    quiet = logging.getLogger("optimum.intel.openvino.modeling_base")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with _tokenizer_read_once():
            return SentenceTransformer(str(path), backend="openvino", device="cpu",
                                       model_kwargs={"ov_config": ov_config})
    finally:
        quiet.setLevel(level)


@contextlib.contextmanager
def _tokenizer_read_once():
    """Load a tokenizer.json once instead of twice while sentence-transformers loads.

    transformers before 5.21 reads tokenizer.json into a `tokenizers.Tokenizer` and hands it
    to the tokenizer's constructor, which deep-copies it: two builds of the 250,002-piece
    vocabulary, each ~280 MB and a second of CPU (evals/BENCH.md, "Memory"). transformers
    5.21 lets the constructor read the file itself; that fix is applied here for the load,
    because optimum-intel 2.2.0 bounds transformers below 5.6. Delete when the pin passes 5.21.
    """
    from transformers.tokenization_utils_tokenizers import TokenizersBackend

    original = TokenizersBackend.__dict__.get("convert_to_native_format")
    if not isinstance(original, classmethod):  # a transformers that changed it: leave it be
        yield
        return

    def read_in_init(cls, trust_remote_code=False, **kwargs):
        file = kwargs.get("tokenizer_file")
        if cls is TokenizersBackend and file is not None and os.path.isfile(file):
            return dict(kwargs)  # the constructor's own `tokenizer_file` branch reads it
        return original.__func__(cls, trust_remote_code=trust_remote_code, **kwargs)

    with _LOADING:
        TokenizersBackend.convert_to_native_format = classmethod(read_in_init)
        try:
            yield
        finally:
            TokenizersBackend.convert_to_native_format = original


def limit_blas_threads(threads: int) -> None:
    """Give numpy's BLAS the same thread count as the model (process-wide).

    OpenBLAS starts one thread per core; with another process busy on the second core a
    small product spins against it (see evals/BENCH.md).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")
