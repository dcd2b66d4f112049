"""Chat conversations and answer feedback, kept per browser in one SQLite file in the data dir.

A browser is known only by a random id it keeps (the web UI stores it in localStorage); every
read and write names that id, and a conversation of another browser is "not found", so no
browser can see or change another's. Feedback rows copy the question, the earlier turns, the
answer and its citations, so they outlive the conversation they were given in — but not the
retention period: with `keep_days` set, conversations untouched for that long and feedback given
that long ago are deleted (nothing a user typed is kept past it; evaluators export before).
An answer is stored as it streams (state "generating"), so a stopped one keeps what was shown.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import InputError, NotFoundError

FILE_NAME = "conversations.sqlite3"
MAX_TITLE_CHARS = 40
MAX_COMMENT_CHARS = 1000
_BROWSER_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, browser TEXT NOT NULL, title TEXT NOT NULL,
    created REAL NOT NULL, updated REAL NOT NULL);
CREATE INDEX IF NOT EXISTS conversations_by_browser ON conversations (browser, updated);
CREATE INDEX IF NOT EXISTS conversations_by_age ON conversations (updated);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role TEXT NOT NULL, content TEXT NOT NULL, intent TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]', notes TEXT NOT NULL DEFAULT '[]',
    suggestions TEXT NOT NULL DEFAULT '[]', created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, message INTEGER NOT NULL UNIQUE,
    browser TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL, turns TEXT NOT NULL, answer TEXT NOT NULL, intent TEXT NOT NULL,
    citations TEXT NOT NULL, created REAL NOT NULL);
"""
# Columns added after the first release: a file made before gets them on open.
_ADDED_COLUMNS = (("messages", "mode", "TEXT NOT NULL DEFAULT ''"),
                  ("messages", "state", "TEXT NOT NULL DEFAULT 'complete'"))
COMPLETE, GENERATING, STOPPED = "complete", "generating", "stopped"
_DAY_S = 86400.0
_PURGE_EVERY_S = 3600.0  # on writes, the retention runs at most this often


@dataclass(frozen=True)
class ConversationSummary:
    id: str
    title: str
    updated: float


@dataclass(frozen=True)
class Message:
    id: int
    role: str  # "user" | "assistant"
    content: str
    intent: str = ""
    citations: tuple[dict, ...] = ()  # Citation.to_dict() mappings
    notes: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    rating: int = 0  # +1 / -1 when the browser gave feedback, else 0
    comment: str = ""
    mode: str = ""  # "llm" when a language model wrote it (its text is Markdown)
    state: str = COMPLETE  # COMPLETE | GENERATING | STOPPED (the user stopped it part-way)


@dataclass(frozen=True)
class Feedback:
    """One 👍/👎 on an answer, with what it was about."""

    id: int
    rating: int
    comment: str
    question: str
    turns: tuple[str, ...]
    answer: str
    intent: str
    citations: tuple[dict, ...] = field(default=())


def new_browser_id() -> str:
    """A random id for a browser that has none yet (unguessable: it is the only key)."""
    return secrets.token_urlsafe(24)


def valid_browser(browser: str | None) -> str:
    if not browser or not _BROWSER_ID.match(browser):
        raise InputError("浏览器标识无效，请刷新页面")
    return browser


def title_from(question: str) -> str:
    """A new conversation's title: its first question, on one line, cut short."""
    line = " ".join(question.split())
    return line if len(line) <= MAX_TITLE_CHARS else line[:MAX_TITLE_CHARS - 1] + "…"


