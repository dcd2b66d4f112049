"""The keyword index's cache is served only to the vocabulary it was cut with."""

from __future__ import annotations

from vectorstore.keywords import Tokenizer
from vectorstore.snapshot import IndexSnapshot


def test_a_cache_cut_with_another_vocabulary_is_rebuilt(corpus_assistant, tmp_path):
    index = corpus_assistant.index
    catalog = index.catalog
    caches = tmp_path / "caches"
    caches.mkdir()
    bare_terms = tmp_path / "terms.txt"
    bare_terms.write_text("# no terms\n", encoding="utf-8")

    def snapshot(tokenizer):
        return IndexSnapshot(catalog, index.store, index.names, caches, tokenizer)

    def cut(tokenizer):  # the oracle: the corpus cut afresh, no cache involved
        return {token for text in catalog.keyword_texts for token in tokenizer.tokens(text)}

    shipped_words = cut(Tokenizer(tmp_path / "jieba-a"))
    bare_words = cut(Tokenizer(tmp_path / "jieba-b", vocabulary=bare_terms))
    assert shipped_words != bare_words

    assert set(snapshot(Tokenizer(tmp_path / "jieba")).keywords.terms) == shipped_words
    # The cache on disk now holds the shipped vocabulary's cut; another vocabulary rebuilds.
    assert set(snapshot(Tokenizer(tmp_path / "jieba-bare", vocabulary=bare_terms)).keywords.terms) \
        == bare_words
    assert set(snapshot(Tokenizer(tmp_path / "jieba")).keywords.terms) == shipped_words
