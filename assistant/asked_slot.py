"""Among units of one document on the same scheme, the one that fills the slot asked, first.

A document on one scheme (a fund, a reward, a subsidy, a title) has many units that share the
question's words: its purpose, its definitions, its procedure, its amounts, whom it covers.
Retrieval ranks by those shared words, so a question asking one slot of the scheme often
finds first a unit on the scheme that does not fill that slot. Two slots are read here, in
the forms official texts print them:

- who (and on what terms): a question asking a kind of party or case (什么样的单位可以享受,
  授予什么样的人, 哪些人举报了也拿不到, 什么情况下可以从轻) or the scheme's 对象 (支持对象有什么
  要求) is answered by the unit stating scope or conditions (本政策适用于…的单位, 支持的对象为…,
  具备下列条件之一的…可以授予, 有下列情形之一的…) — which often shares few of the question's
  words, the scheme being named in the title; so it is looked for through the whole leading
  document, as `deciding` does for a grant.
- amount: a question asking how much (多少, 上限, 标准是) or how it is reckoned (怎么算, 按什么
  标准) is answered by the unit on its subject
  that prints an amount, not the scheme's definition or its list of kinds of subsidy.

Each moves a unit only within the leading document, only when the first hit does not fill the
slot itself; `deciding.decider_first` (yes/no, grants, times) runs first and is left alone
when it has put a unit first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from assistant import deciding, relevance, slots
from assistant.asked_quantity import asked_quantity, fills_asked
from assistant.query import Query, asking_clauses
from assistant.retrieval import Hit
from assistant.share_of import SPELLED
from ingest.records import Measure
from vectorstore.snapshot import IndexSnapshot

# A question word that asks which kind (什么样的, 哪些, 哪类, 什么) bound to a noun heading a party
# or a case: persons (人, 人员, 人士, 者), bodies (单位, 企业, 组织, 机构, 主体), households (户),
# and cases (情况, 情形). These heads are the closed set of what a rule's scope names its
# subjects by; 哪些优惠 or 什么材料 ask the thing granted or the procedure instead.
_ASKS_WHO = re.compile(r"(?:什么样|什么|哪些|哪类|哪种|何种)的?[^，。？?、]{0,2}?"
                       r"(?:人|者|单位|企业|组织|机构|主体|户|情况|情形)"
                       r"|谁(?:可以|能|可)")
# … or the scheme's own 对象 (支持对象, 补贴对象) asked with a question word.
_ASKS_OBJECT = re.compile(r"对象[^，。？?]{0,6}(?:什么|哪些|啥|怎样|如何)")
# How a rule states whom it covers: its scope (本办法适用于, 支持的对象为, 对象：, or the
# definition of what it governs: 本办法所称…行为是指…机关、组织及其工作人员…), or the
# conditions or cases it lists (符合下列条件的, 有下列情形之一的: `deciding.states_conditions`).
_SCOPE = re.compile(r"适用于|对象(?:为|是|包括|：|:)|所称[^。；]{0,40}?是指")
_SCOPE_HEADING = re.compile(r"条件|对象|范围|主体")
_NEGATION = re.compile(r"不|没|无|未|非")
# An amount other than a span of time (money, a share, an area; `slots.AMOUNT`), and a
# question counting in units of time (几年, 多少个工作日), which the time rules answer.
_PRINTED_AMOUNT = re.compile(f"{slots.AMOUNT.pattern}|{SPELLED.pattern}")
# How a sum is reckoned (奖励怎么算, 按什么标准给) asks its amount as 多少 does.
_ASKS_RECKONING = re.compile(r"(?:怎么|怎样|如何)(?:算|计算|核定)|(?:什么|哪些|啥)标准")
_ASKS_TIME_COUNT = re.compile(r"(?:多少|几)个?(?:年|月|周|天|日|工作日|小时)")
# The share of the question's weight a scope unit may lack of what the first hit holds.
_LACKING = 0.2


def _who_clauses(query: Query) -> list[str]:
    """The question's asking clauses that ask which parties or cases a scheme covers
    (`_ASKS_WHO`, `_ASKS_OBJECT`)."""
    return [c for c in asking_clauses(query.question)
            if _ASKS_WHO.search(c) or _ASKS_OBJECT.search(c)]


def asks_who(query: Query) -> bool:
    """The question asks which parties or cases a scheme covers, in a clause that asks."""
    return bool(_who_clauses(query))


def states_scope(hit: Hit) -> bool:
    """The unit states whom (or which cases) a rule covers."""
    return deciding.states_conditions(hit) or bool(
        _SCOPE.search(hit.measure.text) or _SCOPE_HEADING.search(hit.measure.heading))


def _close_in_document(hits: Sequence[Hit]) -> list[Hit]:
    """The first hit's document's other hits among the first few, not much weaker."""
    top = hits[0]
    return [h for h in hits[1:deciding.WINDOW] if h.document.doc_id == top.document.doc_id
            and h.score >= deciding.SCORE_RATIO * top.score]


def _leading_document(hits: Sequence[Hit], view: IndexSnapshot) -> list[Hit]:
    """The first hit, its close hits of the same document, then the rest of its units."""
    return [hits[0], *_close_in_document(hits), *deciding.rest_of_document(hits[0], hits, view)]


def _asks_excluded(query: Query) -> bool:
    """The clause asking who holds a negation: it asks who is left out."""
    return any(_NEGATION.search(c) for c in _who_clauses(query))


def scope_lead(measure: Measure) -> str:
    """适用对象：the unit's first sentence stating whom (or which cases) it covers, verbatim;
    "" when none does."""
    found = next((s for s in slots.measure_sentences(measure)
                  if _SCOPE.search(s) or deciding.CONDITIONS.search(s)), "")
    found = found.removeprefix(measure.printed_number).strip()  # 19.本政策适用于…
    return f"适用对象：{slots.clip(found)}" if found else ""


def _excludes(hit: Hit) -> bool:
    """The unit refuses those it names: it denies them (…的，不予受理), or the sentence listing
    its cases negates (有下列情形之一的，不属于本办法规定的奖励范围)."""
    return deciding.denies(hit) or any(
        deciding.CONDITIONS.search(s) and _NEGATION.search(s)
        for s in deciding.SENTENCE.findall(hit.measure.text))


def _on_subject(hit: Hit, top: Hit, weights: slots.Weights) -> bool:
    """The unit speaks of the matter the first hit does, as far as the question names it: of
    the question's words the first hit holds, those it lacks are named by the document's
    title (节能减排降碳 of a whole policy's scope), or weigh little (`_LACKING`). A scope of
    the whole plan does not answer who may have one measure of it (人才公寓租金减免)."""
    total = math.fsum(weights.values())
    lacking = math.fsum(v for w, v in weights.items() if w in top.measure.text
                        and w not in hit.measure.text and w not in hit.document.title)
    return total > 0 and lacking <= _LACKING * total


def who_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> Hit | None:
    """For a question asking whom a scheme covers, the unit of the leading document stating
    scope or conditions that holds most of the question's words (the earlier in the document
    on a tie: a rule says whom it covers before how they apply), when it is not the first."""
    if not asks_who(query):
        return None
    units = _leading_document(hits, view)
    weights = slots.question_weights(query, view.tokenizer.tokens, view.keywords.idf)
    position = {h.measure.key: view.catalog.position[h.measure.key] for h in units}
    stating = [h for h in units if states_scope(h) and _on_subject(h, hits[0], weights)]
    if _asks_excluded(query):  # 哪些人举报了也拿不到: the unit that refuses those it names
        stating = [h for h in stating if _excludes(h)] or stating
    if not stating:
        return None
    best = min(stating, key=lambda h: (-round(relevance.coverage(query, h, view), 6),
                                       position[h.measure.key]))
    return best if best is not hits[0] else None


def amount_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> Hit | None:
    """For a question asking how much, the first of the leading document's close hits that
    prints an amount on the question's subject, when the first hit prints none."""
    # a comparison's sides, and a count of time (几天, 多少个工作日: the time rules), aside
    if query.is_followup or query.intent == "compare" or _ASKS_TIME_COUNT.search(query.question) \
            or not (asked_quantity(query.question) == "amount" or any(
                _ASKS_RECKONING.search(c) for c in asking_clauses(query.question))):
        return None
    weights = slots.question_weights(query, view.tokenizer.tokens, view.keywords.idf)
    if not weights:
        return None
    top = hits[0]
    candidates = _close_in_document(hits)
    if not candidates:
        return None
    unit = relevance.asked_of(query, view).unit
    asked = fills_asked("amount", [h.measure for h in (top, *candidates)], unit, query.question)

    def fills(sentence: str) -> bool:  # 5个工作日内通知领取 is no 多少奖金
        return asked(sentence) and bool(_PRINTED_AMOUNT.search(sentence))

    # the first hit keeps its place if it prints any amount (1万平方米以下 too) on the subject
    if slots.subject_filled([top.measure], weights, asked):
        return None
    return next((h for h in candidates if slots.subject_filled(
        [h.measure], weights, fills, relevance.THING_SUBJECT_SHARE)), None)


def slot_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> list[Hit]:
    """`hits` with the unit filling the slot asked first (`deciding.decider_first` first)."""
    hits = list(hits)
    decided = deciding.decider_first(query, hits, view)
    if len(hits) < 2 or hits[0].direct or decided[0] is not hits[0]:
        return decided
    first = who_first(query, hits, view) or amount_first(query, hits, view)
    if first is None:
        return hits
    # It takes the first hit's place and score: what is cited beside it is weighed against
    # the strongest match, not against a unit found only by reading the document through.
    return [replace(first, score=hits[0].score), *(h for h in hits if h is not first)]
