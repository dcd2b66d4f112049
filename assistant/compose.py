"""The default answer, composed only from the retrieved measures' own text and fields.

Every number, time limit and office in it is copied from the measure it cites (its text or
its printed responsibility line), so nothing can be invented. Wording lives in `prompts/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import prompts
from assistant import asked_slot, coverage, grounding, in_force, relevance, slots
from assistant.asked_quantity import asked_quantity, asks_until, fills_asked
from assistant.query import Query
from assistant.records import Answer, Citation
from assistant.retrieval import Hit
from ingest import markers
from ingest.records import Measure, PolicyDocument

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_QUOTE_MAX = 220
_LOOKUP_MAX = 600
_LEAD_LIMITS = 4  # time limits a lead names; the details line names them all


def citation_label(doc: PolicyDocument, measure: Measure) -> str:
    number = f"（{doc.doc_number}）" if doc.doc_number else ""
    return prompts.render("citation", title=doc.title, doc_number_part=number, label=measure.label)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _overlap(sentence: str, tokens: set[str]) -> float:
    return sum(len(t) for t in tokens if len(t) > 1 and t in sentence)


def pick_quote(measure: Measure, query: Query, tokenize: Callable[[str], list[str]]) -> str:
    """The sentence(s) of the measure that answer the question, verbatim and in order.

    A sentence ending in a colon (应当同时符合以下条件：) introduces the numbered items after it:
    it is scored and quoted with all of them, since a list of conditions is answered whole,
    not by its first item or by its lead-in alone."""
    parts = sentences(measure.text)
    if query.intent == "measure_lookup":
        text = measure.text
        return _clip(text, _LOOKUP_MAX)
    if len(parts) <= 1:
        return _clip(measure.text)
    tokens = set(tokenize(query.search_text))
    wanted = _intent_phrases(measure, query.intent)
    scored = []
    for i, block in enumerate(_list_blocks(parts)):
        text = "".join(block)
        if i == 0 and len(block) == 1 and len(parts) > 2 and not any(w in text for w in wanted):
            continue  # the heading sentence alone says little
        score = _overlap(text, tokens) + 6 * sum(1 for w in wanted if w in text)
        scored.append((score, i, text, len(block) > 1))
    if not scored:
        return _clip(measure.text)
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    chosen = [scored[0]]
    # A second sentence only when it carries nearly as much of the question.
    if len(scored) > 1 and scored[1][0] > 0 and scored[1][0] >= scored[0][0] / 2:
        chosen.append(scored[1])
    # Asked whether one's situation qualifies, or in which cases: every list of conditions
    # the unit announces, since each must be met (（一）…符合以下条件之一 and （二）…同时符合).
    if asked_slot.asks_if_qualifies(query) or asked_slot.asks_case(query):
        chosen += [e for e in scored if e[3] and e not in chosen and asked_slot.lists_cases(e[2])]
    quote = "".join(entry[2] for entry in sorted(chosen, key=lambda entry: entry[1]))
    return _clip(quote, _LOOKUP_MAX if any(entry[3] for entry in chosen) else _QUOTE_MAX)


def _list_blocks(parts: Sequence[str]) -> list[list[str]]:
    """The sentences, a lead-in ending in a colon together with the numbered items after it
    (items of one numbering kind: the next 「（二）」 after a 「（一）…：」 with 「1、」 items is
    the lead-in's sibling, not its item)."""
    blocks: list[list[str]] = []
    i = 0
    while i < len(parts):
        block = [parts[i]]
        i += 1
        if block[0].rstrip()[-1:] in "：:":
            own, kind = _numbering(block[0]), _numbering(parts[i]) if i < len(parts) else None
            while kind is not None and kind != own and i < len(parts) and _numbering(parts[i]) == kind:
                block.append(parts[i])
                i += 1
        blocks.append(block)
    return blocks


_NUMBERINGS = (markers.PART, markers.GROUP, markers.GROUP_SIGN, markers.MEASURE, markers.ARTICLE,
               re.compile(r"^[（(]\d{1,2}[）)]"))


def _numbering(sentence: str) -> int | None:
    """Which kind of numbering a sentence opens with (一、 （一） 1、 第一条 （1）), if any."""
    return next((k for k, pattern in enumerate(_NUMBERINGS) if pattern.match(sentence)), None)


def _clip(text: str, limit: int = _QUOTE_MAX) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _intent_phrases(measure: Measure, intent: str) -> list[str]:
    if intent == "time_limit":
        return [t.text for t in measure.time_limits]
    if intent == "benefit":
        return [b.text for b in measure.benefits]
    if intent == "eligibility":
        return list(measure.beneficiaries) + [b.text for b in measure.benefits]
    return []


def _join(items: Sequence[str]) -> str:
    return "、".join(dict.fromkeys(items))


def lead_line(hit: Hit, query: Query, quote: str, weights: slots.Weights,
              as_of: date | None = None, primary: bool = True,
              tag: slots.Tag | None = None) -> str:
    """The answer to the question, put first: the slot it asks, filled from the measure.
    `primary`: the first measure cited (the others get a yes/no only where they state one);
    `tag`: part-of-speech tagging, to read a yes/no question's nouns as names."""
    measure, intent = hit.measure, query.intent
    # asked whom a scheme covers (什么样的单位可以享受): the sentence stating it, unless a
    # yes/no verdict on the question's own subject can be given
    who = asked_slot.scope_lead(measure) if primary and asked_slot.asks_who(query) else ""
    if who and intent in ("benefit", "eligibility", "general"):
        return who
    # asked in which cases a rule applies, or whether one's situation qualifies: the cases or
    # conditions the cited unit states (a verdict on the situation is for the reader to draw)
    if primary and intent in ("benefit", "eligibility", "general", "yes_no"):
        cases = asked_slot.cases_lead(measure, weights, "适用情形") \
            if asked_slot.asks_case(query) else \
            asked_slot.cases_lead(measure, weights, "适用条件", bound=False) \
            if asked_slot.asks_if_qualifies(query) else ""
        if cases:
            return cases
    if intent == "validity":
        return in_force.validity_lead(measure, hit.document, as_of,
                                      asked=slots.best_sentence_lead(measure, weights))
    if intent == "yes_no":
        return slots.yes_no_lead(measure, query.question, weights, primary, tag) or who or \
            f"该条没有直接写明这一点，相关规定是：{measure.heading}。"
    if intent == "amount":
        return slots.amount_lead(measure, weights) or \
            f"该条没有写明具体金额或比例，相关规定是：{measure.heading}。"
    if intent == "time_limit":
        limits = slots.labelled_limits(measure, weights)[:_LEAD_LIMITS]
        if not limits:  # a time ingest reads as no limit (每月调度), as printed where it fills
            asked = asked_quantity(query.question)
            fills = fills_asked(asked, [measure], "", query.question) if asked else None
            limits = [slots.clip(s) for _, _, s in slots.ranked(measure, weights, fills)][:1] \
                if fills else []
        return f"时限：{'；'.join(limits)}" if limits else "该条没有规定具体时限。"
    if intent == "office":
        return office_line(measure) or "该条没有列明牵头或责任单位。"
    if intent == "benefit":
        benefits = [b.text for b in measure.benefits]
        return f"优惠内容：{'；'.join(dict.fromkeys(benefits))}" if benefits else \
            (slots.best_sentence_lead(measure, weights) or f"{measure.heading}。")
    if intent == "eligibility":
        who = measure.beneficiaries
        return f"适用对象：{_join(who)}" if who else \
            (slots.best_sentence_lead(measure, weights) or f"{measure.heading}（该条未限定企业类型）。")
    if intent == "general":  # what the measure says on the matter asked, where one sentence does
        return slots.best_sentence_lead(measure, weights, slots.VERDICT_COVER) or f"{measure.heading}。"
    return f"{measure.heading}。"


def office_line(measure: Measure) -> str:
    parts = []
    if measure.lead_offices:
        parts.append(f"牵头单位：{_join(measure.lead_offices)}")
    if measure.offices:
        parts.append(f"责任单位：{_join(measure.offices)}")
    return "；".join(parts)


def details_line(measure: Measure, intent: str, weights: slots.Weights) -> str:
    """The other fields an enterprise needs, those the lead line did not already give."""
    parts = []
    if intent not in ("time_limit", "validity") and measure.time_limits:
        parts.append(f"时限：{'；'.join(slots.labelled_limits(measure, weights))}")
    if intent != "benefit" and measure.benefits:
        parts.append(f"优惠：{'；'.join(dict.fromkeys(b.text for b in measure.benefits))}")
    if intent != "office" and (offices := office_line(measure)):
        parts.append(offices)
    return "\n".join(parts)


def make_citation(hit: Hit, quote: str) -> Citation:
    m, d = hit.measure, hit.document
    return Citation(
        key=m.key, source=d.source, doc_id=d.doc_id, title=d.title, doc_number=d.doc_number,
        number=m.number, label=m.label, heading=m.heading, quote=quote, text=m.text,
        responsibility=m.responsibility, lead_offices=m.lead_offices, offices=m.offices,
        time_limits=tuple(t.text for t in m.time_limits),
        benefits=tuple(b.text for b in m.benefits), beneficiaries=m.beneficiaries,
        score=round(hit.score, 6))


@dataclass(frozen=True)
class Block:
    """One cited measure's part of the answer: the slot it fills, put first, and the quote."""

    hit: Hit
    lead: str
    quote: str
    details: str


def blocks(query: Query, hits: Sequence[Hit], tokenize: Callable[[str], list[str]],
           as_of: date | None = None, idf: Callable[[str], float] | None = None,
           tag: slots.Tag | None = None) -> list[Block]:
    """Per measure cited (for a validity question, each document's own 施行 unit too): the
    lead that fills the slot asked, the quote and the other fields. `as_of` is the day a
    validity question is answered for (today by default); `idf` weighs the question's words
    when choosing the clause that answers (else their length)."""
    weights = slots.question_weights(query, tokenize, idf)
    if query.intent == "validity":
        hits = [*hits, *_in_force_units(hits)]
    found = []
    for rank, hit in enumerate(hits):
        quote = pick_quote(hit.measure, query, tokenize)
        found.append(Block(hit, lead_line(hit, query, quote, weights, as_of, rank == 0, tag), quote,
                           details_line(hit.measure, query.intent, weights)))
    return found


def compose(query: Query, hits: Sequence[Hit], tokenize: Callable[[str], list[str]],
            as_of: date | None = None, idf: Callable[[str], float] | None = None) -> Answer:
    """A grounded answer citing each hit (see `blocks`); several documents are answered one
    by one."""
    return answer_of(query, blocks(query, hits, tokenize, as_of, idf))


def answer_of(query: Query, parts: Sequence[Block]) -> Answer:
    """The answer the blocks make: each lead, citation, quote and details in turn."""
    segments: list[str] = []
    if len({b.hit.document.doc_id for b in parts}) > 1:
        segments.append(prompts.template("answer_header_multi"))
    for b in parts:
        block = prompts.render(
            "answer_measure", lead=b.lead, citation=citation_label(b.hit.document, b.hit.measure),
            heading=b.hit.measure.heading, quote=b.quote)
        segments.append(block + ("\n" + b.details if b.details else ""))
    citations = tuple(make_citation(b.hit, b.quote) for b in parts)
    return Answer("\n\n".join(segments), True, query.intent, citations, segments=tuple(segments))


def _in_force_units(hits: Sequence[Hit]) -> list[Hit]:
    """For a validity question: each cited document's own unit on when it applies
    (本条例自…起施行), cited too, so the answer can state it from the text it cites."""
    cited = {h.measure.key for h in hits}
    extra: list[Hit] = []
    for doc in {h.document.doc_id: h.document for h in hits}.values():
        unit = in_force.in_force_unit(doc)
        if unit is not None and unit.key not in cited:
            extra.append(Hit(unit, doc, 0.0))
            cited.add(unit.key)
    return extra


def refuse(query: Query, documents: dict[str, PolicyDocument], near: Sequence[Hit] = (),
           thing: str = "") -> Answer:
    """Say plainly the corpus does not cover it, what it covers in a line (`coverage`), the
    documents closest to the question (`near`: the ranked hits that did not answer it) and
    where to ask. `thing`: what the question asks to exist (有没有奖励 → 奖励), named as what
    no text states (a quantity's noun is not: 多少 is read off the wrong word too often)."""
    uncovered = [p.name for p in query.places
                 if not any(_place_covers(p, d) for d in documents.values())]
    place_part = f"（收录的政策不涉及{_join(uncovered)}）" if uncovered else ""
    names_hotline = any("12345" in m.text for d in documents.values() for m in d.measures)
    # An amount or a time limit asked of a matter the corpus treats without one (分档给予补助)
    # is not stated.
    # The thing is the user's own word, left out where it would read as a figure or an office.
    what = {"amount": "写明所问金额或标准的规定", "duration": "写明所问时限的规定",
            "time_limit": "写明所问时限的规定"}.get(
        relevance.asked_quantity(query.question),
        f"写明“{thing}”的规定" if thing and not grounding.claims(thing) else "能回答这个问题的规定")
    if query.intent == "validity" and asks_until(query.question):
        what = "写明有效期或废止日期的规定"
    closest = coverage.closest_titles(near)
    text = prompts.render(
        "refusal", what=what, place_part=place_part, count=len(documents),
        places=coverage.places(documents.values()),
        closest=prompts.render("refusal_closest", titles="、".join(closest)) if closest else "",
        hotline=prompts.template("refusal_hotline") if names_hotline else "").strip()
    return Answer(text, False, query.intent, (), segments=(text,))


def _place_covers(place, doc: PolicyDocument) -> bool:
    from assistant.retrieval import place_rank

    return place_rank(place, doc) is not None
