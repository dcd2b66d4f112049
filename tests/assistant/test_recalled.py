"""A follow-up finds what the last answer cited without answering the last turn again, and
is answered exactly as when it is computed afresh."""

from __future__ import annotations

from assistant.recalled import RecalledSelections


def test_a_kept_selection_is_returned_without_selecting_again():
    kept = RecalledSelections(kept=2)
    view = object()
    calls: list[str] = []

    def select(name):
        return lambda: calls.append(name) or name

    assert kept.recall(view, "a", select("a")) == "a"
    assert kept.recall(view, "a", select("again")) == "a"
    assert calls == ["a"]
    # another snapshot of the index: nothing of the old one is served
    assert kept.recall(object(), "a", select("new view")) == "new view"
    # the oldest goes beyond `kept`
    other = object()
    for name in ("x", "y", "z"):
        kept.recall(other, name, select(name))
    assert kept.recall(other, "x", select("x again")) == "x again"


def test_a_follow_up_recalls_the_answer_it_follows(corpus_assistant, monkeypatch):
    from assistant.service import PolicyAssistant

    first = "聊城企业开办需要几天？"
    follow = "那这个归哪个部门牵头？"
    corpus_assistant.ask(first, use_llm=False)
    selected: list[str] = []
    original = PolicyAssistant._selected

    def counting(self, view, question, *args, **kwargs):
        selected.append(question)
        return original(self, view, question, *args, **kwargs)

    monkeypatch.setattr(PolicyAssistant, "_selected", counting)
    kept = corpus_assistant.ask(follow, history=[first], use_llm=False)
    assert selected == [follow]  # the first turn was not answered again
    # the oracle: an assistant that never saw the first turn computes it
    fresh = PolicyAssistant(corpus_assistant.settings, index=corpus_assistant.index)
    selected.clear()
    cold = fresh.ask(follow, history=[first], use_llm=False)
    assert selected == [follow, first]
    assert kept.found and (kept.text, kept.citations) == (cold.text, cold.citations)
