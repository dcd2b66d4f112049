"""For a yes/no or an eligibility question, the unit whose sentence decides it, first.

A polar question (积分制入户要收手续费吗？) is settled by a sentence that permits, forbids or
obliges (不得收取任何费用, 有权拒绝缴纳, 可以…, 应当…) on the question's own subject; an
eligibility question (什么样的人可以授予？) by one that states conditions (具备下列条件之一的…
可以授予, 本政策适用于…). Retrieval ranks a unit that shares the question's words anywhere
(第八条 「积分制入户的人员…可同时随迁入户」) above the one whose deciding sentence holds them,
so among the leading document's first hits the one whose deciding sentence holds most of the
question's weight is put first, when it holds clearly more than the first hit's does.
Whether (or who) may have a thing (能享受…优待吗, 哪些情况下可以申请宅基地) is decided by the
sentence granting that very thing to those it names (…的公民，享受本办法规定的优待), before one
listing the materials or steps of applying for it (…的，应当持下列材料提出申请).

A time question is settled by the date or time limit printed beside the action it asks about:
in 最晚哪天之前要提交申请 the date wanted is the one of 申请 (补贴资金申请截止日期为2025年2月28日),
not the purchase window another unit opens with (自2024年1月1日至2024年12月31日…购买); a
question on when something starts (从哪天开始执行) by the clause that says so (…自2021年11月1日
起实施).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.asked_quantity import DURATION_KINDS, asked_quantity
from assistant.in_force import IN_FORCE_VERB
from assistant.query import WH_WORDS, Query, asking_clauses
from assistant.retrieval import Hit
from assistant.slots import NEGATED, covers, question_weights, ranked, score
from ingest.dates import parse_date
from vectorstore.snapshot import IndexSnapshot

# Chinese modal (能愿) verbs and deontic markers are a closed grammatical class: permission,
# obligation and entitlement; prohibition and exemption are `slots.NEGATED`.
_MODAL = re.compile(r"可以|可|能够|准予|允许|应当|应|必须|须|需|有权|有义务|享有")
# How official texts state who a rule covers and on what terms: a list of conditions announced
# (符合下列条件之一的, 应当具备以下条件：) or a scope (本办法适用于…).
# A first hit saying the conditions are lifted or eased (不限制落户条件) decides too: the answer
# may be that there are none (not a reason to put such a unit first: 放宽…续贷业务条件 is often
# another matter's).
CONDITIONS = re.compile(r"(?:下列|以下|如下)[^。；：:]{0,8}(?:条件|情形)|适用于")
_LIFTED = re.compile(r"(?:不|无|取消|放开|放宽|降低)[^，。；：:]{0,6}条件")
# Granting a thing to those its sentence names (permission or entitlement: 可以…申请宅基地,
# 享受…优待, 授予…称号), not obliging them (应当持下列材料提出申请 is the procedure).
_GRANTS = re.compile(r"可以|准予|允许|有权|享受|享有|授予")
# A question asks whether one may have or do a thing with a modal (能享受…优待吗, 可以申请宅基地);
# asked who or in which case (哪些情况下可以申请, 什么人可以授予) it asks eligibility whatever
# intent it was read with; with the question word after the modal (可以享受哪些优惠) it asks
# what is granted.
ASKS_MAY = re.compile(r"能|可以|可")
SENTENCE = re.compile(r"[^。；;\n]+")
# What a unit grants must hold this much more of the thing asked than the first hit's grant.
GRANT_MARGIN = 0.2
# The leading document's first hits among which the deciding unit is looked for.
WINDOW = 5
# A hit this much weaker than the first (fused score) is another matter, whatever it says.
SCORE_RATIO = 0.5
# The deciding sentence must hold this much more of the question's weight than the first
# hit's best such sentence (blind3_real: margins of 0.2-0.4 were wrong three times).
MARGIN = 0.5
# A question most of whose words the corpus does not know (they weigh nothing: 小哥, 摔伤, 送件,
# 包裹 … leave 保险 alone) says too little to tell which sentence decides it: a sentence
# holding the one word left (养老保险) may be on a neighbouring matter.
LEAST_KNOWN = 1 / 3

# A calendar day asked (哪天, 几号, 截止日期): a duration (15个工作日内) does not answer it.
_ASKS_DAY = re.compile(r"哪一?天|几号|几月几[日号]|日期")
# A start asked: 从哪天开始执行, 什么时候起施行, 何时生效.
_ASKS_START = re.compile(rf"(?:开始|起|生效)(?:{IN_FORCE_VERB})?|(?:{IN_FORCE_VERB}|生效)(?:的|之)?(?:日期|时间)")
# A clause stating a start: 自2021年11月1日起实施, 从2022年起…执行.
_STARTS = re.compile(rf"(?:自|从)[^，。；]{{0,24}}?起[^，。；]{{0,12}}?(?:{IN_FORCE_VERB}|生效)")
_CLAUSE = re.compile(r"[^，,；;。：:！？?\n]+")
# The event a time limit counts from, printed right before it after 自/从 (自收到…材料的,
# 从登记之日起), to a closing 起/后/的 and a span within which (3个工作日内): 从设立登记到领取
# 发票的时间由原来的2个工作日… names what is timed, a range. 在法院收到后20日内 is left
# whole: 在 opens who acts as often as when (案款在法院收到后…发放).
_COUNTS_FROM = re.compile(r"(?:自|从)[^，,；;。]*?(?:之日起|起|以后|后|的)"
                          r"(?=[0-9０-９一二三四五六七八九十两]+[^，,；;。]{0,2}(?:工作日|日|天|个月|小时)内)")
# A clause ending on its time (在受理之日起3个工作日内, 于2025年2月28日前).
_CLOSES_ON_TIME = re.compile(r"(?:内|前)\s*$")
# The time clause must hold this much more of the action's weight than the first hit's best.
TIME_MARGIN = 0.2
# Parts of speech naming the action asked and what it is done to (提交/v 申请/v, 执行/v 价格/n);
# time words, localizers, numerals and pronouns (最晚/t 之前/f 哪天/r) belong to the time asked.
_ACTION_TAGS = ("n", "v", "x", "j", "l")


# A conditional norm states its case as a 的-phrase and binds what follows by plain statement,
# with no modal (…推诿扯皮…造成严重不良影响和后果的，对各方主要负责人一并进行责任追究).
_CASE_BOUND = re.compile(r"的[，,]")


def _deontic(sentence: str) -> bool:
    return bool(_MODAL.search(sentence) or NEGATED.search(sentence)
                or _CASE_BOUND.search(sentence))


def states_conditions(hit: Hit) -> bool:
    """The unit announces the conditions or the scope of what it grants (its heading too:
    第七条（申请条件）)."""
    return bool(CONDITIONS.search(hit.measure.text) or "条件" in hit.measure.heading)


def deciding_cover(hit: Hit, weights) -> float:
    """The share of the question's weight held by the hit's best deciding sentence."""
    scored = ranked(hit.measure, weights, keep=_deontic)
    return covers(scored[0][2], weights) if scored else 0.0


def asked_grant(query: Query, weights, eligibility: bool) -> dict[str, float]:
    """The weights of the thing the question asks to have or do: its words after the asking
    clause's modal (能享受广州的老年人优待吗 → 享受, 老年人, 优待); empty when no clause asks
    with a modal, or, unless the question was read as eligibility or yes/no, when no question
    word comes before the modal (哪些情况下可以申请宅基地)."""
    for clause in asking_clauses(query.question):
        modal = ASKS_MAY.search(clause)
        if modal and (eligibility or WH_WORDS.search(clause[:modal.start()])):
            rest = clause[modal.start():]
            return {w: v for w, v in weights.items() if v > 0 and w in rest}
    return {}


def grant_cover(hit: Hit, asked: dict[str, float]) -> float:
    """The share of the thing asked held by what the unit grants to a subject it defines:
    in a sentence naming who by a 的-phrase before its grant (…持有本市有效居住证件的公民，
    享受本办法规定的优待; 符合下列条件之一的，可以以户为单位申请宅基地), the rest of the
    grant's clause. A sentence granting something else to them (享受半价优惠), or naming the thing
    asked among its subject's terms (持…老年人优待凭证), defines the subject of another thing."""
    best = 0.0
    for sentence in SENTENCE.findall(hit.measure.text):
        for grant in _GRANTS.finditer(sentence):
            if _names_whom(sentence, grant.start()):
                # what is granted follows the grant in its clause (称号的授予 grants nothing)
                granted = _CLAUSE.match(sentence, grant.end())
                best = max(best, covers(granted.group() if granted else "", asked))
    return best


