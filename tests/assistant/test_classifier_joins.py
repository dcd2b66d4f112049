"""Words jieba joins across a classifier are no subject of the question.

Oracle: the grammar of the phrases, read by hand — 贷个五六百万 is 贷 + (一)个 + amount, 多少天能转
is 天 (the unit counted) + 能 (a modal), 批块地 is 批 + (一)块 + 地; 个数, 家家户户 and 煤气 are
nouns of jieba's dictionary. Not the code under test.
"""

from __future__ import annotations

import pytest

from assistant.classifier_joins import classifier_join


@pytest.mark.parametrize(("word", "joined"), [
    ("贷个", True),
    ("天能", True),
    ("批块", True),
    ("个数", False),  # a noun: the number of things
    ("家家户户", False),
    ("煤气", False),  # no classifier in it
    ("黑灯", False),  # a rare colloquial noun, but no classifier in it
])
def test_a_pair_joined_across_a_classifier_is_no_word(word, joined, tmp_path):
    from vectorstore.keywords import Tokenizer

    assert classifier_join(word, Tokenizer(tmp_path)) is joined
