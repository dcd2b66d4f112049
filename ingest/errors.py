"""Ingestion's errors: a file that cannot be read into text, or holds no policy structure."""


class IngestError(Exception):
    """Root of the errors ingestion raises on purpose."""


class LoadError(IngestError):
    """A policy file could not be read into text (encoding, format, empty, no text layer)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ParseError(LoadError):
    """A file was read but holds no recognisable policy structure."""
