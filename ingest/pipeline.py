"""files → text → cleaned paragraphs → PolicyDocument + [Measure]."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest import (
    beneficiaries,
    benefits,
    clauses,
    issuers,
    markers,
    metadata,
    outline,
    structure,
    task_table,
    time_limits,
    titles,
    validity,
)
from ingest.cleaning import Paragraph, normalise_chars, paragraphs, title_key
from ingest.errors import LoadError, ParseError
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedText, load_text
from ingest.loaders.base import PROPERTY_OCR
from ingest.records import Measure, PolicyDocument
from ingest.titles import header_lines

log = logging.getLogger(__name__)
# Bump whenever extraction changes what a measure's fields hold: a re-ingest then re-parses
# files whose bytes did not change, instead of skipping them as unchanged.
PARSER_VERSION = "22"
_HEADING_MAX = 40


@dataclass
class ParseReport:
    """Documents parsed from a batch of files, and the files that failed with why."""

    documents: list[PolicyDocument] = field(default_factory=list)
    failures: list[LoadError] = field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(d.measures) for d in self.documents)


def parse_text(loaded: LoadedText) -> list[PolicyDocument]:
    """Parse one loaded file into its documents; raises ParseError when it holds no text."""
    text = normalise_chars(loaded.text)
    rough = paragraphs(text)
    notice = metadata.read_header(rough, loaded.meta)
    titles = structure.carried_titles(rough[:40], notice.title)
    page_title = metadata.page_title(loaded.meta, header_lines(rough))
    paras = structure.without_site_footer(
        paragraphs(text, {title_key(t) for t in [*titles, notice.title, page_title] if t}))
    facts = metadata.read_header(paras, loaded.meta)
    year = int(facts.issued[:4]) if facts.issued else None
    stem = Path(loaded.source).stem
    documents = []
    segments = structure.split_documents(paras, facts.title)
    # A title that is one of the file's texts' own (a page heading) is no notice's title.
    notice = "" if any(title_key(s.title) == title_key(facts.title) for s in segments) else facts.title
    decree = _publishing_decree(header_lines(paras), facts.title)
    if decree and (adopted := issuers.adoption(header_lines(paras))[1]):
        # A regulation an announcement publishes is dated by its adoption (the latest 通过/修订),
        # not by the announcement's 落款 a few days later.
        facts.issued = adopted
    # A task division table restating the measures gives their offices, not a document.
    parsed = task_table.apply([(s, *outline.find_units(s.paragraphs, s.rows)) for s in segments])
    for segment, shape, drafts in parsed:
        if not drafts or structure.is_link_box(segment.title, [p for d in drafts for p in d.paragraphs]):
            continue  # a page's box of links to other documents is none of its texts
        doc_id = stem if not documents else f"{stem}-{len(documents) + 1}"
        issuer, issued = _signed(segment, facts)
        clause, until, supersedes = validity.validity(segment.paragraphs, issued)
        title = segment.title or facts.title or stem
        documents.append(PolicyDocument(
            doc_id=doc_id, source=loaded.source, title=title,
            notice_title=notice if segment.sent else "" if segment.attachment else decree,
            doc_number=_doc_number(segment, facts), issuer=issuer, issued=issued,
            published=facts.published if facts.published != facts.issued else None,
            level=facts.level, region=facts.region, structure=shape,
            validity=clause, valid_until=until, supersedes_clause=supersedes,
            sha256=loaded.sha256, parser=PARSER_VERSION,
            warnings=(*_warnings(shape, drafts, facts), *_read_by_ocr(loaded)),
            measures=tuple(_measures(doc_id, loaded.source, drafts, year)),
        ))
    if not documents:
        raise ParseError(loaded.source, "no text found in the document body", kind="no_body")
    return documents


# An announcement that publishes a text printed under it (《…条例》已由…通过，现予公布).
_PUBLISHES = re.compile(r"现予(?:公布|发布)|予以公布")


def _publishing_decree(head: list[Paragraph], title: str) -> str:
    """The 公告 over the regulation it publishes (某人大常委会 / 公　告 / …现予公布 / 某某条例) is
    the notice that carries it; one that states things itself (关于…的公告) is the text. An order
    (令) is the rule's own instrument — the rule is cited by the order's number, as its 文号 —
    and no notice (the labels of fresh7's three orders; dev's 广州 order is labelled otherwise)."""
    decree = titles.decree_heading(head)
    if not decree.endswith(("公告", "通告")) or title.endswith(decree[-2:]) \
            or title_key(title) == title_key(decree):
        return ""
    return decree if any(_PUBLISHES.search(p.text) for p in head) else ""


def _signed(segment: structure.Segment, facts: metadata.HeaderFacts) -> tuple[str, str | None]:
    """Who issued a text and when: the file's notice, except an attachment of a letter that
    prints its own 落款 (a ministry's report attached to a reply)."""
    return _own_signature(segment) or (facts.issuer, facts.issued)


def _own_signature(segment: structure.Segment) -> tuple[str, str] | None:
    """The 落款 of an attachment the notice does not issue (another organ's text it attaches)."""
    if segment.attachment and not segment.sent:
        issuer, issued = issuers.signature_of(segment.paragraphs)
        if issuer and issued:
            return issuer, issued
    return None


def _doc_number(segment: structure.Segment, facts: metadata.HeaderFacts) -> str:
    """The file's 文号 is that of its own text, of the texts its notice issues and of a
    notice's attachments (a 下达 notice's table of tasks); an attachment of a letter or reply
    (markers.LETTER_END), or one another organ signed, is cited through that letter, with no
    文号 of its own."""
    cited_through = segment.attachment and not segment.sent and \
        (markers.LETTER_END.search(facts.title) or _own_signature(segment))
    return "" if cited_through else facts.doc_number


def _warnings(shape: str, drafts: list[outline.Draft], facts: metadata.HeaderFacts) -> Iterator[str]:
    """What a reviewer should check before the document is cited."""
    if shape == "paragraphs":
        yield "no numbering: indexed by paragraphs"
    for name, value in (("title", facts.title), ("文号", facts.doc_number),
                        ("issuer", facts.issuer), ("issued date", facts.issued)):
        if not value:
            yield f"no {name} found"
    numbers = [d.number for d in drafts]
    if len(set(numbers)) < len(numbers) and shape != "paragraphs":
        yield "numbering repeats (restarts per part): keys carry @2, @3"


def _read_by_ocr(loaded: LoadedText) -> list[str]:
    """The loader's note that text was read from page images: OCR misreads, so say where."""
    note = loaded.meta.get(PROPERTY_OCR, "")
    return [f"text read by OCR: {part}" for part in note.split("; ") if part]


def _measures(doc_id: str, source: str, drafts: list[outline.Draft], year: int | None) -> Iterator[Measure]:
    seen: dict[str, int] = {}
    for draft in drafts:
        seen[draft.number] = seen.get(draft.number, 0) + 1
        suffix = f"@{seen[draft.number]}" if seen[draft.number] > 1 else ""
        text = draft.text
        resp = draft.own or draft.inherited
        yield Measure(
            key=f"{doc_id}:{draft.number}{suffix}", doc_id=doc_id, source=source,
            number=draft.number, printed_number=draft.printed, kind=draft.kind,
            section=draft.section, heading=_heading(text, draft.kind), text=text,
            span=(draft.paragraphs[0].start, draft.paragraphs[-1].end),
            lead_offices=resp.lead, offices=resp.shared, person=resp.person, scope=resp.scope,
            offices_inherited=bool(not draft.own and draft.inherited),
            offices_origin=draft.origin if resp else "",
            responsibility=resp.text,
            time_limits=time_limits.extract(text, year),
            benefits=benefits.extract(text),
            beneficiaries=beneficiaries.extract(text),
            sentences=clauses.sentences(text),
        )


_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2}){1,3}|\d{1,3}\s*[.．、]|（[一二三四五六七八九十]+）|"
                     r"[一二三四五六七八九十]+、|第[一二三四五六七八九十百零\d]+(?:条(?:之[一二三四五六七八九十]+)?|部分))\s*")


def _heading(text: str, kind: str) -> str:
    """The unit's own title sentence, without its number."""
    body = text if kind in ("paragraph", "row") else _MARKER.sub("", text, count=1)
    first = re.split(r"[。；\n\t]", body, maxsplit=1)[0]
    return first if len(first) <= _HEADING_MAX else first[:24] + "…"


def parse_file(path: Path, *, max_bytes: int = 20 * 1024 * 1024) -> list[PolicyDocument]:
    """Load and parse one file (raises LoadError with a specific reason)."""
    return parse_text(load_text(path, max_bytes=max_bytes))


def iter_policy_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and supported files inside named directories (sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def parse_paths(paths: Iterable[Path], *, max_bytes: int = 20 * 1024 * 1024) -> ParseReport:
    """Parse every file; a file that fails is reported with its reason and the rest go on."""
    report = ParseReport()
    for path in iter_policy_files(paths):
        try:
            report.documents.extend(parse_file(path, max_bytes=max_bytes))
        except LoadError as err:
            log.warning("skipped %s", err)
            report.failures.append(err)
        except OSError as err:
            report.failures.append(LoadError(path.name, f"cannot read file ({err.strerror or err})"))
    return report
