"""policyqa core: ask, search, ingest and evaluate over parsed policy measures.

Kept import-light on purpose: heavy libraries (torch, sentence-transformers, chromadb,
gradio) are imported only inside the functions that need them.
"""

__version__ = "0.1.0"
