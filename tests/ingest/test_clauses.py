"""A measure's sentences and clauses, split once at ingest."""

from __future__ import annotations

from ingest.clauses import sentences


def test_sentences_and_clauses_are_spans_of_the_text():
    text = "优化信贷服务。符合条件的小微企业，办理时间不超过11天；\n  \n免收担保费、评估费：由财政承担"
    found = sentences(text)
    assert [text[s.start:s.end].strip() for s in found] == [
        "优化信贷服务。", "符合条件的小微企业，办理时间不超过11天；", "免收担保费、评估费：由财政承担"]
    assert [text[a:b] for a, b in found[1].clauses] == ["符合条件的小微企业，", "办理时间不超过11天；"]
    assert [text[a:b] for a, b in found[2].clauses] == ["免收担保费、", "评估费：", "由财政承担"]
    assert all(s.start <= a < b <= s.end for s in found for a, b in s.clauses)


def test_a_measure_record_keeps_them_through_json():
    import json

    from ingest.records import Measure

    text = "压缩时限。企业开办，1个工作日内办结。"
    measure = Measure(key="d:1", doc_id="d", source="d.txt", number="1", printed_number="1.",
                      kind="measure", section=(), heading="压缩时限", text=text, span=(0, len(text)),
                      sentences=sentences(text))
    again = Measure.from_dict(json.loads(json.dumps(measure.to_dict(), ensure_ascii=False)))
    assert again == measure
