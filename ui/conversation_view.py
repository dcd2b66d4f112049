"""What the chat shows: a conversation as HTML, each answer with its own numbered citation
markers and cards, copy and feedback buttons and suggested follow-ups; the sidebar's list.

Pure functions of stored messages (no gradio). Every value is escaped: answers quote uploads.
The page's behaviour (markers open cards, copy, feedback, scrolling) is `THREAD_JS`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from assistant import answer_markdown
from assistant.conversation_export import STOPPED_MARK, answer_plain, note_lines
from assistant.conversations import COMPLETE, GENERATING, ConversationSummary, Message
from ui import cards

THREAD_CSS = cards.CARD_CSS + """
.pq-thread { max-height: 64vh; min-height: 240px; overflow-y: auto; padding: 4px 6px 12px;
  border: 1px solid var(--border-color-primary); border-radius: 8px;
  background: var(--background-fill-secondary); }
.pq-welcome { color: var(--body-text-color-subdued); padding: 16px 8px; }
.pq-turn { margin: 12px 0; display: flex; }
.pq-user { justify-content: flex-end; }
.pq-bubble { max-width: 92%; padding: 10px 12px; border-radius: 10px; line-height: 1.7;
  overflow-wrap: anywhere; background: var(--block-background-fill);
  border: 1px solid var(--border-color-primary); }
.pq-user .pq-bubble { background: var(--color-accent-soft); white-space: pre-wrap; }
.pq-bot .pq-bubble { width: 100%; max-width: 100%; }
.pq-answer { white-space: pre-wrap; }
.pq-answer.pq-md { white-space: normal; }
.pq-md p, .pq-md ul, .pq-md ol { margin: 0 0 6px; }
.pq-md ul, .pq-md ol { padding-left: 1.6em; }
.pq-marker { border: none; background: none; padding: 0 1px; cursor: pointer;
  color: var(--color-accent); font-weight: 700; font-size: 0.8em; vertical-align: super; }
.pq-note { color: var(--body-text-color-subdued); font-size: 0.92em; margin-top: 6px; }
.pq-bot .pq-cards { margin-top: 10px; }
.pq-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 8px; }
.pq-actions button, .pq-suggest button, .pq-comment button { cursor: pointer;
  border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 2px 10px;
  background: var(--background-fill-primary); color: var(--body-text-color); }
.pq-actions button[aria-pressed=true] { border-color: var(--color-accent);
  background: var(--color-accent-soft); }
