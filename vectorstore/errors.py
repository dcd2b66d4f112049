"""The index's errors: the store, its caches, the embedding model, the write lock."""


class VectorStoreError(Exception):
    """Root of the errors the index raises on purpose."""


class StoreError(VectorStoreError):
    """The index (Chroma, or a cache file beside it) cannot be opened, read or written."""


class BusyError(VectorStoreError):
    """Another ingest holds the index's write lock."""


class ModelError(VectorStoreError):
    """The embedding model is missing or broken (run `policyqa model prepare`)."""
