"""When a measure applies: in force, expired, deadline passed — as of a date.

The dates come from the text, as ingestion parsed them: the document's issue date and its
validity clause (`有效期一年` → `valid_until`), a measure's own end dates
(`执行期延长至2022年12月31日`, `有效期延长至…`) and its deadlines (`6月底前` resolved
against the document's year, `到2025年`). Nothing here reads a clock except `as_of_or_today`.

A measure is
- *not yet in force* before its document was issued;
- *expired* once its document's validity has run out, or once every end date it names has
  passed (unless part of it is granted for the long term, `长期`);
- *deadline passed* once every deadline it sets has passed: the work was due by then, the
  measure itself still stands;
- *in force* otherwise (a partly expired measure says which part ended);
- *unknown* when its document carries no issue date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import prompts
from assistant.errors import InputError
from assistant.records import Answer, Citation
from ingest.records import Measure, PolicyDocument, TimeLimit

IN_FORCE = "in_force"
EXPIRED = "expired"
DEADLINE_PASSED = "deadline_passed"
NOT_YET = "not_yet_in_force"
UNKNOWN = "unknown"
STATES = (IN_FORCE, EXPIRED, DEADLINE_PASSED, NOT_YET, UNKNOWN)

# A dated limit ends the measure (rather than setting a deadline for work) when it says so.
_END_WORDS = ("执行期", "有效期", "期限", "延长")
# Part of a measure granted without end keeps it in force after its dated parts expire
# (liaocheng 2022 第171条: a 5% toll discount 长期 next to an 85折 until 2022-12-31).
_OPEN_ENDED = ("长期",)
_VALIDITY_PHRASE = re.compile(r"有效期[^，。；]*(?:[，,][^，。；]*失效)?")
_GOVERNMENT = re.compile(r"^中共|(?:办公室|办公厅)$")


@dataclass(frozen=True)
class Status:
    """Where a measure stands on `as_of`, with the date and the printed phrase behind it."""

    state: str
    as_of: str  # ISO date
    date: str | None = None  # the date that decides the state (expiry, deadline, issue)
    phrase: str = ""  # as printed: 执行期延长至2022年12月31日, 有效期一年, 6月底前
    partial: str = ""  # an end date already passed while the rest stays in force

    @property
    def label(self) -> str:
        """A short Chinese label for citations and tables."""
        if self.state == EXPIRED:
            return f"已失效（{self.date}到期，截至{self.as_of}）"
        if self.state == DEADLINE_PASSED:
            return f"完成期限已过（{self.phrase}，即{self.date}；截至{self.as_of}）"
        if self.state == NOT_YET:
            return f"尚未施行（{self.date}印发，截至{self.as_of}）"
        if self.state == UNKNOWN:
            return "时效不明（文件未载明印发日期）"
        extra = f"；其中“{self.partial}”已届满" if self.partial else ""
        return f"现行有效（截至{self.as_of}{extra}）"

    def to_dict(self) -> dict:
        return {"state": self.state, "as_of": self.as_of, "date": self.date,
                "phrase": self.phrase, "partial": self.partial, "label": self.label}


def parse_as_of(value: str | date | None) -> date | None:
    """`YYYY-MM-DD` (or a date, or None) → date; anything else is the caller's error."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise InputError(f"as_of must be a date written YYYY-MM-DD, not {value!r}") from err


def as_of_or_today(as_of: date | None) -> date:
    return as_of or date.today()


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def end_dates(measure: Measure) -> list[TimeLimit]:
    """The measure's own end dates: `执行期延长至2022年12月31日`, not `截至…` statistics."""
    return [t for t in measure.time_limits
            if t.kind == "date" and t.date and any(w in t.text for w in _END_WORDS)]


# `到2025年` in a plan states the year a goal is to be reached (a target), not a date by
# which an enterprise or an office must have acted; `2025年底前` / `6月底前` set deadlines.
_TARGET = re.compile(r"^(?:到|至)\s*\d{4}\s*年(?:底|末)?$")


def is_target(limit: TimeLimit) -> bool:
    return limit.kind == "deadline" and bool(_TARGET.match(limit.text.strip()))


def targets(measure: Measure) -> list[TimeLimit]:
    """The target years a measure sets (`到2025年`)."""
    return [t for t in measure.time_limits if is_target(t)]


