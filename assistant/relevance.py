"""Decide whether the retrieved measures answer the question at all, and which to cite.

Retrieval scores alone do not separate "answered" from "on-topic but not covered" here
(e5 similarities of unrelated policy text sit at 0.85–0.90; BM25 always finds some overlap).
What does separate them is whether the question's own subject exists in the corpus:
"个人所得税起征点" or "外汇管制" name things no indexed measure mentions, while colloquial
but answerable questions keep most of their weight on words the measures use. So a question
is refused when
- the places it names are covered by no document, or nothing was retrieved; or
- it names a subject noun absent from the whole corpus vocabulary and its best measure covers
  little of the question's keyword weight (IDF-weighted), unless it names its document; or
- it asks for an amount (多少, 几年, 比例 …) or a time limit (多久, 几天, 多长时间 …) and no
  sentence on its subject in the measures it would cite states one.
Each of the last two (and the asked-thing rule below) also finds what is asked in other
words: a sentence the e5 model finds close to the question (`assistant.sentence_evidence`);
the subject rule also lets through a question for which one measure stands apart in meaning
from the rest (`assistant.standout`), and cites that measure first.
A measure named by number (第108条) is always answered. Thresholds: evals/BENCH.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from assistant import asked as asked_thing
from assistant import in_force, slots
from assistant.asked_quantity import (
    DURATION_KINDS,
    asked_quantity,
    asks_until,
    deferred,
    fills_asked,
)
from assistant.classifier_joins import classifier_join
from assistant.document_refs import DOCUMENT_WORDS
from assistant.message_kind import few_corpus_words
from assistant.query import (
    INTENT_WORDS,
    SLOT_INTENTS,
    WH_WORDS,
    Query,
    coarse_intent,
    intent_of,
)
from assistant.retrieval import Hit
from assistant.sentence_evidence import SentenceEvidence
from assistant.standout import SENTENCE_FLOOR
from ingest.announcements import is_opening
from ingest.doc_numbers import DOC_NUMBER
from ingest.records import Measure
from vectorstore.snapshot import IndexSnapshot

COVERAGE_MIN = 0.50  # share of the question's IDF weight present in the best measure
# A runner-up within 3 % of the best fused score is cited as well: more citation and fact
# recall for some precision on the development set (evals/BENCH.md).
SECOND_RATIO = 0.97
# … and so is one of the top 3 within 10 % that covers more of the question's keyword weight
# than the first (evals/BENCH.md).
COVERED_RATIO = 0.90
RUNNER_UP_WINDOW = 3
# In a comparison, a document's best measure is cited when it covers at least this share of
# what the best-covering document's measure does (dev: the same citation recall, fewer
# unrelated documents cited).
PER_DOCUMENT_SHARE = 0.6
PER_DOCUMENT_MIN = 0.3  # and at least this much of the question's keyword weight
# Only plain nouns name a subject; idioms and set phrases (头一回, 真的假的) are manner of speech.
SUBJECT_TAGS = frozenset({"n", "nz", "vn"})
# Words this common in jieba's dictionary (时候, 名字, 家属) are everyday words, not subjects.
GENERIC_FREQUENCY = 1000
# Who asks and from where (外地人, 县里, 厂里) is not what is asked about.
_ASKER_SUFFIXES = ("人", "里")
_STRIP = re.compile(rf"{DOC_NUMBER.pattern}|第\\s*[0-9一二三四五六七八九十百]+\\s*[条项]")


def unknown_subjects(query: Query, view: IndexSnapshot) -> list[str]:
    """Nouns of the question that no indexed measure contains (places and 文号 removed)."""
    text = _STRIP.sub(" ", query.question)
    for place in query.places:
        text = text.replace(place.name, " ")
    corpus_words, tokenizer = view.corpus_words, view.tokenizer
    return [n for n in tokenizer.nouns(text, tags=SUBJECT_TAGS)
            if n not in corpus_words and tokenizer.frequency(n) < GENERIC_FREQUENCY
            and not _asking_word(n) and not n.endswith(_ASKER_SUFFIXES)
            and not of_corpus_words(n, tokenizer, corpus_words) and not classifier_join(n, tokenizer)]


def of_corpus_words(word: str, tokenizer, corpus_words) -> bool:
    """A compound jieba keeps whole (员工工资, 电动车) whose dictionary sub-words span it and all
    occur in the corpus: had jieba cut it (员工 工资) no word of it would be unknown, and how
    jieba segments a phrase does not change what the corpus covers."""
    pieces = [p for p in set(tokenizer.tokens(word)) - {word} if len(p) > 1 and p in corpus_words]
    covered = [False] * len(word)
    for piece in pieces:
        start = word.find(piece)
        while start >= 0:
            covered[start:start + len(piece)] = [True] * len(piece)
            start = word.find(piece, start + 1)
    return all(covered)


def _asking_word(word: str) -> bool:
    """A word that asks rather than names: it holds a question word (多长, jieba's noun) or a
    cue, or is a piece of a cue (管用 of 还管用)."""
    return bool(WH_WORDS.search(word)) or any(cue in word or word in cue for cue in INTENT_WORDS)


def coverage(query: Query, hit: Hit, view: IndexSnapshot) -> float:
    """IDF-weighted share of the question's keyword tokens that the hit's text contains."""
    tokens = set(view.tokenizer.tokens(query.search_text))
    for place in query.places:
        tokens -= set(view.tokenizer.tokens(place.name))
    keywords = view.keywords
    weights = {t: keywords.idf(t) for t in tokens}
    total = math.fsum(weights.values())  # exact whatever the set's order (see slots.score)
    if total <= 0:
        return 0.0
    text = view.catalog.keyword_text_of(hit.measure.key)
    return math.fsum(w for t, w in weights.items() if t in text) / total


def answerable(query: Query, hits: Sequence[Hit], view: IndexSnapshot,
               evidence: SentenceEvidence | None = None) -> bool:
    """`evidence`: a sentence of the best measure close to the question speaks to a subject
    the corpus names in other words (`assistant.sentence_evidence`)."""
    if not hits:
        return False
    best = hits[0]
    # A question that names its document (by title, 文号, or place and kind) asks about what
    # that document covers: a word the corpus lacks is the asker's wording (买房 for 购房), not
    # a subject outside it. Whether the document states what is asked is still checked.
    if best.direct or query.doc_ids:
        return True
    if not (unknown_subjects(query, view) and coverage(query, best, view) < COVERAGE_MIN):
        return True
    return bool(evidence and evidence.speaks_to_subject(best.measure))


def _speaking_candidate(query: Query, hits: Sequence[Hit], view: IndexSnapshot,
                        evidence: SentenceEvidence | None, apart: str | None = None) -> Hit | None:
    """When the best measure's words do not cover a subject the corpus names in other words,
    the first of the candidates one of whose sentences speaks to the question: a colloquial
    word (关门, 黑灯) moves the keyword ranking to measures
    that share the question's other words, while the measure that says it in the corpus's
    own words (歇业, 停电) comes lower. For a question asking an amount or time, a sentence
    of it that states one may be a little less close (`sentence_evidence`). Failing that, the
    candidate standing apart in meaning (`apart`, `assistant.standout`): the nearest measure
    by meaning when it is clearly nearer than the rest, however far in absolute terms."""
    pool = hits[:SPEAKING_CANDIDATES]
    if evidence is not None:
        asked = asked_quantity(query.question)
        fills = fills_asked(asked, [h.measure for h in pool],
                            asked_of(query, view).unit, query.question) if asked else None
        speaking = evidence.speaking(pool, lambda hit: hit.measure, fills)
        if speaking is not None:
            return speaking
    return next((hit for hit in pool if hit.measure.key == apart and (
        evidence is None or evidence.closest([hit.measure])[0] >= SENTENCE_FLOOR)), None)


def _speaking_instead(query: Query, hits: Sequence[Hit], view: IndexSnapshot,
                      evidence: SentenceEvidence | None, apart: str | None = None) -> Hit | None:
    """For a question most of whose words the corpus lacks (`message_kind.few_corpus_words`),
    a candidate one of whose sentences speaks to it when the best measure's do not: what
    keyword search matched is its setting (在永济开了家小店), not what it asks (把电接进来),
    which the measure saying it in the corpus's words (办电) is nearer to, sentence by
    sentence. Questions in the corpus's words keep the keyword ranking (colloq24: reranking
    every question holding one unknown word cost citations on three development items)."""
    # A follow-up's subject is in the earlier turn (那申请之后多长时间能办下来？), not its words.
    if not hits or hits[0].direct or query.doc_ids or query.is_followup \
            or not few_corpus_words(query, view):
        return None
    speaking = _speaking_candidate(query, hits, view, evidence, apart)
    return speaking if speaking is not hits[0] else None


def lacks_asked_quantity(query: Query, chosen: Sequence[Hit],
                         tokenize: Callable[[str], list[str]],
                         idf: Callable[[str], float] | None = None,
                         evidence: SentenceEvidence | None = None, unit: str = "") -> bool:
    """The question asks for an amount or a time limit and no sentence on its subject states
    one (an amount of a neighbouring matter — a toll discount beside a patent grant — or the
    time limit of another procedure does not answer it). `idf` weighs the question's words
    (else their length); with `evidence`, the sentence closest to the question in meaning is
    on its subject too. `unit`: the unit the amount is asked in (`asked_of`)."""
    asked = asked_quantity(query.question)
    if not asked or any(hit.direct for hit in chosen):
        return False
    measures = [hit.measure for hit in chosen]
    # the quantity of a quoted name is stated beside the name itself
    weights = slots.with_quoted_names(slots.question_weights(query, tokenize, idf), query.question)
    if asked == "amount" and deferred(measures, weights):
        return True
    fills = fills_asked(asked, measures, unit, query.question)
    # … and the sentence nearest in meaning names it too, when the measures print the name
    names = slots.printed_quoted_names(query.question, measures)
    return not slots.subject_filled(measures, weights, fills) and not (evidence and evidence.closest_fills(
        measures, lambda s: fills(s) and all(n in s for n in names)))


# The sentence naming the thing asked must hold this share of the question's (IDF) weight:
# 奖励 of 优秀企业家 does not answer 超比例安置残疾人有没有奖励 (evals/BENCH.md, "asked thing").
THING_SUBJECT_SHARE = 0.25
_OTHER_CANDIDATES = 5  # ranked hits looked through for one that states the thing asked
# … and for one that speaks to a subject the corpus names in other words: every hit the
# answer is chosen from, since the colloquial word that moves the keyword ranking can push
# the measure saying it in the corpus's words below the fifth (想拉根电进来 → 办电时间, 6th).
SPEAKING_CANDIDATES = 8


def asked_of(query: Query, view: IndexSnapshot) -> asked_thing.Asked:
    """The thing the question asks to exist or to be counted (`assistant.asked`), when a
    text must state it: not for a comparison, nor for a question whether a document or
    rule exists (有没有单独的文件, 有规定吗), which retrieval and the rules above decide,
    nor for a validity question (有期限吗), answered from the document's dates."""
    if comparing(query) or query.intent == "validity":
        return asked_thing.Asked()
    text = query.question
    for place in query.places:
        text = text.replace(place.name, " ")
    found = asked_thing.asked(text, view.tokenizer.tagged)
    # A time or an office asked to exist (有期限吗, 有专门窗口吗) is stated in forms the
    # time-limit and office rules read (12月底前, 牵头单位), seldom by its name.
    if found.head.endswith(DOCUMENT_WORDS) or not (found.head or found.unit) \
            or intent_of(found.head) in ("time_limit", "office", "validity"):
        return asked_thing.Asked()
    return found


