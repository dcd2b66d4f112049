"""A browser's conversations answered by the assistant: ask in a conversation, keep the turn.

The web UI calls this; it holds no UI code. A turn is stored as soon as it is asked and its
answer as it streams: a stopped answer keeps what was shown, marked stopped (never complete);
a failed one is taken back, leaving the conversation as it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant import followups
from assistant.conversations import COMPLETE, GENERATING, ConversationStore, Message
from assistant.errors import CORE_ERRORS, InputError
from assistant.service import MAX_QUESTION_CHARS, PolicyAssistant


def checked_question(text: str | None) -> str:
    """The question trimmed, or an InputError (in Chinese) saying what is wrong with it."""
    question = (text or "").strip()
    if not question:
        raise InputError("请输入问题")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(f"问题太长（{len(question)} 字），请精简到 {MAX_QUESTION_CHARS} 字以内")
    return question


class ChatSessions:
    """PolicyAssistant.ask_stream over conversations kept in a ConversationStore."""

    def __init__(self, assistant: PolicyAssistant, store: ConversationStore):
        self.assistant = assistant
        self.store = store

    def ask(self, browser: str, conversation: str | None, text: str,
            filters: dict | None = None) -> Iterator[tuple[str, object]]:
        """Events: ("started", conversation id), ("segment", text)…, then ("done",
        (conversation id, the stored answer)).

        `conversation` None starts a new one, titled by the question. Closing the iterator
        before "done" (the user pressed 停止) leaves the answer so far, marked stopped.
        """
        question = checked_question(text)
        earlier = self.store.messages(browser, conversation) if conversation else []
        asked = [m.content for m in earlier if m.role == "user"]
        began = conversation is None
        if began:
            conversation = self.store.start(browser, question)
        turn = [self.store.add(browser, conversation, "user", question),
                self.store.add(browser, conversation, "assistant", "", state=GENERATING)]
        shown: list[str] = []
        answer, outcome = None, "stopped"
        try:
            yield "started", conversation
            for kind, payload in self.assistant.ask_stream(question, history=asked,
                                                           filters=filters):
                if kind == "segment":
                    shown.append(payload)
                    self.store.update_answer(turn[1], joined(shown))
                    yield kind, payload
                elif kind == "done":
                    answer = payload
            if answer is None:  # ask_stream always ends with "done"; guard the contract
                raise RuntimeError("ask_stream ended without an answer")
            outcome = "answered"
        except (*CORE_ERRORS, RuntimeError):
            outcome = "failed"
            self.store.forget(browser, conversation, turn, whole=began)
            raise
        finally:
            if outcome == "stopped":  # closed early: what was shown is kept, marked stopped
                self.store.stop(browser, conversation)
        citations = [c.to_dict() for c in answer.citations]
        intent = getattr(answer, "intent", "") or ""
        suggestions = followups.suggest(intent, citations, [*asked, question])
        mode = getattr(answer, "mode", "") or ""
        if not self.store.update_answer(turn[1], answer.text, state=COMPLETE, intent=intent,
                                        citations=citations, notes=answer.notes,
                                        suggestions=suggestions, mode=mode):
            return  # stopped meanwhile: it stays as the user saw it
        stored = Message(turn[1], "assistant", answer.text, intent, tuple(citations),
                         tuple(answer.notes), tuple(suggestions), mode=mode)
        yield "done", (conversation, stored)

    def stop(self, browser: str, conversation: str) -> None:
        """The user pressed 停止: the conversation's answer being generated is kept as stopped."""
        if conversation:
            self.store.stop(browser, conversation)


def joined(segments: list[str]) -> str:
    """Streamed segments as the answer so far (as the page shows them while they arrive)."""
    return "\n\n".join(segments)
