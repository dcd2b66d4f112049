"""The slot a question asks to fill, and the clause of a cited measure that fills it.

An answer leads with what was asked, cut from the measure's own text: the clause that states
an amount (每人每月500元), each time limit with what it applies to (抵押登记压缩至1天), or
需要/不需要 for a yes/no question, decided by the polarity of the clause that answers it
(不得, 无需, 免费, 由…承担 negate or exempt). Nothing here writes a number, a time limit or an
office of its own. Sentences that address a model (`grounding.INSTRUCTION`) are never used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from assistant.grounding import INSTRUCTION
from assistant.query import A_NOT_A, INTENT_WORDS, POLAR_END, Query
from assistant.share_of import SPELLED
from ingest.clauses import sentences as sentence_spans
from ingest.records import Measure

Weights = Mapping[str, float]

# An amount an enterprise gets or pays: money, a rate or share, a discount or a multiple, an
# area or a capacity, or a fee waived or borne by someone else (then the amount is nothing).
AMOUNT = re.compile(
    r"[0-9０-９]+(?:\.[0-9]+)?\s*(?:%|％|万元|元|亿元|个百分点|折|倍|平方米|亩|公顷|千瓦|千伏安)"
    r"|[一二三四五六七八九十两半百千]+(?:元|万元|折|倍|成)"
    r"|减半|全额|免[费收征除交]|零(?:成本|收费|费用|投资)|由[^，。；]{1,16}(?:承担|负担|支付)")
# Negation and exemption as the language marks them: what must not be done, need not be
# done, is free, or is paid for by another.
NEGATED = re.compile(
    r"不得|不再|不需|不用|不必|无需|无须|免于|免予|免[费收征除交]|不收|不予|不允许|禁止|严禁|取消|无偿"
    r"|零(?:成本|收费|费用|投资|跑腿)|由[^，。；]{1,16}(?:承担|负担|支付)")
# A negation in the question's own predicate (不用自己掏钱了？); 豁免 and 没开业 in a
# condition sit in earlier clauses, which `_predicate_clause` leaves out.
_Q_NEGATION = re.compile(r"[不没免别甭]|无需|无须")
_Q_MODAL_NEGATED = re.compile(r"不用|不需要|不需|不要|不必|无需|无须|甭")
_CLAUSE_BREAK = re.compile(r"[，,；;。！!？?]")
# The words a yes/no answer is given in, by the question's verb (能不能 → 可以/不可以).
_ANSWER_WORDS = (("可以|能|可|允许|让", ("可以", "不可以")), ("需要|需|要|得|用|交", ("需要", "不需要")),
                 ("有", ("有", "没有")), ("会", ("会", "不会")), ("是|算|对", ("是", "不是")))
_LEAD_MAX = 120  # characters of a sentence put in a lead line
_CLAUSE_MAX = 60
_CLAUSE_TAIL = 24
_CLOSE = 0.6  # a sentence scoring this share of the best still speaks to the question
_AMOUNT_ITEMS = 4
# A yes/no verdict only from a sentence holding this share of the question's (IDF) weight:
# a measure on a neighbouring matter gets no 需要/不需要 of its own.
VERDICT_COVER = 0.35
SECOND_VERDICT_COVER = 0.5


def question_weights(query: Query, tokenize: Callable[[str], list[str]],
                     idf: Callable[[str], float] | None = None) -> dict[str, float]:
    """The question's subject words and their weight: question words and places left out;
    IDF when given, else the word's length (longer words are the more specific)."""
    places = {p.name for p in query.places}
    text = POLAR_END.sub("", query.search_text.strip())  # 真的假的 is manner, not subject
    words = {t for t in tokenize(text)
             if len(t) > 1 and t not in places and not any(t in cue for cue in INTENT_WORDS)}
    return {t: (idf(t) if idf else float(len(t))) for t in words}


def measure_sentences(measure: Measure) -> list[str]:
    """The measure's sentences, verbatim, without any that address a model."""
    spans = measure.sentences or sentence_spans(measure.text)
    found = [measure.text[s.start:s.end].strip() for s in spans]
    return [s for s in found if s and not INSTRUCTION.search(s)]