def _names_whom(sentence: str, at: int) -> bool:
    """A 的-phrase names whom the sentence speaks of in the clause just before `at`, or in
    its own clause's head (称号的授予，一般每两年举行一次，也可以… names no one)."""
    return "的" in "".join(_CLAUSE.findall(sentence[:at])[-1:])


def binds_named(sentence: str) -> bool:
    """The sentence binds a modal or a negation to those, or the case, a 的-phrase names
    before it: 对主动承担责任…的，可从轻或者减轻责任追究; …的，不予受理."""
    return any(_names_whom(sentence, m.start())
               for form in (_MODAL, NEGATED) for m in form.finditer(sentence))


def denies(hit: Hit) -> bool:
    """The unit refuses something to those it names (…有下列情形之一的，不予受理): it decides
    whether they may, though it names the thing otherwise than the question."""
    return any(_names_whom(s, m.start()) for s in SENTENCE.findall(hit.measure.text)
               for m in NEGATED.finditer(s))


def grant_first(query: Query, top: Hit, candidates: list[Hit], weights) -> Hit | None:
    """For a question asking whether (or who) may have or do a thing, the candidate that
    grants that thing to a subject it defines, when the first hit grants clearly less of it:
    the unit defining who enjoys the thing, not one listing materials or procedures."""
    if query.intent not in ("yes_no", "eligibility", "general"):
        return None  # 什么时候可以申请 asks a time
    asked = asked_grant(query, weights, query.intent != "general")
    if not asked or denies(top):
        return None
    # the thing itself, not only the act (申请 of 能不能一次性申请 is in every grant to apply)
    heaviest = max(asked, key=asked.get)
    best = max(candidates, key=lambda h: grant_cover(h, asked))
    if grant_cover(best, {heaviest: 1.0}) == 0:
        return None
    floor = grant_cover(top, asked) + GRANT_MARGIN
    return best if grant_cover(best, asked) >= floor else None


