"""What a question asks to exist or to be counted, read from the form of the question.

Two forms of Chinese questions ask about a thing rather than an action:
- existence: 有没有X, 有X吗, 是否有X, 有无X — X is the noun phrase right
  after the existence verb 有 (有没有单独发过文件 asks whether something happened: a verb
  follows, and nothing is asked to exist);
- quantity: V多少X, 多少个X, 几枚 (X after the question word and its classifier), or X是多少,
  X多少钱, X每件收多少钱 (X before it, past the copula, adverbs and the verb).
The thing's head is its last word (奖励, 标准, 名额, 利率): a text states the thing when a
sentence holds that head, or every part of a compound head (赔偿标准: 赔偿 and 标准); the words
before it narrow it and stay among the question's subject words. The unit a quantity is asked
in is the classifier printed after 多少/几 (多少钱, 几个点, 几枚): a text answers it only with an
amount in that unit (a count of days does not answer 多少钱); a rate (…率, 比例) is a share.
Time units are left to `asked_quantity.asked_quantity`, which reads durations and dates.
Jieba's part-of-speech tags mark the nouns; nothing here names a topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.query import INDEFINITE, is_polar
from assistant.share_of import restates_base, states_share

Tagged = Sequence[tuple[str, str]]

MONEY, SHARE = "money", "share"


@dataclass(frozen=True)
class Asked:
    """The thing a question asks to exist (`frame` "exists") or to be counted ("quantity")."""

    frame: str = ""  # "exists", "quantity" or "" when the question asks neither
    thing: str = ""  # the noun phrase as printed (房租补贴, 入户名额); "" when none is named
    head: str = ""  # its last word (补贴, 名额)
    unit: str = ""  # MONEY, SHARE, a classifier (枚, 个) or "" for any amount


_CLAUSE = re.compile(r"[，,；;。？?！!]")
_SENTENCE = re.compile(r"[^？?！!。]+[？?！!。]*")
_EXISTS = frozenset({"有", "有没有", "有无", "没有", "是否有"})
_ASK = re.compile(r"多少|几")
# Tags of words that name things: nouns, jieba's unknown words (x: 刻章), abbreviations,
# set phrases and noun-verbs (奖励/vn). nr is left out: jieba puts 多少钱 and 费能 there.
_THING_TAGS = ("n", "ns", "nz", "nt", "vn", "j", "l", "x")
# What may stand between a question word and the thing it asks about: pronouns and
# determiners (什么, 每), numerals and classifiers (每度), time words, adverbs, adjectives,
# the copula, modals and particles (是多少, 能给多少, 具体是多少).
_BETWEEN_TAGS = ("r", "m", "q", "t", "d", "a", "ad", "zg", "uj", "ul", "c", "p", "f")
# Between a thing and 是多少 / 多少 after it (最高, 现在, 每月): not a modal or a verb, after
# which what comes before is who acts (政府能补多少, 使用税能少交多少), and not 给/p.
_BEFORE_TAGS = ("r", "m", "q", "t", "d", "a", "ad", "zg", "ul")
_COPULA = frozenset({"是", "为", "有", "能", "可", "可以", "要", "需要", "会", "都", "还"})
# Classifiers after 多少/几 that ask money, a share, or a count of things (not of time).
_MONEY_AFTER = re.compile(r"^(?:钱|块|元|万|亿)")
_SHARE_AFTER = re.compile(r"^个?(?:百分点|点|成)")
_TIME_AFTER = re.compile(r"^个?(?:工作日|天|日|小时|钟头|分钟|周|星期|月|年|季度)")
_SHARE_HEAD = re.compile(r"率$|比例$|比重$")
_NUMERAL = r"[0-9０-９]+(?:\.[0-9]+)?|[一二三四五六七八九十两百千万半]+"
_MONEY = re.compile(rf"(?:{_NUMERAL})\s*(?:万|亿)?(?:元|块)|免费|免[收交征]|零(?:收费|费用|成本)"
                    r"|由[^，。；]{1,16}(?:承担|负担|支付)")
_SHARE = re.compile(rf"%|％|‰|百分之|千分之|(?:{_NUMERAL})\s*(?:个百分点|成|折)|减半")


def _is_thing(word: str, flag: str) -> bool:
    return flag.startswith(_THING_TAGS) and not flag.startswith("nr") and not _per(word) \
        and any(ch.isalnum() for ch in word)


def _per(word: str) -> bool:
    """每平米, 每吨, 每人: the measure an amount is counted by, not what is counted."""
    return word.startswith("每")


def _run(tagged: Tagged) -> list[str]:
    """The noun phrase at the start of `tagged`: its nouns up to the first other word (after
    a 的 only what follows it: 每度电的补贴 → 补贴)."""
    run: list[str] = []
    for word, flag in tagged:
        if word == "的" and run:
            run = []
        elif _is_thing(word, flag):
            run.append(word)
        elif run or not (flag.startswith(_BETWEEN_TAGS) or word in _COPULA or _per(word)):
            break
    return run


def _asked_of_clause(clause: Tagged, text: str) -> Asked:
    words = [w for w, _ in clause]
    for i, word in enumerate(words):
        # Only a polar question asks whether: 有什么优惠 asks to list what there is, which
        # the text names in its own words (免费赠送, 由财政承担).
        if word in _EXISTS and is_polar(text):
            after = clause[i + 1:]
            first = next(((w, f) for w, f in after if not f.startswith(("r", "m", "q"))), None)
            run = _run(after) if first and _is_thing(*first) else []
            # 有专人对接吗, 有人工接听吗: whether something is done, not whether a thing is
            rest = after[[w for w, _ in after].index(run[-1]) + 1:] if run else []
            if run and not any(f.startswith("v") for _, f in rest):
                return Asked("exists", "".join(run), run[-1])
    for i, word in enumerate(words):
        found = _ASK.search(word)
        if not found or is_polar(text):
            continue
        rest = word[found.end():] + "".join(words[i + 1:])
        if _TIME_AFTER.search(rest):
            return Asked()  # a duration: asked_quantity.asked_quantity reads it
        after = list(clause[i + 1:])
        while after and after[0][1].startswith("q"):  # 多少个入户名额: past the classifier
            after.pop(0)
        run = _run(after)
        if not run:  # X是多少, X每平米多少: the noun phrase before (not past a verb, whose
            # subject is who gives: 政府能补多少)
            before = list(reversed(clause[:i]))
            while before and (before[0][1].startswith(_BEFORE_TAGS) or _per(before[0][0])
                              or before[0][0] in ("是", "为")):
                before.pop(0)
            # … and only a noun right there (给/p 多少: who gives comes before), not one
            # after a modal, which jieba may tag a noun (能/少交 多少: a verb)
            modal = len(before) > 1 and before[1][0] in _COPULA
            run = list(reversed(_run(before))) if before and _is_thing(*before[0]) \
                and not modal else []
        head = run[-1] if run and len(run[-1]) > 1 else ""
        # A classifier jieba keeps in the numeral's word (几支, 几枚) or tags after it (个).
        classifier = word[found.end():found.end() + 1] or \
            (clause[i + 1][0] if i + 1 < len(clause) and clause[i + 1][1].startswith("q") else "")
        return Asked("quantity", "".join(run), head,
                     _unit(rest, word[:found.start()], head, classifier))
    return Asked()


def _unit(after: str, before: str, head: str, classifier: str) -> str:
    if _MONEY_AFTER.search(after):
        return MONEY
    if _SHARE_AFTER.search(after) or before.endswith("百分之") or _SHARE_HEAD.search(head):
        return SHARE
    # 多少个入户名额 counts 个, 几支队伍 支; a bare 多少 (补贴多少, 多少份额) asks any amount.
    return classifier if re.fullmatch(r"[\u4e00-\u9fff]", classifier) else ""


def asked(question: str, tag: Callable[[str], list[tuple[str, str]]]) -> Asked:
    """What the question asks to exist or to be counted, from its first clause that asks so
    (`tag`: the tokenizer's part-of-speech tagging)."""
    for sentence in _SENTENCE.findall(INDEFINITE.sub("些", question)):
        clauses = [c for c in _CLAUSE.split(sentence) if c.strip()]
        # A sentence that ends by asking whether (…摆几台制售机，能办下许可吗？) counts
        # nothing in its earlier clauses: 几台 is "a few".
        polar = len(clauses) > 1 and is_polar(clauses[-1])
        for text in clauses:
            found = _asked_of_clause(tag(text), text)
            if found.frame and not (polar and found.frame == "quantity"):
                return found
    return Asked()


def states(sentence: str, thing: Asked, tokenize: Callable[[str], list[str]],
           said: str = "") -> bool:
    """The sentence names the thing asked — its head, or the head of that compound, its last
    word (a Chinese compound noun ends in its head: 最低标准 is a 标准, 赔偿标准 too) — and,
    for a quantity, prints an amount in the unit asked that `said` (the question) does not."""
    # A rate is stated by the share printed (贴息比例: 按利息的50%给予贴息), named or not.
    named = thing.head and not (thing.unit == SHARE and _SHARE_HEAD.search(thing.head))
    if named and thing.head not in sentence:
        ends = [p for p in tokenize(thing.head)
                if len(p) > 1 and p != thing.head and thing.head.endswith(p)]
        if not any(p in sentence for p in ends):
            return False
    return thing.frame != "quantity" or in_unit(sentence, thing.unit, said)


# Who bears a cost, as official texts say it (由同级财政承担): the amount is nothing to the payer.
_BEARER = re.compile(r"由([^，。；]{1,16})(?:承担|负担|支付)")


def _bearer_said(amount: str, said: str) -> bool:
    """`amount` says who bears the cost, and the question names that bearer already (财政每套
    给补多少钱 against 由同级财政承担): it asks how much the bearer pays, which saying that
    it pays does not tell. The bearer's head, its last two characters (Chinese noun phrases
    are head-final: 同级财政 is a 财政), is what the question would name."""
    bearer = _BEARER.fullmatch(amount)
    return bool(bearer and said and bearer.group(1)[-2:] in said)


_WAIVER = re.compile(r"免[费收交征]|零(?:收费|费用|成本)")
_CLAUSE_MARK = re.compile(r"[，,；;。：:]")


# Characters of grammar (particles, the copula, conjunctions, prepositions) say nothing of
# what a clause is about.
_GRAMMAR_CHARS = frozenset("的了是在和与或及等为对由把被并且也都就还要")


def _waives_another(sentence: str, amount: re.Match[str], said: str) -> bool:
    """A waiver (免费赠送税控设备) makes free what its own clause names: when that clause
    shares fewer than two characters of meaning with the question (刻章 and 免费刻制公章 share
    刻 and 章), it is another thing's price, beside the one asked (…刻制费用由同级财政承担，
    同时免费赠送税控设备)."""
    if not said or not _WAIVER.fullmatch(amount.group()):
        return False
    starts = [m.end() for m in _CLAUSE_MARK.finditer(sentence, 0, amount.start())]
    end = _CLAUSE_MARK.search(sentence, amount.end())
    clause = sentence[starts[-1] if starts else 0:amount.start()] + \
        sentence[amount.end():end.start() if end else len(sentence)]
    shared = {ch for ch in clause if "\u4e00" <= ch <= "\u9fff" and ch in said
              and ch not in _GRAMMAR_CHARS}
    return len(shared) < 2


def in_unit(sentence: str, unit: str, said: str = "") -> bool:
    """An amount in `unit` printed in the sentence (any amount for "": `slots.AMOUNT`, or a
    share of another base spelled out, `assistant.share_of`),
    other than one `said` already prints: a question that says the seed is 免费供应 and asks
    its purchase price is not answered by 免费."""
    from assistant.slots import AMOUNT

    def printed(form: re.Pattern[str]) -> bool:
        return any(m.group() not in said and not _bearer_said(m.group(), said)
                   and not _waives_another(sentence, m, said) for m in form.finditer(sentence))

    if unit == MONEY:  # a share of a sum of money (工资的80%) answers 多少钱 too, but not a
        # share of the sum the question asks (最低工资标准的百分之八十 of 最低工资标准是多少钱)
        return printed(_MONEY) or any(
            m.group() not in said and not restates_base(sentence, m.start(), said)
            for m in _SHARE.finditer(sentence))
    if unit == SHARE:
        return printed(_SHARE)
    if unit:
        return bool(re.search(rf"(?:{_NUMERAL})\s*个?{re.escape(unit)}", sentence))
    return bool(AMOUNT.search(sentence)) or states_share(sentence, said)
