"""What a measure becomes in the index: its chunks, the text each is embedded as, their ids.

A measure is the retrieval unit; a long one is split at sentence ends into overlapping
chunks, and every chunk id names its measure, so a hit always maps back to it.
"""

from __future__ import annotations

from ingest.records import Measure, PolicyDocument

CHUNK_CHARS = 360  # e5-small reads 512 tokens; ~360 Chinese characters stay well inside
CHUNK_OVERLAP = 60


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Split a long measure at sentence ends into overlapping chunks; short ones stay whole."""
    if len(text) <= size:
        return [text]
    chunks, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(p, start + size // 2, end) for p in "。；")
            end = cut + 1 if cut > 0 else end
        chunks.append(text[start:end])
        if end >= len(text):
            break
        start = max(end - overlap, start + 1)
    return chunks


def passage_text(doc: PolicyDocument, measure: Measure, chunk: str) -> str:
    """What is embedded: the document title and section path give the chunk its context."""
    section = " ".join(measure.section)
    return f"{doc.title} {section} {chunk}"


def keyword_text(measure: Measure) -> str:
    """Text for BM25: the measure with its section path and offices (for 'who' questions)."""
    return " ".join([*measure.section, measure.text, *measure.lead_offices, *measure.offices])


def chunk_id(key: str, n: int, sha256: str) -> str:
    """`<measure key>#<chunk>.<file hash>`: two versions of a document can be stored at once."""
    return f"{key}#{n}.{sha256[:16]}"


def measure_of(stored_id: str) -> tuple[str, str]:
    """(measure key, file-hash prefix) of a chunk id; the prefix is "" for ids without one."""
    key, _, rest = stored_id.rpartition("#")
    return key, rest.partition(".")[2]
