"""An enterprise is subject to every level above it: a question naming a place is answered
from that place's documents and its city's, province's and the national ones, most local
first; never from a sibling place. (Expected ranks written from the administrative map.)"""

from __future__ import annotations

import pytest

from assistant.place_names import Place, place_rank
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
    (LIAOCHENG, CITY, 0), (LIAOCHENG, PROVINCE, 1), (LIAOCHENG, COUNTY, 4),
    (LIAOCHENG, OTHER_CITY, None),
    # A municipality is province and city at once: its own documents are one level up.
    (CHANGNING, doc("district", province="上海市", city="上海市", county="长宁区"), 0),
    (CHANGNING, doc("province", province="上海市", city="上海市"), 1),
    (CHANGNING, doc("district", province="上海市", city="上海市", county="静安区"), None),
    (CHANGNING, doc("town", province="上海市", city="上海市", county="长宁区", town="某街道"), 4),
])
def test_place_rank(place, document, rank):
    assert place_rank(place, document) == rank


def test_a_document_of_unknown_place_is_not_taken_for_a_named_place():
    assert place_rank(GAOTANG, doc("")) is None
