"""Answers written by an LLM (any OpenAI-compatible endpoint), checked before anyone sees them.

The model sees only the measures the default answer would cite, numbered [1]..[n], with
their text fenced off as data, and must cite them; it is told the slot the question asks
(时限, 金额, 需要/不需要, 有效/已失效 …) and the clause the default answer leads with, so it
answers that first. Its reply is read sentence by sentence: a sentence stating a number, time
limit, office (or a bare number, or "free of charge") that the measures it cites do not hold,
or (for a time limit, amount or office asked) a first cited sentence that states none of the
numbers, time limits or offices the default answer leads with, ends the model's answer: the
default answer is given instead (when streaming, what was already shown stays — each
sentence of it was verified — and the rest is cut with a note). Anything that goes wrong with the endpoint (timeout, refused connection,
HTTP error, a reply that is not the protocol, a reply that cites nothing) gives the default
answer with a note too; an LLM failure never reaches the user as an error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

import prompts
from assistant import compose, grounding
from assistant.query import Query
from assistant.records import Answer, Citation
from assistant.retrieval import Hit
from assistant.settings import Settings

log = logging.getLogger(__name__)

# A sentence ends at 。！？ (with any closing quote) or a line break; [n] markers right after
# the end mark still belong to it.
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n")
_MARKER = re.compile(r"[\[［【]\s*\d{1,2}(?:\s*[,，、]\s*\d{1,2})*\s*[\]］】]")
_TRAILING_MARKERS = re.compile(rf"(?:[ \t]*{_MARKER.pattern})*")
_PARTIAL_MARKER = re.compile(r"[ \t]*(?:[\[［【][\d\s,，、]*)?")
_THINKING = re.compile(r"^\s*<think>.*?</think>", re.S)  # reasoning models' preamble

# Claims beyond grounding's numbers-with-units, time limits and offices: bare numbers (a phone
# number, a count) and promises that something is free.
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FREE = re.compile(r"全免|免费|免收|零收费|不收费|零费用")
_ENUMERATOR = re.compile(r"^\s*(?:[(（]?\d{1,2}[.、．)）]|[(（]\d{1,2}[)）])\s*")  # "1." "2、" "（3）"

_FENCE = re.compile(r"[<>＜＞]{3,}")
_SPACE = re.compile(r"\s+")
_QUANTITY_SLOTS = ("time_limit", "amount", "office")


def configured(settings: Settings) -> bool:
    """Whether settings name an endpoint and a model."""
    return bool(settings.llm_base_url and settings.llm_model)


class LLMAnswerer:
    """Answers from the selected measures with a chat model; the client is built on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._model = None

    @property
    def model(self):
        if self._model is None:
            from langchain_openai import ChatOpenAI

            s = self.settings
            self._model = ChatOpenAI(
                base_url=s.llm_base_url, model=s.llm_model, api_key=s.llm_api_key or "not-needed",
                timeout=s.llm_timeout_s, max_retries=0, temperature=0)
        return self._model

    def answer(self, query: Query, parts: Sequence[compose.Block]) -> Answer:
        """The model's answer when every claim in it is verified; else the default answer
        (`parts`: the default answer's blocks, `compose.blocks`)."""
        default = compose.answer_of(query, parts)
        try:
            reply = _content(self.model.invoke(messages(query, parts)))
        except Exception as exc:  # whatever the endpoint did, the user gets the default answer
            return _fallback(default, _failure(exc))
        checker = SentenceChecker(parts, default.citations, query.intent)
        checker.feed(reply)
        checker.finish()
        return checker.result(query, default)

    def stream(self, query: Query, parts: Sequence[compose.Block]) -> Iterator[tuple[str, object]]:
        """("segment", verified sentence)… then ("answer", Answer).

        Tokens are buffered to whole sentences and each is checked before it is shown, so a
        streamed answer keeps the same guarantee as `answer`. Sentences citing nothing are
        held back until one cites a measure; when the model fails or is rejected before that,
        the default answer is streamed instead.
        """
        default = compose.answer_of(query, parts)
        checker = SentenceChecker(parts, default.citations, query.intent)
        failure = None
        chunks = None
        try:
            chunks = self.model.stream(messages(query, parts))
            for chunk in chunks:
                for segment in checker.feed(_content(chunk)):
                    yield "segment", segment
                if checker.rejected:
                    break  # the rest of the reply is not used: stop reading it
        except Exception as exc:  # see `answer`
            failure = _failure(exc)
        finally:
            if chunks is not None and hasattr(chunks, "close"):
                chunks.close()
        if failure is None:
            for segment in checker.finish():
                yield "segment", segment
        answer = checker.result(query, default, failure, streamed=True)
        if answer.mode != "llm":  # nothing of the model's was shown
            for segment in answer.segments:
                yield "segment", segment
        yield "answer", answer


