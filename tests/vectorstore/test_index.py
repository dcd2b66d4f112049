"""Writing the index: idempotent re-ingest, replacement, removal, visibility — in both
embedded and Chroma-server modes (the server is started by the tests)."""

from __future__ import annotations

import fcntl
import shutil
import threading

import pytest

from assistant.components import open_index
from assistant.errors import BusyError, NotFoundError
from assistant.service import PolicyAssistant
from assistant.settings import SHIPPED_CORPUS
from tests.conftest import make_settings
from vectorstore.chunks import chunk_id, chunk_text, passage_text

SMALL = """测试市人民政府

测政发〔2024〕3号

测试市优化营商环境三条措施

一、提升政务服务

1. 压缩企业开办时间。企业开办0.5天办结，印章刻制费用由市财政承担。（牵头单位：测试市行政审批局）

2. 便利不动产登记。一般登记3个工作日内办结。（牵头单位：测试市自然资源局）

3. 降低用电成本。小微企业低压接电免费。（牵头单位：测试市发展改革委）
"""


@pytest.fixture(params=["embedded", "server"])
def assistant(request, tmp_path, prepared_model_dir, embedder):
    overrides = {}
    if request.param == "server":
        host, port = request.getfixturevalue("chroma_server")
        # A collection of its own per test: the server outlives the test.
        overrides = {"chroma_url": f"http://{host}:{port}", "collection": f"t{tmp_path.name[-12:]}"}
    settings = make_settings(tmp_path / "data", prepared_model_dir, **overrides)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SHIPPED_CORPUS / "gaotang_2021_19_measures.txt", corpus)
    (corpus / "ceshi_2024.txt").write_text(SMALL, encoding="utf-8")
    settings = settings.model_copy(update={"corpus_dir": corpus})
    return PolicyAssistant(settings, index=open_index(settings, embedder=embedder))


def _counts(assistant):
    store, names = assistant.index.store, assistant.index.names
    return store.count(names.chunks), store.count(names.documents)


def test_ingest_is_idempotent(assistant):
    corpus = assistant.settings.corpus_dir
    first = assistant.ingest([corpus])
    assert sorted(first.added) == ["ceshi_2024", "gaotang_2021_19_measures",
                                   "gaotang_2021_19_measures-2"]
    assert first.measures_written == 3 + 19 + 11
    before = _counts(assistant)
    again = assistant.ingest([corpus])
    assert again.measures_written == 0 and again.chunks_written == 0
    assert sorted(again.unchanged) == sorted(first.added)
    assert _counts(assistant) == before


def test_changed_file_replaces_exactly_its_measures(assistant):
    corpus = assistant.settings.corpus_dir
    assistant.ingest([corpus])
    small_before = {m.key: m for m in assistant.document("ceshi_2024").measures}
    path = corpus / "gaotang_2021_19_measures.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("最快20分钟办结", "最快10分钟办结"), encoding="utf-8")

    result = assistant.ingest([corpus])
    assert sorted(result.replaced) == ["gaotang_2021_19_measures", "gaotang_2021_19_measures-2"]
    assert result.unchanged == ["ceshi_2024"]
    assert "最快10分钟办结" in assistant.measure("gaotang_2021_19_measures:7").text
    assert len(assistant.document("gaotang_2021_19_measures").measures) == 19
    assert {m.key: m for m in assistant.document("ceshi_2024").measures} == small_before
    hits = assistant.search("高唐企业开办最快多少分钟办结", top_k=1)
    assert "最快10分钟办结" in hits[0].measure.text


def test_after_a_write_no_request_is_served_the_snapshot_from_before_it(assistant,
                                                                          monkeypatch):
    """While one request reads the index anew after this process's own write, another waits
    for that read instead of being served the snapshot from before the write (the API gave
    a replaced measure's old text right after a reindex had answered "replaced")."""
    corpus = assistant.settings.corpus_dir
    assistant.ingest([corpus])
    before = assistant.index.snapshot()
    path = corpus / "gaotang_2021_19_measures.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("最快20分钟办结", "最快10分钟办结"),
                    encoding="utf-8")
    assistant.ingest([corpus])
    index, reading, release = assistant.index, threading.Event(), threading.Event()
    read = index._read

    def slow_read(previous):
        reading.set()
        release.wait(30)
        return read(previous)

    monkeypatch.setattr(index, "_read", slow_read)
    seen = {}
    first = threading.Thread(target=lambda: seen.setdefault("first", index.snapshot()))
    first.start()
    assert reading.wait(30)
    second = threading.Thread(target=lambda: seen.setdefault("second", index.snapshot()))
    second.start()
    second.join(1.0)
    waited = second.is_alive()
    release.set()
    first.join(30)
    second.join(30)
    assert waited and seen["second"] is not before
    assert "最快10分钟办结" in seen["second"].catalog.by_key["gaotang_2021_19_measures:7"].text


