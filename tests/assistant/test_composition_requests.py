"""Requests to compose a text are off-topic; questions about what to write are not (issue 16.1).

The oracle is the reading of the message: an order for a text the policies never speak of
(a host's script, a greeting card, a story) gets the off-topic reply with nothing cited, alone
or after thanks or a greeting; a question about what the policies require stays a question.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message", [
    # Answered with policy citations before: their words are the corpus's (企业, 客户, 产品).
    "帮我起草一份企业周年庆典的致辞",
    "谢谢！顺便帮我写一段推荐我们企业新产品的广告语吧",
    "帮我写一封邀请客户参加企业开业仪式的邀请函",
    # Taken for chitchat before (a thanks or greeting word in them).
    "麻烦帮我起草一段给客户的新春贺词",
    "你好！替我写一段产品发布会的主持词",
    "感谢感谢～再给我编一个哄孩子睡觉的故事",
    "多谢了，顺便帮我润色一下这条朋友圈文案",
    # A coverb phrase (给/为 + what it is for) before the verb of composing.
    "谢谢！顺便给我们店开张写副对联吧",
    "好的，麻烦为公司十周年庆典写一段主持词",
])
def test_an_order_for_a_text_is_off_topic(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("off_topic", False, ())


@pytest.mark.parametrize("message", [
    "帮我写一份在高唐开办企业要交的材料清单",  # what the policies require, listed
    "申请创业担保贷款的申请书该怎么写",  # asks how
    "你好，开公司登记表上需要写哪些内容",  # asks what
])
def test_a_question_about_what_to_write_is_answered_from_the_policies(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert answer.intent not in ("off_topic", "chitchat", "own_records")
