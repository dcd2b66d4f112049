"""Parser robustness, beyond tests/ingest: arbitrary Unicode through the real writers of each
format, the loaders and the parser never fails but with a reason (LoadError / ParseError); and
every measure's source text is recoverable for citation — its span slices the loaded text to
a string that holds the measure's characters in order (whitespace aside), modulo the
documented repairs: the one-to-one character normalisation, `（。` put back as `。（`, ASCII
quotes paired as “ ”, and deletions (spaces, bullets, mojibake, a character doubled across a
page break).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.settings import SHIPPED_CORPUS
from ingest.cleaning import normalise_chars
from ingest.errors import LoadError, ParseError
from ingest.loaders import LoadedText, load_text
from ingest.pipeline import parse_text
from tests.ingest.conftest import in_order, make_docx, make_html, make_pdf


def check_spans(loaded: LoadedText) -> int:
    """Parse `loaded` and check every measure's span; the number of measures checked."""
    try:
        documents = parse_text(loaded)
    except ParseError as err:
        assert err.reason
        return 0
    checked = 0
    for doc in documents:
        previous_end = 0
        for measure in doc.measures:
            start, end = measure.span
            assert previous_end <= start < end <= len(loaded.text), (measure.key, measure.span)
            assert in_order(measure.text, normalise_chars(loaded.text[start:end])), (
                measure.key, measure.text, loaded.text[start:end])
            previous_end = end
            checked += 1
    return checked


# -- the shipped corpus, in every format users bring ---------------------------------------------
@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("variants")
    paths = []
    for source in sorted(SHIPPED_CORPUS.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        paths.append(source)
        paths.append(make_docx(text, folder / f"{source.stem}.docx"))
        paths.append(make_pdf(text, folder / f"{source.stem}.pdf"))
        paths.append(make_html(text, folder / f"{source.stem}.html"))
    return paths


def test_every_shipped_measure_is_recoverable_in_every_format(variants):
    checked = {path.suffix: 0 for path in variants}
    for path in variants:
        checked[path.suffix] += check_spans(load_text(path))
    assert checked == {".txt": 356, ".docx": 356, ".pdf": 356, ".html": 356}


# -- policy-like text with the scars extraction leaves -------------------------------------------
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffd")
SCAR = st.sampled_from(["", "", "", " ", "\u3000", "\u00a0", "\n", "\n\n", "\t", "１２", "(",
                        ")", ":", ";", ",", '"', "（。", "锛14", "- ", "• ", "条例\n\n例"])


@st.composite
def sentence(draw) -> str:
    parts = draw(st.lists(st.tuples(st.text(CJK, min_size=1, max_size=8), SCAR,
                                    st.text(ANY, max_size=2)), min_size=1, max_size=5))
    return "".join(words + scar + noise for words, scar, noise in parts)


@st.composite
def policy_text(draw) -> str:
    lines = ["测试市人民政府", "测政发〔2024〕3号", "测试市优化营商环境措施"]
    for part in range(1, draw(st.integers(1, 3)) + 1):
        lines.append(f"{'一二三'[part - 1]}、{draw(st.text(CJK, min_size=2, max_size=10))}")
        for number in range(1, draw(st.integers(1, 4)) + 1):
            office = draw(st.text(CJK, min_size=2, max_size=6))
            tail = draw(st.sampled_from(["", f"（牵头单位：{office}局）", f"(牵头单位:{office}局)"]))
            lines.append(f"{number}.{draw(sentence())}。{draw(sentence())}。{tail}")
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n\r\n"]),
                               min_size=len(lines), max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, separators, strict=True))


@given(text=policy_text())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(text="测试市措施\n\n一、总体\n\n1.压缩时限（。牵头单位：市局)\n\n2.推进\"一网通办\n\n\"改革。")
@example(text="测试市措施\n\n一、任务\n\n1.以施行《条例\n\n例》为契机，压缩至 1 1 天。\n\n2.• 推行１２项服务。")
def test_measure_spans_hold_their_text(text):
    loaded = LoadedText("fuzz.txt", text.replace("\r\n", "\n"), "txt", "utf-8", "0" * 64)
    check_spans(loaded)


# -- arbitrary Unicode, written by the real writers of each format --------------------------------
WRITABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                                 blacklist_characters="\ufffd\ufeff") | st.sampled_from("\n\t"),
                   max_size=400)


@given(text=st.one_of(WRITABLE, policy_text()),
       form=st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig", "html", "docx"]))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@example(text="\u2028一、措施\u20291.压缩时限。", form="utf-8")
@example(text="<script>alert(1)</script>1.措施。", form="html")
def test_any_unicode_in_any_format_loads_and_parses_or_says_why(tmp_path_factory, text, form):
    folder = tmp_path_factory.getbasetemp()
    if form == "html":
        path = make_html(text, folder / "fuzz.html", title="政策") if text.strip() \
            else _write(folder / "fuzz.html", text.encode())
    elif form == "docx":  # what Word can hold: XML 1.0 has no control characters
        path = make_docx(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "", text),
                         folder / "fuzz.docx")
    else:
        encoding = "gb18030" if form == "gb18030" else form
        path = _write(folder / "fuzz.txt", text.encode(encoding))
    try:
        loaded = load_text(path)
    except LoadError as err:
        assert err.reason and err.source == path.name
        return
    assert "\r" not in loaded.text and "\x00" not in loaded.text
    if form not in ("html", "docx"):
        assert loaded.text == text.replace("\r\n", "\n").replace("\u2028", "\n").replace(
            "\u2029", "\n\n").replace("\r", "\n")
    check_spans(loaded)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