def test_remove_deletes_a_document_and_its_measures(assistant):
    assistant.ingest([assistant.settings.corpus_dir])
    chunks_before, _ = _counts(assistant)
    removed = assistant.remove("测政发(2024)3号")
    assert removed == ["ceshi_2024"]
    chunks_after, docs_after = _counts(assistant)
    assert docs_after == 2 and chunks_after < chunks_before
    with pytest.raises(NotFoundError):
        assistant.measure("ceshi_2024:1")
    assert all(h.document.doc_id != "ceshi_2024" for h in assistant.search("企业开办0.5天", top_k=10))


def test_uncommitted_measures_are_invisible(assistant):
    """Chunks written without their document record (a crash mid-ingest) are not served."""
    assistant.ingest([assistant.settings.corpus_dir])
    index = assistant.index
    index.store.delete(index.names.documents, where={"source": "ceshi_2024.txt"})
    index.refresh()
    assert "ceshi_2024" not in index.catalog.documents
    assert not any(m.doc_id == "ceshi_2024" for m in index.catalog.measures)
    assert all(h.document.doc_id != "ceshi_2024" for h in assistant.search("企业开办0.5天", top_k=10))
    # Re-running the ingest completes it.
    result = assistant.ingest([assistant.settings.corpus_dir])
    assert result.added == ["ceshi_2024"]
    assert len(assistant.document("ceshi_2024").measures) == 3


def test_a_second_ingest_at_once_is_refused(assistant):
    lock = assistant.index.files.lock  # held by another writer (the lock re-enters in one thread)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as other, pytest.raises(BusyError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assistant.ingest([assistant.settings.corpus_dir])


def test_failures_are_reported_and_the_rest_ingested(assistant, tmp_path):
    corpus = assistant.settings.corpus_dir
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    result = assistant.ingest([corpus])
    reasons = {f.source: f.reason for f in result.failures}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert len(result.added) == 3


def test_long_measures_are_chunked_and_map_back():
    text = "。".join(["这是一个很长的句子用来测试切分" * 3] * 30) + "。"
    chunks = chunk_text(text)
    assert len(chunks) > 1 and all(len(c) <= 400 for c in chunks)
    assert chunks[0].startswith(text[:20]) and text.endswith(chunks[-1][-20:])


def test_a_new_parser_version_reparses_unchanged_files(assistant, monkeypatch):
    """Files whose bytes did not change are parsed again when extraction changed."""
    from ingest import pipeline

    corpus = assistant.settings.corpus_dir
    assistant.ingest([corpus])
    monkeypatch.setattr(pipeline, "PARSER_VERSION", pipeline.PARSER_VERSION + "-next")
    again = assistant.ingest([corpus])
    assert sorted(again.replaced) == ["ceshi_2024", "gaotang_2021_19_measures",
                                      "gaotang_2021_19_measures-2"]
    assert {d.parser for d in assistant.documents()} == {pipeline.PARSER_VERSION}
    assert sorted(assistant.ingest([corpus]).unchanged) == sorted(again.replaced)


def test_embedding_batches_span_documents_and_each_chunk_keeps_its_vector(assistant, monkeypatch):
    """Chunks of several documents share embedding calls; every stored vector is still the
    one of its own chunk's passage text."""
    import numpy as np

    from vectorstore import writer

    monkeypatch.setattr(writer, "EMBED_BATCH", 8)
    # the chunks' calls alone: the sentences' (tests/vectorstore/test_sentence_vectors.py) go
    monkeypatch.setattr(assistant.index, "_sentences", None)
    embedder = assistant.index.embedder
    calls: list[int] = []
    real = embedder.embed_passages
    monkeypatch.setattr(embedder, "embed_passages", lambda texts: calls.append(len(texts)) or real(texts))
    from ingest.pipeline import parse_paths

    reported: list[int] = []
    documents = parse_paths([assistant.settings.corpus_dir]).documents
    result = assistant.index.sync(documents, progress=reported.append)
    chunk_calls = calls[:-1]  # the last call embeds the three document titles
    # Progress counts measures (what the bar's total counts), one report per call.
    assert len(reported) == len(chunk_calls) and sum(reported) == result.measures_written == 33
    # Full batches whatever the document boundaries (3 + 19 + 11 measures), then the rest.
    assert sum(chunk_calls) == result.chunks_written > 3 * 8
    assert set(chunk_calls[:-1]) == {8} and 0 < chunk_calls[-1] <= 8
    index = assistant.index
    ids, matrix = index.store.vectors(index.names.chunks)
    by_id = dict(zip(ids, matrix, strict=True))
    catalog = index.catalog
    for measure in catalog.measures:
        doc = catalog.documents[measure.doc_id]
        stored = by_id[chunk_id(measure.key, 0, doc.sha256)]
        expected = real([passage_text(doc, measure, chunk_text(measure.text)[0])])[0]
        assert float(np.dot(stored, expected)) >= 0.9999, measure.key
