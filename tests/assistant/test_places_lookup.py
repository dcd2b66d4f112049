"""`places_in` looks up only the gazetteer names whose first characters occur in the text; it
must find exactly what scanning the text for every gazetteer name finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.place_names import Place, gazetteer, places_in

REGIONS = frozenset({("山东省", "聊城市", ""), ("山东省", "聊城市", "高唐县"),
                     ("山东省", "威海市", "乳山市"), ("山西省", "运城市", "永济市")})


def _every_name(text: str) -> tuple[Place, ...]:
    """The reference: every gazetteer name, longest first, claims the characters it covers
    where no longer name did; each place once, in the order its names were tried."""
    claimed = [False] * len(text)
    found: dict[Place, None] = {}
    for name, place in gazetteer(REGIONS):
        for m in re.finditer(re.escape(name), text):
            if any(claimed[m.start():m.end()]):
                continue
            claimed[m.start():m.end()] = [True] * len(name)
            found[Place(name, place.province, place.city, place.county)] = None
    return tuple(found)


def test_known_questions():
    """Places named, as a reader finds them (the order is the gazetteer's: longest first)."""
    expected = {
        "聊城高唐县的企业开办要几天": {Place("高唐县", "山东省", "聊城市", "高唐县"),
                                      Place("聊城", "山东省", "聊城市")},
        "乳山和威海哪个快": {Place("乳山", "山东省", "威海市", "乳山市"),
                             Place("威海", "山东省", "威海市")},
        "永济市运城市山西省": {Place("永济市", "山西省", "运城市", "永济市"),
                               Place("运城市", "山西省", "运城市"), Place("山西省", "山西省")},
        "北京市朝阳区": {Place("北京市", "北京市"), Place("朝阳区", "北京市", "北京市", "朝阳区")},
        "": set(), "聊": set(), "企业开办要几天": set(),
    }
    for text, places in expected.items():
        assert set(places_in(text, REGIONS)) == places, text
    for text in (*expected, "山东省济南市历下区和平路"):
        assert places_in(text, REGIONS) == _every_name(text), text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["聊城", "聊城市", "高唐", "高唐县", "山东", "山东省", "威海",
                                 "乳山市", "济南", "历下区", "企业", "和", "市", "县"]),
                max_size=8))
def test_any_mix_of_place_names(parts):
    text = "".join(parts)
    assert places_in(text, REGIONS) == _every_name(text)
