"""Validity and time awareness: statuses as of fixed dates, expiry warnings in answers,
newer documents of the same issuer first."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import grounding, validity
from assistant.errors import InputError
from assistant.settings import SHIPPED_CORPUS
from ingest.pipeline import parse_paths

BEFORE, AFTER = date(2022, 6, 1), date(2024, 1, 1)
SMALL_TAXPAYER_QUESTION = "聊城增值税小规模纳税人免征房产税的政策执行到什么时候？"
ACCOUNTABILITY_QUESTION = "高唐县损害营商环境行为责任追究办法对部门之间推诿扯皮怎么处理？"


@pytest.fixture(scope="module")
def corpus():
    """key → (measure, document) over the five shipped files, parsed (no index needed)."""
    docs = parse_paths([SHIPPED_CORPUS]).documents
    return {m.key: (m, d) for d in docs for m in d.measures}, {d.doc_id: d for d in docs}


def _status(corpus, key, day):
    measures, _ = corpus
    return validity.status(*measures[key], day)


def test_an_extended_measure_expires_after_its_printed_end_date(corpus):
    key = "liaocheng_2022_action_plan:167"  # 执行期延长至2022年12月31日
    assert _status(corpus, key, BEFORE).state == validity.IN_FORCE
    assert _status(corpus, key, date(2022, 12, 31)).state == validity.IN_FORCE
    expired = _status(corpus, key, AFTER)
    assert (expired.state, expired.date) == (validity.EXPIRED, "2022-12-31")
    assert expired.phrase == "执行期延长至2022年12月31日"
    assert "2022-12-31" in expired.label and "2024-01-01" in expired.label


def test_a_document_valid_for_one_year_expires_with_all_its_articles(corpus):
    _, documents = corpus
    regulation = documents["gaotang_2021_19_measures-2"]
    assert (regulation.issued, regulation.valid_until) == ("2021-11-23", "2022-11-22")
    for article in regulation.measures:
        assert validity.status(article, regulation, BEFORE).state == validity.IN_FORCE
        state = validity.status(article, regulation, AFTER)
        assert (state.state, state.date, state.phrase) == (
            validity.EXPIRED, "2022-11-22", "有效期一年，期满自动失效")
    assert validity.document_status(regulation, AFTER).state == validity.EXPIRED
    # The 19 measures issued with it carry no validity clause.
    assert _status(corpus, "gaotang_2021_19_measures:7", AFTER).state == validity.IN_FORCE


def test_partly_expired_and_long_term_measures_stay_in_force(corpus):
    # 168: 重点群体 until 2025-12-31, 退役士兵 until 2023-12-31.
    mid = _status(corpus, "liaocheng_2022_action_plan:168", AFTER)
    assert mid.state == validity.IN_FORCE and mid.partial == "执行期延长至2023年12月31日"
    late = _status(corpus, "liaocheng_2022_action_plan:168", date(2026, 1, 1))
    assert (late.state, late.date) == (validity.EXPIRED, "2025-12-31")
    # 171: a 5% discount 长期 beside an 85折 that ended 2022-12-31.
    tolls = _status(corpus, "liaocheng_2022_action_plan:171", AFTER)
    assert tolls.state == validity.IN_FORCE and tolls.partial == "执行期至2022年12月31日"


def test_deadlines_resolved_against_the_documents_year_pass(corpus):
    key = "liaocheng_2022_action_plan:108"  # 5月底前 (2022) → 2022-05-31
    assert _status(corpus, key, date(2022, 5, 20)).state == validity.IN_FORCE
    passed = _status(corpus, key, BEFORE)
    assert (passed.state, passed.date, passed.phrase) == (
        validity.DEADLINE_PASSED, "2022-05-31", "5月底前")
    # Several deadlines: passed only once the last one has.
    assert _status(corpus, "liaocheng_2022_action_plan:7", date(2022, 7, 1)).state == \
        validity.IN_FORCE  # 6月底前 passed, 9月底前 not yet
    assert _status(corpus, "liaocheng_2022_action_plan:7", date(2022, 10, 1)).date == "2022-09-30"


def test_before_issue_a_measure_is_not_yet_in_force(corpus):
    state = _status(corpus, "liaocheng_2022_action_plan:167", date(2022, 1, 1))
    assert (state.state, state.date) == (validity.NOT_YET, "2022-05-05")


def test_issuer_families_and_newer_documents(corpus):
    _, documents = corpus
    old, new = documents["liaocheng_2020_measures"], documents["liaocheng_2022_action_plan"]
    assert validity.same_issuer(old, new) and validity.newer(new, old)
    assert not validity.same_issuer(old, documents["gaotang_2021_19_measures"])
    assert not validity.same_issuer(documents["gaotang_2021_19_measures"],
                                    documents["gaotang_2021_19_measures"])


def test_as_of_is_parsed_strictly():
    assert validity.parse_as_of("2024-01-01") == AFTER
    assert validity.parse_as_of(None) is None
    with pytest.raises(InputError):
        validity.parse_as_of("2024/01/01")


# -- answers over the real index ------------------------------------------------------------
def test_an_answer_about_an_expired_measure_says_so_with_its_date(corpus_assistant):
    answer = corpus_assistant.ask(SMALL_TAXPAYER_QUESTION, as_of=AFTER)
    assert answer.citations[0].key == "liaocheng_2022_action_plan:167"
    assert "已失效" in answer.citations[0].status and "2022-12-31" in answer.citations[0].status
    warning = next(n for n in answer.notes if n.startswith("注意"))
    assert "第167条" in warning and "2022-12-31" in warning and "截至2024-01-01" in warning
    assert warning in answer.text and answer.text.endswith(warning)
    assert not grounding.unsupported(answer.text, answer.citations)


def test_the_same_question_earlier_answers_without_the_warning(corpus_assistant):
    before = corpus_assistant.ask(SMALL_TAXPAYER_QUESTION, as_of=BEFORE)
    after = corpus_assistant.ask(SMALL_TAXPAYER_QUESTION, as_of=AFTER)
    assert before.citations[0].key == after.citations[0].key
    assert "现行有效" in before.citations[0].status
    assert "注意" not in before.text and "失效" not in before.text
    assert not any(n.startswith("注意") for n in before.notes)
    assert after.text.startswith(before.text)


def test_an_expired_regulation_is_flagged_and_streamed(corpus_assistant):
    answer = corpus_assistant.ask(ACCOUNTABILITY_QUESTION, as_of=AFTER)
    assert answer.citations[0].doc_id == "gaotang_2021_19_measures-2"
    assert "有效期一年" in answer.text and "2022-11-22" in answer.text
    assert "失效" not in corpus_assistant.ask(ACCOUNTABILITY_QUESTION, as_of=BEFORE).text
    events = list(corpus_assistant.ask_stream(ACCOUNTABILITY_QUESTION, as_of=AFTER))
    segments = [payload for kind, payload in events if kind == "segment"]
    done = events[-1][1]
    assert "2022-11-22" in segments[-1] and done.text == answer.text
    assert done.segments[-1].endswith(segments[-1])
    assert "已失效" in events[-2][1][0]["status"]  # the citations event


def test_documents_issued_after_the_date_are_left_out(corpus_assistant):
    hits = corpus_assistant.search("免征房产税 城镇土地使用税", top_k=5, as_of=date(2021, 1, 1))
    assert hits and all(h.document.issued <= "2021-01-01" for h in hits)
    assert any(h.measure.key == "liaocheng_2022_action_plan:167"
               for h in corpus_assistant.search("免征房产税 城镇土地使用税", top_k=5))


def test_the_newer_document_of_the_same_issuer_comes_first(corpus_assistant):
    answer = corpus_assistant.ask("聊城出口退税几天办完？", as_of=AFTER)
    docs = [c.doc_id for c in answer.citations]
    assert docs[:2] == ["liaocheng_2022_action_plan", "liaocheng_2020_measures"]
    note = next(n for n in answer.notes if "晚于" in n)
    assert "聊政办字〔2022〕13号" in note and "聊政字〔2020〕25号" in note and note in answer.text
    assert "5个工作日" in answer.text  # the older text still answers "how many days"
    assert not grounding.unsupported(answer.text, answer.citations)
