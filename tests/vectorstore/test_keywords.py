"""Keyword retrieval: jieba tokens and BM25 over the paragraphs of the shipped policy texts."""

from __future__ import annotations

import math
import random
import re
import tempfile

import numpy as np
import pytest

from assistant.settings import SHIPPED_CORPUS
from ingest.cleaning import normalise_chars
from vectorstore.bm25 import BM25Index
from vectorstore.errors import StoreError
from vectorstore.keywords import (
    JIEBA_CACHE_NAME,
    POLICY_TERMS,
    Tokenizer,
    read_vocabulary,
)

OFFICES = ["市地方金融监管局", "市行政审批局"]


def _paragraphs() -> dict[str, str]:
    """Every blank-line separated paragraph of at least 30 characters, keyed file#n."""
    paragraphs = {}
    for path in sorted(SHIPPED_CORPUS.glob("*.txt")):
        chunks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        for n, chunk in enumerate(chunks):
            if len(chunk.strip()) >= 30:
                paragraphs[f"{path.stem}#{n}"] = chunk.strip()
    return paragraphs


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    return Tokenizer(tmp_path_factory.mktemp("jieba"), user_words=OFFICES,
                     normalise=normalise_chars)


@pytest.fixture(scope="module")
def paragraphs():
    return _paragraphs()


@pytest.fixture(scope="module")
def token_lists(tokenizer, paragraphs):
    return [tokenizer.tokens(text) for text in paragraphs.values()]


@pytest.fixture(scope="module")
def index(paragraphs, token_lists):
    return BM25Index.build(list(paragraphs), token_lists, fingerprint="corpus-v1")


@pytest.mark.parametrize(
    ("question", "needles"),
    [
        ("开公司刻章要不要钱", ["印章", "由同级财政承担"]),
        ("小微企业担保费率", ["担保费率"]),
        ("出口退税几天能办完", ["出口退税"]),
        ("政府采购给中小企业预留多少份额", ["预留份额"]),
        ("贷款到期了能不能先续上不还本金", ["无还本续贷"]),
        ("听说12345热线能帮企业反映诉求", ["12345"]),
    ],
)
def test_colloquial_questions_find_the_paragraph(tokenizer, index, paragraphs, question, needles):
    hits = index.search(tokenizer.tokens(question), 3)
    assert any(all(needle in paragraphs[doc] for needle in needles) for doc, _ in hits), [
        paragraphs[doc][:40] for doc, _ in hits
    ]


def test_results_are_best_first_positive_and_at_most_n(tokenizer, index):
    hits = index.search(tokenizer.tokens("企业开办营业执照"), 5)
    scores = [score for _, score in hits]
    assert len(hits) == 5
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    assert len(index.search(tokenizer.tokens("企业开办营业执照"), 1000)) < len(index)


def test_save_and_load_keep_results_and_fingerprint(tokenizer, index, tmp_path):
    path = tmp_path / "keywords.npz"
    index.save(path)
    loaded = BM25Index.load(path)
    assert loaded.fingerprint == "corpus-v1"
    assert BM25Index.stored_fingerprint(path) == "corpus-v1"
    assert len(loaded) == len(index)
    for question in ["开公司刻章要不要钱", "小微企业担保费率", "工程建设项目联合验收", "12345"]:
        query = tokenizer.tokens(question)
        assert loaded.search(query, 10) == index.search(query, 10)


def test_default_fingerprint_follows_the_content():
    one = BM25Index.build(["a", "b"], [["企业", "开办"], ["印章"]])
    same = BM25Index.build(["a", "b"], [["企业", "开办"], ["印章"]])
    other = BM25Index.build(["a", "b"], [["企业", "开办"], ["公章"]])
    assert one.fingerprint == same.fingerprint != other.fingerprint