# A name the question quotes (“企业服务日”) is one thing, the way official texts quote a
# programme's or campaign's name: a sentence holding its parts (企业, 服务) apart speaks of
# another matter. Weighed as much as its parts together, so only a sentence naming it whole
# is near the best one.
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]")


def quoted_names(question: str) -> list[str]:
    return _QUOTED.findall(question)


def printed_quoted_names(question: str, measures: Iterable[Measure]) -> list[str]:
    """The names the question quotes that one of `measures` prints: its subject there."""
    texts = [m.text for m in measures]
    return [n for n in quoted_names(question) if any(n in t for t in texts)]


def with_quoted_names(weights: Weights, question: str) -> Weights:
    """`weights` plus each name the question quotes, as heavy as the words of it weighed."""
    added = dict(weights)
    for name in quoted_names(question):
        parts = math.fsum(v for w, v in weights.items() if w in name)
        if parts > 0:
            added[name] = added.get(name, 0.0) + parts
    return added


def score(sentence: str, weights: Weights) -> float:
    # fsum: exactly rounded whatever the order the (set-built) weights come in, so near-ties
    # rank the same in every process
    return math.fsum(w for t, w in weights.items() if t in sentence)


def ranked(measure: Measure, weights: Weights, keep: Callable[[str], bool] = lambda s: True):
    """(score, position, sentence) of the sentences `keep` accepts, best first; the heading
    sentence only when there is no other (it names the matter, it does not answer)."""
    found = measure_sentences(measure)
    if len(found) > 1 and measure.heading and measure.heading in found[0]:
        found = found[1:]
    scored = [(score(s, weights), i, s) for i, s in enumerate(found) if keep(s)]
    return sorted(scored, key=lambda x: (-x[0], x[1]))


def subject_filled(measures: list[Measure], weights: Weights, fills: Callable[[str], bool],
                   least: float = 0.0, context: Callable[[Measure], str] | None = None,
                   near: float = _CLOSE) -> bool:
    """Whether a sentence that speaks to the question's subject (nearly as well as the best
    sentence of all the measures does) also fills the slot: an amount stated beside another
    subject does not count (`near`: the share of the best that is "nearly as well"). A
    sentence also speaks of what the one before it names (对…人才
    交流活动，给予经费资助。资助标准为…). With `least`, it must hold that share of the
    question's weight. A sentence speaks too of what its measure's `context` (the document's
    title) names: 本办法…有效期一年 of the 责任追究办法 its title names."""
    scored: list[tuple[float, str]] = []
    for measure in measures:
        before = 0.0
        around = context(measure) if context else ""
        for sentence in measure_sentences(measure):
            own = score(sentence, weights)
            titled = math.fsum(v for w, v in weights.items() if w in around and w not in sentence)
            scored.append((max(own, before) + titled, sentence))
            before = own
    best = max((sc for sc, _ in scored), default=0.0)
    floor = least * math.fsum(weights.values())
    return any(fills(s) and sc >= near * best and sc >= floor for sc, s in scored)


def covers(sentence: str, weights: Weights) -> float:
    """The share of the question's weight a sentence holds."""
    total = math.fsum(weights.values())
    return score(sentence, weights) / total if total > 0 else 0.0


def clip(text: str, limit: int = _LEAD_MAX) -> str:
    text = re.sub(r"\s+", "", text).rstrip("，,；;：")
    return text if len(text) <= limit else text[:limit] + "…"


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause holding sentence[start:end]; when it opens with that phrase (办理部门并联审批，
    5个工作日内办结), the clause before it too, since that one says what it applies to."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    left = breaks[-1] if breaks else 0
    if len(re.sub(r"[\W\d]", "", sentence[left:start])) < 2 and len(breaks) > 1:
        left = breaks[-2]
    right_break = _CLAUSE_BREAK.search(sentence, end)
    right = right_break.start() if right_break else len(sentence)
    # A long clause: what stands right before the phrase says what it is for, and a little after.
    left = max(left, start - _CLAUSE_MAX)
    if right - end > _CLAUSE_TAIL:  # up to the list item's end (、) where there is one
        item_end = sentence.find("、", end, right)
        right = item_end if item_end >= 0 else end + _CLAUSE_TAIL
    return _balanced(re.sub(r"\s+", "", sentence[left:right]).strip("，,；;：、"))


