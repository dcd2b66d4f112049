"""What a refusal or a scope reply says the corpus covers: short on a corpus of a hundred
documents from twenty provinces, every place on a small one."""

from __future__ import annotations

from assistant import compose, coverage, grounding
from assistant.query import Query
from ingest.records import PolicyDocument


def _doc(n: int, level: str, province: str | None = None, city: str | None = None,
         county: str | None = None) -> PolicyDocument:
    region = {k: v for k, v in (("province", province), ("city", city), ("county", county)) if v}
    return PolicyDocument(doc_id=f"d{n}", source=f"d{n}.txt", title=f"第{n}号文件", level=level,
                          region=region)


def _large() -> dict[str, PolicyDocument]:
    """30 national documents, then 5 of 上海市's districts, 4 of 广州市, 3 of 福建省 and one
    each in 20 other provinces (the shape of the 102 labelled real documents)."""
    docs = [_doc(n, "national") for n in range(30)]
    docs += [_doc(30 + n, "district", "上海市", "上海市", f"第{n}区") for n in range(5)]
    docs += [_doc(40 + n, "city", "广东省", "广州市") for n in range(4)]
    docs += [_doc(50 + n, "province", "福建省") for n in range(3)]
    docs += [_doc(60 + n, "province", f"第{n}省") for n in range(20)]
    return {d.doc_id: d for d in docs}


def test_few_places_are_each_named_widest_first():
    docs = [_doc(1, "city", "山东省", "聊城市"), _doc(2, "county", "山东省", "聊城市", "高唐县"),
            _doc(3, "national")]
    assert coverage.places(docs) == "国家层面、聊城市、高唐县"


def test_many_places_are_summed_up_by_province():
    assert coverage.places(_large().values()) == "国家层面，以及上海市、广东省、福建省、第0省等23省（区、市）"


def test_a_refusal_over_a_large_corpus_is_short():
    docs = _large()
    query = Query(question="外汇管制有什么额度限制？", turns=(), search_text="外汇管制有什么额度限制？",
                  intent="amount", is_followup=False)
    text = compose.refuse(query, docs).text
    assert text.startswith("抱歉，知识库收录的政策中没有找到写明所问金额或标准的规定")
    assert "62份政策文件" in text and "等23省（区、市）" in text
    assert "《" not in text  # no titles: nothing retrieved held the question's words
    assert len(text) < 200
    assert not grounding.claims(text)  # a refusal states no number a policy would
