"""Profile matching (政策找人): which measures grant an enterprise something, and why.

A profile (place, industry, size, flags) is matched against every measure of the documents
covering its place. A measure *grants* something when a clause of it carries a benefit or a
service time limit (as ingestion parsed them) or a grant word from the vocabulary (补贴,
零投资, 加计扣除 …); aggregate targets (全市年平均停电时间) and deadlines for the
government's own work (6月底前) grant nothing. Each grant goes to whom its clause names —
or, when the clause names no one, whom the nearest earlier clause of the same sentence names
without a grant of its own (`符合条件的小微企业…，办理时间不超过11天`); a grant naming no one
goes to every enterprise. The profile satisfies a clause when it has one of the named groups
and every named condition; a group or condition it says nothing about makes the measure
"需确认" (to confirm) instead. The vocabulary lives in `profile_vocabulary.txt`; the rules and
their evaluation are in evals/PROFILES.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import prompts
from assistant import validity
from assistant.errors import InputError
from assistant.profile import NO, UNKNOWN, YES, Profile, Trait, decide, vocabulary
from ingest.records import Measure, PolicyDocument

_GRANT_TIME_KINDS = ("duration", "reduction", "same_day")
_PHRASE_END = re.compile(r"[，、。；：,;！？\n]")



# -- what a measure grants, and to whom ---------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    phrase: str
    trait: str  # "" for a beneficiary the vocabulary does not know
    role: str  # "group" | "topic"


@dataclass(frozen=True)
class GrantClause:
    """A clause that grants something, with whom it (or its sentence) names."""

    sentence: str
    grants: tuple[str, ...]
    mentions: tuple[Mention, ...]


def _mentions(text: str, beneficiaries: Sequence[str]) -> list[tuple[int, Mention]]:
    """Vocabulary phrases (longest first, no overlaps), then parsed beneficiaries it lacks."""
    found: list[tuple[int, Mention]] = []
    taken: list[tuple[int, int]] = []
    known = [(p, t, r) for p, t, r in vocabulary().phrases]
    unknown = [(b, "", "group") for b in sorted(beneficiaries, key=len, reverse=True)
               if b not in {p for p, _, _ in known}]
    for phrase, trait, role in known + unknown:
        for m in re.finditer(re.escape(phrase), text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), Mention(phrase, trait, role)))
    return sorted(found, key=lambda pair: pair[0])


def _grants(measure: Measure) -> list[tuple[int, str]]:
    text = measure.text
    items = [t.text for t in measure.time_limits if t.kind in _GRANT_TIME_KINDS]
    items += [b.text for b in measure.benefits]
    found = [(m.start(), phrase) for phrase in dict.fromkeys(items)
             for m in re.finditer(re.escape(phrase), text)]
    cues = sorted((m.start(), m.end()) for pattern in vocabulary().grants
                  for m in pattern.finditer(text))
    shown_to = -1
    for start, end in cues:
        if start < shown_to:
            continue  # inside the phrase of an earlier grant word (税收优惠 in 加计扣除…政策)
        # A grant word is shown with the rest of its phrase: 取消或降低企业票据业务.
        stop = _PHRASE_END.search(text, end)
        shown_to = stop.start() if stop else len(text)
        found.append((start, text[start:shown_to].strip("“”\"'（）() ")))
    return sorted(found)


@cache
def grant_clauses(measure: Measure) -> tuple[GrantClause, ...]:
    """The measure's granting clauses, each with the groups and conditions that govern it."""
    text = measure.text
    grants = _grants(measure)
    mentions = _mentions(text, measure.beneficiaries)
    targets = vocabulary().targets
    out: list[GrantClause] = []
    for found in measure.sentences:  # split once, at ingest (ingest.clauses)
        sentence = text[found.start:found.end].strip()
        if _is_heading(sentence, measure):
            continue  # the heading sums up the body, which says to whom
        per_clause = []
        for c_start, c_end in found.clauses:
            clause = text[c_start:c_end]
            own = tuple(g for pos, g in grants if c_start <= pos < c_end
                        and not any(w in clause for w in targets))
            named = tuple(m for pos, m in mentions if c_start <= pos < c_end)
            per_clause.append((clause, own, named))
        # What a sentence is about (出口退税, 企业开办) holds for each of its clauses.
        topics = tuple(m for _, _, named in per_clause for m in named if m.role == "topic")
        for i, (_, own, named) in enumerate(per_clause):
            if own:
                named = named or _inherited(per_clause, i)
                out.append(GrantClause(sentence, tuple(dict.fromkeys(own)),
                                       tuple(dict.fromkeys((*named, *topics)))))
    return tuple(out)


def _is_heading(sentence: str, measure: Measure) -> bool:
    return bool(measure.heading) and measure.heading in sentence and \
        len(sentence) <= len(measure.heading) + len(measure.printed_number) + 2


