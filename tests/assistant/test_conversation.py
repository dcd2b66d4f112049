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
    # A connective does not tie a question that names its own place and subject to the last.
    ("聊城2022年计划里对跨境电商海外仓有什么支持？",
     "另外问一下，高唐那个责任追究办法里，对消极应付的人怎么处理？", ("高唐",), NEW),
    ("嘉定的公租房合同一般一签几年？",
     "好的。另外问个不相干的：金山区举报安全生产问题，奖金多久能发下来？", ("金山区",), NEW),
    # 也 presupposes the earlier predicate.
    ("高唐新开的公司能免费领税务Ukey不？", "老企业也行吗？", (), CARRY),
    # 「那X呢，问什么？」: a new subject with its own ask.
    ("高唐县工程竣工联合验收归哪个部门牵头？", "那水电气热报装呢，归谁管？", (), SHIFT),
    # 「那…」 with no place of its own goes on in the earlier setting.
    ("聊城小微企业向银行申请贷款，一般多久能放款？", "那申请材料最多要交几件？", (), CARRY),
])
def test_relation(turn, question, named, expected):
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS, named) == expected


@pytest.mark.parametrize(("turn", "question", "naming", "expected"), [
    # Naming only another document (its year and kind) asks the earlier question of it.
    ("聊城2020年的措施里，不动产登记怎么办？", "那2022年的行动计划里呢？", ("行动计划",), CARRY),
    ("聊城2020年的措施里，不动产登记怎么办？", "那聊政办字〔2022〕13号里呢？",
     ("那聊政办字〔2022〕13号",), CARRY),
    # Its own document and its own subject: nothing of the earlier turn is carried.
    ("聊城2020年的措施里，不动产登记怎么办？", "那2022年的行动计划里，破产繁简分流是怎么规定的？",
     ("行动计划",), NEW),
])
def test_relation_to_a_document_named(turn, question, naming, expected):
    assert relation(question, (turn,), char_pairs, QUESTION_WORDS, (), naming) == expected


def test_no_turns_is_always_new():
    assert relation("那高唐呢？", (), char_pairs, QUESTION_WORDS, ("高唐",)) == NEW
