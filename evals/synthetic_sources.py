"""What a synthetic corpus (`evals.synthetic`) is made from: the real measures, other places.

The real measures come from parsing the shipped corpus (articles left out), each without
its number and responsibility line; the places are the cities and counties of PROVINCES in
jionlp's gazetteer, of which the real corpus covers none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROVINCES = ("山东省", "山西省")
_ZONES = ("开发区", "高新", "示范区", "园区")  # development zones are not issuers


@dataclass(frozen=True)
class Place:
    """A city or county of the gazetteer the synthetic documents are issued by."""

    province: str
    city: str
    county: str
    short: str  # 临清, 冠县 (a county's short name keeps 县 when it is one character)
    code: str  # administrative code, for file names

    @property
    def name(self) -> str:
        """As an issuer writes it: 临清市, 济南市历下区."""
        if self.county.endswith("区"):
            return self.city + self.county
        return self.county or self.city

    @property
    def own(self) -> str:
        return self.county or self.city

    @property
    def level_char(self) -> str:
        """The prefix of its offices: 市财政局, 县财政局, 区财政局."""
        return (self.county or self.city)[-1] if (self.county or self.city)[-1] in "市县区" else "市"


@dataclass(frozen=True)
class SourceMeasure:
    """A real measure, ready to be reused: its body without number or responsibility line."""

    source: str
    number: str
    doc_id: str
    region: tuple[str, str, str]  # province, city, county of its document
    area: str  # part heading
    topic: str  # group heading (or the part heading when there is none)
    body: str
    lead: tuple[str, ...]
    shared: tuple[str, ...]
    person: str



@cache
def division_tree() -> dict:
    from ingest.places import jionlp_module

    return jionlp_module().china_location_loader(detail=False)


def gazetteer_places(exclude: Iterable[str] = ()) -> list[Place]:
    """Cities and counties of PROVINCES, in the gazetteer's order, minus `exclude` (full names)."""
    skip = set(exclude)
    found = []
    for province in PROVINCES:
        for city, cdata in division_tree()[province].items():
            if city.startswith("_"):
                continue
            if city not in skip:
                found.append(Place(province, city, "", alias(cdata, city), cdata["_admin_code"]))
            for county, kdata in cdata.items():
                if (county.startswith("_") or not isinstance(kdata, dict) or county in skip
                        or county[-1] not in "市县区" or any(w in county for w in _ZONES)):
                    continue
                found.append(Place(province, city, county, alias(kdata, county),
                                   kdata["_admin_code"]))
    return found


def alias(data: dict, full: str) -> str:
    alias = data.get("_alias") or full
    alias = alias[0] if isinstance(alias, list) else alias
    return alias if len(alias) >= 2 else full


def source_measures(corpus_dir: Path) -> tuple[list[SourceMeasure], int, set[str]]:
    """The real measures (articles left out), every unit's count, and the places covered."""
    from ingest.pipeline import parse_paths

    report = parse_paths([corpus_dir])
    pool, covered, total = [], set(), 0
    for doc in report.documents:
        region = (doc.region.get("province", ""), doc.region.get("city", ""),
                  doc.region.get("county", ""))
        covered.add(region[2] or region[1])
        total += len(doc.measures)
        for m in doc.measures:
            if m.kind != "measure":
                continue
            body = re.sub(r"^(?:\d{1,3}\s*[.．、]|（[一二三四五六七八九十百]+）)\s*", "", m.text)
            body = _without_responsibility(re.sub(r"\s*\n\s*", "", body)).strip()
            area = m.section[0] if m.section else "主要任务"
            pool.append(SourceMeasure(m.source, m.number, m.doc_id, region, area,
                                      m.section[-1] if m.section else area, body,
                                      m.lead_offices, m.offices, m.person))
    return pool, total, covered


def _without_responsibility(text: str) -> str:
    """The text without its （牵头单位：…） brackets (a layout writes its own, or none)."""
    from ingest.markers import RESPONSIBILITY_INLINE

    while m := RESPONSIBILITY_INLINE.search(text):
        depth, end = 0, len(text)
        for i in range(m.start(), len(text)):
            if text[i] in "（〔[【(":
                depth += 1
            elif text[i] in "）〕]】)":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        text = text[:m.start()] + text[end:]
    return text


def place_renamer(region: tuple[str, str, str], place: Place):
    """Replace the source document's place names with the new place's (longest name first)."""
    tree = division_tree()
    province, city, county = region
    names: dict[str, str] = {}
    if county:
        data = tree[province][city][county]
        names.update({county: place.own, alias(data, county): place.short})
    if city:
        data = tree[province][city]
        target_city = place.city
        names.update({city: target_city, alias(data, city): target_city[:-1]
                      if target_city.endswith("市") else target_city})
        if not county:  # a city's own document: its city names become the new place's
            names.update({city: place.own, alias(data, city): place.short})
    if province and province != place.province:
        names.update({province: place.province, province[:2]: place.province[:2]})
    names = {k: v for k, v in names.items() if k and k != v}
    if not names:
        return lambda text: text
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    return lambda text: pattern.sub(lambda m: names[m.group(0)], text)