def _inherited(clauses: list, i: int) -> tuple[Mention, ...]:
    """Whom a clause that names no one grants to: what its sentence names around it.

    The nearest earlier clause naming an enterprise, unless that clause is a sibling item of
    a list (ends with 、) holding its own grant (`小型微利企业减征所得税、研发费用加计扣除`);
    failing that, the nearest later clause naming one without a grant of its own.
    """
    traits = vocabulary().traits

    def enterprises(named):
        return tuple(m for m in named
                     if traits.get(m.trait, Trait("", "")).decided_by != "other")

    for clause, own, named in reversed(clauses[:i]):
        named = enterprises(named)
        if named and not (own and clause.rstrip().endswith("、")):
            return named
    for _, own, named in clauses[i + 1:]:
        named = enterprises(named)
        if named and not own:
            return named
    return ()


# -- verdicts --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """Why a measure matches (or needs confirming): the phrase named and the sentence."""

    phrase: str  # the beneficiary phrase or condition as printed; "" when none is named
    trait: str
    quote: str

    def to_dict(self) -> dict:
        return {"phrase": self.phrase, "trait": self.trait, "quote": self.quote}


@dataclass(frozen=True)
class Verdict:
    state: int
    reasons: tuple[Reason, ...] = ()
    grants: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


def _clause_state(clause: GrantClause, profile: Profile) -> tuple[int, list[Reason], list[str]]:
    traits = vocabulary().traits
    groups = [m for m in clause.mentions if m.role == "group"]
    topics = [m for m in clause.mentions if m.role == "topic"]

    def state_of(m: Mention) -> int:
        return decide(traits[m.trait], profile) if m.trait in traits else UNKNOWN

    def question_of(m: Mention) -> str:
        trait = traits.get(m.trait)
        return trait.question if trait and trait.question else f"是否为“{m.phrase}”"

    group_state = max((state_of(m) for m in groups), default=YES)
    topic_state = min((state_of(m) for m in topics), default=YES)
    state = min(group_state, topic_state)
    reasons, questions = [], []
    if state == YES:
        named = [m for m in groups if state_of(m) == YES] + topics
        reasons = [Reason(m.phrase, m.trait, clause.sentence) for m in named] or \
            [Reason("", "", clause.sentence)]
    elif state == UNKNOWN:
        open_ = [m for m in groups if state_of(m) == UNKNOWN] if group_state == UNKNOWN else []
        open_ += [m for m in topics if state_of(m) == UNKNOWN]
        reasons = [Reason(m.phrase, m.trait, clause.sentence) for m in open_]
        questions = [question_of(m) for m in open_]
    return state, reasons, questions


def judge(measure: Measure, profile: Profile) -> Verdict:
    """Does the measure grant this (normalised) profile something: YES, UNKNOWN or NO."""
    results = [(c, *_clause_state(c, profile)) for c in grant_clauses(measure)]
    best = max((state for _, state, _, _ in results), default=NO)
    if best == NO:
        return Verdict(NO)
    chosen = [r for r in results if r[1] == best]
    reasons = tuple(dict.fromkeys(reason for _, _, rs, _ in chosen for reason in rs))
    grants = tuple(dict.fromkeys(g for c, *_ in chosen for g in c.grants))
    questions = tuple(dict.fromkeys(q for *_, qs in chosen for q in qs))
    return Verdict(best, reasons, grants, questions)


# -- matching a profile against documents ----------------------------------------------------------
@dataclass(frozen=True)
class MatchItem:
    """A measure that grants the profile something (or may, once confirmed)."""

    key: str
    doc_id: str
    title: str
    doc_number: str
    label: str
    heading: str
    topic: str
    citation: str
    reasons: tuple[Reason, ...]
    grants: tuple[str, ...]
    lead_offices: tuple[str, ...]
    offices: tuple[str, ...]
    status: validity.Status
    questions: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """The beneficiary phrases or conditions named, or that the text names no one."""
        named = [r.phrase for r in self.reasons if r.phrase]
        return "、".join(dict.fromkeys(named)) or "未限定企业类型"

    def quote(self, limit: int = 90) -> str:
        """The sentence that grants it, shortened to `limit` characters for lists."""
        quote = self.reasons[0].quote if self.reasons else ""
        return quote if len(quote) <= limit else quote[:limit] + "…"

    def to_dict(self) -> dict:
        return {
            "key": self.key, "doc_id": self.doc_id, "title": self.title,
            "doc_number": self.doc_number, "label": self.label, "heading": self.heading,
            "topic": self.topic, "citation": self.citation,
            "reasons": [r.to_dict() for r in self.reasons], "grants": list(self.grants),
            "lead_offices": list(self.lead_offices), "offices": list(self.offices),
            "status": self.status.to_dict(), "questions": list(self.questions),
        }


