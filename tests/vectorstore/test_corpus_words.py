"""`word in CorpusWords(text)` answers exactly what `word in text` does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vectorstore.corpus_words import CorpusWords

TEXT = "企业开办全程网上办理，1个工作日内办结。印章刻制费用由同级财政承担；𠀀生僻字也算。"
WORDS = ["企业", "开办全程", "网上办理", "办结", "1个工作日", "财政承担", "财政负担", "企", "。",
         "印章刻制费用由同级财政承担", "印章刻制费用由同级财政负担", "𠀀生僻", "生僻字也算。",
         "网上办", "上网办", "", "工作日内办结。印章"]


def test_the_answers_are_those_of_a_substring_search():
    words = CorpusWords(TEXT)
    for word in WORDS:
        assert (word in words) == (word in TEXT), word


def test_a_long_word_whose_pieces_all_occur_apart_is_absent():
    # 办理办结's pieces 办理办 and 理办结 both occur, in different places: the n-gram sets
    # alone would say "present".
    text = "全程网上办理。办理办法。理办结果"
    words = CorpusWords(text)
    for word in ("办理办结", "理办结", "办理办法", "网上办理办法"):
        assert (word in words) == (word in text), word


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="办理结企业网上。1", min_size=0, max_size=40),
       word=st.text(alphabet="办理结企业网上。1", min_size=0, max_size=6))
def test_any_word_in_any_text(text, word):
    assert (word in CorpusWords(text)) == (word in text)
