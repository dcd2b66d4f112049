"""An enterprise is subject to every level above it: a question naming a place is answered
from that place's documents and its city's, province's and the national ones, most local
first; never from a sibling place, nor from a place below it (a county's document binds that
county only). (Expected ranks written from the administrative map.)"""

from __future__ import annotations

import pytest

from assistant.place_names import (
    Place,
    answered_from_inside,
    coordinated,
    most_specific,
    place_rank,
    places_in,
    plausible,
    without_origins,
)
from ingest.records import PolicyDocument


def doc(level: str, **region: str) -> PolicyDocument:
    return PolicyDocument(doc_id="d", source="d.txt", title="t", level=level, region=region)


GAOTANG = Place("高唐县", "山东省", "聊城市", "高唐县")
LIAOCHENG = Place("聊城市", "山东省", "聊城市")
CHANGNING = Place("长宁区", "上海市", "上海市", "长宁区")

COUNTY = doc("county", province="山东省", city="聊城市", county="高唐县")
SIBLING = doc("county", province="山东省", city="聊城市", county="东阿县")
CITY = doc("city", province="山东省", city="聊城市")
OTHER_CITY = doc("city", province="山东省", city="威海市")
PROVINCE = doc("province", province="山东省")
OTHER_PROVINCE = doc("province", province="山西省")
NATIONAL = doc("national")


@pytest.mark.parametrize(("place", "document", "rank"), [
    (GAOTANG, COUNTY, 0), (GAOTANG, CITY, 1), (GAOTANG, PROVINCE, 2), (GAOTANG, NATIONAL, 3),
    (GAOTANG, SIBLING, None), (GAOTANG, OTHER_CITY, None), (GAOTANG, OTHER_PROVINCE, None),
    (LIAOCHENG, CITY, 0), (LIAOCHENG, PROVINCE, 1), (LIAOCHENG, COUNTY, None),
    (LIAOCHENG, OTHER_CITY, None),
    # A municipality is province and city at once: its own documents are one level up.
    (CHANGNING, doc("district", province="上海市", city="上海市", county="长宁区"), 0),
    (CHANGNING, doc("province", province="上海市", city="上海市"), 1),
    (CHANGNING, doc("district", province="上海市", city="上海市", county="静安区"), None),
    (CHANGNING, doc("town", province="上海市", city="上海市", county="长宁区", town="某街道"), None),
    (Place("上海", "上海市", "上海市"), doc("district", province="上海市", city="上海市", county="长宁区"),
     None),
])
def test_place_rank(place, document, rank):
    assert place_rank(place, document) == rank


SHANDONG = Place("山东", "山东省")


@pytest.mark.parametrize(("place", "documents", "widened"), [
    # a province with no document of its own, whose cities issued some: answered from those
    (SHANDONG, [CITY, COUNTY, NATIONAL], True),
    # it has its own: never from below
    (SHANDONG, [PROVINCE, CITY], False),
    # nothing inside it either: the refusal's to say
    (SHANDONG, [OTHER_PROVINCE, NATIONAL], False),
    # a city or county without its own is answered from above, never from below (issue 15.5)
    (LIAOCHENG, [COUNTY, PROVINCE], False),
    (GAOTANG, [CITY, NATIONAL], False),
])
def test_only_a_province_without_documents_is_answered_from_inside(place, documents, widened):
    by_id = {f"d{i}": d for i, d in enumerate(documents)}
    assert answered_from_inside([place], by_id) == ([place] if widened else [])


def test_a_document_of_unknown_place_is_not_taken_for_a_named_place():
    assert place_rank(GAOTANG, doc("")) is None


# -- which names in a question are places (the gazetteer's names, read as a reader would) --
# Regions as an index of the real documents would hold them (南昌 has a document, so its
# counties' short names are in the gazetteer: 新建 of 新建区).
REGIONS = frozenset({("江西省", "南昌市", ""), ("上海市", "上海市", "长宁区"), ("上海市", "上海市", "静安区"),
                     ("贵州省", "铜仁市", "印江土家族苗族自治县"), ("上海市", "上海市", "嘉定区"),
                     ("山东省", "聊城市", ""), ("山东省", "聊城市", "高唐县"),
                     ("山西省", "运城市", "永济市")})


def _read(text: str) -> set[tuple[str, str, str]]:
    return {(p.province, p.city, p.county)
            for p in most_specific(plausible(places_in(text, REGIONS), text, REGIONS), text)}


@pytest.mark.parametrize("text, places", [
    # 新建 (a county of 南昌 by its short name) is a verb where the matter is put elsewhere.
    ("长宁区有企业新建分布式光伏，最多补多少钱？", {("上海市", "上海市", "长宁区")}),
    ("印江县新建的专业市场里租个铺面", {("贵州省", "铜仁市", "印江土家族苗族自治县")}),
    ("南昌新建的企业有什么优惠", {("江西省", "南昌市", "新建区")}),
    ("新建区的企业", {("江西省", "南昌市", "新建区")}),
    # A place named only to say where another one is: the inner one is meant, once.
    ("我拿的是上海居住证，在嘉定没有房子，可以申请嘉定区的公租房吗？", {("上海市", "上海市", "嘉定区")}),
    ("聊城高唐县企业开办要几天", {("山东省", "聊城市", "高唐县")}),
    # Two places side by side stay two; a county with documents of its own is a place.
    ("聊城和永济，小微企业低压接电分别要多久？", {("山东省", "聊城市", ""), ("山西省", "运城市", "永济市")}),
    ("头一次轻微违规不罚款的政策，高唐和聊城市里都有吗？", {("山东省", "聊城市", ""),
                                                          ("山东省", "聊城市", "高唐县")}),
    ("长宁区和嘉定区有什么不同", {("上海市", "上海市", "长宁区"), ("上海市", "上海市", "嘉定区")}),
])
def test_places_a_question_names(text, places):
    assert _read(text) == places


def test_places_named_at_one_spot_are_joined_or_not_without_error():
    # 静安区 and its short name 静安 start at the same character.
    jingan, short = Place("静安区", "上海市", "上海市", "静安区"), Place("静安", "上海市", "上海市", "静安区")
    assert coordinated("静安区的企业", [jingan, short]) == set()
    assert _read("静安区民营经济实施方案里说要推动民营品牌在静安集聚") == {("上海市", "上海市", "静安区")}


@pytest.mark.parametrize("text, places", [
    # Where someone is registered or from is said of the asker; the matter is where they
    # live or work (written by hand, not from a benchmark).
    ("我爸户口在山东，现在住在南昌，南昌的老年人乘车能免费吗？", {("江西省", "南昌市", "")}),
    ("山西户口在嘉定区上班，能申请公租房吗？", {("上海市", "上海市", "嘉定区")}),
    ("老家是聊城的，在永济开了家店，开办要几天？", {("山西省", "运城市", "永济市")}),
    # named only as where one is from, it is still the place asked; two sides stay two
    ("户口在聊城，能申请聊城的创业补贴吗？", {("山东省", "聊城市", "")}),
    ("聊城和永济的户口政策有什么不同", {("山东省", "聊城市", ""), ("山西省", "运城市", "永济市")}),
])
def test_a_place_named_as_someones_origin_is_not_the_place_asked(text, places):
    read = without_origins(plausible(places_in(text, REGIONS), text, REGIONS), text)
    assert {(p.province, p.city, p.county) for p in most_specific(read, text)} == places