def _balanced(text: str) -> str:
    """Without a quotation mark or bracket the cut left unpaired at either end."""
    for opening, closing in ("“”", "（）", "()", "《》"):
        if text.count(opening) != text.count(closing):
            text = text.strip(opening + closing)
    return text


# -- the leads -------------------------------------------------------------------------------
def labelled_limits(measure: Measure, weights: Weights) -> list[str]:
    """Each time limit with what it applies to (抵押登记压缩至1天), from the sentences that
    speak to the question first."""
    limits = [t.text for t in measure.time_limits]
    items: list[str] = []
    for _, _, sentence in ranked(measure, weights, lambda s: any(t in s for t in limits)):
        for text in dict.fromkeys(limits):
            at = sentence.find(text)
            if at >= 0:
                items.append(clause_around(sentence, at, at + len(text)))
    # A limit no single sentence holds whole (or only the heading does) is named as printed.
    items += [t for t in limits if not any(re.sub(r"\s+", "", t) in i for i in items)]
    return list(dict.fromkeys(i for i in items if i))


# The lead quotes a share spelled out too (按照不低于…工资的百分之三百支付), as printed.
_LEAD_AMOUNT = re.compile(f"{AMOUNT.pattern}|{SPELLED.pattern}")


def amount_lead(measure: Measure, weights: Weights) -> str:
    """标准：the clauses stating an amount, from the sentences that speak to the question.

    A sentence also speaks of what the sentences before it name: the items of a list
    (…按照下列标准执行：平原地区…80平方米；丘陵地区…；山区每户不超过150平方米) carry its
    subject, and the item the question names (山区) comes first among them."""
    items: list[str] = []
    sentences = ranked(measure, weights)
    carried, scored = 0.0, []
    for own, i, sentence in sorted(sentences, key=lambda x: x[1]):
        carried = max(carried, own)
        if _LEAD_AMOUNT.search(sentence):
            scored.append((carried + own, i, sentence))
    scored.sort(key=lambda x: (-x[0], x[1]))
    top = scored[0][0] if scored else 0.0
    for sc, _, sentence in scored[:2]:
        if sc < _CLOSE * top:
            break
        items.extend(clause_around(sentence, m.start(), m.end())
                     for m in _LEAD_AMOUNT.finditer(sentence))
    items = list(dict.fromkeys(i for i in items if i))[:_AMOUNT_ITEMS]
    return f"标准：{'；'.join(items)}" if items else ""


@dataclass(frozen=True)
class PolarQuestion:
    """What a yes/no question asks, as far as its answer words go."""

    words: tuple[str, str]  # the affirmative and negative answer (可以, 不可以)
    negated: bool  # its predicate is negated (不用自己掏钱了？)
    negated_modal: bool  # … by the modal itself (不用/不需要): the answer repeats that modal


Tag = Callable[[str], list[tuple[str, str]]]
# Tags of the words whose characters are no negation or modal of the question (不动产, 会计师,
# 登记证): nouns, noun-verbs, abbreviations, jieba's unknown words.
_NAME_TAGS = ("n", "vn", "j", "l", "x")


def polar_question(question: str, tag: Tag | None = None) -> PolarQuestion:
    """What a yes/no question asks. `tag` (part-of-speech tagging) lets the nouns of the
    question be read as names: 不动产 is no negation, 会计师 no 会."""
    text = re.sub(r"[\s？?！!。]+$", "", question.strip())
    pair = A_NOT_A.search(text)
    predicate = _predicate_clause(text)
    stripped = A_NOT_A.sub(r"\1", POLAR_END.sub("", predicate)).replace("是否", "")
    said = stripped
    if tag:
        # … but a word that negates or exempts (免费) keeps its polarity, matched against the
        # text's own (免费发放). A mark outside the CJK range joins no A-not-A.
        stripped = "".join("□" if len(w) > 1 and f.startswith(_NAME_TAGS)
                           and not NEGATED.search(w) else w for w, f in tag(stripped))
    negated = bool(_Q_NEGATION.search(stripped))
    if pair:  # 管不管 → 管 / 不管, unless the verb has answer words of its own
        verb = pair.group(1)
        words = _answer_words(verb) if any(re.search(p, verb) for p, _ in _ANSWER_WORDS) \
            else (verb, f"不{verb}")
    elif _Q_MODAL_NEGATED.search(stripped):
        return PolarQuestion(("需要", "不需要"), negated, True)
    else:
        words = _answer_words(stripped) or _answer_words(said)  # jieba's 人能/n: 能 still
    return PolarQuestion(words or ("是", "否"), negated, False)


