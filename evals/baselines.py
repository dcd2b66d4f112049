"""The naive LangChain pipeline the assistant is compared with (`eval --compare naive`).

What a first RAG prototype does: split each whole document with LangChain's
RecursiveCharacterTextSplitter (750 characters, 150 overlap), embed the chunks with the same
embedding model, rank them by cosine similarity to the question (dense only: no keyword
search, no query understanding, no measure structure), and "answer" with the top chunk.
Earlier conversation turns are simply prepended to the question.

So that retrieval figures are comparable with the assistant's, each chunk is mapped back to
the measures it overlaps (by character offsets into the document text), and the ranking
of chunks becomes a ranking of measures. Its citations are the measures of the top chunk,
and it never refuses.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)

CHUNK_SIZE = 750
CHUNK_OVERLAP = 150
#: A chunk counts as retrieving a measure when it holds this many of its characters,
#: or at least half of the measure (short measures).
MIN_OVERLAP_CHARS = 40


@dataclass(frozen=True)
class NaiveChunk:
    """One chunk of a document's text, with the measures it overlaps (most overlap first)."""

    source: str
    text: str
    start: int
    measures: tuple[tuple[str, str], ...]  # (source, number)


@dataclass(frozen=True)
class NaiveAnswer:
    """The naive pipeline's answer: the top chunk, citing the measures that chunk holds."""

    text: str
    citations: tuple[tuple[str, str], ...]
    retrieved: tuple[tuple[str, str], ...]  # measures, ranked
    found: bool = True  # it never refuses


class NaivePipeline:
    """A naive LangChain RAG baseline over the same index (documents, measures, embedder).

    `texts` says where the document texts came from: "source files" when the indexed files
    are found unchanged in the corpus directory (the text as loaded, scars and all), else
    "measures" (each file rebuilt from its measures' texts in order).
    """

    def __init__(self, assistant, *, chunk_size: int = CHUNK_SIZE,
                 chunk_overlap: int = CHUNK_OVERLAP):
        self.assistant = assistant
        self.chunk_size, self.chunk_overlap = chunk_size, chunk_overlap
        self.texts = ""
        self._chunks: list[NaiveChunk] | None = None
        self._vectors: np.ndarray | None = None

    @property
    def chunks(self) -> list[NaiveChunk]:
        self.build()
        assert self._chunks is not None
        return self._chunks

    def build(self) -> None:
        """Split and embed every document once (called on first use)."""
        if self._chunks is not None:
            return
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=self.chunk_size, chunk_overlap=self.chunk_overlap, add_start_index=True)
        chunks: list[NaiveChunk] = []
        for source, text, spans in self._documents():
            for piece in splitter.create_documents([text]):
                start = int(piece.metadata["start_index"])
                chunks.append(NaiveChunk(source, piece.page_content, start,
                                         _overlapping(spans, start, start + len(piece.page_content))))
        self._vectors = self._embed([c.text for c in chunks])
        self._chunks = chunks
        log.info("naive pipeline: %d chunks from %s", len(chunks), self.texts)

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Chunk vectors, cached in the data directory: the same texts and model, same vectors."""
        embedder = self.assistant.index.embedder
        digest = hashlib.sha256(str(embedder.path.resolve()).encode())
        for text in texts:
            digest.update(text.encode("utf-8") + b"\0")
        path = self.assistant.settings.data_dir / "cache" / f"naive-{digest.hexdigest()[:20]}.npy"
        if path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(texts):
                    return vectors
            except (OSError, ValueError) as err:  # a torn cache file: embed again
                log.warning("ignoring naive-pipeline cache %s (%s)", path, err)
        vectors = embedder.embed_passages(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(path)
        except OSError as err:  # a read-only data dir only costs time
            log.warning("cannot cache naive-pipeline vectors at %s (%s)", path, err)
        return vectors

    def _documents(self) -> list[tuple[str, str, list[tuple[int, int, str, str]]]]:
        """Per source file: its text and each measure's (start, end, source, number) in it."""
        from assistant.components import load_text

        catalog = self.assistant.index.catalog
        corpus = self.assistant.settings.corpus_dir
        by_source: dict[str, list] = {}
        for measure in catalog.measures:
            by_source.setdefault(measure.source, []).append(measure)
        sha = {d.source: d.sha256 for d in catalog.documents.values()}
        loaded = {}
        for source in by_source:
            path = corpus / source
            try:
                text = load_text(path) if path.is_file() else None
            except Exception:  # unreadable here: fall back to the measures' texts
                text = None
            if text is not None and text.sha256 == sha.get(source):
                loaded[source] = text.text
        self.texts = "source files" if len(loaded) == len(by_source) else "measures"
        documents = []
        for source, measures in by_source.items():
            if self.texts == "source files":
                spans = [(m.span[0], m.span[1], source, m.number) for m in measures]
                documents.append((source, loaded[source], spans))
                continue
            parts, spans, offset = [], [], 0
            for m in sorted(measures, key=lambda m: (m.doc_id, m.span[0])):
                spans.append((offset, offset + len(m.text), source, m.number))
                parts.append(m.text)
                offset += len(m.text) + 2
            documents.append((source, "\n\n".join(parts), spans))
        return documents

    def rank_chunks(self, question: str, turns: Sequence[str] = ()) -> list[tuple[NaiveChunk, float]]:
        """Every chunk with its cosine similarity to the question, best first."""
        chunks = self.chunks
        query = " ".join([*turns, question])
        vector = self.assistant.index.embedder.embed_queries([query])[0]
        scores = self._vectors @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-scores, kind="stable")
        return [(chunks[i], float(scores[i])) for i in order]

    def search(self, question: str, top_k: int = 5, turns: Sequence[str] = ()) -> list[tuple[str, str]]:
        """The top_k measures (source, number), in the order their chunks rank."""
        return _measures_ranked(self.rank_chunks(question, turns), top_k)

    def answer(self, question: str, top_k: int = 5, turns: Sequence[str] = ()) -> NaiveAnswer:
        """The top chunk as the answer, its measures as citations, and the measure ranking."""
        ranked = self.rank_chunks(question, turns)
        top = ranked[0][0] if ranked else None
        return NaiveAnswer(text=top.text if top else "", citations=top.measures if top else (),
                           retrieved=tuple(_measures_ranked(ranked, top_k)))


def _overlapping(spans, start: int, end: int) -> tuple[tuple[str, str], ...]:
    """Measures a chunk [start, end) holds enough of, most overlap first."""
    found = []
    for m_start, m_end, source, number in spans:
        overlap = min(end, m_end) - max(start, m_start)
        if overlap > 0 and (overlap >= MIN_OVERLAP_CHARS or overlap * 2 >= m_end - m_start):
            found.append((overlap, m_start, (source, number)))
    found.sort(key=lambda f: (-f[0], f[1]))
    return tuple(dict.fromkeys(ref for _, _, ref in found))


def _measures_ranked(ranked: list[tuple[NaiveChunk, float]], top_k: int) -> list[tuple[str, str]]:
    measures: dict[tuple[str, str], None] = {}
    for chunk, _ in ranked:
        for ref in chunk.measures:
            measures.setdefault(ref)
        if len(measures) >= top_k:
            break
    return list(measures)[:top_k]
