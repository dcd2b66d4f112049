"""One error hierarchy for the whole program; each edge (CLI, API, UI) translates it once."""


class PolicyQAError(Exception):
    """Root of every error the core raises on purpose."""

    #: HTTP status the API maps this error to.
    status_code = 500


class InputError(PolicyQAError):
    """The caller gave something unusable (bad question, bad filter, bad file)."""

    status_code = 400


class NotFoundError(PolicyQAError):
    """A document, measure or office that does not exist."""

    status_code = 404


class LoadError(InputError):
    """A policy file could not be read into text (encoding, format, empty, no text layer)."""

    status_code = 422

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ParseError(LoadError):
    """A file was read but holds no recognisable policy structure."""


class ModelError(PolicyQAError):
    """The embedding model is missing or broken (run `policyqa model prepare`)."""

    status_code = 503


class IndexError_(PolicyQAError):
    """The index cannot be opened or written."""

    status_code = 503


class BusyError(PolicyQAError):
    """Another ingest holds the index lock."""

    status_code = 409


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
