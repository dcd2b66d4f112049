"""The index, its store and the embedding model, built from settings.

The one place `Settings` become the plain values the layers below take: a store location,
a collection name, the files beside the index, a model folder and a thread count.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import Settings
from ingest.cleaning import normalise_chars
from vectorstore.index import IndexFiles, PolicyIndex
from vectorstore.offline import go_offline

__all__ = ["chroma_store", "embedded_store", "embedder_at", "go_offline", "index_files",
           "load_embedder", "load_text", "model_name", "model_path", "open_index", "parse_files",
           "passage_texts", "prepare_model"]

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ingest.loaders import LoadedText
    from ingest.pipeline import ParseReport
    from ingest.records import Measure, PolicyDocument
    from vectorstore.chroma_store import ChromaStore
    from vectorstore.embedder import Embedder
    from vectorstore.records import MeasureStore


def open_index(settings: Settings, *, store: MeasureStore | None = None,
               embedder: Embedder | None = None, recheck_s: float = 5.0) -> PolicyIndex:
    """The configured index; the model loads when something is first embedded."""
    return PolicyIndex(store if store is not None else chroma_store(settings),
                       embedder if embedder is not None else (lambda: load_embedder(settings)),
                       collection=settings.collection, files=index_files(settings),
                       recheck_s=recheck_s, normalise=normalise_chars,
                       write_timeout_s=settings.write_timeout_s,
                       read_timeout_s=settings.store_timeout_s, sentences=_measure_sentences)


def _measure_sentences(measure: Measure) -> list[str]:
    """The sentences the refusal gate compares with a question (`assistant.sentence_evidence`),
    whose vectors ingest stores; imported late, as `policyqa --help` loads this module."""
    from assistant.slots import measure_sentences

    return measure_sentences(measure)


def index_files(settings: Settings) -> IndexFiles:
    return IndexFiles(caches=settings.index_dir, jieba=settings.data_dir / "cache",
                      lock=settings.data_dir / "ingest.lock",
                      server=None if settings.chroma_endpoint else settings.data_dir / "server.lock")


def chroma_store(settings: Settings) -> ChromaStore:
    """The Chroma server the settings name, else the embedded index under the data dir
    (either connects on first use)."""
    from vectorstore.chroma_store import ChromaStore

    endpoint = settings.chroma_endpoint
    if endpoint is not None:
        return ChromaStore.server(*endpoint)
    return ChromaStore.embedded(settings.index_dir)


def embedded_store(path: Path) -> ChromaStore:
    """An embedded Chroma index in the folder `path`."""
    from vectorstore.chroma_store import ChromaStore

    return ChromaStore.embedded(path)


def model_path(settings: Settings) -> Path:
    """The configured embedding model's folder (the bundled one under the data dir)."""
    from vectorstore.model import resolve_model_path

    return resolve_model_path(settings.models_dir, settings.model)


def load_embedder(settings: Settings) -> Embedder:
    """The configured embedding model (loads torch)."""
    return embedder_at(model_path(settings), threads=settings.torch_threads)


def embedder_at(path: Path, **options) -> Embedder:
    """The embedding model in the folder `path`; `options` go to `Embedder`."""
    from vectorstore.embedder import Embedder

    return Embedder(path, **options)


def model_name(settings: Settings) -> str:
    """The configured model's name, without loading it."""
    from vectorstore.model import DEFAULT_MODEL_NAME

    return Path(settings.model).name if settings.model else DEFAULT_MODEL_NAME


def parse_files(paths: Iterable[Path], *, max_bytes: int = 20 * 1024 * 1024,
                seconds: float | None = None) -> ParseReport:
    """Parse policy files into documents; a file that fails is reported, the rest go on.

    A file that unpacks past the limits (`assistant.archives`) is refused unparsed, and one
    whose parse takes longer than `seconds` (the default setting when None) is stopped
    and reported (`assistant.parsing`)."""
    from assistant import parsing

    default = Settings.model_fields["parse_seconds"].default
    return parsing.parse_files(paths, max_bytes=max_bytes, seconds=seconds or default)


def passage_texts(documents: Iterable[PolicyDocument]) -> list[str]:
    """The texts ingest embeds for these documents: each measure's chunks with their context."""
    from vectorstore.chunks import chunk_text, passage_text

    return [passage_text(doc, measure, chunk) for doc in documents for measure in doc.measures
            for chunk in chunk_text(measure.text)]


def load_text(path: Path, **options) -> LoadedText:
    """One policy file read into text, as ingestion reads it (LoadError when it cannot be)."""
    from ingest.loaders import load_text as load

    return load(path, **options)


def prepare_model(settings: Settings, *, force: bool = False) -> Path:
    """Rebuild the bundled model into the data dir (once; `force` rebuilds)."""
    from vectorstore.model import prepare_model as prepare

    return prepare(model_path(settings), force=force)
