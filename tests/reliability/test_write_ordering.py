"""The write ordering the crash trials rely on, stopped at each step on purpose.

A changed file is staged beside the old version (chunk ids carry the file hash), swapped in
by the upsert of its document record, and the old chunks are deleted last. Stopping the
ingest between any two of these writes leaves an index that serves the old document or the
new one, whole; the next ingest finishes the job.
"""

from __future__ import annotations

import pytest

from assistant.components import open_index
from assistant.service import PolicyAssistant
from tests.conftest import make_settings
from tests.reliability.conftest import policy

OLD_TEXT, NEW_TEXT = "压缩至1个工作日内办结", "压缩至半个工作日内办结"


class Crash(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even `except Exception` blocks."""


class CrashingStore:
    """The real store, dying at the first write that `fatal(method, collection, kwargs)` picks."""

    def __init__(self, store, fatal):
        self._store, self._fatal = store, fatal

    def __getattr__(self, name):
        attribute = getattr(self._store, name)
        if name not in ("upsert", "delete"):
            return attribute

        def write(collection, *args, **kwargs):
            if self._fatal(name, collection, kwargs):
                raise Crash(f"killed before {name} into {collection}")
            return attribute(collection, *args, **kwargs)

        return write


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    (folder / "chiping.txt").write_text(policy("茌平区", "茌", 8), encoding="utf-8")
    return folder


def _assistant(tmp_path, model_dir, embedder, store=None) -> PolicyAssistant:
    settings = make_settings(tmp_path / "data", model_dir)
    index = open_index(settings, embedder=embedder, store=store)
    return PolicyAssistant(settings, index=index)


def _change(corpus) -> None:
    path = corpus / "dongchang.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")


def _served(tmp_path, model_dir, embedder) -> dict[str, str]:
    """What a fresh reader (another process, after the crash) serves: doc id → measure 1."""
    reader = _assistant(tmp_path, model_dir, embedder)
    docs = {d.doc_id: d for d in reader.documents()}
    assert all(len(d.measures) == 3 for d in docs.values()), docs
    hits = reader.search("东昌府区企业开办要几个工作日？", top_k=1)
    assert hits and hits[0].measure.doc_id == "dongchang"
    return {doc_id: d.measures[0].text for doc_id, d in docs.items()}


def _stored_chunks(assistant) -> int:
    return assistant.index.store.count(assistant.index.names.chunks)


@pytest.mark.parametrize("stop", ["before the swap", "after the swap"])
def test_a_replace_stopped_midway_serves_one_whole_version(tmp_path, prepared_model_dir,
                                                           embedder, corpus, stop):
    first = _assistant(tmp_path, prepared_model_dir, embedder)
    first.ingest([corpus])
    chunks = _stored_chunks(first)
    _change(corpus)

    if stop == "before the swap":  # new chunks written, document record not yet
        def fatal(method, collection, kwargs):
            return method == "upsert" and collection.endswith("_docs")
    else:  # document record swapped, old chunks not yet deleted
        def fatal(method, collection, kwargs):
            where = str(kwargs.get("where"))
            return method == "delete" and "$ne" in where and "dongchang" in where

    crashing = _assistant(tmp_path, prepared_model_dir, embedder,
                          store=CrashingStore(first.index.store, fatal))
    with pytest.raises(Crash):
        crashing.ingest([corpus])

    served = _served(tmp_path, prepared_model_dir, embedder)
    want = OLD_TEXT if stop == "before the swap" else NEW_TEXT
    assert want in served["dongchang"]
    assert OLD_TEXT in served["chiping"]
    assert _stored_chunks(first) == chunks + 3  # both versions of dongchang's chunks

    again = _assistant(tmp_path, prepared_model_dir, embedder).ingest([corpus])
    if stop == "before the swap":
        assert again.replaced == ["dongchang"]
    else:
        assert sorted(again.unchanged) == ["chiping", "dongchang"]
    assert NEW_TEXT in _served(tmp_path, prepared_model_dir, embedder)["dongchang"]
    assert _stored_chunks(first) == chunks  # the old version's chunks are gone


def test_a_fresh_ingest_stopped_before_its_records_serves_nothing_half(tmp_path,
                                                                       prepared_model_dir,
                                                                       embedder, corpus):
    def fatal(method, collection, kwargs):  # chunks written, no document record yet
        return method == "upsert" and collection.endswith("_docs")

    store = _assistant(tmp_path, prepared_model_dir, embedder).index.store
    crashing = _assistant(tmp_path, prepared_model_dir, embedder,
                          store=CrashingStore(store, fatal))
    with pytest.raises(Crash):
        crashing.ingest([corpus])
    reader = _assistant(tmp_path, prepared_model_dir, embedder)
    assert _stored_chunks(reader) == 6  # written, and invisible
    assert reader.documents() == []
    assert reader.search("东昌府区企业开办要几个工作日？", top_k=5) == []
    assert not reader.ask("东昌府区企业开办要几个工作日？").found
    result = _assistant(tmp_path, prepared_model_dir, embedder).ingest([corpus])
    assert sorted(result.added) == ["chiping", "dongchang"]
    assert _stored_chunks(reader) == 6  # the chunks written before the crash were reused


def test_a_document_missing_measures_is_not_served(tmp_path, prepared_model_dir, embedder,
                                                   corpus):
    """Belt and braces: a record whose chunks are not all there (lost by the store) hides."""
    assistant = _assistant(tmp_path, prepared_model_dir, embedder)
    assistant.ingest([corpus])
    index = assistant.index
    first_chunk = index.store.get(index.names.chunks,
                                  where={"key": "dongchang:2", "chunk": 0})[0]
    index.store.delete(index.names.chunks, ids=[first_chunk.id])
    index.refresh()
    assert [d.doc_id for d in assistant.documents()] == ["chiping"]
    result = assistant.ingest([corpus])
    assert result.added == ["dongchang"]
    assert len(assistant.document("dongchang").measures) == 3


class AppliedThenFailedStore(CrashingStore):
    """The real store whose commit writes (document records) are applied and then fail as
    a full disk does: seen with embedded Chroma on a full ext4, a delete answered with an
    error whose document was gone."""

    def __getattr__(self, name):
        attribute = getattr(self._store, name)
        if name not in ("upsert", "delete"):
            return attribute

        def write(collection, *args, **kwargs):
            value = attribute(collection, *args, **kwargs)
            if self._fatal(name, collection, kwargs):
                raise OSError(28, "No space left on device")
            return value

        return write


@pytest.mark.parametrize("write", ["upsert", "delete"])
def test_a_commit_write_that_failed_after_taking_effect_is_reported_done(
        tmp_path, prepared_model_dir, embedder, corpus, write):
    """The API says what happened: a document whose record write took effect despite the
    error is reported added (or removed), as a restart serves it."""
    first = _assistant(tmp_path, prepared_model_dir, embedder)
    first.ingest([corpus / "chiping.txt"])

    def fatal(method, collection, kwargs):
        return method == write and collection.endswith("_docs")

    failing = _assistant(tmp_path, prepared_model_dir, embedder,
                         store=AppliedThenFailedStore(first.index.store, fatal))
    if write == "upsert":
        assert failing.ingest([corpus / "dongchang.txt"]).added == ["dongchang"]
        assert set(d.doc_id for d in _assistant(tmp_path, prepared_model_dir,
                                                embedder).documents()) == {"chiping",
                                                                           "dongchang"}
    else:
        assert failing.remove("chiping") == ["chiping"]
        assert _assistant(tmp_path, prepared_model_dir, embedder).documents() == []
