"""Query understanding: intent, places, measure numbers, 文号, document references, follow-ups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ingest.cleaning import normalise_chars
from ingest.markers import chinese_number
from ingest.metadata import DOC_NUMBER, normalise_doc_number
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
                  "作废", "还管用", "还算数", "还能用", "还执行", "还在执行", "还有吗", "有效期", "施行", "生效")),
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
_NUMBER_REF = re.compile(r"第\s*([0-9]{1,3}|[一二三四五六七八九十百零两]{1,5})\s*(条|项|点|款|段)"
                         r"|([0-9]{1,3})\s*(?:条|项)(?:措施|规定|内容|讲|说|是)")
_FOLLOWUP_START = re.compile(r"^(?:那|那么|这|这个|这项|这条|它|其|还有|另外|如果|要是|也|又|同样|"
                             r"那个|上面|上述|刚才|再问|顺便|然后|以及|而且|对了)")
_PRONOUNS = ("这事", "这件事", "那件事", "这个", "那个", "这", "那", "它", "其", "呢", "还", "也", "能", "要")
_FOLLOWUP_INSIDE = ("这个", "这项", "这条", "该项", "上述", "它", "那个", "这些", "那些", "上面", "刚才",
                    "也能", "也可以", "也是", "还能")


INTENT_WORDS = tuple(c for _, cues in _INTENT_CUES for c in cues if "." not in c) + _LOOKUP_CUES


@dataclass(frozen=True)
class Place:
    """A place named in a question, resolved to its division and parents."""

    name: str  # as written
    province: str
    city: str = ""
    county: str = ""

    @property
    def level(self) -> str:
        return "county" if self.county else "city" if self.city else "province"


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


# Polar questions: 要不要 / 能不能 / 是不是 (A-not-A), a final 吗 or 不, or a tag question.
A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
POLAR_END = re.compile(r"(?:吗|么|嘛|不|没有|没|否|对吧|是吧|真的假的|对不对|行不行|好不好)[？?！!。\s]*$")
# Question words make it an open question, however it ends (几天能办完吗).
_WH_WORDS = re.compile(r"多少|几|哪|谁|什么|啥|怎么|怎样|如何|多久|多长|多快|何时|为何")


def is_polar(text: str) -> bool:
    """A yes/no question: A-not-A or 是否 (a question word inside is then indefinite:
    是不是得先交够几年社保), or a final 吗/不 or a tag with no question word."""
    if A_NOT_A.search(text) or "是否" in text:
        return True
    return bool(POLAR_END.search(text.strip())) and not _WH_WORDS.search(text)


def coarse_intent(text: str) -> str:
    """The intent without the slot intents: what retrieval prefers a measure to state
    (刻章要钱吗 → benefit, 还有效吗 → general)."""
    return intent_of(text, skip=SLOT_INTENTS)


def intent_of(text: str, skip: tuple[str, ...] = ()) -> str:
    """What the question wants first; `skip` leaves intents out ("compare": what a
    comparison compares, 多长时间 in 分别多长时间)."""
    if _NUMBER_REF.search(text) and any(cue in text for cue in _LOOKUP_CUES):
        return "measure_lookup"
    for intent, cues in _INTENT_CUES:
        if intent in skip:
            continue
        if intent == "yes_no" and is_polar(text):
            return intent
        for cue in cues:
            if (re.search(cue, text) if "." in cue else cue in text):
                return intent
    if _NUMBER_REF.search(text):
        return "measure_lookup"
    return "general"


def is_followup(question: str, turns: tuple[str, ...]) -> bool:
    """A short or pronoun-led question after earlier turns leans on them for its topic."""
    if not turns:
        return False
    q = question.strip()
    return bool(_FOLLOWUP_START.match(q)) or any(w in q for w in _FOLLOWUP_INSIDE) or len(q) <= 10


def topical_part(question: str) -> str:
    """A follow-up without its pronouns and intent cues: what it adds to the earlier topic.

    "那这事归哪个部门管？" adds nothing but the intent; "老企业也能免费拿吗？" adds 老企业.
    """
    text = _FOLLOWUP_START.sub("", question.strip())
    intent_words = (c for intent, c in _INTENT_CUES if intent in ("office", "time_limit"))
    for cues in (_FOLLOWUP_INSIDE, _PRONOUNS, *intent_words):
        for cue in cues:
            if "." not in cue:
                text = text.replace(cue, " ")
    return re.sub(r"[\s？?！!。，,吗呢呀啊吧么]+", " ", text).strip()


def measure_numbers(text: str) -> tuple[str, ...]:
    """'第108条' → ('108', 'art108'); '第十七条' → ('17', 'art17'); '第3段' → ('p3',)."""
    numbers: list[str] = []
    for m in _NUMBER_REF.finditer(text):
        raw = m.group(1) or m.group(3)
        try:
            n = chinese_number(raw)
        except (ValueError, KeyError):
            continue
        # 第3段 names a paragraph of a document without numbering (its unit p3)
        numbers.extend([f"p{n}"] if m.group(2) == "段" else [str(n), f"art{n}"])
    return tuple(dict.fromkeys(numbers))


def referenced_documents(text: str, documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """Documents named by 文号 or by a distinctive part of their title."""
    found: list[str] = []
    for m in DOC_NUMBER.finditer(text):
        wanted = normalise_doc_number(m.group(0))
        found.extend(d.doc_id for d in documents.values()
                     if d.doc_number and normalise_doc_number(d.doc_number) == wanted)
    if found:
        # A notice may carry several documents under one 文号; a title word picks one.
        by_title = _title_matches(text, [documents[i] for i in found])
        return tuple(by_title or found)
    # Only titles sharing a three-character piece with the text can match: the index of
    # those pieces spares comparing the text with every title (664 of them at 100×).
    parts, pieces = _title_index(documents)
    candidates = set().union(*(pieces.get(text[i:i + 3], ()) for i in range(len(text) - 2)))
    return tuple(_title_matches(text, [d for d in documents.values() if d.doc_id in candidates],
                                parts))


_GENERIC_TITLE = ("优化营商环境", "营商环境", "关于", "进一步", "市场主体", "若干")


def _title_matches(text: str, documents: list[PolicyDocument],
                   parts: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Documents whose title shares a distinctive run of 4+ characters with the text."""
    scored = []
    for doc in documents:
        title_parts = parts[doc.doc_id] if parts is not None else _title_parts(doc)
        best = max((len(run) for run in _common_runs(text, title_parts)), default=0)
        if best >= 3:
            scored.append((best, doc.doc_id))
    if not scored:
        return []
    top = max(s for s, _ in scored)
    return [doc_id for s, doc_id in scored if s == top]