def _timed(clause: str, hit: Hit, asked: str, day: bool) -> bool:
    """The clause prints what the question asks: a date for 哪天; a time limit or a date for
    "when"; a duration for "how long"."""
    limits = [t for t in hit.measure.time_limits if t.text and t.text in clause]
    if asked == "duration":
        return any(t.kind in DURATION_KINDS for t in limits)
    dated = parse_date(clause) is not None or any(t.kind not in DURATION_KINDS for t in limits)
    return dated or (not day and bool(limits))


def _closes_on_span(clause: str, hit: Hit) -> bool:
    return bool(_CLOSES_ON_TIME.search(clause)) and any(
        t.kind in DURATION_KINDS and t.text and t.text in clause for t in hit.measure.time_limits)


def _time_clauses(hit: Hit, asked: str, day: bool) -> list[str]:
    """What each of the hit's times asked is printed of: its clause, less the event the time
    counts from (自收到…审核意见的3个工作日内 binds 作出审批决定, not 审核意见), with the
    clauses after it in its sentence up to the next time when it ends on the time (在受理之日起
    3个工作日内，根据…情况，提出审核意见: the action bound comes clauses later)."""
    spans = []
    for sentence in SENTENCE.findall(hit.measure.text):
        clauses = _CLAUSE.findall(sentence)
        for i, clause in enumerate(clauses):
            if not _timed(clause, hit, asked, day):
                continue
            # only a span standing as a clause of its own (…3个工作日内，) binds what follows;
            # 于…之前登记在本人名下，且… has bound its action already, and a plan's deadline
            # heading a task (9月底前，试行…) holds the task's many words, not an action asked
            end = i + 1 if not _closes_on_span(clause, hit) else next(
                (j for j in range(i + 1, len(clauses))
                 if _timed(clauses[j], hit, "time_limit", False)), len(clauses))
            spans.append("，".join([_COUNTS_FROM.sub("", clause), *clauses[i + 1:end]]))
    return spans


def time_cover(hit: Hit, asking: dict[str, float], asked: str, day: bool) -> float:
    """The share of the asking clause's weight held by the hit's best clause that prints the
    time asked: the date stated of the action asked, not any date."""
    total = sum(asking.values())
    best = max((score(c, asking) for c in _time_clauses(hit, asked, day)), default=0.0)
    return best / total if total > 0 else 0.0


