"""In-memory dense rows: filtered dense search scores exactly what Chroma stores."""

from __future__ import annotations

import numpy as np

from vectorstore.dense import DenseRows


def _stored(index):
    ids, matrix = index.store.vectors(index.names.chunks)
    return ids, matrix


def test_rows_hold_every_served_chunk_with_its_stored_vector(corpus_assistant):
    index = corpus_assistant.index
    rows = index.snapshot().dense_rows
    ids, matrix = _stored(index)
    assert len(rows) == len(ids) == matrix.shape[0]
    assert set(rows.keys) == {m.key for m in index.catalog.measures}
    by_key = {}
    for stored_id, vector in zip(ids, matrix, strict=True):
        by_key.setdefault(stored_id.rpartition("#")[0], []).append(vector)
    for key, vector in zip(rows.keys, rows.matrix, strict=True):
        assert any(np.array_equal(vector, v) for v in by_key[key])


def test_search_within_documents_is_the_exact_ranking(corpus_assistant):
    index = corpus_assistant.index
    rows = index.snapshot().dense_rows
    doc_ids = sorted({m.doc_id for m in index.catalog.measures})[:2]
    query = index.embedder.embed_queries(["出口退税办理时间"])[0]
    found = rows.search(query, 10, doc_ids)
    allowed = [i for i, d in enumerate(rows.doc_ids) if d in doc_ids]
    sims = rows.matrix[allowed] @ query
    expected = {}
    for i in np.argsort(-sims)[:10]:
        key = rows.keys[allowed[i]]
        expected[key] = max(expected.get(key, -2.0), float(sims[i]))
    assert found.keys() == expected.keys()
    for key, sim in found.items():
        assert abs(sim - expected[key]) < 1e-5
    assert {index.catalog.by_key[k].doc_id for k in found} <= set(doc_ids)


def test_filtered_dense_search_agrees_with_chromas_filtered_query(corpus_assistant):
    index = corpus_assistant.index
    doc_id = index.catalog.measures[0].doc_id
    query = index.embedder.embed_queries(["企业开办需要几天"])[0]
    in_memory = index.snapshot().dense_search(query, 5, [doc_id])
    by_chroma: dict[str, float] = {}
    for chunk, sim in index.store.query(index.names.chunks, query, 5, where={"doc_id": doc_id}):
        key = chunk.rpartition("#")[0]
        by_chroma[key] = max(sim, by_chroma.get(key, -2.0))
    assert list(in_memory) == list(by_chroma)
    for key, sim in in_memory.items():
        assert abs(sim - by_chroma[key]) < 1e-4


def test_the_cache_file_round_trips_and_a_stale_one_is_ignored(corpus_assistant, tmp_path):
    rows = corpus_assistant.index.snapshot().dense_rows
    path = tmp_path / "dense.npz"
    rows.save(path)
    again = DenseRows.load(path, rows.fingerprint)
    assert again is not None and again.keys == rows.keys and again.doc_ids == rows.doc_ids
    assert np.array_equal(again.matrix, rows.matrix)
    assert DenseRows.load(path, "another-catalog") is None
    path.write_bytes(b"not a zip file")
    assert DenseRows.load(path, rows.fingerprint) is None
    assert DenseRows.load(tmp_path / "absent.npz", rows.fingerprint) is None


def test_no_documents_no_rows(corpus_assistant):
    rows = corpus_assistant.index.snapshot().dense_rows
    query = np.ones(rows.matrix.shape[1], np.float32)
    assert rows.search(query, 5, []) == {} and rows.search(query, 5, ["no-such-doc"]) == {}
    assert rows.search(query, 0, [rows.doc_ids[0]]) == {}


def test_unfiltered_search_of_a_small_index_is_exact_and_agrees_with_chroma(corpus_assistant,
                                                                         monkeypatch):
    """The shipped corpus is small: an unfiltered search is answered in memory, exactly, and
    ranks as Chroma's own query does; past the size limit Chroma answers it."""
    from vectorstore import snapshot

    index = corpus_assistant.index
    store_calls: list[object] = []
    real_query = index.store.query
    monkeypatch.setattr(index.store, "query",
                        lambda *a, **k: store_calls.append(a) or real_query(*a, **k))
    for question in ("企业开办需要几天", "出口退税办理时间", "刻章要钱吗"):
        query = index.embedder.embed_queries([question])[0]
        in_memory = index.snapshot().dense_search(query, 8)
        assert not store_calls
        by_chroma: dict[str, float] = {}
        for chunk, sim in real_query(index.names.chunks, query, 8, None):
            key = chunk.rpartition("#")[0]
            by_chroma[key] = max(sim, by_chroma.get(key, -2.0))
        assert list(in_memory)[:3] == list(by_chroma)[:3]
        for key in set(in_memory) & set(by_chroma):
            assert abs(in_memory[key] - by_chroma[key]) < 1e-4
    monkeypatch.setattr(snapshot, "EXACT_MAX_MEASURES", len(index.catalog.measures) - 1)
    index.snapshot().dense_search(index.embedder.embed_queries(["企业开办需要几天"])[0], 8)
    assert len(store_calls) == 1
