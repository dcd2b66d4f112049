"""The assistant's errors, and the one list of errors every edge translates.

Each layer owns its errors: ingestion's (`ingest.errors`: a file that cannot be read), the
index's (`vectorstore.errors`: the store, the model, the write lock) and the assistant's own
below. The edges (CLI, API, UI, evals) import them all from here and translate each once:
`CORE_ERRORS` is what they catch, `status_code` the HTTP status an error maps to.
"""

import re
from pathlib import Path

from ingest.errors import IngestError, LoadError, ParseError
from vectorstore.errors import BusyError, ModelError, StoreError, VectorStoreError


class PolicyQAError(Exception):
    """Root of the errors the assistant itself raises on purpose."""

    #: HTTP status the API maps this error to.
    status_code = 500


class InputError(PolicyQAError):
    """The caller gave something unusable (bad question, bad filter, bad file)."""

    status_code = 400


class NotFoundError(PolicyQAError):
    """A document, measure or office that does not exist."""

    status_code = 404


class UploadRefused(InputError):
    """An uploaded file refused before it is ingested: its name, type or size."""


class UnsafeFileName(UploadRefused):
    """A file name that is not a plain name: a path that climbs out, a hidden or control name."""

    def __init__(self, filename: str | None):
        super().__init__(f"unsafe file name {filename!r}: give a plain file name")
        self.filename = filename


class UnsupportedFileType(UploadRefused):
    """A file whose suffix no loader reads."""

    status_code = 415

    def __init__(self, name: str, suffix: str, supported: tuple[str, ...]):
        super().__init__(f"{name}: unsupported file type {suffix or '(none)'} "
                         f"(supported: {', '.join(supported)})")
        self.name = name
        self.suffix = suffix
        self.supported = supported


class FileTooLarge(UploadRefused):
    """A file over the configured size limit (`max_file_mb`)."""

    status_code = 413

    def __init__(self, name: str, limit_mb: float):
        super().__init__(f"{name}: file too large (limit {limit_mb:g} MB)")
        self.name = name
        self.limit_mb = limit_mb


class InsufficientStorage(PolicyQAError):
    """Too little free disk space for a write: refused before anything is written."""

    status_code = 507


class NameClash(PolicyQAError):
    """A file whose name would give a document id another file already has."""

    status_code = 409


#: Every error raised on purpose, by any layer: what an edge catches and translates.
CORE_ERRORS: tuple[type[Exception], ...] = (PolicyQAError, IngestError, VectorStoreError)
# The lower layers' errors know nothing of HTTP; their statuses are decided here.
_LOWER_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (LoadError, 422), (BusyError, 409), (ModelError, 503), (StoreError, 503))


def status_code(err: BaseException) -> int:
    """The HTTP status an error maps to (500 for anything not raised on purpose)."""
    if isinstance(err, PolicyQAError):
        return err.status_code
    return next((code for kind, code in _LOWER_STATUS if isinstance(err, kind)), 500)


# An absolute file-system path (not an API path such as /api/documents).
_PATH = re.compile(r"(?<![\w.:/])/(?:tmp|home|root|var|srv|opt|usr|work|mnt|data|run|media|proc|"
                   r"dev|etc|private|Users)(?:/[^\s'\"(),;:]*)*")


def without_paths(text: str, places: dict[str, Path] | None = None) -> str:
    """`text` fit for a client: known directories by their names (`<data dir>`), any other
    absolute path by its last name (`…/model-folder`) — an error never shows where things
    live on the server."""
    for label, where in sorted((places or {}).items(), key=lambda p: -len(str(p[1]))):
        text = text.replace(str(where), f"<{label}>")
    return _PATH.sub(lambda m: "…/" + m.group(0).rstrip("/").rsplit("/", 1)[-1], text)


__all__ = ["CORE_ERRORS", "BusyError", "FileTooLarge", "InputError", "InsufficientStorage",
           "LoadError", "ModelError", "NameClash", "NotFoundError", "ParseError", "PolicyQAError", "StoreError", "UnsafeFileName",
           "UnsupportedFileType", "UploadRefused", "VectorStoreError", "status_code", "without_paths"]