.pq-comment { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.pq-comment textarea { flex: 1 1 200px; min-height: 2.4em; }
.pq-comment-saved { color: var(--body-text-color-subdued); font-size: 0.9em; margin-top: 4px; }
.pq-suggest { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
.pq-suggest-title { width: 100%; color: var(--body-text-color-subdued); font-size: 0.9em; }
.pq-generating { color: var(--color-accent); font-size: 0.92em; margin-top: 6px; }
.pq-generating::after { content: "…"; animation: pq-blink 1s steps(2) infinite; }
@keyframes pq-blink { 50% { opacity: 0; } }
.pq-stopped-mark { color: var(--body-text-color-subdued); font-size: 0.92em; margin-top: 6px; }
.pq-error { color: var(--error-text-color, #b91c1c); margin: 8px 2px 0; }
"""

#: Runs once per page. Markers open their card; copy writes plain text; 👍/👎 and comments
#: go to the server; a new question is scrolled to the top so its answer is read from its
#: first line, later updates of the same turn keep where the reader is.
THREAD_JS = """
const state = { turn: null, top: 0 };
const thread = () => element.querySelector('.pq-thread');
element.addEventListener('scroll', (e) => {
  if (e.target.classList && e.target.classList.contains('pq-thread')) state.top = e.target.scrollTop;
}, true);
const place = () => {
  const box = thread();
  if (!box) return;
  const turn = box.dataset.conversation + ':' + box.dataset.turns;
  if (turn !== state.turn) {
    state.turn = turn;
    const asked = box.querySelectorAll('.pq-user');
    const last = asked[asked.length - 1];
    box.scrollTop = last ? last.offsetTop - box.offsetTop - 8 : 0;
  } else {
    box.scrollTop = state.top;
  }
  state.top = box.scrollTop;
};
watch('value', place);
place();
const copyText = async (text) => {
  try { await navigator.clipboard.writeText(text); return true; } catch (err) {
    const area = document.createElement('textarea');
    area.value = text; document.body.appendChild(area); area.select();
    const done = document.execCommand('copy'); area.remove(); return done;
  }
};
element.addEventListener('click', async (e) => {
  const marker = e.target.closest('.pq-marker');
  if (marker) {
    const card = element.querySelector('#' + marker.dataset.card);
    if (card) { card.open = true; card.scrollIntoView({ block: 'nearest' }); }
    return;
  }
  const copy = e.target.closest('.pq-copy');
  if (copy) {
    const ok = await copyText(copy.dataset.copy);
    copy.textContent = ok ? '已复制' : '复制失败';
    setTimeout(() => { copy.textContent = '复制'; }, 1500);
    return;
  }
  const rate = e.target.closest('.pq-rate');
  if (rate) {
    trigger('click', { action: 'rate', message: rate.dataset.message, rating: rate.dataset.rating });
    return;
  }
  const send = e.target.closest('.pq-comment button');
  if (send) {
    const form = send.closest('.pq-comment');
    trigger('click', { action: 'rate', message: form.dataset.message, rating: form.dataset.rating,
                       comment: form.querySelector('textarea').value });
    return;
  }
  const follow = e.target.closest('.pq-suggest button');
  if (follow) {
    const box = document.querySelector('#pq-question textarea');
    box.value = follow.dataset.question;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    setTimeout(() => document.querySelector('#pq-send').click(), 50);
  }
});
"""

#: The sidebar: a click on a conversation opens it.
LIST_JS = """
element.addEventListener('click', (e) => {
  const item = e.target.closest('.pq-conv');
  if (item) trigger('click', { action: 'open', id: item.dataset.id });
});
"""

LIST_CSS = """
.pq-convs { display: flex; flex-direction: column; gap: 4px; max-height: 50vh; overflow-y: auto; }
.pq-conv { text-align: left; cursor: pointer; padding: 6px 8px; border-radius: 6px;
  border: 1px solid transparent; background: none; color: var(--body-text-color);
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pq-conv:hover { background: var(--background-fill-secondary); }
.pq-conv[aria-current=true] { border-color: var(--color-accent);
  background: var(--color-accent-soft); font-weight: 600; }
.pq-convs-empty { color: var(--body-text-color-subdued); font-size: 0.9em; padding: 4px; }
"""

WELCOME = "您好！请输入关于营商环境政策的问题，例如办理时限、收费优惠或负责部门。"


def thread(messages: Sequence[Message], conversation: str | None = None, *,
           pending: str = "", partial: str = "", generating: bool = False,
           error: str = "") -> str:
    """The conversation; `pending` a question being answered (`partial` its answer so far)."""
    turns = [_turn(m, last=(i == len(messages) - 1)) for i, m in enumerate(messages)]
    asked = sum(m.role == "user" for m in messages)
    if pending:
        asked += 1
        turns.append(_user(pending))
        status = '<div class="pq-generating">正在生成回答</div>' if generating else ""
        turns.append('<div class="pq-turn pq-bot"><div class="pq-bubble">'
                     f'<div class="pq-answer">{escape(partial)}</div>{status}</div></div>')
    body = "".join(turns) or f'<div class="pq-welcome">{escape(WELCOME)}</div>'
    shown_error = f'<div class="pq-error" role="alert">{escape(error)}</div>' if error else ""
    return (f'<div class="pq-thread" data-conversation="{escape(conversation or "new")}" '
            f'data-turns="{asked}">{body}</div>{shown_error}')


def _user(text: str) -> str:
    return f'<div class="pq-turn pq-user"><div class="pq-bubble">{escape(text)}</div></div>'


def _turn(message: Message, last: bool) -> str:
    if message.role == "user":
        return _user(message.content)
    if message.state != COMPLETE:  # never shown as an answer: no cards, no buttons
        mark = ('<div class="pq-generating">正在生成回答</div>' if message.state == GENERATING
                else f'<div class="pq-stopped-mark">{STOPPED_MARK}</div>')
        return (f'<div class="pq-turn pq-bot pq-stopped" data-message="{message.id}" '
                f'data-state="{escape(message.state)}"><div class="pq-bubble">'
                f'<div class="pq-answer">{escape(message.content)}</div>{mark}</div></div>')
    prefix = f"pq-c{message.id}-"
    notes = "".join(f'<div class="pq-note">{escape(n)}</div>'
                    for n in note_lines(message.content, message.notes))
    card_html = "".join(cards.citation_card(c, anchor=f"{prefix}{n}", marker=n)
                        for n, c in enumerate(message.citations, 1))
    return (
        f'<div class="pq-turn pq-bot" data-message="{message.id}"><div class="pq-bubble">'
        + _answer_html(message, prefix) + notes
        + (f'<div class="pq-cards">{card_html}</div>' if card_html else "")
        + _actions(message)
        + (_suggestions(message.suggestions) if last else "")
        + "</div></div>"
    )


_MARKER_TEXT = re.compile(r"\[(\d+)\]")


def _answer_html(message: Message, prefix: str) -> str:
    if message.mode != "llm":
        marked = marked_answer(message.content, message.citations, prefix)
        return f'<div class="pq-answer">{marked}</div>'

    # A model's answer is Markdown with its own [n] markers (numbered as its citations).
    def marker(found: re.Match) -> str:
        n = int(found.group(1))
        return _marker(prefix, n) if 1 <= n <= len(message.citations) else found.group(0)

    html = _MARKER_TEXT.sub(marker, answer_markdown.to_html(message.content))
    return f'<div class="pq-answer pq-md">{html}</div>'


def _marker(prefix: str, n: int) -> str:
    return (f'<button type="button" class="pq-marker" data-card="{prefix}{n}" '
            f'title="查看引用 {n}">[{n}]</button>')


def marked_answer(text: str, citations: Sequence[Mapping], prefix: str) -> str:
    """The answer escaped, with a numbered marker after each cited measure's label (the
    label that follows its document's title), or at the end of the first line."""
    places: list[tuple[int, int]] = []  # (position in text, citation number)
    first_line_end = text.find("\n") if "\n" in text else len(text)
    for n, c in enumerate(citations, 1):
        start = text.find(f"《{c.get('title', '')}》") if c.get("title") else -1
        label = c.get("label", "")
        at = text.find(label, max(start, 0)) if label else -1
        places.append((at + len(label) if at >= 0 else first_line_end, n))
    pieces, done = [], 0
    for position, n in sorted(places):
        pieces.append(escape(text[done:position]))
        pieces.append(_marker(prefix, n))
        done = position
    pieces.append(escape(text[done:]))
    return "".join(pieces)


def _actions(message: Message) -> str:
    plain = answer_plain(message.content, message.citations, message.notes, message.mode)
    buttons = [f'<button type="button" class="pq-copy" data-copy="{escape(plain)}">复制</button>']
    for rating, face, name in ((1, "👍", "有帮助"), (-1, "👎", "没帮助")):
        pressed = "true" if message.rating == rating else "false"
        buttons.append(f'<button type="button" class="pq-rate" data-message="{message.id}" '
                       f'data-rating="{rating}" aria-pressed="{pressed}" title="{name}">'
                       f"{face}</button>")
    html = f'<div class="pq-actions">{"".join(buttons)}</div>'
    if message.rating and message.comment:
        html += f'<div class="pq-comment-saved">您的意见：{escape(message.comment)}</div>'
    elif message.rating:
        html += (f'<div class="pq-comment" data-message="{message.id}" '
                 f'data-rating="{message.rating}"><textarea placeholder="补充意见（可选）" '
                 'maxlength="1000"></textarea><button type="button">提交意见</button></div>')
    return html


def _suggestions(questions: Sequence[str]) -> str:
    if not questions:
        return ""
    buttons = "".join(f'<button type="button" data-question="{escape(q)}">{escape(q)}</button>'
                      for q in questions)
    return f'<div class="pq-suggest"><span class="pq-suggest-title">您可能还想问：</span>{buttons}</div>'


def conversation_list(items: Sequence[ConversationSummary], current: str | None) -> str:
    if not items:
        return '<div class="pq-convs-empty">还没有对话。提问后，对话会保存在这里。</div>'
    rows = "".join(
        f'<button type="button" class="pq-conv" data-id="{escape(c.id)}" '
        f'aria-current="{"true" if c.id == current else "false"}" title="{escape(c.title)}">'
        f"{escape(c.title)}</button>" for c in items)
    return f'<div class="pq-convs">{rows}</div>'
