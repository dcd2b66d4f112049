"""Colloquial questions reach the measure in the corpus's own words, with no hand-written list.

A small policy is indexed for real (embedded Chroma, the bundled e5 model). Each colloquial
question below uses none of the words of the measure that answers it; the oracle is the text:
the measure that states the official term (无还本续贷, 印章刻制 … 由市财政承担) is the answer.
"""

from __future__ import annotations

import pytest

from assistant.components import open_index
from assistant.service import PolicyAssistant
from tests.conftest import make_settings
from vectorstore.feedback import feedback_terms, unknown_words
from vectorstore.keywords import BM25Index

POLICY = """测试市人民政府

测政发〔2024〕9号

测试市优化营商环境若干措施

一、便利市场准入

1. 压缩企业开办时间。新开办企业首套印章刻制费用由市财政承担，企业开办全程零成本。（牵头单位：测试市行政审批局）

2. 推进不动产登记与水电气过户联动办理，一窗受理，当场办结。（牵头单位：测试市自然资源局）

二、加大金融支持

3. 推行无还本续贷。对符合条件的小微企业，银行业金融机构在贷款到期后无需偿还本金即可办理续贷。（牵头单位：测试市地方金融监管局）

4. 政府采购对小微企业产品给予价格扣除，预留采购份额。（牵头单位：测试市财政局）

三、优化工程建设审批

5. 工程建设项目实行联合验收，验收合格后同步核发不动产权证。（牵头单位：测试市住房城乡建设局）

6. 畅通12345热线，企业诉求限时办结答复。（牵头单位：测试市政务服务管理办公室）
"""

# A colloquial question, and the words of the measure that answers it (the oracle).
COLLOQUIAL = [
    ("手头紧还不上，能不能接着借？", "无还本续贷"),
    ("开个公司刻个章得自己掏钱吗？", "印章刻制"),
]


@pytest.fixture(scope="module")
def view(tmp_path_factory, prepared_model_dir, embedder):
    base = tmp_path_factory.mktemp("feedback")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "ceshi_2024.txt").write_text(POLICY, encoding="utf-8")
    settings = make_settings(base / "data", prepared_model_dir).model_copy(
        update={"corpus_dir": corpus})
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    assert assistant.ingest([corpus]).measures_written == 6
    return assistant.index.snapshot()


def _dense(view, embedder, question):
    return list(view.dense_search(embedder.embed_queries([question])[0], 6))


def _text(view, key):
    return view.catalog.by_key[key].text


@pytest.mark.parametrize(("question", "official"), COLLOQUIAL)
def test_a_colloquial_question_reaches_the_measure_in_the_corpus_words(view, embedder, question,
                                                                       official):
    # The question shares no word with the measure: keyword search alone does not rank it first.
    plain = list(view.keyword_search(question, 6))
    assert not plain or official not in _text(view, plain[0])
    expanded = list(view.keyword_search(question, 6, feedback=_dense(view, embedder, question)))
    assert expanded and official in _text(view, expanded[0])


def test_a_question_in_the_documents_words_is_searched_as_it_is(view, embedder):
    question = "无还本续贷的小微企业贷款"
    tokens = view.tokenizer.tokens(question)
    assert unknown_words(view.keywords, tokens).words == ()
    dense = _dense(view, embedder, question)
    assert feedback_terms(view.keywords, tokens, dense) == {}
    assert view.keyword_search(question, 6, feedback=dense) == view.keyword_search(question, 6)


def test_borrowed_terms_come_from_the_units_and_count_less_than_asked_ones(view, embedder):
    question, official = COLLOQUIAL[0]
    tokens = view.tokenizer.tokens(question)
    unknown = unknown_words(view.keywords, tokens)
    assert unknown.words and 0 < unknown.share <= 1
    borrowed = feedback_terms(view.keywords, tokens, _dense(view, embedder, question))
    assert borrowed and not set(borrowed) & set(tokens)
    assert all(0 < weight <= 0.5 for weight in borrowed.values())
    # Every borrowed term is a word of some measure; the answering measure lends its own.
    assert all(term in view.keywords for term in borrowed)
    answer = next(m for m in view.catalog.measures if official in m.text)
    assert set(borrowed) & set(view.keywords.document_terms(answer.key))


def test_extra_terms_add_their_weight_times_their_bm25_score():
    index = BM25Index.build(["a", "b", "c"], [["印章", "刻制"], ["印章", "费用"], ["续贷"]])
    alone = dict(index.search(["印章"], 3))
    half = dict(index.search(["续贷"], 3, extra={"印章": 0.5}))
    assert half["a"] == pytest.approx(alone["a"] / 2) and half["b"] == pytest.approx(alone["b"] / 2)
    assert half["c"] == pytest.approx(dict(index.search(["续贷"], 3))["c"])
    # A term the question asks itself counts once, in full.
    assert index.search(["印章"], 3, extra={"印章": 0.5}) == index.search(["印章"], 3)
    assert index.document_terms("c") == {"续贷": pytest.approx(dict(index.search(["续贷"], 3))["c"])}