def deadlines(measure: Measure) -> list[TimeLimit]:
    """Dates the measure's work is due by: `6月底前` (resolved), dated `至…`; not targets."""
    ends = set(map(id, end_dates(measure)))
    return [t for t in measure.time_limits
            if t.date and t.kind in ("deadline", "date") and id(t) not in ends and not is_target(t)]


def validity_phrase(doc: PolicyDocument) -> str:
    m = _VALIDITY_PHRASE.search(doc.validity or "")
    return m.group(0) if m else (doc.validity or "").strip()


def status(measure: Measure, doc: PolicyDocument, as_of: date | None = None) -> Status:
    """Where `measure` (of `doc`) stands on `as_of` (today by default)."""
    day = as_of_or_today(as_of)
    today = day.isoformat()
    issued = _iso(doc.issued)
    if issued is None:
        return Status(UNKNOWN, today)
    if day < issued:
        return Status(NOT_YET, today, doc.issued)
    valid_until = _iso(doc.valid_until)
    if valid_until and day > valid_until:
        return Status(EXPIRED, today, doc.valid_until, validity_phrase(doc))
    ends = sorted(end_dates(measure), key=lambda t: t.date)
    passed = [t for t in ends if _iso(t.date) < day]
    open_ended = any(w in measure.text for w in _OPEN_ENDED)
    if ends and len(passed) == len(ends) and not open_ended:
        return Status(EXPIRED, today, ends[-1].date, ends[-1].text)
    partial = passed[-1].text if passed else ""
    due = sorted(deadlines(measure), key=lambda t: t.date)
    if due and all(_iso(t.date) < day for t in due):
        return Status(DEADLINE_PASSED, today, due[-1].date, due[-1].text, partial)
    return Status(IN_FORCE, today, doc.valid_until, "", partial)


def document_status(doc: PolicyDocument, as_of: date | None = None) -> Status:
    """The document as a whole: issue date and validity clause only."""
    day = as_of_or_today(as_of)
    issued = _iso(doc.issued)
    if issued is None:
        return Status(UNKNOWN, day.isoformat())
    if day < issued:
        return Status(NOT_YET, day.isoformat(), doc.issued)
    valid_until = _iso(doc.valid_until)
    if valid_until and day > valid_until:
        return Status(EXPIRED, day.isoformat(), doc.valid_until, validity_phrase(doc))
    return Status(IN_FORCE, day.isoformat(), doc.valid_until)


# -- the same issuer, newer documents ------------------------------------------------------
def issuer_family(doc: PolicyDocument) -> frozenset[str]:
    """The governments behind a document: 聊城市人民政府办公室 and 聊城市人民政府 are one."""
    parts = re.split(r"[、，,\s]+", doc.issuer or "")
    return frozenset(_GOVERNMENT.sub("", p) for p in parts if p.strip())


def same_issuer(a: PolicyDocument, b: PolicyDocument) -> bool:
    return a.doc_id != b.doc_id and bool(issuer_family(a) & issuer_family(b))


def newer(a: PolicyDocument, b: PolicyDocument) -> bool:
    """`a` was issued after `b` (both dated)."""
    return bool(a.issued and b.issued and a.issued > b.issued)


def prefer_newer(chosen: Sequence, candidates: Sequence,
                 covers: Callable[[object], float], *, window: int = 4,
                 ratio: float = 0.9) -> list:
    """The hits to cite, a newer document of the same issuer first where both cover the matter.

    `chosen` and `candidates` are retrieval hits (with `.document`); `covers(hit)` says how
    much of the question a hit covers (0–1). A candidate from a newer document of a chosen
    hit's issuer joins the answer when it ranks in the first `window` candidates and covers
    the question at least `ratio` as well; then the newer document's hits come first.
    """
    cited = list(chosen)
    for hit in list(cited):
        if any(newer(c.document, hit.document) and same_issuer(c.document, hit.document)
               for c in cited):
            continue
        base = covers(hit)
        for candidate in candidates[:window]:
            doc = candidate.document
            if (candidate not in cited and same_issuer(doc, hit.document)
                    and newer(doc, hit.document) and base > 0 and covers(candidate) >= ratio * base):
                cited.append(candidate)
                break
    return _newest_first_within_issuer(cited, covers)


