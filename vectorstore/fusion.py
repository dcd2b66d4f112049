"""Reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): several rankings of the same
items combined by rank alone, each counting with its own weight."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

RRF_K = 60  # the fusion constant of the paper


def fuse_ranks(rankings: Iterable[tuple[float, Sequence[str]]], k: int = RRF_K) -> dict[str, float]:
    """item -> Σ weight / (k + rank), rank counted from 1 in each (weight, ranking) given."""
    fused: dict[str, float] = {}
    for weight, ranking in rankings:
        for rank, key in enumerate(ranking, 1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return fused
