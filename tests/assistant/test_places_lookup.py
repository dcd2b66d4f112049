"""`places_in` looks up only the gazetteer names whose first characters occur in the text; it
must find exactly what scanning the text for every name finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.query import Place, find_names, gazetteer, places_in

REGIONS = frozenset({("山东省", "聊城市", ""), ("山东省", "聊城市", "高唐县"),
                     ("山东省", "威海市", "乳山市"), ("山西省", "运城市", "永济市")})


def _every_name(text: str) -> tuple[Place, ...]:
    """What scanning the text for every gazetteer name finds."""
    return find_names(text, gazetteer(REGIONS))


def test_known_questions():
    for text in ("聊城高唐县的企业开办要几天", "山东省济南市历下区和平路", "乳山和威海哪个快",
                 "永济市运城市山西省", "", "聊", "北京市朝阳区"):
        assert places_in(text, REGIONS) == _every_name(text), text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["聊城", "聊城市", "高唐", "高唐县", "山东", "山东省", "威海",
                                 "乳山市", "济南", "历下区", "企业", "和", "市", "县"]),
                max_size=8))
def test_any_mix_of_place_names(parts):
    text = "".join(parts)
    assert places_in(text, REGIONS) == _every_name(text)
