"""Query understanding: intent, places, measure numbers, 文号, document references, follow-ups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import conversation
from assistant.document_refs import (
    DOCUMENT_WORDS,
    NUMBER_REF,
    about_place_not_national,
    document_naming,
    documents_of_place_and_kind,
    measure_numbers,
    of_years,
    own_counterparts,
    referenced_documents,
    without_titles,
    years_in,
    years_named,
)
from assistant.in_force import IN_FORCE_VERB
from assistant.place_names import (
    ISSUED_BY_PLACE,
    Place,
    most_specific,
    place_rank,
    places_in,
    plausible,
    regions_of,
    without_origins,
)
from ingest.cleaning import normalise_chars
from ingest.doc_numbers import DOC_NUMBER
from ingest.markers import ORGAN_END
from ingest.records import PolicyDocument

INTENTS = ("time_limit", "office", "benefit", "eligibility", "measure_lookup", "compare", "general",
           "validity", "amount", "yes_no")
#: Intents that name the slot an answer fills, under a coarser intent retrieval works with:
#: 刻章要钱吗 is answered 需要/不需要 (yes_no) from a measure chosen as for a benefit.
SLOT_INTENTS = ("validity", "amount", "yes_no")

# Cue words per intent, strongest first; the first intent with a cue wins (see `intent_of`).
# yes_no has no cue words: a polar question is told by its form (`is_polar`).
_INTENT_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("compare", ("比较", "对比", "区别", "不同", "差别", "分别", "哪个更", "哪里更", "各自", "都有什么",
                 "有什么不一样", "两地", "和.{1,6}比")),
    ("validity", ("有效吗", "还有效", "仍有效", "是否有效", "有没有效", "失效", "过期", "到期", "废止",
                  "作废", "还管用", "还算数", "还能用", "还执行", "还在执行", "还有吗", "有效期", "施行", "生效",
                  "开始施行", "开始实施", "开始执行", "施行日期", "生效日期", "实施日期")),
    ("office", ("哪个部门", "什么部门", "哪个单位", "哪些部门", "哪些单位", "谁负责", "谁管", "归谁",
                "归哪", "找谁", "找哪", "牵头", "负责单位", "负责部门", "责任单位", "主管", "谁来",
                "哪个局", "哪家")),
    ("time_limit", ("多久", "多长时间", "几天", "多少天", "几个工作日", "多少个工作日", "时限", "期限",
                    "什么时候", "何时", "多快", "截止", "时间", "几小时", "多少小时", "当天", "啥时候",
                    "几个月")),
    # 多少 after the time cues: 多少天 asks a time, 多少钱 / 比例是多少 an amount.
    ("amount", ("多少", "多大", "多高", "几折", "几成", "几倍", "几万", "上限", "额度", "标准是")),
    ("yes_no", ()),
    ("benefit", ("要钱", "收费", "免费", "费用", "补贴", "优惠", "减免", "折扣", "多少钱", "好处",
                 "扶持", "奖励", "费率", "份额", "税", "打折", "花钱", "出钱", "掏钱", "给什么", "能得到",
                 "有啥", "支持")),
    ("eligibility", ("能不能", "可不可以", "可以吗", "能享受", "适用", "符合", "条件", "也能", "也可以",
                     "算不算", "有没有资格", "能否", "享受")),
)
#: Every cue word, for telling a question's subject from its question words.
INTENT_WORDS = ()  # filled below

_LOOKUP_CUES = ("讲的什么", "讲什么", "说的什么", "说什么", "内容", "原文", "是什么", "写的什么", "规定了什么",
                "讲了啥", "说了啥", "是啥", "啥内容")
_NUMBER_REF = NUMBER_REF

INTENT_WORDS = tuple(c for _, cues in _INTENT_CUES for c in cues if "." not in c) + _LOOKUP_CUES


@dataclass(frozen=True)
class Query:
    question: str
    turns: tuple[str, ...]
    search_text: str  # what retrieval embeds and tokenises (follow-ups carry earlier turns)
    intent: str
    is_followup: bool
    places: tuple[Place, ...] = ()
    measure_numbers: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()  # documents the question names (文号, title)
    filters: dict = field(default_factory=dict)
    own_place_only: bool = False  # the documents issued by the place itself (临清自己出台的措施)
    # It asks when the named documents themselves apply (这个办法有效期到什么时候？), not what a
    # measure inside them says.
    asks_document_validity: bool = False
    # A follow-up that adds nothing but what it asks (这个归哪个部门负责？, 要多久？): it asks
    # of what the last answer cited.
    asks_of_last_answer: bool = False
    # A follow-up whose only words of its own are a place, a year or a document (那聊城呢？,
    # 那2022年的行动计划里是怎么说的？): the earlier question, asked there.
    changes_setting: bool = False


# Polar questions: 要不要 / 能不能 / 是不是 (A-not-A), a final 吗 or 不, or a tag question.
A_NOT_A = conversation.A_NOT_A
POLAR_END = re.compile(r"(?:吗|么|嘛|不|没有|没|否|对吧|是吧|真的假的|对不对|行不行|好不好)[？?！!。\s]*$")
# Question words make it an open question, however it ends (几天能办完吗).
WH_WORDS = re.compile(r"多少|几|哪|谁|什么|啥|怎么|怎样|如何|多久|多长|多快|何时|为何")


def is_polar(text: str) -> bool:
    """A yes/no question: A-not-A or 是否 (a question word inside is then indefinite:
    是不是得先交够几年社保), or a final 吗/不 or a tag with no question word."""
    if A_NOT_A.search(text) or "是否" in text:
        return True
    return bool(POLAR_END.search(text.strip())) and not WH_WORDS.search(text)


def coarse_intent(text: str) -> str:
    """The intent without the slot intents: what retrieval prefers a measure to state
    (刻章要钱吗 → benefit, 还有效吗 → general)."""
    return intent_of(text, skip=SLOT_INTENTS)


_CLAUSE_BREAK = re.compile(r"[，,；;。？?！!：:]")
# 几 after 好/十 or before 十/百/千 counts vaguely; after 第/那/这 it picks one out (第几条,
# 那几条): neither asks a quantity.
INDEFINITE = re.compile(r"(?<=[好十第那这哪])几|几(?=[十百千万])")


def asking_clauses(text: str) -> list[str]:
    """The clauses that carry the question: those holding a question word or asking yes/no,
    else the last one (…的办理时限). The others only set the situation: in 让员工延长工作时间，
    加班费最少按多少算？ the 时间 of the first clause asks nothing, 多少 asks an amount; nor does
    an indefinite 几 (厂子停工好几个月了) ask."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    return [c for c in clauses if WH_WORDS.search(INDEFINITE.sub("些", c)) or is_polar(c)] \
        or clauses[-1:]


