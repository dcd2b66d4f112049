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
from assistant.query import Query, asking_clauses, is_polar
from assistant.retrieval import Hit
from assistant.share_of import SPELLED
from ingest.records import Measure
from vectorstore.snapshot import IndexSnapshot

# A question word that asks which kind (什么样的, 哪些, 哪类, 什么) bound to a noun heading a party
# or a case: persons (人, 人员, 人士, 者), bodies (单位, 企业, 组织, 机构, 主体), households (户),
# and cases (情况, 情形). These heads are the closed set of what a rule's scope names its
# subjects by; 哪些优惠 or 什么材料 ask the thing granted or the procedure instead.
_WHICH = r"(?:什么样|什么|哪些|哪类|哪种|何种)的?[^，。？?、]{0,2}?"
_ASKS_WHO = re.compile(rf"{_WHICH}(?:人|者|单位|企业|组织|机构|主体|户)|谁(?:可以|能|可)")
# … a question asking in which cases (哪些情形需要办理汇算清缴, 什么情况下可以从轻) asks the
# cases a rule binds its consequence to, not whom the rule covers: its scope (本条例适用于…)
# does not answer it.
_ASKS_CASE = re.compile(rf"{_WHICH}(?:情况|情形)")
# … or the scheme's own 对象 (支持对象, 补贴对象) asked with a question word.
_ASKS_OBJECT = re.compile(r"对象[^，。？?]{0,6}(?:什么|哪些|啥|怎样|如何)")
# How a rule states whom it covers: its scope (本办法适用于, 支持的对象为, 对象：, or the
# definition of what it governs: 本办法所称…行为是指…机关、组织及其工作人员…), or the
# conditions or cases it lists (符合下列条件的, 有下列情形之一的: `deciding.states_conditions`).
_SCOPE = re.compile(r"适用于|对象(?:为|是|包括|：|:)|所称[^。；]{0,40}?是指")
_SCOPE_HEADING = re.compile(r"条件|对象|范围|主体")
_NEGATION = re.compile(r"不|没|无|未|非")
# How a rule announces the cases it binds a consequence to: 有下列情形之一的, 需要办理汇算清缴
# 的情形包括：
_LISTS_CASES = re.compile(r"(?:下列|以下|如下)[^。；：:]{0,8}(?:条件|情形|情况)"
                          r"|(?:情形|情况)(?:包括|有|为|如下)")
# The personal pronouns (a closed class) by which a question names who it asks about: a yes/no
# question on whether that person may have a thing, after clauses on their situation (持居住证，
# 签了两年合同…，能申请公租房吗; 我亲戚在应急管理局上班…我能拿奖励吗), asks whether the
# situation meets the scheme's conditions or falls under the cases it excludes — answered by
# the unit stating them, not by one on the materials or the procedure that shares the
# situation's words. (其他 is no pronoun.)
_PERSON = re.compile(r"我|咱|俺|(?<!其)[他她]|本人")
_CLAUSE_BREAK = re.compile(r"[，,；;。？?！!]")
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
    """The question asks which parties a scheme covers, in a clause that asks."""
    return bool(_who_clauses(query))


def _case_clauses(query: Query) -> list[str]:
    return [c for c in asking_clauses(query.question) if _ASKS_CASE.search(c)]


def asks_case(query: Query) -> bool:
    """The question asks in which cases a rule applies (哪些情形需要…, 什么情况下可以…)."""
    return bool(_case_clauses(query))


def asks_if_qualifies(query: Query) -> bool:
    """A yes/no question asking whether a person (我, 他: `_PERSON`) may have or do a thing
    (能/可以: a modal of permission), after clauses stating their situation."""
    clauses = [c for c in _CLAUSE_BREAK.split(query.question) if c.strip()]
    for i, clause in enumerate(clauses):
        if i and is_polar(clause) and deciding.ASKS_MAY.search(clause) \
                and any(_PERSON.search(c) for c in clauses[:i + 1]):
            return True
    return False


def states_cases(hit: Hit) -> bool:
    """The unit lists the cases a rule binds its consequence to (有下列情形之一的, …的情形
    包括：), or binds it to a case its 的-phrase names (对…的，可从轻…)."""
    return any(_LISTS_CASES.search(s) or deciding.binds_named(s)
               for s in deciding.SENTENCE.findall(hit.measure.text))


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


def lists_cases(sentence: str) -> bool:
    return bool(_LISTS_CASES.search(sentence) or deciding.CONDITIONS.search(sentence))