def messages(query: Query, parts: Sequence[compose.Block]) -> list:
    """The system rules and the user message: numbered measures, earlier turns, the slot the
    question asks with the clause the default answer fills it from, the question."""
    from langchain_core.messages import HumanMessage, SystemMessage

    measures = "\n\n".join(_measure_block(n, p.hit) for n, p in enumerate(parts, start=1))
    history = "\n".join(f"- {turn}" for turn in query.turns) or "（无）"
    slots = prompts.table("llm_slots")
    # Fenced like the texts they are cut from.
    leads = "\n".join(f"[{n}] <<<{_FENCE.sub(' ', p.lead)}>>>" for n, p in enumerate(parts, start=1))
    user = prompts.render("llm_user", count=len(parts), measures=measures, history=history,
                          slot=slots.get(query.intent, slots["general"]), leads=leads,
                          question=query.question)
    return [SystemMessage(prompts.template("llm_system")), HumanMessage(user)]


def _measure_block(n: int, hit: Hit) -> str:
    m, d = hit.measure, hit.document
    return prompts.render(
        "llm_measure", n=n, title=d.title, label=m.label, heading=m.heading,
        doc_number_part=f"（{d.doc_number}）" if d.doc_number else "",
        lead_offices="、".join(m.lead_offices) or "未列明", offices="、".join(m.offices) or "未列明",
        text=_FENCE.sub(" ", m.text))  # the text cannot close its own fence


def evidence(citation: Citation, lead: str = "") -> Citation:
    """The citation as evidence: its text without sentences that address a model, and the
    default answer's lead for it (cut from that text, or dates computed from it: an
    有效期5年 read as 至2029-03-03, the day asked about)."""
    kept = [s for s in compose.sentences(citation.text) if not grounding.INSTRUCTION.search(s)]
    return replace(citation, text="".join(kept) + "\n" + lead)


def claims(text: str) -> list[str]:
    """Grounding's claims plus bare numbers (not a list's own numbering, not already part of
    a claim) and promises of free service."""
    text = _ENUMERATOR.sub("", text)
    found = grounding.claims(text)
    found += [n for n in _BARE_NUMBER.findall(text) if not any(n in claim for claim in found)]
    found += _FREE.findall(text)
    return list(dict.fromkeys(found))


