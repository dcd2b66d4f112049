"""A question in flight while the catalog is swapped (another process's ingest noticed, or an
admin upload in this one) is answered from one state, never with an error.

Each request reads one `IndexSnapshot` of the index from start to end. These tests make
the reader take a new snapshot in the middle of a request — exactly when its query is being
embedded, between understanding the question and ranking — for a document added and for one
removed by another writer: the request in flight still answers from its own state, and the
next request sees the new one.
"""

from __future__ import annotations

import pytest

from assistant.components import open_index
from assistant.service import PolicyAssistant
from tests.conftest import make_settings
from tests.reliability.conftest import policy

QUESTION = "小微企业用电报装要花钱吗？"


class _SwappingEmbedder:
    """The real embedder; while `swap` is set, each query embedding first makes the index
    take a new snapshot, as another request thread noticing the change would."""

    def __init__(self, embedder):
        self._embedder, self.index, self.swaps = embedder, None, 0

    def __getattr__(self, name):
        return getattr(self._embedder, name)

    def embed_queries(self, texts):
        if self.index is not None:
            self.index.refresh()
            self.index.snapshot()
            self.swaps += 1
        return self._embedder.embed_queries(texts)


def _reader_and_writer(tmp_path, model_dir, embedder):
    settings = make_settings(tmp_path / "data", model_dir)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    (second / "chiping.txt").write_text(policy("茌平区", "茌", 8), encoding="utf-8")
    swapping = _SwappingEmbedder(embedder)
    # The reader never looks for changes on its own: only the swaps below refresh it.
    reader = PolicyAssistant(settings, index=open_index(settings, embedder=swapping,
                                                        recheck_s=3600))
    writer = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    return reader, writer, first, second, swapping


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_search_in_flight_when_the_catalog_changes(tmp_path, prepared_model_dir, embedder,
                                                     change):
    reader, writer, first, second, swapping = _reader_and_writer(tmp_path, prepared_model_dir,
                                                                 embedder)
    reader.ingest([first, second] if change == "removed" else [first])
    before = reader.index.snapshot()
    # Another writer changes the index; the reader's next snapshot will see it.
    if change == "added":
        writer.ingest([second])
    else:
        writer.remove("chiping")
    after = {d.doc_id for d in writer.documents()}
    assert set(before.catalog.documents) != after

    swapping.index = reader.index
    hits = reader.search(QUESTION, top_k=5)
    assert swapping.swaps == 1 and reader.index.snapshot() is not before
    # Answered from the snapshot the search started with, whole.
    assert hits and all(before.catalog.by_key[h.measure.key] == h.measure for h in hits)
    assert all(h.document is before.catalog.documents[h.measure.doc_id] for h in hits)
    swapping.index = None
    again = reader.search(QUESTION, top_k=5)
    assert again and {h.document.doc_id for h in again} <= after


def test_a_question_in_flight_when_a_document_lands(tmp_path, prepared_model_dir, embedder):
    reader, writer, first, second, swapping = _reader_and_writer(tmp_path, prepared_model_dir,
                                                                 embedder)
    reader.ingest([first])
    assert [d.doc_id for d in reader.documents()] == ["dongchang"]  # its snapshot, taken
    writer.ingest([second])
    swapping.index = reader.index
    question = "茌平区小微企业用电报装要花钱吗？"
    in_flight = reader.ask(question)
    assert swapping.swaps >= 1
    assert all(c.doc_id == "dongchang" for c in in_flight.citations)  # its own state only
    swapping.index = None
    answer = reader.ask(question)
    assert answer.found and answer.citations[0].key == "chiping:3"