def _newest_first_within_issuer(hits: list, covers: Callable[[object], float]) -> list:
    """Keep the answer's order, except that hits of one issuer run newest first — unless the
    newer one lacks what the older one answers (a deadline before a "how long" answer)."""
    ordered = list(hits)
    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            a, b = ordered[i], ordered[j]
            if (same_issuer(a.document, b.document) and newer(b.document, a.document)
                    and (covers(b) > 0 or covers(a) == 0)):
                ordered.insert(i, ordered.pop(j))
    return ordered


def newer_document_note(citations: Sequence[Citation],
                        documents: dict[str, PolicyDocument]) -> str:
    """One line naming the newer and the older document when an answer cites both."""
    docs = list(dict.fromkeys(c.doc_id for c in citations))
    for i, first in enumerate(docs):
        for second in docs[i + 1:]:
            a, b = documents.get(first), documents.get(second)
            if a and b and same_issuer(a, b) and (newer(a, b) or newer(b, a)):
                new, old = (a, b) if newer(a, b) else (b, a)
                return prompts.render("newer_document_note", new=_doc_name(new),
                                      old=_doc_name(old))
    return ""


def _doc_name(doc: PolicyDocument) -> str:
    number = f"{doc.doc_number}，" if doc.doc_number else ""
    return f"《{doc.title}》（{number}{doc.issued}印发）"


# -- answers ---------------------------------------------------------------------------------
def expired_note(citation: Citation, state: Status) -> str:
    """注意：… with the date it expired (ISO, so it cannot pass for a policy's own date)."""
    if state.phrase and state.phrase != citation.text:
        what = (f"{citation.label}（《{citation.title}》）规定“{state.phrase}”，"
                f"截至{state.as_of}已于{state.date}到期失效")
    else:
        what = f"{citation.label}（《{citation.title}》）截至{state.as_of}已于{state.date}到期失效"
    return prompts.render("expired_note", what=what)


def status_note(citation: Citation, state: Status) -> str:
    """A line for the answer's notes: every state but plain `in force`."""
    if state.state == EXPIRED:
        return expired_note(citation, state)
    if state.state == DEADLINE_PASSED:
        return (f"时效：{citation.label}（《{citation.title}》）的完成期限“{state.phrase}”"
                f"（{state.date}）截至{state.as_of}已过。")
    if state.state == NOT_YET:
        return f"时效：《{citation.title}》于{state.date}印发，截至{state.as_of}尚未施行。"
    if state.partial:
        return (f"时效：{citation.label}（《{citation.title}》）中“{state.partial}”的部分"
                f"截至{state.as_of}已届满，其余仍有效。")
    return ""


def annotate(answer: Answer, lookup: Callable[[str], tuple[Measure, PolicyDocument] | None],
             documents: dict[str, PolicyDocument], as_of: date | None = None) -> Answer:
    """The answer with each citation's status as of the date, expiry warnings in its text,
    and a note when it cites two documents of one issuer (newer first)."""
    if not answer.citations:
        return answer
    citations: list[Citation] = []
    warnings: list[str] = []
    notes: list[str] = []
    for citation in answer.citations:
        found = lookup(citation.key)
        if found is None:
            citations.append(citation)
            continue
        state = status(*found, as_of)
        citations.append(replace(citation, status=state.label))
        note = status_note(citation, state)
        if note:
            notes.append(note)
        if state.state == EXPIRED:
            warnings.append(note)
    newer_note = newer_document_note(citations, documents)
    if newer_note:
        warnings.append(newer_note)
        notes.append(newer_note)
    text, segments = answer.text, answer.segments
    if warnings:
        # A segment of their own, last: what a stream sends after the answer it has sent.
        block = "\n".join(warnings)
        text = f"{text}\n\n{block}"
        segments = (*segments, block) if segments else (text,)
    return replace(answer, text=text, citations=tuple(citations), segments=segments,
                   notes=tuple(dict.fromkeys((*answer.notes, *notes))))


def statuses(items: Iterable[tuple[Measure, PolicyDocument]],
             as_of: date | None = None) -> dict[str, Status]:
    """Measure key → status, for tables and search results."""
    return {m.key: status(m, d, as_of) for m, d in items}