def thing_asked_to_exist(query: Query, view: IndexSnapshot) -> str:
    """The thing a yes/no 有 question asks about, where it closes its clause as the object of
    有 does (有没有奖励？ 有保底金额吗？), to name in a refusal; "" otherwise (a word read in
    the middle of a clause, 有一个月专门给…, is no object)."""
    found = asked_of(query, view)
    if found.frame != "exists" or not found.thing:
        return ""
    closes = re.search(re.escape(found.thing) + r"[吗呢啊呀]?(?:[？?！!。，,；;]|$)", query.question)
    return found.thing if closes else ""


def lacks_asked_thing(query: Query, chosen: Sequence[Hit], view: IndexSnapshot,
                      evidence: SentenceEvidence | None = None) -> bool:
    """The question asks whether a thing exists (有没有奖励) or how much of it (多少个名额,
    多少钱) and no sentence of the measures names it, in the unit asked, on the question's
    subject — nor, with `evidence`, says it in other words (`assistant.sentence_evidence`)."""
    thing = asked_of(query, view)
    if not thing.frame or any(hit.direct for hit in chosen):
        return False
    tokenize = view.tokenizer.tokens
    weights = slots.question_weights(query, tokenize, view.keywords.idf)
    titles = {hit.measure.key: f"{hit.document.title} {hit.measure.heading}" for hit in chosen}
    # Any sentence on the subject will do (a question asking two things has its best
    # sentence on the other one): the floor alone judges it.
    measures = [hit.measure for hit in chosen]
    if slots.subject_filled(measures, weights,
                            lambda s: asked_thing.states(s, thing, tokenize, query.question),
                            THING_SUBJECT_SHARE, lambda m: titles[m.key], near=0.0):
        return False
    return not (evidence and evidence.states_thing(
        measures, lambda s: thing.frame != "quantity"
        or asked_thing.in_unit(s, thing.unit, query.question)))


