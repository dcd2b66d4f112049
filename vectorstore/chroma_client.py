"""chromadb itself: imported once on first use, its error types, a client's settings."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from vectorstore.errors import StoreError
from vectorstore.offline import go_offline

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)
#: Cosine distance; the store turns distances into similarities (1 - distance).
SPACE = "cosine"


class Chroma(NamedTuple):
    """The parts of chromadb this module uses, imported once on first use."""

    module: Any
    client_settings: Callable[[], Any]
    not_found: type[Exception]
    failures: tuple[type[Exception], ...]
    unreachable: tuple[type[Exception], ...]


@functools.cache
def chroma() -> Chroma:
    # Telemetry off before chromadb reads its settings, and in every client we create.
    go_offline()
    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings
    from chromadb.errors import ChromaError, NotFoundError

    def client_settings() -> Any:
        return ChromaSettings(anonymized_telemetry=False, allow_reset=False)

    # chromadb reports bad input as ValueError/ChromaError, server trouble through httpx,
    # and embedded-engine trouble as RuntimeError or OSError.
    failures = (ChromaError, ValueError, RuntimeError, OSError, httpx.HTTPError)
    return Chroma(chromadb, client_settings, NotFoundError, failures,
                   (httpx.TransportError, ConnectionError))




def check_space(col: Collection, location: str) -> None:
    """Refuse a collection whose distance is not cosine: its scores would be wrong."""
    # configuration_json, not .configuration: the latter warns about our "legacy" (absent)
    # embedding function every time it is read.
    configuration = col.configuration_json or {}
    for index in ("hnsw", "spann"):
        space = (configuration.get(index) or {}).get("space")
        if space is not None and space != SPACE:
            raise StoreError(
                f"collection {col.name!r} ({location}) uses {space} distance, not {SPACE}; "
                "drop it and ingest again"
            )


def set_http_timeout(client: ClientAPI, timeout_s: float) -> None:
    """Give chromadb's HTTP session a timeout (it has none, so a stalled server hangs us)."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))
    else:  # chromadb changed its internals; keep working, without the timeout
        log.debug("could not set a timeout on chromadb's HTTP session")