def intent_of(text: str, skip: tuple[str, ...] = ()) -> str:
    """What the question wants first, read from the clauses that ask (`asking_clauses`), else
    from the whole question; a comparison from the whole question, whose clauses may name
    its sides. `skip` leaves intents out ("compare": what a comparison compares, 多长时间 in
    分别多长时间)."""
    if _NUMBER_REF.search(text) and any(cue in text for cue in _LOOKUP_CUES):
        return "measure_lookup"
    if "compare" not in skip and _cued(text, tuple(i for i in INTENTS if i != "compare")):
        return "compare"
    asking = "，".join(asking_clauses(text))
    if asking != text:
        found = _cued(asking, skip + ("compare",))
        if found:
            return found
    found = _cued(text, skip)
    if found:
        return found
    if _NUMBER_REF.search(text):
        return "measure_lookup"
    return "general"


def _cued(text: str, skip: tuple[str, ...] = ()) -> str:
    """The first intent (in `_INTENT_CUES` order) a cue of which the text holds, "" for none."""
    for intent, cues in _INTENT_CUES:
        if intent in skip:
            continue
        if intent == "yes_no" and is_polar(text):
            return intent
        for cue in cues:
            if (re.search(cue, text) if "." in cue else cue in text):
                return intent
    return ""


def understand(question: str, turns: tuple[str, ...] | list[str], documents: dict[str, PolicyDocument],
               filters: dict | None = None, words: conversation.Words | None = None,
               answered: str = "") -> Query:
    """Everything retrieval and answering need to know about a question in its conversation.

    `words`: the distinctive words of a text, for telling a follow-up from a new question
    (the index's tokenizer; by default pairs of characters); `answered`: the text of the
    units the answer to the last turn cited.
    """
    question = normalise_chars(question).strip()
    turns = tuple(normalise_chars(t).strip() for t in turns if t and t.strip())
    regions = regions_of(documents)
    own_places = without_origins(plausible(places_in(question, regions), question, regions),
                                 question)
    words = words or conversation.char_pairs
    # What names a document (那2022年的行动计划里呢？) changes the document searched, not the subject.
    naming = document_naming(question, documents)
    kind = conversation.relation(question, turns, words, INTENT_WORDS, [p.name for p in own_places],
                                 naming, answered)
    followup = kind != conversation.NEW
    # Words of its own that only repeat the earlier question's (那2022年的行动计划对出口退税又是
    # 怎么说的？ after one on 出口退税) name no other subject; an ask of its own (那印江县那个条例
    # 是哪天开始施行的？ after 还管用吗) is another question of the new setting.
    setting = [p.name for p in own_places]
    # What it asks beside the subject it repeats (出口退税's 税 asks for no benefit).
    own_ask = _without(question, words(turns[-1])) if kind == conversation.CARRY else question
    changes_setting = kind == conversation.CARRY and bool(setting or naming or years_in(question)) \
        and not (words(A_NOT_A.sub(" ", conversation.topical_part(
            conversation.own_question(question, words), INTENT_WORDS, setting, naming)))
                 - words(turns[-1])) \
        and intent_of(own_ask) in ("general", intent_of(turns[-1]))
    earlier = " ".join(turns)
    earlier_places = plausible(places_in(earlier, regions), earlier, regions) \
        if followup else ()
    named_places = own_places or earlier_places
    places = most_specific(named_places, question if own_places else earlier)
    years = years_named(question)
    if followup and not years and not naming:  # its own document (聊政字〔2020〕25号) has its own year
        # 那2022年的呢？ after a question naming the 2020 document: the year replaces its year.
        years = (years_in(question) if years_named(earlier) else set()) or years_named(earlier)
    if kind == conversation.CARRY:
        # A follow-up naming its own place or year asks the earlier question there/then.
        replaced = [p.name for p in earlier_places] if own_places else []
        replaced += [f"{y}年" for y in sorted(years_named(earlier))] if years_in(question) else []
        # One naming its own document asks the earlier question of it, not of the earlier one.
        replaced += document_naming(earlier, documents) if naming else []
        context = " ".join((conversation.carried_turns(turns, replaced),
                            conversation.topical_part(question, _CARRIED_CUES, (), naming)))
    elif kind == conversation.SHIFT:
        # The new subject, asked what the question asks, else what the earlier turn asked.
        context = " ".join((conversation.topical_part(question, (), (), naming),
                            conversation.asked_words(question, INTENT_WORDS)
                            or conversation.asked_words(turns[-1], INTENT_WORDS)))
    else:
        context = conversation.own_question(question, words)
    # 「那X呢？」 and nothing else: X is a subject, not an ask (纳税人's 税 asks nothing); one of
    # the earlier subject's kind (小规模纳税人 after 一般纳税人: the same head) takes its place in
    # the earlier question, whose matter and ask stay (办税务注销要多久).
    subject = conversation.bare_subject(question, words, INTENT_WORDS) if followup else ""
    swapped = conversation.swapped_subject(turns[-1], subject, words) if subject else ""
    context = swapped or context
    numbers = measure_numbers(question) or (
        measure_numbers(turns[-1]) if kind == conversation.CARRY else ())
    def named_in(text: str) -> tuple[str, ...]:
        # A title matched in a place the question does not name is not the one meant.
        found = referenced_documents(text, documents)
        return tuple(d for d in found if any(place_rank(p, documents[d]) is not None
                                             for p in places)
                     and not about_place_not_national(text, documents[d], places, documents)
                     ) if places else found

    doc_ids = named_in(question)
    if not doc_ids and followup:
        # A follow-up naming its own place asks the earlier question of that place's document.
        doc_ids = own_counterparts(named_in(earlier), own_places, documents)
    doc_ids = _of_year(doc_ids, years, places, documents) or doc_ids
    by_place = documents_of_place_and_kind(question, own_places, documents)
    if by_place:
        # Named by place, year and kind (辽宁省条例, 聊城2020年的措施; each place its own year):
        # a title matched on subject words elsewhere (a national letter on 不动产登记) is not
        # the one meant, one of the place's own may be.
        doc_ids = tuple(dict.fromkeys([*by_place, *(
            d for d in doc_ids if any(place_rank(p, documents[d]) == 0 for p in own_places))]))
    # A place that only says where another one is (上海 of 上海嘉定区) is dropped above, but
    # one heading a document the question names is a side of its own (四川省优化营商环境条例和
    # 德阳市的条例).
    sides = [p for p in named_places if p in places
             or any(place_rank(p, documents[d]) == 0 for d in doc_ids)]
    by_division: dict[tuple[str, str, str], Place] = {}
    for place in sides:  # a division once, as first named (静安区 … 静安)
        by_division.setdefault((place.province, place.city, place.county), place)
    places = tuple(by_division.values())
    # Places act through filters and ranking; left in the text they would pull every measure
    # of the local document above the one measure that answers (高唐 … 担保费率).
    for place in named_places:
        context = context.replace(place.name, " ")
    intent = intent_of(own_ask if changes_setting else question)
    if (intent == "general" or subject) and followup:
        intent = intent_of(turns[-1])
    # Nothing of its own — no place, year, document, number, nor a subject the last answer's
    # units do not name (通关时间 in a measure it cited) — is asked of those units.
    own = words(A_NOT_A.sub(" ", conversation.topical_part(
        conversation.own_question(question, words), INTENT_WORDS)))
    # 这个办法 / 这份文件 points at a document, not at the unit cited: the document rules answer.
    of_last = kind == conversation.CARRY and not own_places and not naming \
        and not years_in(question) and not measure_numbers(question) \
        and not any(word in question for word in DOCUMENT_WORDS) \
        and not (own - conversation.governed_words(question, words) - words(answered))
    return Query(question, turns, context, intent, followup, places, numbers, doc_ids,
                 dict(filters or {}), bool(places and ISSUED_BY_PLACE.search(question)),
                 _asks_document_validity(question, intent, doc_ids, places, documents, words),
                 of_last, changes_setting)


