"""Document ids that cannot collide: one file per id, whatever the case or the extension.

A document's id is its file's stem (`stem`, `stem-2`, … for a file holding several), so
`x.txt` and `x.TXT`, or `dup.txt` and `dup.html`, or an upload named like a shipped file,
would claim the same id: the second would silently replace the first, and a reindex would
meet the same id twice in one write. These rules keep one file per id: an upload that would
take another file's id is refused with the file that has it (`NameClash`, HTTP 409), and an
ingest that meets two files for one id (an index filled before these rules) keeps the first
and reports the other as failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from assistant.errors import LoadError, NameClash
from ingest.records import PolicyDocument


def id_key(name: str) -> str:
    """What two file names must not share: the stem, case-folded (the id is the stem)."""
    return PurePosixPath(name).stem.casefold()


def check_upload_names(names: Sequence[str], shipped: Iterable[Path], kept: Iterable[Path],
                       documents: Mapping[str, PolicyDocument]) -> None:
    """Raise NameClash if an upload would take the id of another file.

    `shipped`: the corpus files; `kept`: the uploads already kept; `documents`: the index.
    Uploading a file under the exact name of a kept upload replaces it (that is how a new
    version is sent); any other file for the same id is refused.
    """
    seen: dict[str, str] = {}
    for name in names:
        key = id_key(name)
        if key in seen:
            raise NameClash(f"{name} and {seen[key]} would have the same document id "
                            f"{PurePosixPath(name).stem!r}: rename one of them")
        seen[key] = name
    owners = {id_key(p.name): f"the shipped file {p.name}" for p in shipped}
    # The same name as an upload (not a shipped file): a new version of it.
    for name in [p.name for p in kept] + [d.source for d in documents.values()]:
        if owners.get(id_key(name), "").startswith("the shipped file"):
            continue
        owners.setdefault(id_key(name), f"the upload {name}")
        owners[f"{id_key(name)}\0{name}"] = ""
    for doc in documents.values():
        owners.setdefault(doc.doc_id.casefold(), f"{doc.source} (document {doc.doc_id})")
    for name in names:
        key = id_key(name)
        owner = owners.get(key)
        if owner and f"{key}\0{name}" not in owners:
            raise NameClash(f"{name}: its document id {PurePosixPath(name).stem!r} belongs to "
                            f"{owner}; upload it under another name, or under that file's "
                            f"own name to replace it")


def distinct(documents: Sequence[PolicyDocument], stored: Mapping[str, PolicyDocument]
             ) -> tuple[list[PolicyDocument], list[LoadError]]:
    """The documents of files whose ids no other file has; a file that meets an id already
    taken (by a file earlier in the batch, or by another file in the index) is left out
    whole and reported."""
    files: dict[tuple[str, str], list[PolicyDocument]] = {}
    for doc in documents:
        files.setdefault((doc.source, doc.sha256), []).append(doc)
    claimed = {doc_id.casefold(): doc.source for doc_id, doc in stored.items()}
    kept, failures = [], []
    taken_in_batch: dict[str, str] = {}
    for (source, _sha), docs in files.items():
        clash = next(((d.doc_id, owner) for d, owner in
                      ((d, _owner(d, source, taken_in_batch, claimed)) for d in docs) if owner),
                     None)
        if clash:
            failures.append(LoadError(source, f"document id {clash[0]!r} already belongs to "
                                              f"{clash[1]}; rename this file", kind="name_clash"))
            continue
        for doc in docs:
            taken_in_batch[doc.doc_id.casefold()] = source
        kept.extend(docs)
    return kept, failures


def _owner(doc: PolicyDocument, source: str, taken_in_batch: Mapping[str, str],
           claimed: Mapping[str, str]) -> str | None:
    """Another file that has this document's id: earlier in the batch (even one of the same
    name: a shipped file and an upload), or in the index under another name."""
    key = doc.doc_id.casefold()
    if key in taken_in_batch:
        return f"another file {taken_in_batch[key]}"
    if claimed.get(key, source) != source:
        return claimed[key]
    return None