def comparing(query: Query) -> bool:
    """The question compares documents or places: it is answered per document."""
    return query.intent == "compare" or len(query.places) > 1 or len(query.doc_ids) > 1


def per_document(query: Query, ranked: Sequence[Sequence[Hit]],
                 view: IndexSnapshot) -> list[Hit]:
    """Of each document's best measure (`ranked`: each document's own hits), those that cover
    the question nearly as well as the best of them does (a county's other document rarely
    speaks to the matter compared). "Best" heeds the intent: a time question compares the
    measures that state times."""
    bests = [_best_for_intent(query, hits) for hits in ranked if hits]
    covered = sorted(((coverage(query, h, view), h) for h in bests), key=lambda ch: -ch[0])
    top = covered[0][0] if covered else 0.0
    return [h for c, h in covered if c >= max(PER_DOCUMENT_MIN, PER_DOCUMENT_SHARE * top)]


def select(query: Query, hits: Sequence[Hit], view: IndexSnapshot,
           per_doc: Sequence[Sequence[Hit]] = (),
           evidence: SentenceEvidence | None = None, apart: str | None = None) -> list[Hit]:
    """The hits to cite: the best one, and for comparisons the best of each other document.

    `per_doc`: each candidate document's own ranked hits for the question (retrieved within
    that document alone), when the caller looked for them; else the other documents' best
    come from `hits`. `evidence`: the question's similarity to sentences, a second way for
    the refusal rules to find what is asked (`assistant.sentence_evidence`); `apart`: the
    measure standing apart in meaning for it, if one does (`assistant.standout`).
    """
    if not answerable(query, hits, view, evidence):
        speaking = _speaking_candidate(query, hits, view, evidence, apart)
        if speaking is None:
            return []
    else:
        speaking = _speaking_instead(query, hits, view, evidence, apart)
    if speaking is not None:
        hits = [speaking, *(hit for hit in hits if hit is not speaking)]
    chosen = [_best_for_intent(query, hits)]
    if chosen[0] is not hits[0]:
        # The best-ranked measure stays cited after the one that states what was asked: its
        # own text may say it in words the field extraction does not read.
        chosen.append(hits[0])
    asked = asked_intent(query)
    for hit in hits[:RUNNER_UP_WINDOW]:
        # A runner-up nearly as strong is cited too (the user sees both and picks), or a little
        # weaker but holding more of the question's words, unless it lacks what the question
        # asks for (a time limit, a benefit) and the first has it, or opens a reply (收悉…如下：).
        close = hit not in chosen and not hit.direct and not is_opening(hit.measure) and (
            hit.score >= SECOND_RATIO * chosen[0].score
            or (hit.score >= COVERED_RATIO * chosen[0].score
                and coverage(query, hit, view) > coverage(query, chosen[0], view)))
        if close and (carries(hit.measure, asked, strict=False)
                      or not carries(chosen[0].measure, asked)):
            chosen.append(hit)
    if comparing(query):
        seen = {hit.document.doc_id for hit in chosen}
        keys = {hit.measure.key for hit in chosen}
        for hit in per_document(query, per_doc, view) if per_doc else hits[1:]:
            if hit.document.doc_id not in seen and hit.measure.key not in keys:
                chosen.append(hit)
                seen.add(hit.document.doc_id)
    unit = asked_of(query, view).unit

    def lacks_quantity(cited: Sequence[Hit]) -> bool:
        return lacks_asked_quantity(query, cited, view.tokenizer.tokens, view.keywords.idf,
                                    evidence, unit)

    def lacks(cited: Sequence[Hit]) -> bool:
        return lacks_quantity(cited) or lacks_asked_thing(query, cited, view, evidence)

    # Asked until when a policy applies, of a text that prints no end, the answer is that
    # it does not say (the document's other dates do not answer it).
    if query.intent == "validity" and asks_until(query.question) \
            and not any(in_force.states_end(hit.measure, hit.document) for hit in chosen):
        return []
    quantity = lacks_quantity(chosen)
    if quantity or lacks_asked_thing(query, chosen, view, evidence):
        # Another candidate that states what is asked is the answer, else nothing is; for a
        # quantity, one on the subject in the same document (a regulation's amounts follow its
        # conditions: 举报奖励), as some amount of any other matter would fill the slot.
        # A name the question quotes and the chosen measures print is its subject: a
        # candidate that does not print it speaks of another matter.
        named = slots.printed_quoted_names(query.question, (h.measure for h in chosen))
        other = next((hit for hit in hits[:_OTHER_CANDIDATES] if hit not in chosen
                      and all(n in hit.measure.text for n in named)
                      and not lacks([hit]) and not (quantity and (
                          hit.document.doc_id != chosen[0].document.doc_id
                          or coverage(query, hit, view) < COVERAGE_MIN))), None)
        return [other] if other else []
    return chosen