def _title_parts(doc: PolicyDocument) -> tuple[str, ...]:
    """The distinctive parts of a title: without its places and generic words."""
    title = doc.title
    # A place names where, not which document: 高唐县 alone must not pick 高唐's document.
    for name in doc.region.values():
        title = title.replace(name, "|").replace(name[:-1], "|") if len(name) > 2 else title
    for generic in _GENERIC_TITLE:
        title = title.replace(generic, "|")
    return tuple(part.strip("《》“”") for part in title.split("|"))


class _PerDocuments:
    """`fn(documents)` remembered for the last `size` document dicts, by identity: a catalog's
    dict never changes, and a reloaded catalog brings a new one (so few are held on to)."""

    def __init__(self, fn, size: int = 1):
        self.fn, self.size = fn, size
        self._entries: list[tuple[dict, int, object]] = []

    def __call__(self, documents: dict):
        for held, length, value in self._entries:
            if held is documents and length == len(documents):
                return value
        value = self.fn(documents)
        self._entries = [(documents, len(documents), value), *self._entries[:self.size - 1]]
        return value


def _build_title_index(documents: dict[str, PolicyDocument]):
    parts = {doc_id: _title_parts(doc) for doc_id, doc in documents.items()}
    pieces: dict[str, set[str]] = {}
    for doc_id, doc_parts in parts.items():
        for part in doc_parts:
            for i in range(len(part) - 2):
                pieces.setdefault(part[i:i + 3], set()).add(doc_id)
    return parts, pieces


_title_index = _PerDocuments(_build_title_index)


def _common_runs(a: str, parts: tuple[str, ...]):
    """Common substrings of a and the title parts (longest-first search over each part)."""
    for part in parts:
        for size in range(len(part), 2, -1):
            for i in range(len(part) - size + 1):
                if part[i:i + size] in a:
                    yield part[i:i + size]
                    break
            else:
                continue
            break


@cache
def _division_tree():
    from ingest.metadata import jionlp_module

    return jionlp_module().china_location_loader(detail=False)