@dataclass(frozen=True)
class MatchResult:
    profile: Profile
    as_of: str
    place: str  # the place resolved from the profile ("" when none was given)
    documents: tuple[str, ...]  # ids of the documents searched, most local first
    groups: tuple[tuple[str, tuple[MatchItem, ...]], ...]  # topic → matching measures
    to_confirm: tuple[MatchItem, ...] = ()
    notes: tuple[str, ...] = field(default=())
    lapsed: tuple[MatchItem, ...] = ()  # would apply, but expired or past its deadline

    @property
    def applying(self) -> list[MatchItem]:
        """Every measure that grants the profile something, lapsed or not."""
        return [*self.matched, *self.lapsed]

    @property
    def matched(self) -> list[MatchItem]:
        return [item for _, items in self.groups for item in items]

    def to_dict(self) -> dict:
        return {
            "profile": self.profile.to_dict(), "as_of": self.as_of, "place": self.place,
            "documents": list(self.documents),
            "groups": [{"topic": topic, "measures": [i.to_dict() for i in items]}
                       for topic, items in self.groups],
            "to_confirm": [i.to_dict() for i in self.to_confirm],
            "notes": list(self.notes),
            "lapsed": [i.to_dict() for i in self.lapsed],
        }


def covering_documents(profile: Profile, documents: Iterable[PolicyDocument]
                       ) -> tuple[str, list[PolicyDocument]]:
    """The place the profile names and the documents covering it, most local and newest first.

    A county's profile gets its county's documents and its city's; no place, every document.
    """
    from assistant.place_names import place_rank, places_in, regions_of

    docs = list(documents)
    newest = sorted(docs, key=lambda d: d.issued or "", reverse=True)
    if not profile.place:
        return "", newest
    places = places_in(profile.place, regions_of({d.doc_id: d for d in docs}))
    if not places:
        raise InputError(f"unknown place {profile.place!r}: name a city or county (聊城, 高唐 …)")
    place = places[0]
    ranked = [(rank, d) for d in newest
              if (rank := place_rank(place, d)) is not None]
    ranked.sort(key=lambda pair: pair[0])  # stable: newest first within a rank
    return place.county or place.city or place.province, [d for _, d in ranked]


def match(profile: Profile, documents: Iterable[PolicyDocument],
          as_of: date | None = None) -> MatchResult:
    """The measures of the profile's place that grant it something, grouped by topic, and
    those to confirm; each with why, what it gets, who is responsible, citation and status.

    Ordered by fit: a measure naming more of the profile's traits first, and the topic with
    the best-fitting measure first. Applying measures expired or past their deadline on
    `as_of` are listed apart (`lapsed`), not among those the enterprise can still use; in
    需确认 they come after the current ones."""
    profile = profile.normalised()
    place, docs = covering_documents(profile, documents)
    day = validity.as_of_or_today(as_of)
    groups: dict[str, list[MatchItem]] = {}
    to_confirm: list[MatchItem] = []
    lapsed: list[MatchItem] = []
    for doc in docs:
        for measure in doc.measures:
            verdict = judge(measure, profile)
            if verdict.state == NO:
                continue
            item = _item(measure, doc, verdict, day)
            if verdict.state == YES and item.status.state in _LAPSED:
                lapsed.append(item)
            elif verdict.state == YES:
                groups.setdefault(item.topic, []).append(item)
            else:
                to_confirm.append(item)
    notes = []
    if profile.place and not docs:
        notes.append(f"收录的政策不涉及{place or profile.place}。")
    # Stable sorts: equally fitting measures keep the most local, newest document first.
    ranked = [(topic, sorted(items, key=fit, reverse=True)) for topic, items in groups.items()]
    ranked.sort(key=lambda pair: fit(pair[1][0]), reverse=True)
    return MatchResult(profile, day.isoformat(), place, tuple(d.doc_id for d in docs),
                       tuple((topic, tuple(items)) for topic, items in ranked),
                       tuple(sorted(to_confirm, key=current_fit, reverse=True)), tuple(notes),
                       tuple(sorted(lapsed, key=fit, reverse=True)))


_LAPSED = (validity.EXPIRED, validity.DEADLINE_PASSED)


def fit(item: MatchItem) -> int:
    """How well a measure fits the profile: the distinct traits of it the measure names (a
    measure for 小微企业 新开办 fits a new small firm better than one for every enterprise)."""
    return len({r.trait for r in item.reasons if r.trait})


def current_fit(item: MatchItem) -> tuple[bool, int]:
    """Fit, with every current measure before every lapsed one."""
    return item.status.state not in _LAPSED, fit(item)


def _item(measure: Measure, doc: PolicyDocument, verdict: Verdict, day: date) -> MatchItem:
    number = f"（{doc.doc_number}）" if doc.doc_number else ""
    citation = prompts.render("citation", title=doc.title, doc_number_part=number,
                              label=measure.label)
    topic = measure.section[-1] if measure.section else doc.title
    return MatchItem(
        key=measure.key, doc_id=doc.doc_id, title=doc.title, doc_number=doc.doc_number,
        label=measure.label, heading=measure.heading, topic=topic, citation=citation,
        reasons=verdict.reasons, grants=verdict.grants, lead_offices=measure.lead_offices,
        offices=measure.offices, status=validity.status(measure, doc, day),
        questions=verdict.questions)
