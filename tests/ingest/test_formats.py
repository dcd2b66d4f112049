"""The same policy read from .docx, .pdf or .html parses to the same measures as its .txt.

The fixtures in conftest.py re-typeset each shipped text: the PDF wraps lines anywhere (inside
words, numbers and office names, and right before `一、` or a `（牵头单位…）` bracket), the
Word and HTML versions give one paragraph per line. Offsets (spans) differ by format and are
not compared; whitespace in measure text is not either.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from assistant.settings import SHIPPED_CORPUS
from ingest.pipeline import parse_file

CORPUS = sorted(SHIPPED_CORPUS.glob("*.txt"))
STEMS = [path.stem for path in CORPUS]
FORMATS = ["docx", "pdf", "html"]
MEASURE_FIELDS = ("number", "printed_number", "kind", "section", "heading", "lead_offices",
                  "offices", "person", "offices_inherited", "offices_origin", "time_limits",
                  "benefits", "beneficiaries")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def parsed(path: Path) -> dict:
    """What must not depend on the format: documents and their measures, without spans."""
    result = {}
    for doc in parse_file(path):
        result[doc.doc_id] = {
            "title": doc.title, "doc_number": doc.doc_number, "issuer": doc.issuer,
            "issued": doc.issued, "published": doc.published, "validity": doc.validity,
            "valid_until": doc.valid_until, "supersedes_clause": doc.supersedes_clause,
            "region": doc.region,
            "keys": [m.key for m in doc.measures],
        }
        for m in doc.measures:
            fields = {name: getattr(m, name) for name in MEASURE_FIELDS}
            result[m.key] = {**fields, "text": squeeze(m.text),
                             "responsibility": squeeze(m.responsibility)}
    return result


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", STEMS)
def test_format_parses_to_the_same_measures_as_the_txt(corpus_variants, stem, fmt):
    want = parsed(corpus_variants[stem]["txt"])
    got = parsed(corpus_variants[stem][fmt])
    assert list(got) == list(want)
    differences = [
        f"{key}.{name}:\n  {fmt}: {got[key][name]!r}\n  txt: {want[key][name]!r}"
        for key in want for name in want[key] if got[key][name] != want[key][name]
    ]
    assert not differences, "\n".join(differences[:10])


@pytest.mark.parametrize(
    ("font_size", "indent", "space"), [(10.5, 2, 0.5), (16, 2, 0), (14, 0, 0.5), (20, 2, 0.5)]
)
def test_pdf_typeset_differently_parses_the_same(make_pdf, tmp_path, font_size, indent, space):
    """Other line widths move every wrap: no rule may depend on where the lines happen to break."""
    for source in CORPUS:
        path = make_pdf(source.read_text(encoding="utf-8"), tmp_path / f"{source.stem}.pdf",
                        font_size=font_size, indent=indent, paragraph_space=space)
        got, want = parsed(path), parsed(source)
        differences = [
            f"{key}.{name}: pdf {got.get(key, {}).get(name)!r} txt {want[key][name]!r}"
            for key in want for name in want[key] if got.get(key, {}).get(name) != want[key][name]
        ]
        assert not differences, f"{source.stem}:\n" + "\n".join(differences[:10])
