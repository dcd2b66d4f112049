"""How a question stands to the turns before it (assistant/conversation.py), with the
character-pair fallback for distinctive words: the expectations are Chinese dialogue, read
by hand."""

from __future__ import annotations

import pytest

from assistant.conversation import CARRY, NEW, SHIFT, char_pairs, relation

QUESTION_WORDS = ("多久", "几天", "哪个部门", "要钱", "牵头")


@pytest.mark.parametrize(("turn", "question", "named", "expected"), [
    ("在聊城开公司刻章要钱吗？", "出口退税怎么办理？", (), NEW),
    ("在聊城开公司刻章要钱吗？", "那这事归哪个部门管？", (), CARRY),
    ("聊城企业开办需要几天？", "那高唐呢？", ("高唐",), CARRY),
    ("聊城企业开办需要几天？", "那刻章呢？", (), SHIFT),
    ("聊城国企的项目要招标，能不能提前知道要招什么？", "提前多久发布？", (), CARRY),
    ("聊城企业开办需要几天？", "帮我写一首诗", (), NEW),
    ("聊城企业开办需要几天？", "要多久？", (), CARRY),
])
def test_relation(turn, question, named, expected):
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS, named) == expected


def test_no_turns_is_always_new():
    assert relation("那高唐呢？", (), char_pairs, QUESTION_WORDS, ("高唐",)) == NEW