def time_first(query: Query, top: Hit, candidates: list[Hit], weights, tag) -> Hit | None:
    """For a question on when (or how long), the candidate whose time clause speaks of the
    action asked, when the first hit's does clearly less. Not for a follow-up: the subject
    may be in the turn before or in a clause that asks nothing of its own (那预付款呢？
    合同签完多久付), and the asking clause alone does not name the action. A new question
    after other turns (好的。另外问一下，…奖金交齐材料后多久能发下来？) carries nothing of
    them: it names its action as it would asked first."""
    asked = asked_quantity(query.question)
    if asked not in ("time_limit", "duration") or query.is_followup:
        return None
    clause = "，".join(asking_clauses(query.question))
    action = [w for w, flag in tag(clause) if flag.startswith(_ACTION_TAGS)]
    asking = {w: v for w, v in weights.items() if v > 0 and any(w in a for a in action)}
    if not asking:
        return None
    day = bool(_ASKS_DAY.search(clause))
    best = max(candidates, key=lambda h: time_cover(h, asking, asked, day))
    floor = time_cover(top, asking, asked, day) + TIME_MARGIN
    return best if time_cover(best, asking, asked, day) >= floor else None


def start_first(query: Query, top: Hit, candidates: list[Hit]) -> Hit | None:
    """For a question on when something starts to apply, the first candidate whose text says
    from when (自…起实施), when the first hit does not."""
    if not _ASKS_START.search("，".join(asking_clauses(query.question))):
        return None
    starts = [h for h in (top, *candidates)
              if any(parse_date(m.group()) for m in _STARTS.finditer(h.measure.text))]
    return starts[0] if starts and starts[0] is not top else None


def rest_of_document(top: Hit, hits: Sequence[Hit], view: IndexSnapshot) -> list[Hit]:
    """The leading document's units past the first hits: the article granting a thing to those
    it names (第四条 凡…具备下列条件之一的自治县外人士，可以授予…) shares few words with a
    question on who may have it, and in a document all of whose units speak of that thing it
    ranks anywhere."""
    rows = view.catalog.measure_rows.get(top.document.doc_id, ())
    seen = {h.measure.key for h in hits}
    measures = view.catalog.measures
    later = [h for h in hits[WINDOW:] if h.document.doc_id == top.document.doc_id]
    return later + [Hit(measures[i], top.document, 0.0) for i in rows
                    if measures[i].key not in seen]


def decider_first(query: Query, hits: Sequence[Hit], view: IndexSnapshot) -> list[Hit]:
    """`hits` with the unit whose deciding sentence speaks most to the question first, for a
    yes/no or eligibility question; otherwise (or when the first hit decides) unchanged."""
    hits = list(hits)
    if len(hits) < 2 or hits[0].direct:
        return hits
    weights = question_weights(query, view.tokenizer.tokens, view.keywords.idf)
    if not weights:
        return hits
    top = hits[0]
    candidates = [h for h in hits[1:WINDOW] if h.document.doc_id == top.document.doc_id
                  and h.score >= SCORE_RATIO * top.score]
    if not candidates:
        return hits
    granting = grant_first(query, top, candidates + rest_of_document(top, hits, view), weights)
    if granting is not None:
        return [granting] + [h for h in hits if h is not granting]
    if query.intent not in ("yes_no", "eligibility"):
        # what the question asks is read from its form: 最晚哪天之前要提交申请 asks a date
        # whatever else it names (补贴)
        first = start_first(query, top, candidates) if query.intent == "validity" \
            else time_first(query, top, candidates, weights, view.tokenizer.tagged)
        return hits if first is None else [first] + [h for h in hits if h is not first]
    if query.intent == "eligibility":
        if states_conditions(top) or _LIFTED.search(top.measure.text):
            return hits
        best = next((h for h in candidates if states_conditions(h)), None)
        return hits if best is None else [best] + [h for h in hits if h is not best]
    if sum(1 for v in weights.values() if v > 0) < LEAST_KNOWN * len(weights):
        return hits
    floor = deciding_cover(top, weights) + MARGIN
    best = max(candidates, key=lambda h: deciding_cover(h, weights))
    if deciding_cover(best, weights) < floor:
        return hits
    return [best] + [h for h in hits if h is not best]