class SentenceChecker:
    """Reads the model's reply as it arrives and lets through only the sentences it can verify.

    A sentence is checked against the measures its [n] markers name, or, when it names none,
    against every measure offered (the first one holding each claim then becomes its
    citation). Markers are renumbered in order of first use so they match the answer's
    citations.
    """

    def __init__(self, parts: Sequence[compose.Block], citations: Sequence[Citation],
                 intent: str = "general"):
        by_key = {c.key: c for c in citations}
        self.citations = [by_key[p.hit.measure.key] for p in parts]
        self._evidence = [evidence(c, p.lead) for c, p in zip(self.citations, parts, strict=True)]
        self._records = [grounding.sources([e]) for e in self._evidence]
        # What the answer must state first, when the slot is a quantity or an office: the
        # claims of the default answer's leads (none when they state none: 该条没有规定具体
        # 时限). A verdict slot (需要/不需要, 有效/已失效) is not checked this way: its lead's
        # numbers (a target year beside 有效) are not the answer.
        self._slot_claims = [c for p in parts for c in grounding.claims(p.lead)] \
            if intent in _QUANTITY_SLOTS else []
        self.rejected = ""  # why the reply is not used past the last verified sentence
        self._buffer = ""
        self._space = ""  # line breaks owed before the next shown sentence
        self._held: list[str] = []  # sentences citing nothing, shown once one cites something
        self.cited: list[int] = []  # indexes into `citations`, in order of first use
        self.segments: list[str] = []
        self.dropped: list[str] = []
        self.unsupported: list[str] = []
        self.received = False  # any non-blank text at all

    # -- reading ---------------------------------------------------------------------------
    def feed(self, delta: str) -> list[str]:
        """Take more of the reply; return the sentences now verified and ready to show."""
        self._buffer += delta
        if self.rejected or self._thinking():
            return []
        ready = []
        while not self.rejected and (sentence := self._next_sentence(final=False)) is not None:
            ready.extend(self._check(sentence))
        return ready

    def finish(self) -> list[str]:
        """The reply is complete: check what is left in the buffer."""
        self._buffer = _THINKING.sub("", self._buffer)
        ready = []
        while not self.rejected and (sentence := self._next_sentence(final=True)) is not None:
            ready.extend(self._check(sentence))
        return ready

    def _thinking(self) -> bool:
        """Still inside a leading <think>…</think> block (dropped once it closes)."""
        head = self._buffer.lstrip()
        if not head.startswith("<think>"):
            return "<think>".startswith(head) and bool(head)
        if "</think>" not in head:
            return True
        self._buffer = _THINKING.sub("", self._buffer)
        return False

    def _next_sentence(self, *, final: bool) -> str | None:
        end = _SENTENCE_END.search(self._buffer)
        if end is None:
            if final and self._buffer:
                sentence, self._buffer = self._buffer, ""
                return sentence
            return None
        stop = _TRAILING_MARKERS.match(self._buffer, end.end()).end()
        if not final and _PARTIAL_MARKER.fullmatch(self._buffer, stop):
            return None  # a marker for this sentence may still be arriving
        sentence, self._buffer = self._buffer[:stop], self._buffer[stop:]
        return sentence

    # -- checking --------------------------------------------------------------------------
    def _check(self, sentence: str) -> list[str]:
        body = sentence.strip()
        if not body:
            self._space += sentence
            return []
        self.received = True
        lead = sentence[:len(sentence) - len(sentence.lstrip())]
        trail = sentence[len(sentence.rstrip()):]
        refs = self._refs(body)
        plain = _MARKER.sub("", body)
        if refs:
            record = grounding.sources([self._evidence[i] for i in refs])
            missing = [c for c in claims(plain) if c not in record]
        else:
            refs, missing = self._supporters(plain)
            if refs:
                body = _append_markers(body, refs)
        if missing:
            self.dropped.append(body)
            self.unsupported.extend(c for c in missing if c not in self.unsupported)
            self.rejected = "回答中的内容无法在政策原文中核实"
            return []
        if refs and not self.cited and self._slot_claims and \
                not any(c in _SPACE.sub("", plain) for c in self._slot_claims):
            self.dropped.append(body)
            self.rejected = "回答没有先答所问"
            return []
        text = self._renumber(body, refs)
        space = "\n" * min((self._space + lead).count("\n"), 2)
        self._space = trail
        if not refs and not self.cited:
            self._held.append(space + text)
            return []
        ready = [*self._held, space + text]
        self._held = []
        if not self.segments:
            ready[0] = ready[0].lstrip()
        self.segments.extend(ready)
        return ready

    def _refs(self, body: str) -> list[int]:
        numbers = (int(n) for marker in _MARKER.findall(body) for n in re.findall(r"\d+", marker))
        return list(dict.fromkeys(n - 1 for n in numbers if 1 <= n <= len(self.citations)))

    def _supporters(self, plain: str) -> tuple[list[int], list[str]]:
        """For a sentence citing nothing: the first measure holding each claim, and orphans."""
        refs, missing = [], []
        for claim in claims(plain):
            holder = next((i for i, r in enumerate(self._records) if claim in r), None)
            if holder is None:
                missing.append(claim)
            elif holder not in refs:
                refs.append(holder)
        return refs, missing

    def _renumber(self, body: str, refs: list[int]) -> str:
        for i in refs:
            if i not in self.cited:
                self.cited.append(i)

        def renumber(marker: re.Match) -> str:
            numbers = (int(n) - 1 for n in re.findall(r"\d+", marker.group(0)))
            return "".join(f"[{self.cited.index(i) + 1}]" for i in dict.fromkeys(numbers)
                           if i in self.cited)

        return _MARKER.sub(renumber, body)

    # -- the result ------------------------------------------------------------------------
    def result(self, query: Query, default: Answer, failure: str | None = None,
               streamed: bool = False) -> Answer:
        """The verified answer, or the default one with a note saying why. A rejected reply
        gives the default answer, unless `streamed` sentences of it were already shown: those
        stay (each was verified) and the answer is cut there with a note."""
        flagged = (prompts.render("llm_flag_note", claims="、".join(self.unsupported)),) \
            if self.unsupported else ()
        if self.rejected or not self.cited:
            log.warning("LLM answer not used past %d sentences (%s): %r", len(self.segments),
                        failure or self.rejected or "nothing cited", self.dropped or self._held)
        if not self.cited or (self.rejected and not streamed):
            reason = failure or self.rejected or (
                "回答未注明依据的政策条款" if self.received else "回答为空")
            return _fallback(default, reason, flagged)
        notes = flagged
        if failure or self.rejected:
            notes += (prompts.render("llm_interrupted_note", reason=failure or self.rejected),)
        return Answer("".join(self.segments), True, query.intent,
                      tuple(self.citations[i] for i in self.cited), notes=notes, mode="llm",
                      segments=tuple(self.segments))


def _append_markers(body: str, refs: list[int]) -> str:
    """Cite the measures that hold a sentence's claims, before its end mark."""
    markers = "".join(f"[{i + 1}]" for i in refs)
    end = re.search(r"[。！？!?]+[”’」』）)]*$", body)
    return body[:end.start()] + markers + end.group(0) if end else body + markers


def _fallback(default: Answer, reason: str, notes: tuple[str, ...] = ()) -> Answer:
    note = prompts.render("llm_fallback_note", reason=reason)
    return replace(default, notes=(*default.notes, *notes, note), mode="default")


def _content(message) -> str:
    """The text of a reply or chunk (content may be a list of parts with some providers)."""
    content = getattr(message, "content", None)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content
                       if isinstance(p, str | dict))
    raise TypeError(f"reply has no text content: {type(message).__name__}")


def _failure(exc: Exception) -> str:
    """A short reason for the note; the details go to the log."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        reason = "请求超时"
    elif isinstance(exc, openai.APIConnectionError):
        reason = "无法连接大模型服务"
    elif isinstance(exc, openai.APIStatusError):
        reason = f"大模型服务返回 HTTP {exc.status_code}"
    else:
        reason = "大模型服务的响应无法识别"
    log.warning("LLM request failed, answering without it (%s): %s: %s", reason,
                type(exc).__name__, exc)
    return reason