@cache
def gazetteer(corpus_regions: frozenset[tuple[str, str, str]]) -> tuple[tuple[str, Place], ...]:
    """Names of administrative divisions (jionlp's gazetteer), longest first.

    Full names always; short aliases (聊城, 济南) for provinces and cities, and for counties only
    inside the cities the corpus covers (short county names like 和平 are too ambiguous).
    """
    corpus_cities = {(p, c) for p, c, _ in corpus_regions}
    names: dict[str, Place] = {}
    for province, pdata in _division_tree().items():
        place = Place(province, province)
        _add(names, pdata, place)
        for city, cdata in pdata.items():
            if city.startswith("_"):
                continue
            city_place = Place(city, province, city)
            _add(names, cdata, city_place)
            for county, kdata in cdata.items():
                if county.startswith("_") or not isinstance(kdata, dict):
                    continue
                county_place = Place(county, province, city, county)
                _add(names, kdata, county_place, aliases=(province, city) in corpus_cities)
    return tuple(sorted(names.items(), key=lambda kv: len(kv[0]), reverse=True))


def _add(names: dict[str, Place], data: dict, place: Place, aliases: bool = True) -> None:
    full = data.get("_full_name") or place.name
    names.setdefault(full, place)
    if not aliases:
        return
    alias = data.get("_alias") or []
    for name in [alias] if isinstance(alias, str) else alias:
        if len(name) >= 2 and name != full:
            names.setdefault(name, place)


@cache
def _gazetteer_by_start(corpus_regions: frozenset[tuple[str, str, str]]):
    """Gazetteer positions by each name's first two characters (names shorter: under "")."""
    by_start: dict[str, list[int]] = {}
    for rank, (name, _) in enumerate(gazetteer(corpus_regions)):
        by_start.setdefault(name[:2] if len(name) >= 2 else "", []).append(rank)
    return by_start


def places_in(text: str, corpus_regions: frozenset[tuple[str, str, str]]) -> tuple[Place, ...]:
    # Only names whose first two characters occur can match: looking each of the thousands
    # of names up in the text was 7 % of a query's time. Same names, same (longest-first) order.
    names, by_start = gazetteer(corpus_regions), _gazetteer_by_start(corpus_regions)
    ranks = set(by_start.get("", ()))
    for i in range(len(text) - 1):
        ranks.update(by_start.get(text[i:i + 2], ()))
    return find_names(text, (names[rank] for rank in sorted(ranks)))


def find_names(text: str, named: Iterable[tuple[str, Place]]) -> tuple[Place, ...]:
    """Each (name, place) whose name occurs in the text where no earlier name matched."""
    found: list[Place] = []
    covered: list[tuple[int, int]] = []
    for name, place in named:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s < end and start < e for s, e in covered):
                covered.append((start, end))
                found.append(Place(name, place.province, place.city, place.county))
            start = text.find(name, end)
    return tuple(dict.fromkeys(found))


def _regions(documents: dict[str, PolicyDocument]) -> frozenset[tuple[str, str, str]]:
    return frozenset((d.region.get("province", ""), d.region.get("city", ""),
                      d.region.get("county", "")) for d in documents.values())


_regions_of = _PerDocuments(_regions, size=2)


def regions_of(documents: dict[str, PolicyDocument]) -> frozenset[tuple[str, str, str]]:
    """(province, city, county) of every document."""
    return _regions_of(documents)


def understand(question: str, turns: tuple[str, ...] | list[str], documents: dict[str, PolicyDocument],
               filters: dict | None = None) -> Query:
    """Everything retrieval and answering need to know about a question in its conversation."""
    question = normalise_chars(question).strip()
    turns = tuple(normalise_chars(t).strip() for t in turns if t and t.strip())
    followup = is_followup(question, turns)
    context = " ".join((*turns[-2:], topical_part(question))) if followup else question
    regions = regions_of(documents)
    places = places_in(question, regions) or (places_in(" ".join(turns), regions) if followup else ())
    numbers = measure_numbers(question) or (measure_numbers(turns[-1]) if followup and turns else ())
    doc_ids = referenced_documents(question, documents) or (
        referenced_documents(" ".join(turns), documents) if followup else ())
    # Places act through filters and ranking; left in the text they would pull every measure
    # of the local document above the one measure that answers (高唐 … 担保费率).
    for place in places:
        context = context.replace(place.name, " ")
    intent = intent_of(question)
    if intent == "general" and followup and turns:
        intent = intent_of(turns[-1])
    return Query(question, turns, context, intent, followup, places, numbers, doc_ids, dict(filters or {}))
