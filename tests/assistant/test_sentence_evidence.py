"""Sentence-level e5 evidence lets a question through the refusal rules when a cited sentence
says what it asks in other words, and keeps refusing what no text states."""

from __future__ import annotations

import pytest

from assistant.sentence_evidence import SentenceEvidence

GAOTANG, YONGJI, L20 = "gaotang_2021_19_measures", "yongji_2022_business_plan", \
    "liaocheng_2020_measures"
L22 = "liaocheng_2022_action_plan"


@pytest.mark.parametrize(("question", "key", "fact"), [
    # 踢皮球 is no word of the corpus; gaotang's 追究办法 第六条 holds every party to account
    ("高唐两个部门互相踢皮球耽误了事，是不是只追究其中一家？", f"{GAOTANG}-2:art6",
     "对各方主要负责人一并进行责任追究"),
    # 注册地 is not either; yongji 第30条: 5天内办妥相关迁出手续
    ("我们公司在永济，打算把注册地迁到别的区去，迁出手续一般几天能办好？", f"{YONGJI}:30",
     "5天内办妥相关迁出手续"),
    # 官司, 执行款: liaocheng 2022 第92条, 执行款…20日内发放
    ("官司打赢了，执行款已经到了法院账上，聊城法院多少天内得发给我们？", f"{L22}:92", "20日内发放"),
])
def test_a_colloquial_subject_the_cited_sentence_speaks_to_is_answered(corpus_assistant, question,
                                                                       key, fact):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert answer.found and any(c.key == key for c in answer.citations)
    assert fact in answer.text


def test_an_amount_in_a_unit_of_capacity_answers_how_much(corpus_assistant):
    # liaocheng 2020 第34条: 农村地区100千伏安及以下小微企业用电…电网企业投资至电能表
    answer = corpus_assistant.ask("在聊城农村地区办小微企业，用电容量多大以内可以低压接入、"
                                  "电网企业投资到电能表？", use_llm=False)
    assert answer.found and any(c.key == f"{L20}:34" for c in answer.citations)
    assert "100千伏安" in answer.text


@pytest.mark.parametrize("question", [
    "山东现在的最低工资标准是每月多少钱？",  # no text sets a minimum wage
    "威海的标准化工业厂房租金一平米一个月多少钱？",  # nor a rent
    # the patent grant's measure (liaocheng 2022) names it with no amount: the sentence is
    # close to the question, and states nothing asked
    "聊城2022年那个市优质专利补助，每件专利具体补多少钱？",
    "聊城应急转贷的转贷费用优惠利率具体是多少？日息多少？",  # a fee cut, no rate printed
])
def test_what_no_text_states_is_still_refused(corpus_assistant, question):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert not answer.found and not answer.citations


def test_each_sentence_is_embedded_once(corpus_assistant):
    embedder = corpus_assistant.index.embedder
    passages: list[str] = []

    def embed_passages(texts):
        passages.extend(texts)
        return embedder.embed_passages(texts)

    evidence = SentenceEvidence("迁出手续几天能办好？", embedder.embed_queries, embed_passages)
    first = evidence.similarities(["企业迁移登记5天内办妥。", "全面推行电子营业执照。"])
    again = evidence.similarities(["全面推行电子营业执照。", "企业迁移登记5天内办妥。"])
    assert passages == ["企业迁移登记5天内办妥。", "全面推行电子营业执照。"]
    assert again == first[::-1]
    # the sentence on moving out is the closer one (an oracle outside the code: the meaning)
    assert first[0] > first[1]


@pytest.mark.parametrize("question", [
    # gaotang 第十四条 holds 定期开展“企业服务日”活动 and prints no day
    "高唐的企业服务日一般定在每月几号？",
])
def test_a_day_no_text_prints_is_refused(corpus_assistant, question):
    answer = corpus_assistant.ask(question, use_llm=False)
    assert not answer.found and not answer.citations