def test_unreadable_index_files(tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not an index")
    with pytest.raises(StoreError):
        BM25Index.load(broken)
    with pytest.raises(StoreError):
        BM25Index.load(tmp_path / "missing.npz")
    assert BM25Index.stored_fingerprint(tmp_path / "missing.npz") is None


def test_allowed_mask_excludes_documents(tokenizer, index):
    query = tokenizer.tokens("出口退税")
    best = index.search(query, 5)
    allowed = np.ones(len(index), dtype=bool)
    allowed[index.doc_ids.index(best[0][0])] = False
    filtered = index.search(query, 5, allowed=allowed)
    assert best[0][0] not in {doc for doc, _ in filtered}
    assert filtered[0] == best[1]
    liaocheng_2020 = np.array([doc.startswith("liaocheng_2020") for doc in index.doc_ids])
    only = index.search(query, 10, allowed=liaocheng_2020)
    assert only and all(doc.startswith("liaocheng_2020") for doc, _ in only)
    assert index.search(query, 5, allowed=np.zeros(len(index), dtype=bool)) == []
    with pytest.raises(ValueError):
        index.search(query, 5, allowed=np.ones(3, dtype=bool))


def test_empty_or_unknown_queries_find_nothing(tokenizer, index):
    assert tokenizer.tokens("") == []
    assert tokenizer.tokens("？！，。、 …") == []
    assert index.search([], 5) == []
    assert index.search(tokenizer.tokens("请问一下吗"), 5) == []
    assert index.search(["量子纠缠", "xyzzy"], 5) == []
    assert index.search(tokenizer.tokens("担保费率"), 0) == []
    assert BM25Index.build([], []).search(["企业"], 5) == []


def test_tokens_drop_punctuation_and_stopwords_but_keep_numbers(tokenizer):
    tokens = tokenizer.tokens("请问，企业开办的时限是多少？不超过 11 天；第108条！")
    assert {"企业开办", "时限", "11", "108"} <= set(tokens)
    assert not {"请问", "的", "是", "多少", "，", "？", "；", "！", " "} & set(tokens)
    assert all(token.strip() == token and token for token in tokens)


def test_tokens_fold_width_and_case(tokenizer):
    """With ingest's normaliser (what the assistant gives it), both spellings match."""
    tokens = tokenizer.tokens("ＡＰＰ上拨打１２３４５，APP")
    assert tokens.count("app") == 2
    assert "12345" in tokens


def test_search_mode_and_user_words(tmp_path):
    plain = Tokenizer(tmp_path).tokens("市地方金融监管局负责")
    assert "市地方金融监管局" not in plain
    tokens = Tokenizer(tmp_path, user_words=["市地方金融监管局"]).tokens("市地方金融监管局负责")
    assert "市地方金融监管局" in tokens
    assert {"金融", "监管", "负责"} <= set(tokens)


def test_policy_terms_and_colloquial_words(tokenizer):
    vocabulary = read_vocabulary(POLICY_TERMS)
    for term in ["一窗通", "证照分离", "告知承诺制", "容缺受理", "双随机", "一公开", "担保费率",
                 "无还本续贷", "预留份额", "价格扣除", "12345", "好差评", "帮办代办"]:
        assert term in vocabulary.terms
    assert 100 <= len(vocabulary.terms) <= 300
    assert {"印章", "刻制"} <= set(vocabulary.expansions["刻章"])
    assert {"证照分离", "告知承诺制", "容缺受理"} <= set(tokenizer.tokens("证照分离、告知承诺制和容缺受理"))
    assert {"刻章", "印章", "刻制"} <= set(tokenizer.tokens("刻章"))


def test_unreadable_vocabulary_line(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("# comment\n一窗通\n刻章 =\n", encoding="utf-8")
    with pytest.raises(ValueError, match="terms.txt:3"):
        read_vocabulary(path)


def test_jieba_cache_goes_to_cache_dir(tmp_path, monkeypatch):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    cache_dir = tmp_path / "cache"
    tokenizer = Tokenizer(cache_dir)
    assert not cache_dir.exists()  # nothing is loaded or written before first use
    assert tokenizer.tokens("企业开办")
    assert (cache_dir / JIEBA_CACHE_NAME).is_file()
    assert tokenizer.cache_file == cache_dir / JIEBA_CACHE_NAME
    assert list(system_temp.iterdir()) == []


def test_bm25_scores_match_the_formula():
    docs = [["a", "a", "b"], ["b", "c"], ["c", "c", "c", "d"]]
    index = BM25Index.build(["x", "y", "z"], docs, k1=1.2, b=0.75)
    avgdl = sum(map(len, docs)) / 3

    def expected(query, doc):
        score = 0.0
        for term in set(query):
            df = sum(term in d for d in docs)
            tf = doc.count(term)
            if tf:
                idf = math.log(1 + (3 - df + 0.5) / (df + 0.5))
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(doc) / avgdl))
        return score

    hits = dict(index.search(["a", "c", "c"], 3))
    assert set(hits) == {"x", "y", "z"}
    for doc_id, doc in zip("xyz", docs, strict=True):
        assert hits[doc_id] == pytest.approx(expected(["a", "c"], doc), rel=1e-5)


def test_ties_break_by_position():
    index = BM25Index.build([f"d{i}" for i in range(6)], [["same"]] * 6)
    assert [doc for doc, _ in index.search(["same"], 4)] == ["d0", "d1", "d2", "d3"]


def test_build_rejects_bad_input():
    with pytest.raises(ValueError):
        BM25Index.build(["a", "a"], [["x"], ["y"]])
    with pytest.raises(ValueError):
        BM25Index.build(["a"], [["x"], ["y"]])


def test_a_filtered_search_at_40k_documents_ranks_the_allowed_ones_alone(tokenizer, token_lists):
    """At the scale of a 100× corpus, a filter keeps exactly the allowed documents, ranked as
    an unfiltered search ranks them (its speed is the bench's: `policyqa bench`)."""
    # Documents of ~200 characters (~110 search tokens) cut from the real token stream.
    stream = [token for tokens in token_lists for token in tokens]
    rng = random.Random(7)
    starts = [rng.randrange(len(stream) - 110) for _ in range(40_000)]
    index = BM25Index.build([f"d{i}" for i in range(40_000)], [stream[s:s + 110] for s in starts])
    allowed = np.arange(len(index)) % 2 == 0
    for question in ("开公司刻章要不要钱", "小微企业担保费率", "出口退税几天能办完",
                     "政府采购给中小企业预留多少份额", "市地方金融监管局负责什么"):
        query = tokenizer.tokens(question)
        everything = index.search(query, len(index))
        expected = [(d, s) for d, s in everything if allowed[int(d[1:])]][:10]
        assert index.search(query, 10, allowed=allowed) == expected
        assert expected, question
