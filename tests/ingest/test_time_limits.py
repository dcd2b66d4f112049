"""Same-day service phrasing (即时开具, 当场发证) read as time limits, on sentences and the corpus."""

from __future__ import annotations

import pytest

from assistant.settings import SHIPPED_CORPUS
from ingest import time_limits
from ingest.pipeline import parse_file


@pytest.mark.parametrize("sentence, phrase", [
    ("实现社保缴费成功后即时开具缴费凭证，推出线上缴费凭证下载。", "即时开具"),
    ("再次审批即时办结。", "即时办结"),
    ("对符合条件的事项当场办结。", "当场办结"),
    ("实现企业间转移登记当场缴税、当场发证，一个环节。", "当场缴税、当场发证"),
    ("当日申请、次日接电。", "当日申请、次日接电"),
])
def test_same_day_phrases_are_time_limits(sentence, phrase):
    found = [(t.text, t.kind) for t in time_limits.extract(sentence, 2022)]
    assert (phrase, "same_day") in found


@pytest.mark.parametrize("sentence", [
    "即时通讯软件普及。",  # 即时 not followed by a service verb
    "在现场开具证明材料。",  # 开具 without a same-day word
])
def test_same_day_needs_both_words(sentence):
    assert not [t for t in time_limits.extract(sentence, 2022) if t.kind == "same_day"]


def test_liaocheng_2022_measure_48_has_its_same_day_limit():
    doc = next(d for d in parse_file(SHIPPED_CORPUS / "liaocheng_2022_action_plan.txt")
               if d.doc_id == "liaocheng_2022_action_plan")
    measure = next(m for m in doc.measures if m.number == "48")
    kinds = {t.text: t.kind for t in measure.time_limits}
    assert kinds["即时开具"] == "same_day"
    assert kinds["12月底前"] == "deadline"  # the government's own deadline stays one