def _without(text: str, subject: set[str]) -> str:
    """The text without the words of a subject (出口退税's 税 asks for no benefit)."""
    for word in sorted(subject, key=len, reverse=True):
        text = text.replace(word, " ")
    return text


def _asks_document_validity(question: str, intent: str, doc_ids: tuple[str, ...],
                            places: tuple[Place, ...], documents: dict[str, PolicyDocument],
                            words: conversation.Words) -> bool:
    """A validity question (or a comparison of validity) about named documents that says
    nothing besides naming them: 这个办法有效期到什么时候？, 北京接诉即办工作条例和潍坊12345热线
    条例分别是从什么时候开始施行的？ — not 签证有效期是几年 of a measure inside one."""
    asked = intent_of(question, skip=("compare",)) if intent == "compare" else intent
    # Documents pinned down: no more files than places named (广州…的管理办法 matching every
    # 广州 管理办法 by its kind alone pins none down).
    if asked != "validity" or not 0 < len({documents[d].source for d in doc_ids}) <= max(1, len(places)):
        return False
    rest = conversation.without_places(question, [p.name for p in places])
    # The issuer named in short (人大常委会 for 人民代表大会常务委员会) names the document as
    # its title does, and so do the words inside that name (人大, 常委).
    organs = {w for w in words(rest) if ORGAN_END.search(w)}
    # A 文号 names the document as its title does.
    rest = without_titles(DOC_NUMBER.sub(" ", rest), [documents[d] for d in doc_ids])
    # What is left may still ask (能用几年, 管几年) or name how a document takes effect (从哪天
    # 执行): neither is a matter inside the document (签证有效期是几年).
    return not {w for w in words(conversation.topical_part(rest, INTENT_WORDS))
                if not WH_WORDS.search(w) and not re.fullmatch(IN_FORCE_VERB, w)
                and not any(w in organ for organ in organs)}


# What a follow-up's own question words are dropped for: the earlier turn says what it is about.
_CARRIED_CUES = tuple(c for intent, cues in _INTENT_CUES if intent in ("office", "time_limit")
                      for c in cues if "." not in c)


def _of_year(doc_ids: tuple[str, ...], years: set[str], places: tuple[Place, ...],
             documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """The documents the question names or whose place it names, narrowed to the year it names
    (聊城2020年那份 → the 2020 measures, not the 2022 plan); () when no year narrows them."""
    if not years:
        return ()
    of_place = tuple(d.doc_id for d in documents.values()
                     if any(place_rank(p, d) is not None for p in places))
    # A year the named documents do not go by names another one of the place (那2022年的呢？,
    # 2020年的措施和2022年的行动计划).
    found: list[str] = []
    for year in sorted(years):
        # A year names a document only when one goes by it (several: it names none of them).
        of_year = of_years(doc_ids, {year}, documents) or of_years(of_place, {year}, documents)
        found += of_year if len(of_year) == 1 else ()
    return tuple(dict.fromkeys(found))
