"""Settings become the store the index uses: a Chroma server when one is named, else the
embedded index under the data dir."""

from __future__ import annotations

import numpy as np

from assistant.components import chroma_store
from assistant.settings import Settings
from vectorstore.records import StoredRecord


def test_the_store_the_settings_name(tmp_path, chroma_server):
    record = StoredRecord("r1", "text", {"doc_id": "d"})
    vector = np.ones((1, 4), np.float32) / 2
    embedded = chroma_store(Settings(data_dir=tmp_path, chroma_url=None, chroma_host=None))
    assert str(tmp_path / "index") in embedded.location
    embedded.upsert("settings_test", [record], vector)
    assert (tmp_path / "index").is_dir()
    embedded.close()
    host, port = chroma_server
    served = chroma_store(Settings(data_dir=tmp_path, chroma_url=f"http://{host}:{port}"))
    assert served.location == f"Chroma server at {host}:{port}"
    assert served.heartbeat() is True
    assert served.count("settings_test_absent") == 0
    served.close()
