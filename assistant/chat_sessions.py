"""A browser's conversations answered by the assistant: ask in a conversation, keep the turn.

The web UI calls this; it holds no UI code. A turn is stored once its answer is complete, so a
failed or stopped answer leaves the conversation as it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant import followups
from assistant.conversations import ConversationStore, Message
from assistant.errors import InputError
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
        """Events: ("segment", text)… then ("done", (conversation id, the stored answer)).

        `conversation` None starts a new one, titled by the question.
        """
        question = checked_question(text)
        earlier = self.store.messages(browser, conversation) if conversation else []
        asked = [m.content for m in earlier if m.role == "user"]
        answer = None
        for kind, payload in self.assistant.ask_stream(question, history=asked, filters=filters):
            if kind == "segment":
                yield kind, payload
            elif kind == "done":
                answer = payload
        if answer is None:  # ask_stream always ends with "done"; guard the contract
            raise RuntimeError("ask_stream ended without an answer")
        citations = [c.to_dict() for c in answer.citations]
        intent = getattr(answer, "intent", "") or ""
        suggestions = followups.suggest(intent, citations, [*asked, question])
        if conversation is None:
            conversation = self.store.start(browser, question)
        self.store.add(browser, conversation, "user", question)
        message_id = self.store.add(browser, conversation, "assistant", answer.text,
                                    intent=intent, citations=citations, notes=answer.notes,
                                    suggestions=suggestions)
        stored = Message(message_id, "assistant", answer.text, intent, tuple(citations),
                         tuple(answer.notes), tuple(suggestions))
        yield "done", (conversation, stored)
