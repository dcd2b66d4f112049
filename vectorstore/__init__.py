"""Embeddings and the vector index: the only package that touches the model and Chroma."""
