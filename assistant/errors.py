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
