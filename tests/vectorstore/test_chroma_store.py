"""The MeasureStore contract, run against an embedded Chroma and a real Chroma server."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator

import numpy as np
import pytest

from vectorstore.chroma_store import ChromaStore, normalise_where
from vectorstore.errors import StoreError
from vectorstore.records import MeasureStore, StoredRecord

DIM = 8


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[ChromaStore]:
    if request.param == "embedded":
        opened = ChromaStore.embedded(tmp_path / "index")
    else:
        opened = ChromaStore.server(*request.getfixturevalue("chroma_server"))
    yield opened
    opened.close()


@pytest.fixture
def name() -> str:
    """A fresh collection name, so tests sharing the server never see each other's records."""
    return f"test-{uuid.uuid4().hex[:12]}"


def unit_vectors(count: int, dim: int = DIM, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def records(count: int, **metadata) -> list[StoredRecord]:
    return [
        StoredRecord(id=f"m{i}", text=f"措施 {i}", metadata={"doc_id": f"d{i % 3}", "n": i, **metadata})
        for i in range(count)
    ]


def test_is_a_measure_store(store):
    assert isinstance(store, MeasureStore)
    assert store.heartbeat() is True


def test_upsert_then_count(store, name):
    assert store.count(name) == 0
    store.upsert(name, records(6), unit_vectors(6))
    assert store.count(name) == 6


def test_get_by_ids_in_the_order_asked_skipping_missing(store, name):
    store.upsert(name, records(6), unit_vectors(6))
    got = store.get(name, ids=["m4", "nope", "m1", "m4"])
    assert [r.id for r in got] == ["m4", "m1"]
    assert got[0] == StoredRecord(id="m4", text="措施 4", metadata={"doc_id": "d1", "n": 4})
    assert store.get(name, ids=[]) == []


def test_get_by_where(store, name):
    store.upsert(name, records(6), unit_vectors(6))
    assert sorted(r.id for r in store.get(name, where={"doc_id": "d0"})) == ["m0", "m3"]
    both = {"$and": [{"doc_id": "d0"}, {"n": {"$gt": 0}}]}
    assert [r.id for r in store.get(name, where=both)] == ["m3"]
    # Several keys mean "all of them"; a one-clause $and is accepted too.
    assert [r.id for r in store.get(name, where={"doc_id": "d0", "n": 3})] == ["m3"]
    assert [r.id for r in store.get(name, where={"$and": [{"n": 5}]})] == ["m5"]
    assert len(store.get(name)) == 6


def test_query_ranks_by_cosine_similarity(store, name):
    # Unnormalised vectors: with "ip" or "l2" distance these scores would come out different.
    vectors = np.random.default_rng(1).normal(size=(20, DIM)).astype(np.float32) * 3
    store.upsert(name, records(20), vectors)
    probe = vectors[7] + 0.1 * vectors[3]
    hits = store.query(name, probe, n=5)
    cosine = vectors @ probe / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(probe))
    expected = np.argsort(-cosine)[:5]
    assert [i for i, _ in hits] == [f"m{i}" for i in expected]
    assert [s for _, s in hits] == pytest.approx([cosine[i] for i in expected], abs=1e-4)
    assert hits[0][0] == "m7"
    (m7,) = store.get(name, ids=["m7"], include_embeddings=True)
    assert m7.embedding == pytest.approx(vectors[7].tolist(), rel=1e-5)  # as sent, not normalised


def test_query_with_where(store, name):
    vectors = unit_vectors(9)
    store.upsert(name, records(9), vectors)
    hits = store.query(name, vectors[0], n=9, where={"doc_id": "d1"})
    assert sorted(i for i, _ in hits) == ["m1", "m4", "m7"]
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert store.query(name, vectors[0], n=3, where={"doc_id": "none"}) == []


def test_query_more_than_stored_and_on_empty(store, name):
    assert store.query(name, unit_vectors(1)[0], n=5) == []
    vectors = unit_vectors(3)
    store.upsert(name, records(3), vectors)
    hits = store.query(name, vectors[2], n=50)
    assert len(hits) == 3
    assert hits[0] == ("m2", pytest.approx(1.0, abs=1e-5))
    assert min(s for _, s in hits) >= -1.0 and max(s for _, s in hits) <= 1.0
    with pytest.raises(ValueError):
        store.query(name, vectors[2], n=0)


