"""The quantity a question asks the answer to state (an amount, a duration, a date), and
what in a sentence states it: the refusal rules of `assistant.relevance` read both."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant import asked as asked_thing
from assistant import share_of, slots
from assistant.in_force import IN_FORCE_VERB
from assistant.query import INDEFINITE, asking_clauses, intent_of, is_polar
from ingest.records import Measure

# 多少钱 / 几年 / 上限 / 税率 asks an amount: measures that state none do not answer it (社保缴费基数下限).
_ASKS_AMOUNT = re.compile(r"多少|多大|几[年个天成次件万]|上限|下限|额度|比例|税率|标准是")
_AMOUNT = re.compile(
    r"[0-9０-９]+(?:\.[0-9]+)?\s*(?:%|％|万元|元|亿元|个百分点|折|倍|年|个月|天|日|个工作日|小时|分钟|次|件|个"
    r"|平方米|亩|公顷)"
    r"|[一二三四五六七八九十两半]+个?(?:工作日|天|小时|年|个月|折|倍)"
    r"|取消[^，。；]{0,12}限制")  # "the requirement is abolished" answers "how many years" too
_SPACE = re.compile(r"\s+")


# "How long" is asked with 多/几 and a unit of time (多久, 多长时间, 几个工作日, 多少天); other
# time questions (什么时候, 截止) ask when.
_ASKS_DURATION = re.compile(r"[多几](?:久|长时间|快)|(?:几|多少)个?(?:工作日|天|小时|钟头|分钟|周|星期|个?月)")
DURATION_KINDS = ("duration", "reduction", "same_day")
# A span of time as printed (至少30日, 三十日, 3个工作日, 两小时, 每两年一次, 有效期5年): a count
# of days, hours, months or years — not a day of a date (12月31日, 五月三十日), a month of the
# calendar (十二月; a count of months is printed 个月), nor a calendar year, which is printed
# with four digits (2025年, 二〇二五年).
_DURATION = re.compile(
    r"(?<![月\d.—－~～-])[0-9０-９]+(?:\.[0-9]+)?\s*(?:个工作日|工作日|个小时|小时|分钟|天|日|周|个月)"
    r"|(?<![\d０-９.])[0-9０-９]{1,2}\s*个?年"
    r"|(?<![月〇零○一二三四五六七八九十])[一二三四五六七八九十两半]+(?:个?(?:工作日|天|日|小时|分钟|周|年)|个月)")


# A time cut by a share of itself (货物整体通关时间压缩三分之一, 办理时限压减20%以上) states how
# long it takes relative to before: the answer to a time question as the text gives it.
_REDUCED_BY = re.compile(r"(?:时间|时限|时长|周期)[^，。；,]{0,6}?(?:压减|压缩|缩短|减少|降低)"
                         r"[^，。；,0-9０-９一二三四五六七八九十百]{0,3}"
                         r"(?:[0-9０-９]+(?:\.[0-9]+)?\s*[%％]|[一二三四五六七八九十]+分之[一二三四五六七八九十]+"
                         r"|百分之[一二三四五六七八九十]+|一半)")
# "How often" asks the interval between two times a thing is done (多久调度一次, 隔多久来一回):
# Chinese states it with 每 and a unit of the calendar (每月调度, 每季度, 每两年), which is no
# span of time to the forms above.
_ASKS_FREQUENCY = re.compile(r"(?:多久|多长时间|多少天|几天|几个月|几年)[^，。？?]{0,8}?[一1][次回趟遍]")
_FREQUENCY = re.compile(r"每(?:[0-9０-９]+|[一二三四五六七八九十两半]+)?个?(?:工作日|日|天|周|星期|月|季度|季|年|半年)")


# A date as printed answers "when" whether or not ingest read it as a time limit (到2023年6月底,
# 2025年2月28日前, 年底前): a month, or a year's end.
_DATE = re.compile(r"[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*[日号]|底|末|[上中下]旬)?|年[底末]"
                   r"|每个?月[^，。；]{0,4}?(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]"
                   r"|每?(?:周|星期)[一二三四五六日天]")
_ASKS_MONEY = re.compile(r"(?:多少|几)(?:钱|块钱|元|万元)")
# "Which day" asks a date of the calendar (哪一天, 几号): answered by a day printed, not by
# a measure that only says the thing recurs (定期开展“企业服务日”).
_ASKS_DAY = re.compile(r"哪一?天|几号|星期几|周几")


def asked_quantity(question: str) -> str:
    """The quantity a question asks the answer to state: "duration" (多久, 几天, 多长时间),
    "time_limit" (any other time question: 什么时候, 截止 — the time cue words come first, as
    in `intent_of`), "amount" (多少, 几年, 比例 …) or "" for none.

    Read clause by clause: only a clause that asks what the quantity is asks for one. In a
    polar clause (会不会一年被检查好几次, 有没有啥表彰, 还要交满几年社保吗) number words are
    indefinite and the answer is yes or no; 好几, 十几, 几十 are indefinite anywhere. A
    validity question (还有效吗？截止到哪天？) asks the document's dates, not a unit's time
    limit; it still asks an amount when it says so (签证有效期是几年)."""
    question = INDEFINITE.sub("些", question)  # 好几, 第几: asks nothing
    if intent_of(question) == "validity":
        return "amount" if _ASKS_AMOUNT.search(question) else ""
    for clause in asking_clauses(question):  # a clause that sets the situation asks nothing
        if is_polar(clause):
            continue
        if _ASKS_MONEY.search(clause):  # the question word's classifier says what is
            return "amount"  # counted (这段时间得给他发多少钱: money, whatever 时间 cues)
        if _ASKS_DAY.search(clause):
            return "time_limit"
        if intent_of(clause) == "time_limit":
            return "duration" if _ASKS_DURATION.search(clause) else "time_limit"
        if _ASKS_AMOUNT.search(clause):
            return "amount"
    return ""


def fills_asked(asked: str, measures: Sequence[Measure], unit: str = "",
           said: str = "") -> Callable[[str], bool]:
    """What in a sentence states the quantity asked: an amount or count as printed (in money
    when the `unit` asked is money: 6斤/亩 does not answer 多少钱一斤; a share when it is a
    share: 5个工作日 does not answer 几个点; nor a form the
    question `said` itself; a count's classifier is left to the thing rule, since it is read
    from the first clause and a second may ask another amount: 多少个？缩短多少？), or one
    of the time limits the measures hold as ingest read them — for "how long", a duration
    (5个工作日内, 即时办结, 由30天压缩至20天, or a span printed in any phrase: 之日前至少30日),
    not a date (有效期延长至2025年12月31日); for "when", a date as printed too."""
    if asked == "amount":  # … as the answer's lead reads one (160千伏安), a share (`share_of`)
        return lambda sentence: bool(_AMOUNT.search(sentence) or slots.AMOUNT.search(sentence)
                                     or (not unit and share_of.states_share(sentence, said))) \
            and (unit not in (asked_thing.MONEY, asked_thing.SHARE)
                 or asked_thing.in_unit(sentence, unit, said))
    printed = re.compile(f"{_DURATION.pattern if asked == 'duration' else _DATE.pattern}"
                         f"|{_REDUCED_BY.pattern}")
    if asked == "duration" and _ASKS_FREQUENCY.search(said):  # how often: 每月 is its answer
        printed = re.compile(f"{_DURATION.pattern}|{_FREQUENCY.pattern}")
    limits = {_SPACE.sub("", t.text) for m in measures for t in m.time_limits
              if asked != "duration" or t.kind in DURATION_KINDS} - {""}
    return lambda sentence: any(t in _SPACE.sub("", sentence) for t in limits) or \
        bool(printed.search(sentence))


# A validity question asking until when (有效期到什么时候, 哪天到期, 管几年) rather than whether
# (还有效吗): a question word, in a clause that does not ask when it starts (从哪天开始执行).
_ASKS_WHEN = re.compile(r"什么时候|何时|哪天|哪一天|哪年|几号|多久|多长|几年|到哪|截止")
_ASKS_START = re.compile(rf"开始|起(?:{IN_FORCE_VERB})|生效")


def asks_until(question: str) -> bool:
    """The validity question asks the date or span it ends, not whether it is in force: in a
    clause that asks yes or no (过几年会不会失效？) the question word is indefinite."""
    return not _ASKS_START.search(question) and any(
        _ASKS_WHEN.search(c) and not is_polar(c) for c in asking_clauses(question))


# An official text that sets a thing up and leaves its amount to another instrument says so:
# 具体标准在征收地块补偿方案中确定, 具体办法由市财政局另行制定, 补助标准另行公布.
_DEFERS = re.compile(r"(?:具体|补助|补贴|奖励|收费)?(?:标准|金额|数额|额度|比例|办法)[^，。；]{0,2}"
                     r"(?:在|由|按|根据)[^。；]{0,30}(?:确定|制定|规定|明确|公布)"
                     r"|另行(?:制定|确定|公布|规定)")


def deferred(measures: Sequence[Measure], weights: slots.Weights) -> bool:
    """The sentence that speaks most to the question leaves the amount to another instrument
    and prints none itself (设置按期签约奖…，具体标准在征收地块补偿方案中确定): the amount asked
    is not stated here, whatever amount a neighbouring sentence prints of another thing."""
    scored = [(slots.score(s, weights), s) for m in measures for s in slots.measure_sentences(m)]
    if not scored:
        return False
    best, sentence = max(scored, key=lambda x: x[0])
    return best > 0 and bool(_DEFERS.search(sentence)) and not slots.AMOUNT.search(sentence) \
        and not _AMOUNT.search(sentence)

