"""Places named in a question: the gazetteer of administrative divisions, and the regions the
indexed documents cover."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.per_documents import PerDocuments
from ingest.places import aliases, divisions
from ingest.records import PolicyDocument


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



@cache
def gazetteer(corpus_regions: frozenset[tuple[str, str, str]]) -> tuple[tuple[str, Place], ...]:
    """Names of administrative divisions (jionlp's gazetteer), longest first.

    Full names always; short aliases (聊城, 济南) for provinces and cities, and for counties only
    inside the cities the corpus covers (short county names like 和平 are too ambiguous).
    """
    corpus_cities = {(p, c) for p, c, _ in corpus_regions}
    names: dict[str, Place] = {}
    for path, data in divisions():
        place = Place(path[-1], *path)
        names.setdefault(data.get("_full_name") or place.name, place)
        if len(path) < 3 or path[:2] in corpus_cities:
            for name in aliases(data):
                if len(name) >= 2:
                    names.setdefault(name, place)
    return tuple(sorted(names.items(), key=lambda kv: len(kv[0]), reverse=True))


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


def plausible(places: tuple[Place, ...], text: str,
              corpus_regions: frozenset[tuple[str, str, str]]) -> tuple[Place, ...]:
    """The places of `places_in(text)` a reader takes for places: a county with no document of
    its own, named by its short form alone (新建 of 新建区), is an ordinary word where the text
    puts the matter in another place outside that county's city (长宁区有企业新建光伏, 印江县新建
    的市场): an enterprise is in one place. A county the corpus holds documents of stays a
    place (聊城和永济 compares two)."""
    def short(place: Place) -> bool:
        return place.level == "county" and place.name != place.county \
            and place.name + place.county[-1] not in text

    def word(place: Place) -> bool:
        return short(place) and (place.province, place.city, place.county) not in corpus_regions

    settled = [p for p in places if not short(p)]
    return tuple(p for p in places if not word(p)
                 or all(q.province == p.province and q.city in ("", p.city) for q in settled))


# Where a person is registered or comes from (户口在湖南, 湖南户口, 湖南籍, 老家是湖南): said of the
# asker, not of the matter asked, which is where they live or work (现在住在广州).
_ORIGIN_BEFORE = re.compile(r"(?:户口|户籍|籍贯|老家|原籍)(?:在|是|属于)?$")
_ORIGIN_AFTER = re.compile(r"^(?:省|市|县|区)?(?:户口|户籍|籍)")


def without_origins(places: tuple[Place, ...], text: str) -> tuple[Place, ...]:
    """`places` less those named only as where someone is registered or comes from, when
    another place is named: 户口在湖南，现在住在广州 and 湖南户口在广州 ask of 广州."""
    def origin(place: Place, before: bool) -> bool:
        starts = [m.start() for m in re.finditer(re.escape(place.name), text)]
        return bool(starts) and all(
            (before and _ORIGIN_BEFORE.search(text[max(0, s - 4):s]))
            or _ORIGIN_AFTER.search(text[s + len(place.name):]) for s in starts)

    # 湖南户口在广州: the place printed before 户口 is the origin; 在 then says where one is
    for before in (True, False):
        kept = tuple(p for p in places if not origin(p, before))
        if kept:
            return kept
    return places


_COORDINATOR = re.compile(r"[和与及、跟同比]|还是")
_BETWEEN = 16  # characters between two places joined as sides (北京2016年和福建…)


def coordinated(text: str, places: Iterable[Place]) -> set[Place]:
    """The places joined to the next one named by a coordinator, near (北京2016年和福建2015年的…,
    高唐和聊城): the sides of a comparison."""
    spans = sorted(((text.find(p.name), p) for p in places if text.find(p.name) >= 0),
                   key=lambda span: span[0])
    joined: set[Place] = set()
    for (a, first), (b, second) in zip(spans, spans[1:], strict=False):
        if _COORDINATOR.search(text[a + len(first.name):b]) and b - a - len(first.name) <= _BETWEEN:
            joined |= {first, second}
    return joined


def most_specific(places: tuple[Place, ...], text: str) -> tuple[Place, ...]:
    """The places without those that only say where another one is (上海 of 上海嘉定区, 聊城 of
    聊城高唐县) and without a division named twice (嘉定区 … 嘉定): one place, not two sides —
    unless the text joins them as sides (高唐和聊城市里都有吗)."""
    kept: dict[tuple[str, str, str], Place] = {}
    for place in places:
        kept.setdefault(_division(place), place)
    sides = coordinated(text, kept.values())
    chains = {d: _chain(*d) for d in kept}
    return tuple(p for d, p in kept.items() if p in sides
                 or not any(len(c) > len(chains[d]) and c[:len(chains[d])] == chains[d]
                            for c in chains.values()))


def _division(place: Place) -> tuple[str, str, str]:
    return place.province, place.city, place.county


def _regions(documents: dict[str, PolicyDocument]) -> frozenset[tuple[str, str, str]]:
    return frozenset((d.region.get("province", ""), d.region.get("city", ""),
                      d.region.get("county", "")) for d in documents.values())


_regions_of = PerDocuments(_regions, size=2)


def regions_of(documents: dict[str, PolicyDocument]) -> frozenset[tuple[str, str, str]]:
    """(province, city, county) of every document."""
    return _regions_of(documents)


NATIONAL_RANK = 3
# A question about what a place itself issued (临清市自己出台的措施, 高唐印发的文件): only its own
# documents answer it, not those of the levels above.
ISSUED_BY_PLACE = re.compile(r"(?:自己|自身|本级|本地)(?:出台|发布|印发|制定)?的"
                             r"|(?:出台|发布|印发|制定)的(?:政策|文件|措施|规定|方案|意见|办法|计划)")


def place_rank(place: Place, doc: PolicyDocument) -> int | None:
    """How local a document is to a place an enterprise is in: 0 the place's own, 1 and 2 the
    levels above it (city, province), 3 national; None for another place (a sibling county)
    and for a place below it: a county's document binds that county only, so it never answers
    for its city or the city's other counties."""
    if doc.level == "national":
        return NATIONAL_RANK
    want = _chain(place.province, place.city, place.county)
    have = _chain(*(doc.region.get(k) for k in ("province", "city", "county", "town")))
    if not have:
        return None
    if len(have) <= len(want) and want[:len(have)] == have:
        return len(want) - len(have)
    return None


def inside(place: Place, doc: PolicyDocument) -> bool:
    """Whether the document was issued by a place inside `place` (聊城's, for 山东)."""
    want = _chain(place.province, place.city, place.county)
    have = _chain(*(doc.region.get(k) for k in ("province", "city", "county", "town")))
    return doc.level != "national" and len(have) > len(want) and have[:len(want)] == want


def answered_from_inside(places: Iterable[Place],
                         documents: dict[str, PolicyDocument]) -> list[Place]:
    """The provinces named that issued no indexed document but hold places that did: a
    province's own rules are then unknown to the corpus, and what its cities issued is all it
    holds on the province (山东高速 … when only 聊城's plan is indexed). A city or county without
    a document of its own is answered from the levels above it instead."""
    return [p for p in places if p.level == "province"
            and not any(place_rank(p, d) == 0 for d in documents.values())
            and any(inside(p, d) for d in documents.values())]


def _chain(*names: str | None) -> tuple[str, ...]:
    """A place from the top down, a 直辖市 named once (上海市 is province and city)."""
    chain: list[str] = []
    for name in names:
        if not name:
            break
        if not chain or chain[-1] != name:
            chain.append(name)
    return tuple(chain)