def test_upsert_same_id_replaces_the_record(store, name):
    vectors = unit_vectors(2)
    store.upsert(name, [StoredRecord("a", "旧", {"doc_id": "x", "old": 1}),
                        StoredRecord("b", "b", {"doc_id": "x", "gone": True})], vectors)
    store.upsert(name, [StoredRecord("a", "新", {"doc_id": "y"}), StoredRecord("b", "b", {})],
                 vectors[::-1])
    assert store.count(name) == 2
    a, b = store.get(name, ids=["a", "b"], include_embeddings=True)
    # Chroma itself would merge metadata ("old" surviving); the store replaces it.
    assert (a.text, a.metadata) == ("新", {"doc_id": "y"})
    assert b.metadata == {}
    assert a.embedding == pytest.approx(vectors[1].tolist(), abs=1e-6)
    assert store.get(name, where={"doc_id": "x"}) == []


def test_upsert_skips_records_that_did_not_change(store, name, caplog):
    vectors = unit_vectors(3)
    store.upsert(name, records(3), vectors)
    again = records(3)
    again[1] = StoredRecord("m1", again[1].text, {**again[1].metadata, "n": True})  # 1 → True
    with caplog.at_level(logging.DEBUG, logger="vectorstore.chroma_store"):
        store.upsert(name, again, vectors)
    assert "1 written, 2 unchanged" in caplog.text
    assert store.get(name, ids=["m1"])[0].metadata["n"] is True
    assert store.count(name) == 3


def test_upsert_rejects_bad_input(store, name):
    with pytest.raises(ValueError, match="duplicate"):
        store.upsert(name, [StoredRecord("a", "", {}), StoredRecord("a", "", {})], unit_vectors(2))
    with pytest.raises(ValueError, match="embeddings"):
        store.upsert(name, records(2), unit_vectors(3))
    with pytest.raises(ValueError, match="finite"):
        store.upsert(name, records(1), np.full((1, DIM), np.nan))
    store.upsert(name, [], np.empty((0, DIM)))
    assert store.count(name) == 0


def test_delete_returns_how_many_existed(store, name):
    store.upsert(name, records(9), unit_vectors(9))
    assert store.delete(name, where={"doc_id": "d2"}) == 3
    assert store.count(name) == 6
    assert store.get(name, where={"doc_id": "d2"}) == []
    assert store.delete(name, where={"doc_id": "d2"}) == 0
    # Chroma alone would report "nope" as deleted too.
    assert store.delete(name, ids=["m0", "nope"]) == 1
    assert store.delete(name, ids=["m1", "m3"], where={"doc_id": "d1"}) == 1
    assert store.count(name) == 4
    with pytest.raises(ValueError):
        store.delete(name)
    assert store.delete(f"{name}-missing", where={"doc_id": "d0"}) == 0


def test_metadata_types_round_trip(store, name):
    metadata = {"s": "聊政字〔2020〕25号", "i": 2**40, "neg": -3, "f": 0.1, "yes": True, "no": False}
    store.upsert(name, [StoredRecord("r", "x", metadata)], unit_vectors(1))
    (got,) = store.get(name, ids=["r"])
    assert got.metadata == metadata
    assert {k: type(v) for k, v in got.metadata.items()} == {k: type(v) for k, v in metadata.items()}
    assert [r.id for r in store.get(name, where={"yes": True})] == ["r"]
    assert [r.id for r in store.get(name, where={"f": {"$lt": 0.2}})] == ["r"]


def test_chinese_text_round_trips(store, name):
    text = "（十七）企业开办时间压缩至1个工作日内。（责任单位：市市场监管局；牵头单位：市政务服务中心）"
    store.upsert(name, [StoredRecord("措施-17", text, {"office": "市市场监管局"})], unit_vectors(1))
    (got,) = store.get(name, where={"office": "市市场监管局"})
    assert (got.id, got.text) == ("措施-17", text)


def test_records_reject_unflat_metadata():
    for bad in ({"x": None}, {"x": [1, 2]}, {"x": {"y": 1}}, {"x": float("nan")}, {"": 1},
                {"#document": "x"}, {"x": 2**70}):
        with pytest.raises(ValueError):
            StoredRecord("a", "a", bad)


