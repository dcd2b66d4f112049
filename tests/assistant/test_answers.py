"""Default answers over a real index: grounded, cited, intent first, refusals, follow-ups."""

from __future__ import annotations

import json
import re

import pytest

from assistant import grounding
from assistant.records import Citation
from assistant.settings import SHIPPED_CORPUS

EVALS = SHIPPED_CORPUS.parent.parent / "evals"


def _items(name):
    return [json.loads(line) for line in (EVALS / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def benchmark_answers(corpus_assistant):
    answers = []
    for item in _items("dev.jsonl") + _items("holdout.jsonl") + _items("blind2.jsonl"):
        answers.append((item, corpus_assistant.ask(item["question"], history=item.get("turns", []))))
    return answers


_LABEL = re.compile(r"(?:时限|优惠内容|优惠|牵头单位|责任单位|适用对象)：")
_QUOTE = re.compile(r"^原文：“(.*)”$")


def _ungrounded(answer) -> list[str]:
    """What a default answer states that its citations do not: each item of its field lines
    (时限, 优惠, offices, 适用对象) and each quoted sentence, looked up verbatim (ignoring
    whitespace) in the cited measures' texts and printed responsibility lines."""
    record = re.sub(r"\s+", "", "\n".join(f"{c.text}\n{c.responsibility}" for c in answer.citations))
    missing = []
    for line in answer.text.splitlines():
        if quote := _QUOTE.match(line):
            # Verbatim sentences, in order, maybe not adjacent; a long one cut with "…".
            items = re.split(r"(?<=[。；！？])", quote.group(1).removesuffix("…"))
        elif _LABEL.match(line):
            items = re.split(r"[；、]", _LABEL.sub("", line))
        else:
            continue
        missing += [i for i in items if i and re.sub(r"\s+", "", i) not in record]
    return missing


def test_no_answer_states_a_field_its_citations_do_not_hold(benchmark_answers):
    """Every time limit, benefit, office and quote in every benchmark answer is cited."""
    bad = {item["id"]: missing for item, answer in benchmark_answers
           if answer.found and (missing := _ungrounded(answer))}
    assert not bad
    assert sum(a.found for _, a in benchmark_answers) > 100


def test_no_answer_line_makes_a_claim_its_citations_do_not_hold(benchmark_answers):
    """Every line an answer writes itself (the lead that fills the slot — 不需要：…, 标准：…,
    时限：… — and the field lines; not the quotes and notes) passes the grounding check."""
    bad = {}
    for item, answer in benchmark_answers:
        if not answer.found:
            continue
        own = [line for line in answer.text.splitlines()
               if not line.startswith(("原文：", "依据：", "注意：", "时效："))]
        if claims := grounding.unsupported("\n".join(own), answer.citations):
            bad[item["id"]] = claims
    assert not bad


def test_refusals_state_no_policy_claims(benchmark_answers):
    """A refusal names what the corpus covers (document titles) and nothing else."""
    refusals = [a for _, a in benchmark_answers if not a.found]
    assert refusals
    for answer in refusals:
        assert not answer.citations
        outside_titles = re.sub(r"《[^》]*》", "", answer.text)
        assert not grounding.claims(outside_titles), answer.text


def test_grounding_catches_an_invented_number_and_office():
    cited = Citation(key="x:38", source="x.txt", doc_id="x", title="若干措施", doc_number="聊政字〔2020〕25号",
                     number="38", label="第38条", heading="提高融资效率",
                     quote="从申请到放款不超过11天。", text="38.提高融资效率。从申请到放款不超过11天。",
                     responsibility="（牵头单位：市地方金融监管局）")
    answer = "时限：不超过11天\n牵头单位：市地方金融监管局"
    assert grounding.unsupported(answer, [cited]) == []
    invented = answer + "\n办理时间不超过3天，由市财政局负责。"
    assert grounding.unsupported(invented, [cited]) == ["3天", "市财政局"]


def test_time_question_puts_the_time_limit_first(corpus_assistant):
    answer = corpus_assistant.ask("聊城小微企业从申请贷款到放款最多几天？")
    assert answer.found and answer.intent == "time_limit"
    first_line = next(s for s in answer.segments if "依据：" in s).splitlines()[0]
    assert "不超过11天" in first_line
    citation = answer.citations[0]
    assert (citation.doc_number, citation.number) == ("聊政字〔2020〕25号", "38")
    assert "《关于持续深入优化营商环境加快推进政府职能转变的若干措施》（聊政字〔2020〕25号）第38条" in answer.text
    assert "不超过11天" in citation.quote and citation.quote in citation.text
    assert "市地方金融监管局" in answer.text  # inherited from the group's responsibility line


def test_office_follow_up_uses_the_earlier_turn(corpus_assistant):
    answer = corpus_assistant.ask("那归哪个部门管？", history=["聊城出口退税多久能办完？"])
    assert answer.found and answer.intent == "office"
    # The newer document of the same issuer is shown first when both cover the matter.
    keys = [c.key for c in answer.citations]
    assert "liaocheng_2020_measures:16" in keys
    for citation in answer.citations:
        assert citation.lead_offices == ("市税务局",)
    block = next(s for s in answer.segments if "第16条" in s)
    assert block.startswith("牵头单位：市税务局")


def test_benefit_answer_names_the_benefit(corpus_assistant):
    answer = corpus_assistant.ask("政府采购对小微企业价格扣除是多少？")
    assert answer.found and "价格扣除10%" in answer.text
    assert answer.citations[0].key == "liaocheng_2022_action_plan:108"


def test_measure_lookup_quotes_the_whole_measure(corpus_assistant):
    answer = corpus_assistant.ask("聊政办字〔2022〕13号第108条讲的什么")
    citation = answer.citations[0]
    assert citation.key == "liaocheng_2022_action_plan:108" and citation.quote == citation.text


def test_comparison_answers_per_document(corpus_assistant):
    answer = corpus_assistant.ask("高唐和永济企业开办分别多长时间能办好？")
    docs = {c.doc_id for c in answer.citations}
    assert {"gaotang_2021_19_measures", "yongji_2022_business_plan"} <= docs
    assert answer.text.startswith("相关政策分别规定如下")


def test_comparison_cites_each_document_once_and_only_where_it_speaks(corpus_assistant):
    answer = corpus_assistant.ask("永济、聊城两地对企业简易注销分别怎么规定的？")
    keys = [c.key for c in answer.citations]
    assert len(keys) == len(set(keys))
    docs = {c.doc_id for c in answer.citations}
    assert "yongji_2022_business_plan" in docs and docs & {"liaocheng_2020_measures",
                                                           "liaocheng_2022_action_plan"}
    # 高唐's accountability rules say nothing about deregistration: not cited to fill a slot.
    assert "gaotang_2021_19_measures-2" not in docs
    assert all("注销" in c.quote for c in answer.citations)
    again = corpus_assistant.ask("威海、永济两地的双随机一公开监管分别怎么要求？")
    keys = [c.key for c in again.citations]
    assert len(keys) == len(set(keys)) and {c.doc_id for c in again.citations} >= {
        "weihai_2018_work_plan", "yongji_2022_business_plan"}


def test_outside_the_corpus_says_so(corpus_assistant):
    answer = corpus_assistant.ask("济南开办企业要几天？")
    assert not answer.found and not answer.citations
    assert "没有找到" in answer.text and "济南" in answer.text
    assert "聊城市" in answer.text and "12345" in answer.text


def test_stream_yields_segments_then_citations_then_done(corpus_assistant):
    events = list(corpus_assistant.ask_stream("聊城出口退税多久能办完？"))
    kinds = [kind for kind, _ in events]
    assert kinds[-2:] == ["citations", "done"] and set(kinds[:-2]) == {"segment"}
    assert "".join(e for k, e in events if k == "segment").replace("\n", "") \
        == events[-1][1].text.replace("\n", "")


def test_a_comparison_over_many_documents_searches_those_retrieval_found(corpus_assistant,
                                                                         monkeypatch):
    """Past the cap, documents are not searched one by one: the comparison answers from the
    documents among the hits (and searches only those)."""
    from assistant import comparison, service
    from assistant.recalled import RecalledSelections

    searched: list[set[str]] = []
    real = comparison.per_document

    def spy(query, hits, documents, most, retrieve):
        # The question's own search is cut to one document, fewer than the two places hold
        # (聊城's two and 永济's one), so that the cap has something to leave out.
        one = [h for h in hits if h.document.doc_id == hits[0].document.doc_id]
        per_doc = real(query, one, documents, most, retrieve)
        searched.append({h.document.doc_id for doc_hits in per_doc for h in doc_hits})
        return per_doc

    question = "永济、聊城两地对企业简易注销分别怎么规定的？"
    monkeypatch.setattr(comparison, "per_document", spy)
    # A question asked before is recalled, not selected again (`assistant.recalled`).
    monkeypatch.setattr(corpus_assistant, "_recalled", RecalledSelections())
    corpus_assistant.ask(question)
    monkeypatch.setattr(service, "_PER_DOCUMENT_MAX", 1)
    monkeypatch.setattr(corpus_assistant, "_recalled", RecalledSelections())
    answer = corpus_assistant.ask(question)
    uncapped, capped = searched
    assert len(capped) == 1 and len(uncapped) >= 2 and capped < uncapped
    assert answer.found and len({c.doc_id for c in answer.citations}) >= 2
