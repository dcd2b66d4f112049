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


def _evidence_at(closeness: dict[str, float]) -> SentenceEvidence:
    """Evidence whose model puts each sentence at the cosine given (unit vectors in a plane)."""
    import numpy as np

    def passages(texts):
        return np.array([[closeness[t], (1 - closeness[t] ** 2) ** 0.5] for t in texts])

    return SentenceEvidence("question", lambda texts: np.array([[1.0, 0.0]] * len(texts)),
                            passages)


def _measure(key: str, text: str):
    from ingest.records import Measure

    return Measure(key=f"d:{key}", doc_id="d", source="d.txt", number=key, printed_number=key,
                   kind="measure", section=(), heading="", text=text, span=(0, len(text)))


def test_the_first_candidate_that_speaks_to_the_subject_is_taken():
    # the first ranked says nothing close; the third says it closely, the fourth too: rank decides
    far, near, nearer = "全面推行电子营业执照。", "企业可申请歇业。", "歇业期间可恢复经营。"
    evidence = _evidence_at({far: 0.86, near: 0.905, nearer: 0.93})
    candidates = [_measure("1", far), _measure("2", far), _measure("3", near), _measure("4", nearer)]
    assert evidence.speaking(candidates, lambda m: m).number == "3"
    assert _evidence_at({far: 0.86}).speaking(candidates[:2], lambda m: m) is None


def test_a_sentence_stating_the_quantity_asked_may_be_a_little_less_close():
    states, says_not = "年平均停电时间压减至4.6小时以内。", "推进不停电作业。"
    evidence = _evidence_at({states: 0.886, says_not: 0.889})

    def hours(sentence):
        return "小时" in sentence

    assert evidence.speaking([_measure("1", states)], lambda m: m, hours).number == "1"
    # the same closeness without the quantity, or without a quantity asked, is not enough
    assert evidence.speaking([_measure("1", says_not)], lambda m: m, hours) is None
    assert evidence.speaking([_measure("1", states)], lambda m: m) is None
    # nor is the quantity far from the question (an amount of another matter)
    assert _evidence_at({states: 0.87}).speaking([_measure("1", states)], lambda m: m, hours) is None


def test_a_question_in_none_of_the_corpus_words_is_no_off_topic_message(corpus_assistant):
    # Hand-written: 接电, 小店 are no words of yongji's plan, whose 第24条 says 小微企业低压接入…
    # 办电时间不超过3天 in a sentence of its own among ten on 水电气热.
    answer = corpus_assistant.ask("在永济开了家小店，想把电接进来，几天能接上？", use_llm=False)
    assert answer.intent != "off_topic" and answer.found
    assert answer.citations[0].key == f"{YONGJI}:24"
    assert "办电时间不超过3天" in answer.text


@pytest.mark.parametrize("message", ["今天永济会下雨吗？", "推荐一部好看的电影"])
def test_a_message_no_sentence_speaks_to_stays_off_topic(corpus_assistant, message):
    answer = corpus_assistant.ask(message, use_llm=False)
    assert (answer.intent, answer.found, answer.citations) == ("off_topic", False, ())
