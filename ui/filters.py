"""Choices for the filter dropdowns, built from what is indexed now."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ingest.records import PolicyDocument

ALL = ""  # the "no filter" value of every dropdown


def city_choices(documents: Iterable[PolicyDocument]) -> list[tuple[str, str]]:
    """(label, value) per city, each followed by its counties: 聊城市, 聊城市 · 高唐县, …

    The value is what the core's `city` filter matches against a document's region.
    """
    cities: dict[str, set[str]] = {}
    for doc in documents:
        city = doc.region.get("city") or doc.region.get("province", "")
        if not city:
            continue
        counties = cities.setdefault(city, set())
        if doc.region.get("county"):
            counties.add(doc.region["county"])
    choices = [("全部地区", ALL)]
    for city in sorted(cities):
        choices.append((city, city))
        choices.extend((f"{city} · {county}", county) for county in sorted(cities[city]))
    return choices


def document_choices(documents: Iterable[PolicyDocument], *, everything: str | None = "全部文件"
                     ) -> list[tuple[str, str]]:
    """(《title》 文号, doc_id) per document, newest first as the core lists them."""
    choices = [(everything, ALL)] if everything else []
    choices += [(f"《{d.title}》{d.doc_number}", d.doc_id) for d in documents]
    return choices


def office_choices(offices: Mapping[str, Mapping[str, list]]) -> list[tuple[str, str]]:
    """Offices that lead or share any measure, with how many they lead: 市行政审批局（牵头 12 条）."""
    ranked = sorted(offices.items(), key=lambda item: (-len(item[1]["lead"]), item[0]))
    return [(f"{name}（牵头 {len(v['lead'])} 条，参与 {len(v['shared'])} 条）", name)
            for name, v in ranked]