def _predicate_clause(text: str) -> str:
    """The clause that carries the question (the last, unless that is a tag like 真的假的)."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    while len(clauses) > 1 and not POLAR_END.sub("", clauses[-1]).strip():
        clauses.pop()
    return clauses[-1] if clauses else text


def _answer_words(text: str) -> tuple[str, str] | None:
    first: tuple[int, tuple[str, str]] | None = None
    for pattern, words in _ANSWER_WORDS:
        m = re.search(pattern, text)
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), words)
    return first[1] if first else None


def yes_no_lead(measure: Measure, question: str, weights: Weights, primary: bool = True,
                tag: Tag | None = None) -> str:
    """需要/不需要, 可以/不可以, 是/不是 … then the sentence that decides it.

    The answer affirms the question when the sentence's polarity (negation or exemption)
    is the question's own: 刻章要钱吗 against 刻制费用由同级财政承担 → 不需要. The sentence
    that decides is, of those that speak to the question, one that speaks most to its
    predicate — the clause that asks (…区域评估，费用要企业自己掏吗: 费用) — and states a
    polarity if one of them does. A measure cited beside the best one (not `primary`) gives
    a verdict only where it says so in so many words: a negation on most of the question's
    subject."""
    scored = ranked(measure, weights)
    need = VERDICT_COVER if primary else SECOND_VERDICT_COVER
    if not scored or covers(scored[0][2], weights) < need:
        return ""
    best = scored[0][0]
    close = [s for sc, _, s in scored if sc >= _CLOSE * best]
    predicate = _predicate_clause(re.sub(r"[\s？?！!。]+$", "", question.strip()))
    # The predicate's words, its cue words too (费用要企业自己掏吗: 费用 is what is asked).
    asking = {w: v for w, v in weights.items() if w in predicate} | \
        {cue: 1.0 for cue in INTENT_WORDS if len(cue) > 1 and cue in predicate}
    top = max(score(s, asking) for s in close)
    deciding = [s for s in close if score(s, asking) >= top]
    sentence = next((s for s in deciding if NEGATED.search(s)), deciding[0])
    if not primary and not NEGATED.search(sentence):
        return ""
    # A list's lead-in binds the consequence (有下列情形之一的，应当予以责任追究：); the item
    # naming the case asked is read with it, as the list is written to be read.
    items = _items_after(measure, sentence)
    case = next((s for sc, _, s in scored if sc > 0 and s in items), "") if items else ""
    said = f"{clip(sentence)}：{clip(case)}" if case else clip(sentence)
    asked = polar_question(question, tag)
    affirm = bool(NEGATED.search(sentence)) == asked.negated
    positive, negative = asked.words
    if asked.negated_modal:
        word = negative if affirm else positive
    else:
        word = positive if affirm else negative
    return f"{word}：{said}"


def _items_after(measure: Measure, sentence: str) -> list[str]:
    """The sentences after `sentence` when it announces a list (ends in a colon)."""
    if not re.search(r"[：:]\s*$", sentence):
        return []
    found = measure_sentences(measure)
    return found[found.index(sentence) + 1:] if sentence in found else []


def best_sentence_lead(measure: Measure, weights: Weights, least: float = 0.0) -> str:
    """The sentence that speaks to the question most (holding more than `least` of its
    weight), as a plain lead."""
    scored = ranked(measure, weights)
    return clip(scored[0][2]) if scored and scored[0][0] > 0 and \
        covers(scored[0][2], weights) > least else ""
