"""Ingestion's errors: a file that cannot be read into text, or holds no policy structure."""


#: What can be wrong with a file, for `LoadError.kind`.
KINDS = ("unreadable",  # the file system refused it, or nothing more specific is known
         "missing",  # not found, or a directory
         "unsupported",  # no loader for its suffix
         "too_large",  # over the size limit
         "empty",  # no text at all
         "binary",  # not text (an image, an archive, NULs)
         "encoding",  # text in an encoding that cannot be told
         "old_doc",  # the old binary Word format
         "damaged",  # not a valid file of its format
         "encrypted",  # a password-protected PDF
         "scanned",  # a PDF without a text layer
         "bomb",  # would unpack far beyond a real document
         "no_body",  # read, but no document text in it
         "timeout",  # the parse passed its deadline
         "crashed",  # the parser process died
         "name_clash",  # its document id belongs to another file
         "not_written")  # parsed, but the write to the index stopped before it


class IngestError(Exception):
    """Root of the errors ingestion raises on purpose."""


class LoadError(IngestError):
    """A policy file could not be read into text (encoding, format, empty, no text layer).

    `reason` is for developers (English, with details); `kind` says what went wrong in one
    word from `KINDS`, for an edge to tell the user in their language.
    """

    def __init__(self, source: str, reason: str, kind: str = "unreadable"):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.kind = kind if kind in KINDS else "unreadable"


class ParseError(LoadError):
    """A file was read but holds no recognisable policy structure."""