_INTENT_WINDOW = 3


def asked_intent(query: Query) -> str:
    """What the question asks a measure to state; for a comparison, what it compares
    (分别多长时间: times); for a slot intent, the intent under it (刻章要钱吗: a benefit)."""
    if query.intent == "compare":
        return intent_of(query.question, skip=("compare", *SLOT_INTENTS))
    if query.intent in SLOT_INTENTS:
        under = coarse_intent(query.question)
        return under if under != "general" or not query.turns else coarse_intent(query.turns[-1])
    return query.intent


def carries(measure: Measure, intent: str, strict: bool = True) -> bool:
    """A measure holds what a time or benefit question asks for (`strict`: a deadline is no
    duration; loosely, 12月底前 still tells a "how long" question something)."""
    if intent == "time_limit":
        return any(not strict or t.kind in DURATION_KINDS for t in measure.time_limits)
    if intent == "benefit":
        return bool(measure.benefits)
    return True


def _best_for_intent(query: Query, hits: Sequence[Hit]) -> Hit:
    """"How long?" is best answered by a measure that states a time limit: when the top hit
    has none, a close runner-up (top 3, same document) that has one is cited instead."""
    asked = asked_intent(query)
    if carries(hits[0].measure, asked) or hits[0].direct:
        return hits[0]
    for hit in hits[1:_INTENT_WINDOW]:
        if carries(hit.measure, asked) and hit.document.doc_id == hits[0].document.doc_id:
            return hit
    return hits[0]


def distinctiveness(view: IndexSnapshot) -> Callable[[str], float]:
    """How much a word says which measure is meant: its idf in the corpus (0 for one it lacks)."""
    keywords = view.keywords
    return lambda word: keywords.idf(word) if word in keywords else 0.0
