"""A question in flight while the catalog is swapped (another process's ingest noticed, or an
admin upload in this one) is answered from one state, never with an error.

`Retriever.search` takes the catalog once, but the dense ranking and the keyword index read
the index's catalog again; a refresh landing in between used to make the old catalog be asked
for a key only the new one has (a KeyError: a 500 from the API). These tests make the refresh
land exactly there, for a document added and for one removed by another writer.
"""

from __future__ import annotations

import time

import pytest

from assistant.index import PolicyIndex
from assistant.service import PolicyAssistant
from tests.conftest import make_settings
from tests.reliability.conftest import policy

QUESTION = "小微企业用电报装要花钱吗？"


def _reader_and_writer(tmp_path, model_dir, embedder):
    settings = make_settings(tmp_path / "data", model_dir)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    (second / "chiping.txt").write_text(policy("茌平区", "茌", 8), encoding="utf-8")
    reader = PolicyAssistant(settings, index=PolicyIndex(settings, embedder=embedder))
    writer = PolicyAssistant(settings, index=PolicyIndex(settings, embedder=embedder))
    return reader, writer, first, second


def _refresh_during_dense_search(index) -> list[int]:
    """Make the next dense searches refresh the catalog first, as another request thread's
    stale check would at that moment; returns a list counting the calls."""
    index._checked_at = time.monotonic()  # its last look was just now: it has not noticed yet
    dense_search = index.dense_search
    calls = []

    def refreshed_midway(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            index.refresh()
        return dense_search(*args, **kwargs)

    index.dense_search = refreshed_midway
    return calls


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_search_in_flight_when_the_catalog_changes(tmp_path, prepared_model_dir, embedder,
                                                     change):
    reader, writer, first, second = _reader_and_writer(tmp_path, prepared_model_dir, embedder)
    reader.ingest([first, second] if change == "removed" else [first])
    before = {d.doc_id for d in reader.documents()}
    # Another writer changes the index; the reader's next look at it will notice.
    if change == "added":
        writer.ingest([second])
    else:
        writer.remove("chiping")
    after = {d.doc_id for d in writer.documents()}
    assert before != after

    calls = _refresh_during_dense_search(reader.index)
    hits = reader.search(QUESTION, top_k=5)
    assert len(calls) == 2  # the search ran again, on the new catalog
    assert hits and {h.document.doc_id for h in hits} <= after
    served = reader.index.catalog
    assert all(served.by_key[h.measure.key] == h.measure for h in hits)


def test_a_question_in_flight_when_a_document_lands(tmp_path, prepared_model_dir, embedder):
    reader, writer, first, second = _reader_and_writer(tmp_path, prepared_model_dir, embedder)
    reader.ingest([first])
    assert [d.doc_id for d in reader.documents()] == ["dongchang"]  # its catalog, loaded
    writer.ingest([second])
    _refresh_during_dense_search(reader.index)
    answer = reader.ask("茌平区小微企业用电报装要花钱吗？")
    assert answer.found and answer.citations[0].key == "chiping:3"
