"""Conversations and feedback in the real SQLite store, and the feedback → `eval` round trip."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.chat_sessions import ChatSessions
from assistant.cli import main
from assistant.conversation_export import answer_plain, benchmark_items, markdown, note_lines
from assistant.conversations import ConversationStore, new_browser_id
from assistant.errors import InputError, NotFoundError
from assistant.followups import suggest

CITATION = {"key": "d:3", "source": "d.txt", "doc_id": "d", "title": "测试措施",
            "doc_number": "永政发[2022]8号", "number": "3", "label": "第3条",
            "heading": "压缩测试审批时限", "quote": "压缩至3个工作日", "text": "……",
            "lead_offices": ["市测试局"], "time_limits": ["3个工作日"], "benefits": []}


@pytest.fixture
def store(tmp_path) -> ConversationStore:
    return ConversationStore.in_data_dir(tmp_path)


def test_a_browser_sees_only_its_own_conversations(store, tmp_path):
    mine, theirs = new_browser_id(), new_browser_id()
    talk = store.start(mine, "开公司刻章要钱吗？")
    store.add(mine, talk, "user", "开公司刻章要钱吗？")
    store.add(mine, talk, "assistant", "不要钱。", citations=[CITATION])
    assert [c.title for c in store.conversations(mine)] == ["开公司刻章要钱吗？"]
    assert store.conversations(theirs) == []
    for attempt in (lambda: store.messages(theirs, talk), lambda: store.rename(theirs, talk, "x"),
                    lambda: store.delete(theirs, talk)):
        with pytest.raises(NotFoundError):
            attempt()
    with pytest.raises(InputError):
        store.conversations("")  # no id is not a browser
    # A second store on the same file (a restarted server) reads the same conversation.
    again = ConversationStore.in_data_dir(tmp_path)
    assert [m.content for m in again.messages(mine, talk)] == ["开公司刻章要钱吗？", "不要钱。"]
    assert again.messages(mine, talk)[1].citations[0]["doc_number"] == "永政发[2022]8号"
    assert again.secret() == store.secret()


def test_rename_delete_and_feedback_outlives_its_conversation(store):
    me = new_browser_id()
    talk = store.start(me, "第一问")
    store.add(me, talk, "user", "第一问")
    store.add(me, talk, "assistant", "答一")
    store.add(me, talk, "user", "第二问")
    answer = store.add(me, talk, "assistant", "答二", intent="office", citations=[CITATION])
    with pytest.raises(InputError):
        store.rename(me, talk, "  ")
    store.rename(me, talk, "刻章的事")
    assert store.title(me, talk) == "刻章的事"
    store.rate(me, answer, -1)
    store.rate(me, answer, -1, "应该引用第4条")  # a comment added later replaces the first
    with pytest.raises(NotFoundError):
        store.rate(new_browser_id(), answer, 1)
    store.delete(me, talk)
    assert store.conversations(me) == []
    [kept] = store.feedback()
    assert (kept.question, kept.turns, kept.answer, kept.rating, kept.comment) == \
        ("第二问", ("第一问",), "答二", -1, "应该引用第4条")
    assert kept.citations[0]["key"] == "d:3"


def test_copied_and_exported_text_is_plain_with_its_citations():
    text = answer_plain("办理时限：3个工作日", [CITATION], ["注意：该文件已于2024-01-01失效"])
    assert "\\" not in text and "永政发[2022]8号" in text
    assert text.splitlines() == ["办理时限：3个工作日", "注意：该文件已于2024-01-01失效", "引用：",
                                 "[1] 《测试措施》（永政发[2022]8号）第3条 压缩测试审批时限"]
    # A note the answer text already carries is not printed a second time.
    assert note_lines("答。\n注意：已失效", ["注意：已失效", "检索范围已放宽"]) == \
        ["提示：检索范围已放宽"]


def test_markdown_export_has_questions_answers_and_sources(store):
    me = new_browser_id()
    talk = store.start(me, "时限多久？")
    store.add(me, talk, "user", "时限多久？")
    store.add(me, talk, "assistant", "3个工作日", citations=[CITATION])
    text = markdown("时限多久？", store.messages(me, talk))
    assert text.startswith("# 时限多久？\n")
    assert "## 问：时限多久？" in text and "> 3个工作日" in text
    assert "> [1] 《测试措施》（永政发[2022]8号）第3条" in text


def test_follow_ups_ask_what_the_cited_measures_state_but_the_question_did_not():
    asked_time = suggest("time_limit", [CITATION])
    assert asked_time == ["「压缩测试审批时限」由哪个部门负责？"]
    asked_office = suggest("office", [CITATION])
    assert asked_office == ["「压缩测试审批时限」多长时间能办完？"]
    assert suggest("office", [CITATION], asked=asked_office) == []
    assert suggest("general", [{**CITATION, "lead_offices": [], "time_limits": []}]) == []


def test_feedback_exports_a_benchmark_that_eval_runs(corpus_assistant, tmp_path):
    store = ConversationStore.in_data_dir(corpus_assistant.settings.data_dir)
    sessions = ChatSessions(corpus_assistant, store)
    me = new_browser_id()
    events = list(sessions.ask(me, None, "在聊城开公司刻章要钱吗？"))
    talk, first = events[-1][1]
    _, second = list(sessions.ask(me, talk, "那归哪个部门管？"))[-1][1]
    store.rate(me, first.id, 1)
    store.rate(me, second.id, -1, "想知道责任单位")
    assert first.citations and second.suggestions != first.suggestions

    env = {"POLICYQA_DATA_DIR": str(corpus_assistant.settings.data_dir),
           "POLICYQA_MODEL": corpus_assistant.settings.model}
    draft = tmp_path / "draft.jsonl"
    done = CliRunner().invoke(main, ["feedback", "export", str(draft)], env=env)
    assert done.exit_code == 0, done.output
    items = [json.loads(line) for line in draft.read_text(encoding="utf-8").splitlines()]
    mine = [i for i in items if i["question"] in ("在聊城开公司刻章要钱吗？", "那归哪个部门管？")][-2:]
    up, down = mine
    cited = first.citations[0]
    assert up["gold"][0] == {"source": cited["source"], "measure": cited["number"]}
    assert up["turns"] == [] and down["turns"] == ["在聊城开公司刻章要钱吗？"]
    assert set(up["offices"]) <= set(cited["lead_offices"]) and up["facts"]
    assert down["facts"] == [] and down["feedback"] == {
        "rating": "down", "comment": "想知道责任单位", "answer": second.content}
    assert benchmark_items(store.feedback())[-1]["id"] == down["id"]

    ran = CliRunner().invoke(main, ["eval", str(draft), "--no-progress"], env=env)
    assert ran.exit_code == 0, ran.output
    assert "warning" not in ran.output and "hit@1" in ran.output.lower()


def _back_date(store: ConversationStore, days: float, conversation: str | None = None) -> None:
    """Make rows look `days` old, straight in the SQLite file (the oracle is the clock)."""
    import sqlite3
    import time

    then = time.time() - days * 86400
    with sqlite3.connect(store.path) as db:
        if conversation:
            db.execute("UPDATE conversations SET created = ?, updated = ? WHERE id = ?",
                       (then, then, conversation))
        else:
            db.execute("UPDATE feedback SET created = ?", (then,))


def test_retention_deletes_conversations_and_feedback_older_than_the_setting(tmp_path):
    store = ConversationStore.in_data_dir(tmp_path, keep_days=30)
    me = new_browser_id()
    old, recent = store.start(me, "旧问题"), store.start(me, "新问题")
    for talk in (old, recent):
        store.add(me, talk, "user", "问")
        answer = store.add(me, talk, "assistant", "答。", citations=[CITATION])
    store.rate(me, answer, 1)
    _back_date(store, 31, old)
    _back_date(store, 29, recent)
    assert store.purge() == (1, 0)
    assert [c.title for c in store.conversations(me)] == ["新问题"]
    with pytest.raises(NotFoundError):
        store.messages(me, old)  # its messages went with it
    assert len(store.messages(me, recent)) == 2 and len(store.feedback()) == 1
    _back_date(store, 31)  # feedback given 31 days ago
    assert store.purge() == (0, 1) and store.feedback() == []


def test_retention_zero_keeps_everything_and_new_conversations_run_it(tmp_path):
    me = new_browser_id()
    forever = ConversationStore.in_data_dir(tmp_path, keep_days=0)
    talk = forever.start(me, "很久以前")
    _back_date(forever, 5000, talk)
    assert forever.purge() == (0, 0) and len(forever.conversations(me)) == 1
    kept = ConversationStore.in_data_dir(tmp_path, keep_days=180)
    kept.start(me, "今天")  # a write runs the retention (at most hourly)
    assert [c.title for c in kept.conversations(me)] == ["今天"]


def test_retention_setting_reads_from_the_environment(monkeypatch, tmp_path):
    from assistant.settings import Settings

    assert Settings(data_dir=tmp_path).conversation_days == 180
    monkeypatch.setenv("POLICYQA_CONVERSATION_DAYS", "0")
    assert Settings(data_dir=tmp_path).conversation_days == 0


def test_an_answer_closed_part_way_is_kept_as_shown_and_marked_stopped(
        corpus_assistant, tmp_path):
    from assistant.chat_sessions import joined
    from assistant.conversations import STOPPED

    store = ConversationStore.in_data_dir(tmp_path)
    sessions = ChatSessions(corpus_assistant, store)
    me = new_browser_id()
    asking = sessions.ask(me, None, "在聊城开公司刻章要钱吗？")
    kind, talk = next(asking)
    assert kind == "started"
    kind, first = next(asking)
    assert kind == "segment"
    shown = [first]
    asking.close()  # what the page does when 停止 cancels it
    question, answer = store.messages(me, talk)
    assert question.content == "在聊城开公司刻章要钱吗？"
    assert (answer.state, answer.content) == (STOPPED, joined(shown)) and shown
    assert answer.citations == () and answer.suggestions == ()
    with pytest.raises(NotFoundError):
        store.rate(me, answer.id, 1)  # a stopped answer is not an answer to rate
    assert "（已停止生成）" in markdown("t", store.messages(me, talk))


def test_answers_cut_off_by_a_server_stop_are_marked_stopped_at_the_next_start(tmp_path):
    from assistant.conversations import GENERATING, STOPPED

    store = ConversationStore.in_data_dir(tmp_path)
    me = new_browser_id()
    talk = store.start(me, "问")
    store.add(me, talk, "user", "问")
    store.add(me, talk, "assistant", "答到一半", state=GENERATING)
    assert ConversationStore.in_data_dir(tmp_path).interrupted() == 1
    assert store.messages(me, talk)[-1].state == STOPPED