def cases_lead(measure: Measure, weights: slots.Weights, label: str, bound: bool = True) -> str:
    """{label}：the unit's sentence stating cases or conditions that speaks most to the
    question, verbatim, with the items of the list it announces (…的情形包括：（一）…) as far
    as the lead runs; "" when none does. `bound`: a sentence binding its rule to a case its
    的-phrase names (对…的，可从轻…) states one too."""
    found = slots.measure_sentences(measure)
    # the heading sentence too (取得综合所得需要办理汇算清缴的情形包括：is the heading the
    # parser gives an article whose first sentence announces a list)
    scored = sorted(((slots.score(s, weights), i, s) for i, s in enumerate(found)
                     if lists_cases(s) or (bound and deciding.binds_named(s))),
                    key=lambda x: (-x[0], x[1]))
    if not scored:
        return ""
    sentence = scored[0][2]
    at = found.index(sentence) if sentence in found else len(found)
    text = sentence.removeprefix(measure.printed_number).strip()
    announced = _LISTS_CASES.search(text) or deciding.CONDITIONS.search(text)
    if announced and re.search(r"[：:]", text[announced.end():]):
        text += "".join(found[at + 1:])  # a list announced: its items say the cases
    return f"{label}：{slots.clip(text)}"


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


def case_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> Hit | None:
    """For a question asking in which cases a rule applies, the unit of the leading document
    stating cases that holds most of what the question says follows in them (the consequence:
    哪些情形 **需要办理汇算清缴**, 什么情况下 **可以从轻或减轻追责**), then most of its words."""
    clauses = _case_clauses(query)
    if not clauses:
        return None
    weights = slots.question_weights(query, view.tokenizer.tokens, view.keywords.idf)
    after = [c[_ASKS_CASE.search(c).end():] for c in clauses]
    consequence = {w: v for w, v in weights.items() if any(w in a for a in after)}
    units = _leading_document(hits, view)
    stating = [h for h in units if states_cases(h) and _on_subject(h, hits[0], weights)]
    if not stating:
        return None
    position = {h.measure.key: view.catalog.position[h.measure.key] for h in stating}

    def held(hit: Hit) -> float:
        return round(math.fsum(v for w, v in consequence.items() if w in hit.measure.text), 6)

    best = min(stating, key=lambda h: (-held(h), -round(relevance.coverage(query, h, view), 6),
                                       position[h.measure.key]))
    return best if best is not hits[0] and (held(best) > 0 or not consequence) else None


def _conditions_of(hit: Hit, asked: slots.Weights) -> bool:
    """The unit's sentence announcing conditions or cases (or its heading) names what the
    question asks to have (举报奖励应当符合下列条件 of 能拿奖励吗), not another matter the
    same persons are named in (工作人员有以下情形，…给予行政处分)."""
    heads = [hit.measure.heading, *(s for s in deciding.SENTENCE.findall(hit.measure.text)
                                    if lists_cases(s) or deciding.binds_named(s))]
    return any(w in h for h in heads for w in asked)


def qualifies_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> Hit | None:
    """For a yes/no question on whether a person in the situation it states may have a thing
    (`asks_if_qualifies`), the unit of the leading document stating the conditions of that
    thing, or the cases it excludes, that holds most of the question's words."""
    if not asks_if_qualifies(query) or query.is_followup:
        return None
    weights = slots.question_weights(query, view.tokenizer.tokens, view.keywords.idf)
    # what is asked to be had: the asking clause's words after its modal (能拿奖励吗 → 奖励),
    # cue words too (奖励 is one), which the question's subject weights leave out
    clause = next((c for c in asking_clauses(query.question) if deciding.ASKS_MAY.search(c)), "")
    rest = deciding.ASKS_MAY.split(clause, maxsplit=1)[-1]
    asked = {w: 1.0 for w in view.tokenizer.tokens(rest) if len(w) > 1}
    units = _leading_document(hits, view)
    stating = [h for h in units if (deciding.states_conditions(h) or _excludes(h))
               and _conditions_of(h, asked) and _on_subject(h, hits[0], weights)]
    if not stating or hits[0] in stating:  # the first hit states them: it stays first
        return None
    position = {h.measure.key: view.catalog.position[h.measure.key] for h in stating}
    best = min(stating, key=lambda h: (-round(relevance.coverage(query, h, view), 6),
                                       position[h.measure.key]))
    return best if best is not hits[0] else None


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
    first = who_first(query, hits, view) or case_first(query, hits, view) or \
        qualifies_first(query, hits, view) or amount_first(query, hits, view)
    if first is None:
        return hits
    # It takes the first hit's place and score: what is cited beside it is weighed against
    # the strongest match, not against a unit found only by reading the document through.
    return [replace(first, score=hits[0].score), *(h for h in hits if h is not first)]