def test_large_batch(store, name):
    count, dim = 3000, 384
    vectors = unit_vectors(count, dim, seed=2)
    store.upsert(name, records(count, half=False), vectors)
    assert store.count(name) == count
    hits = store.query(name, vectors[1234], n=3)
    assert hits[0] == ("m1234", pytest.approx(1.0, abs=1e-5))
    everything = store.get(name)  # read back in pages
    assert len({r.id for r in everything}) == count
    (one,) = store.get(name, ids=["m2999"], include_embeddings=True)
    assert np.allclose(one.embedding, vectors[2999], atol=1e-6)
    assert store.delete(name, where={"doc_id": "d0"}) == count // 3
    assert store.count(name) == count - count // 3


def test_never_uses_chromadbs_downloading_embedding_function(store, name, monkeypatch):
    import chromadb.api.types as chroma_types
    from chromadb.utils.embedding_functions import onnx_mini_lm_l6_v2 as onnx

    def tripwire(self, input=None):  # chromadb checks an embedding function's signature
        raise AssertionError("chromadb tried to embed text with its own (downloaded) model")

    monkeypatch.setattr(chroma_types.DefaultEmbeddingFunction, "__call__", tripwire)
    monkeypatch.setattr(onnx.ONNXMiniLM_L6_V2, "__call__", tripwire)
    monkeypatch.setattr(onnx.ONNXMiniLM_L6_V2, "_download_model_if_not_exists", tripwire)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    real_connect = socket.socket.connect

    def loopback_only(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in (
            "127.0.0.1", "::1", "localhost"
        ):
            raise OSError(f"network disabled in this test (connect to {address})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    had_model = onnx.ONNXMiniLM_L6_V2.DOWNLOAD_PATH.exists()

    vectors = unit_vectors(4)
    store.upsert(name, records(4), vectors)
    assert store.query(name, vectors[0], n=2)[0][0] == "m0"
    assert len(store.get(name, where={"doc_id": "d0"})) == 2
    assert store.delete(name, ids=["m0"]) == 1
    collection = store._collection(name, create=False)
    assert collection._embedding_function is None
    # Persisted without an embedding function ("legacy"), not as chromadb's "default" one.
    assert collection.configuration_json["embedding_function"] == {"type": "legacy"}
    assert collection.configuration_json["hnsw"]["space"] == "cosine"
    assert had_model or not onnx.ONNXMiniLM_L6_V2.DOWNLOAD_PATH.exists()


def test_dimension_mismatch_is_an_index_error(store, name):
    store.upsert(name, records(1), unit_vectors(1, dim=8))
    with pytest.raises(StoreError, match="dimension"):
        store.upsert(name, records(1), unit_vectors(1, dim=4))
    with pytest.raises(StoreError, match="dimension"):
        store.query(name, unit_vectors(1, dim=4)[0], n=1)


def test_invalid_collection_name_is_an_index_error(store):
    with pytest.raises(StoreError, match="name"):
        store.upsert("x", records(1), unit_vectors(1))


def test_survives_a_collection_dropped_behind_its_back(store, name):
    other = ChromaStore(store._connect, store.location)  # a second client, same index
    store.upsert(name, records(3), unit_vectors(3))
    assert other.count(name) == 3  # caches its handle on the collection
    assert store.drop(name) is True
    assert store.drop(name) is False
    assert other.count(name) == 0
    store.upsert(name, records(2), unit_vectors(2))
    assert other.count(name) == 2
    other.close()


def test_refuses_a_collection_that_is_not_cosine(tmp_path, name):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(
        path=str(tmp_path), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    )
    client.create_collection(name, embedding_function=None)  # Chroma's default: l2
    store = ChromaStore.embedded(tmp_path)
    with pytest.raises(StoreError, match="l2 distance"):
        store.count(name)
    store.close()


def test_unreachable_server(name):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    store = ChromaStore.server("127.0.0.1", port)
    assert store.heartbeat() is False
    with pytest.raises(StoreError, match=f"cannot reach Chroma server at 127.0.0.1:{port}"):
        store.count(name)


def test_normalise_where():
    assert normalise_where(None) is None
    assert normalise_where({}) is None
    assert normalise_where({"a": 1}) == {"a": 1}
    assert normalise_where({"a": 1, "b": {"$ne": 2}}) == {"$and": [{"a": 1}, {"b": {"$ne": 2}}]}
    assert normalise_where({"$or": [{"a": 1}]}) == {"a": 1}
    assert normalise_where({"$and": [{"a": 1, "b": 2}, {"c": 3}]}) == {
        "$and": [{"$and": [{"a": 1}, {"b": 2}]}, {"c": 3}]
    }