class ConversationStore:
    """Conversations, messages and feedback in `<data_dir>/conversations.sqlite3`."""

    def __init__(self, path: Path, keep_days: int = 0):
        self.path = Path(path)
        self.keep_days = keep_days  # 0: kept until deleted
        self._purged = 0.0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)
            for table, column, kind in _ADDED_COLUMNS:
                if column not in {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    @classmethod
    def in_data_dir(cls, data_dir: Path, keep_days: int = 0) -> ConversationStore:
        return cls(Path(data_dir) / FILE_NAME, keep_days)

    def purge(self, now: float | None = None) -> tuple[int, int]:
        """Delete conversations not updated for `keep_days` and feedback given that long ago;
        returns how many of each went (nothing when `keep_days` is 0)."""
        if not self.keep_days:
            return 0, 0
        now = time.time() if now is None else now
        self._purged = now
        cutoff = now - self.keep_days * _DAY_S
        with self._db() as db:
            conversations = db.execute("DELETE FROM conversations WHERE updated < ?",
                                       (cutoff,)).rowcount
            feedback = db.execute("DELETE FROM feedback WHERE created < ?", (cutoff,)).rowcount
        return conversations, feedback

    def interrupted(self) -> int:
        """At server start: answers still marked generating were cut off by a stop of the
        server; they are kept as stopped. Returns how many."""
        with self._db() as db:
            return db.execute("UPDATE messages SET state = ? WHERE state = ?",
                              (STOPPED, GENERATING)).rowcount

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # One short connection per call: UI events run on worker threads, and a connection
        # must not cross threads; WAL lets readers go on while one writes.
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            with db:
                yield db
        finally:
            db.close()

    def secret(self) -> str:
        """A random key made once per data dir (the UI encrypts the browser id with it, so
        the id stays readable after a server restart)."""
        with self._db() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('secret', ?)", (secrets.token_hex(16),))
            return db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()[0]

    # -- conversations ---------------------------------------------------------------------
    def start(self, browser: str, title: str) -> str:
        browser = valid_browser(browser)
        conversation = secrets.token_hex(8)
        now = time.time()
        if self.keep_days and now - self._purged > _PURGE_EVERY_S:
            self.purge(now)
        with self._db() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                       (conversation, browser, title_from(title) or "新对话", now, now))
        return conversation

    def conversations(self, browser: str) -> list[ConversationSummary]:
        """The browser's conversations, the latest first."""
        with self._db() as db:
            rows = db.execute("SELECT id, title, updated FROM conversations WHERE browser = ? "
                              "ORDER BY updated DESC, rowid DESC", (valid_browser(browser),))
            return [ConversationSummary(r["id"], r["title"], r["updated"]) for r in rows]

    def title(self, browser: str, conversation: str) -> str:
        with self._db() as db:
            return self._own(db, browser, conversation)["title"]

    def rename(self, browser: str, conversation: str, title: str) -> None:
        title = " ".join((title or "").split())
        if not title:
            raise InputError("请输入对话名称")
        if len(title) > MAX_TITLE_CHARS:
            raise InputError(f"对话名称最多 {MAX_TITLE_CHARS} 个字")
        with self._db() as db:
            self._own(db, browser, conversation)
            db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation))

    def delete(self, browser: str, conversation: str) -> None:
        with self._db() as db:
            self._own(db, browser, conversation)
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation,))

    def _own(self, db: sqlite3.Connection, browser: str, conversation: str) -> sqlite3.Row:
        row = db.execute("SELECT * FROM conversations WHERE id = ? AND browser = ?",
                         (conversation or "", valid_browser(browser))).fetchone()
        if row is None:  # another browser's conversation is as absent as a deleted one
            raise NotFoundError("找不到这个对话，它可能已被删除")
        return row

    # -- messages --------------------------------------------------------------------------
    def add(self, browser: str, conversation: str, role: str, content: str, *,
            intent: str = "", citations: Sequence[Mapping] = (), notes: Sequence[str] = (),
            suggestions: Sequence[str] = (), mode: str = "", state: str = COMPLETE) -> int:
        """Append a message; returns its id."""
        now = time.time()
        with self._db() as db:
            self._own(db, browser, conversation)
            cursor = db.execute(
                "INSERT INTO messages (conversation, role, content, intent, citations, notes, "
                "suggestions, created, mode, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation, role, content, intent,
                 json.dumps([dict(c) for c in citations], ensure_ascii=False),
                 json.dumps(list(notes), ensure_ascii=False),
                 json.dumps(list(suggestions), ensure_ascii=False), now, mode, state))
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation))
            return cursor.lastrowid

    def update_answer(self, message: int, content: str, *, state: str = GENERATING,
                      intent: str = "", citations: Sequence[Mapping] = (),
                      notes: Sequence[str] = (), suggestions: Sequence[str] = (),
                      mode: str = "") -> bool:
        """Replace a generating answer's text (and, once complete, the rest). An answer
        already stopped is left as it is; returns whether it was changed."""
        with self._db() as db:
            changed = db.execute(
                "UPDATE messages SET content = ?, state = ?, intent = ?, citations = ?, "
                "notes = ?, suggestions = ?, mode = ? WHERE id = ? AND state = ?",
                (content, state, intent, json.dumps([dict(c) for c in citations],
                                                    ensure_ascii=False),
                 json.dumps(list(notes), ensure_ascii=False),
                 json.dumps(list(suggestions), ensure_ascii=False), mode, message,
                 GENERATING)).rowcount
            db.execute("UPDATE conversations SET updated = ? WHERE id = "
                       "(SELECT conversation FROM messages WHERE id = ?)", (time.time(), message))
            return bool(changed)

    def stop(self, browser: str, conversation: str) -> int:
        """Mark the conversation's generating answers stopped (the user pressed 停止)."""
        with self._db() as db:
            self._own(db, browser, conversation)
            return db.execute("UPDATE messages SET state = ? WHERE conversation = ? AND state = ?",
                              (STOPPED, conversation, GENERATING)).rowcount

    def forget(self, browser: str, conversation: str, messages: Sequence[int],
               whole: bool = False) -> None:
        """Take back a turn that failed: its messages, or the whole conversation it began."""
        with self._db() as db:
            self._own(db, browser, conversation)
            if whole:
                db.execute("DELETE FROM conversations WHERE id = ?", (conversation,))
            db.executemany("DELETE FROM messages WHERE id = ? AND conversation = ?",
                           [(m, conversation) for m in messages])

    def messages(self, browser: str, conversation: str) -> list[Message]:
        with self._db() as db:
            self._own(db, browser, conversation)
            rows = db.execute(
                "SELECT m.*, f.rating, f.comment FROM messages m LEFT JOIN feedback f "
                "ON f.message = m.id WHERE m.conversation = ? ORDER BY m.id", (conversation,))
            return [Message(r["id"], r["role"], r["content"], r["intent"],
                            tuple(json.loads(r["citations"])), tuple(json.loads(r["notes"])),
                            tuple(json.loads(r["suggestions"])), r["rating"] or 0,
                            r["comment"] or "", r["mode"], r["state"]) for r in rows]

    # -- feedback --------------------------------------------------------------------------
    def rate(self, browser: str, message: int, rating: int, comment: str = "") -> None:
        """👍 (+1) or 👎 (-1) on one of the browser's answers, with an optional comment;
        rating it again replaces the earlier feedback."""
        if rating not in (1, -1):
            raise InputError("评价只能是 👍 或 👎")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise InputError(f"意见最多 {MAX_COMMENT_CHARS} 个字")
        with self._db() as db:
            row = db.execute("SELECT * FROM messages WHERE id = ? AND role = 'assistant' "
                             "AND state = ?", (int(message), COMPLETE)).fetchone()
            if row is None:
                raise NotFoundError("找不到这条回答")
            self._own(db, browser, row["conversation"])
            asked = [r["content"] for r in db.execute(
                "SELECT content FROM messages WHERE conversation = ? AND role = 'user' "
                "AND id < ? ORDER BY id", (row["conversation"], row["id"]))]
            db.execute(
                "INSERT INTO feedback (message, browser, rating, comment, question, turns, answer, "
                "intent, citations, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (message) DO UPDATE SET rating = excluded.rating, "
                "comment = excluded.comment, created = excluded.created",
                (row["id"], browser, rating, comment, asked[-1] if asked else "",
                 json.dumps(asked[:-1], ensure_ascii=False), row["content"], row["intent"],
                 row["citations"], time.time()))

    def feedback(self) -> list[Feedback]:
        """Every browser's feedback, oldest first (for the evaluators' export)."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        return [Feedback(r["id"], r["rating"], r["comment"], r["question"],
                         tuple(json.loads(r["turns"])), r["answer"], r["intent"],
                         tuple(json.loads(r["citations"]))) for r in rows]
