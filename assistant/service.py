"""The core the CLI, the API and the UI call: ingest, search, ask, browse.

Each call reads one snapshot of the index (`PolicyIndex.snapshot`) from start to end, so a
question is answered from one state of the index even while another process writes to it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from functools import cached_property
from pathlib import Path

from assistant import (
    asked_slot,
    comparison,
    compose,
    conversation,
    followup_units,
    identity,
    llm,
    message_kind,
    place_scope,
    recalled,
    relevance,
    storage,
    validity,
)
from assistant.components import open_index
from assistant.errors import InputError, NotFoundError
from assistant.query import Query, understand
from assistant.records import Answer
from assistant.retrieval import Hit, Retriever
from assistant.sentence_evidence import SentenceEvidence
from assistant.settings import Settings
from ingest.records import Measure, PolicyDocument
from vectorstore.index import PolicyIndex
from vectorstore.offline import go_offline
from vectorstore.snapshot import IndexSnapshot
from vectorstore.writer import SyncResult

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
_CANDIDATES_FOR_ANSWER = 8
#: What an answer is told as: ("segment", text), ("answer", Answer), ("citations", […]), ("done", Answer).
Event = tuple[str, object]
_PER_DOCUMENT = 3  # hits per document a comparison chooses its measure from
_PER_DOCUMENT_MAX = 12  # documents a comparison searches one by one


class PolicyAssistant:
    """One instance per process; the model and index load on first use (or `warm_up`)."""

    def __init__(self, settings: Settings | None = None, *, index: PolicyIndex | None = None):
        go_offline()
        self.settings = settings or Settings()
        self.index = index or open_index(self.settings)
        self._recalled = recalled.RecalledSelections()

    def warm_up(self) -> None:
        """Load the model, open the index and build the keyword index now, not on first ask."""
        _ = self.index.embedder
        self.index.snapshot().warm_up()
        # One answer loads what only answering touches (jieba's POS tagger, the place
        # gazetteer, the corpus word sets): seconds of the first API request otherwise.
        self.ask("企业开办需要几天？", use_llm=False)

    # -- writing ---------------------------------------------------------------------------
    def writing(self) -> AbstractContextManager:
        """The index's write lock (BusyError, HTTP 409, when another writer holds it).

        Re-entrant in the holding thread: a batch takes it once, before any work, and ingests
        its files under it."""
        return self.index.write_lock()

    def ingest(self, paths: Sequence[Path], *, progress: bool = False) -> SyncResult:
        """Parse files and write them to the index; failures are reported, others go on.

        The write lock is taken first, and free disk space checked, before any file is read.
        """
        from assistant.components import parse_files

        started = time.perf_counter()
        places = (self.settings.data_dir, self.settings.index_dir)
        with self.writing(), storage.translated(places, self.index.stop_writes):
            storage.check_free(places, storage.need_for(paths, self.settings.min_free_mb))
            report = parse_files(paths, max_bytes=int(self.settings.max_file_mb * 1024 * 1024),
                                 seconds=self.settings.parse_seconds)
            documents, clashes = identity.distinct(report.documents,
                                                   self.index.stored_catalog().documents)
            total = sum(len(d.measures) for d in documents)
            bar = _progress_bar(total) if progress and total > 50 else None
            try:
                result = self.index.sync(documents,
                                         progress=(lambda n: bar.update(n)) if bar else None)
            finally:
                if bar:
                    bar.close()
        result.failures = [*report.failures, *clashes]
        result.seconds = time.perf_counter() - started
        return result

    def remove(self, ref: str) -> list[str]:
        """Delete a document (by id, source or 文号) and every other document of its file."""
        places = (self.settings.data_dir, self.settings.index_dir)
        with self.writing(), storage.translated(places, self.index.stop_writes):
            storage.check_free(places, storage.need_for((), self.settings.min_free_mb))
            return self.index.remove_source(self.document(ref).source)

    # -- reading ---------------------------------------------------------------------------
    def understand(self, question: str, turns: Sequence[str] = (), filters: dict | None = None,
                   view: IndexSnapshot | None = None, answered: str = "") -> Query:
        """What the question asks, in its conversation, over the documents of `view`
        (`answered`: the text of the units the answer to the last turn cited)."""
        question = (question or "").strip()
        if not question:
            raise InputError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(f"the question is too long ({len(question)} > {MAX_QUESTION_CHARS} characters)")
        view = view or self.index.snapshot()
        return understand(question, message_kind.message_turns(turns), view.catalog.documents,
                          filters, conversation.distinctive_words(view), answered)

    def search(self, query: str, *, turns: Sequence[str] = (), filters: dict | None = None,
               top_k: int | None = None, mode: str = "hybrid",
               as_of: date | None = None) -> list[Hit]:
        """Ranked measures for a query (with earlier conversation turns, optional filters).

        `as_of`: only documents issued by that date; `statuses` says where each hit stands.
        """
        top_k = top_k or self.settings.top_k
        if not 1 <= top_k <= 50:
            raise InputError("top_k must be between 1 and 50")
        view = self.index.snapshot()
        parsed, last = self._in_conversation(view, query, turns, filters, mode, as_of)
        retriever = self._retriever(view, mode)
        hits = self._retrieve(parsed, top_k, retriever, as_of, last)
        if last and parsed.asks_of_last_answer:  # what "this" stands for, first
            cited = {h.measure.key for h in last}
            hits = [*last, *(h for h in hits if h.measure.key not in cited)]
        if relevance.comparing(parsed):
            hits = comparison.side_by_side(self._sides(view, parsed, retriever, as_of), hits,
                                           answer=False)
        return hits[:top_k]

    def ask(self, question: str, *, history: Sequence[str] = (), filters: dict | None = None,
            top_k: int | None = None, mode: str = "hybrid", use_llm: bool | None = None,
            as_of: date | None = None) -> Answer:
        """A grounded answer citing measures, or a plain refusal when the corpus has none.

        `use_llm`: None uses the LLM when settings configure one, False never, True requires it.
        `as_of` (today by default): the date the answer speaks for — documents issued later
        are left out, and an expired measure is cited with a warning and its expiry date.
        """
        view, query, _, events = self._answer_events(question, history, filters, top_k, mode,
                                                     use_llm, as_of, stream=False)
        ((_, answer),) = events
        scope = place_scope.note(query, answer.found, (c.doc_id for c in answer.citations),
                                 view.catalog.documents)
        return self._dated(view, place_scope.with_note(answer, scope), as_of)

    def ask_stream(self, question: str, *, history: Sequence[str] = (), filters: dict | None = None,
                   top_k: int | None = None, mode: str = "hybrid",
                   use_llm: bool | None = None,
                   as_of: date | None = None) -> Iterator[Event]:
        """The answer as events: ("segment", text)… then ("citations", [...]) and ("done", Answer).

        The default answer is composed whole and then streamed per measure; an LLM answer is
        streamed sentence by sentence, each checked against its citations before it is sent.
        """
        view, query, chosen, events = self._answer_events(question, history, filters, top_k, mode,
                                                          use_llm, as_of, stream=True)
        scope = place_scope.note(query, bool(chosen), (h.document.doc_id for h in chosen),
                                 view.catalog.documents)
        if scope:
            yield "segment", scope
        for kind, payload in events:
            if kind == "answer":
                answer = payload
            else:
                yield kind, payload
        answer = place_scope.with_note(answer, scope)
        dated = self._dated(view, answer, as_of)
        if dated.text != answer.text:  # the expiry warnings, appended
            yield "segment", dated.text[len(answer.text):].lstrip("\n")
        answer = dated
        yield "citations", [c.to_dict() for c in answer.citations]
        yield "done", answer

    def _answer_events(self, question, history, filters, top_k, mode, use_llm, as_of, *,
                       stream: bool) -> tuple[IndexSnapshot, Query, list[Hit], Iterable[Event]]:
        """One snapshot of the index, the understood question, the measures cited, and the
        answer as events ending in ("answer", Answer): the LLM's when one is used and there
        is something to cite, else the one composed here; whole unless `stream`."""
        answerer = self._answerer(use_llm)
        view = self.index.snapshot()
        query, chosen, near = self._select(view, question, history, filters, top_k, mode, as_of)
        if answerer and chosen:
            blocks = self._blocks(view, query, chosen, as_of)
            if stream:
                return view, query, chosen, answerer.stream(query, blocks)
            return view, query, chosen, [("answer", answerer.answer(query, blocks))]
        answer = self._compose(view, query, chosen, as_of, near)
        segments = [("segment", s) for s in answer.segments or (answer.text,)] if stream else []
        return view, query, chosen, [*segments, ("answer", answer)]

    def _select(self, view: IndexSnapshot, question, history, filters, top_k, mode,
                as_of: date | None = None, *,
                recall: bool = True) -> tuple[Query, list[Hit], list[Hit]]:
        """The understood question, the measures an answer to it would cite (a newer
        document of the same issuer on the same matter first, see `validity.prefer_newer`)
        and the ranked hits they were chosen from (`recall`: see `_in_conversation`)."""
        turns = message_kind.message_turns(history)
        if recall and turns:
            return self._selected(view, question, history, filters, top_k, mode, as_of)
        # Without a last answer to recall (a first question, or the last turn found again),
        # the same question selects the same: kept, so a follow-up finds it (`recalled`).
        key = recalled.selection_key(question, turns, filters,
                                     max(top_k or 0, _CANDIDATES_FOR_ANSWER), mode, as_of)
        query, chosen, hits = self._recalled.recall(view, key, lambda: self._selected(
            view, question, history, filters, top_k, mode, as_of, recall=False))
        return query, list(chosen), list(hits)

    def _selected(self, view: IndexSnapshot, question, history, filters, top_k, mode,
                  as_of: date | None, recall: bool = True) -> tuple[Query, list[Hit], list[Hit]]:
        query, last = self._in_conversation(view, question, history, filters, mode, as_of, recall)
        retriever = self._retriever(view, mode)
        embedder = self.index.embedder
        # Sentence vectors, stored at ingest, are read only when a rule asks.
        evidence = SentenceEvidence(query.question, embedder.embed_queries, lambda sentences:
                                    view.sentence_vectors.vectors(sentences, embedder.embed_passages))
        kind = message_kind.kind_of(query, view, retriever.embed, evidence,
                                    lambda: retriever.apart(query))
        if kind:  # a greeting or an off-topic request: nothing to retrieve
            return replace(query, intent=kind), [], []
        if last and query.asks_of_last_answer:
            # 这个归哪个部门负责？: "this" is what was cited; each says the office (time limit,
            # amount) or that it prints none.
            return query, last, last
        wanted = max(top_k or 0, _CANDIDATES_FOR_ANSWER)
        hits = self._retrieve(query, wanted, retriever, as_of, last)[:wanted]
        per_doc = comparison.per_document(
            query, hits, retriever.catalog.documents, _PER_DOCUMENT_MAX,
            lambda q: self._retrieve(q, _PER_DOCUMENT, retriever, as_of)) \
            if relevance.comparing(query) else ()
        chosen = relevance.select(query, hits, view, per_doc, evidence, retriever.apart(query))

        def covers(hit: Hit) -> float:
            """How well a hit answers the question; 0 without what it asks (时限, 优惠)."""
            if not relevance.carries(hit.measure, relevance.asked_intent(query)):
                return 0.0
            return relevance.coverage(query, hit, view)

        chosen = validity.prefer_newer(chosen, hits, covers)
        if chosen and relevance.comparing(query):  # every side the user named, side by side
            sides = self._sides(view, query, retriever, as_of)
            chosen = comparison.side_by_side(sides, chosen, answer=True) if sides else chosen
        return query, chosen, hits

    def _in_conversation(self, view: IndexSnapshot, question, history, filters, mode,
                         as_of: date | None, recall: bool = True) -> tuple[Query, list[Hit]]:
        """The understood question and what the answer to the last turn cited: a follow-up is
        read against it. The conversation keeps only the questions, so that answer is found
        again from the last turn, once (`recall` is off for it)."""
        turns = message_kind.message_turns(history)
        last = self._select(view, turns[-1], turns[:-1], filters, None, mode, as_of,
                            recall=False)[1] if recall and turns else []
        query = self.understand(question, history, filters, view, "\n".join(h.measure.text for h in last))
        return query, followup_units.of_last_answer(query, last, view)

    def _sides(self, view: IndexSnapshot, query: Query, retriever: Retriever,
               as_of: date | None) -> list[tuple[tuple[str, ...], Hit]]:
        """A comparison's answer per side it names, each searched in its own documents."""
        return comparison.side_answers(
            query, view, lambda side: self._retrieve(side, _PER_DOCUMENT, retriever, as_of))

    def _retriever(self, view: IndexSnapshot, mode: str) -> Retriever:
        return Retriever(view, lambda text: self.index.embedder.embed_queries([text])[0], mode)

    def _retrieve(self, query: Query, top_k: int, retriever: Retriever,
                  as_of: date | None, last: Sequence[Hit] = ()) -> list[Hit]:
        """Ranked hits, without documents not yet issued on `as_of` (when given); `last`: what
        the answer to the last turn cited, whose counterpart a change of setting asks for."""
        documents = retriever.catalog.documents.values()
        later = {d.doc_id for d in documents if as_of and d.issued and d.issued > as_of.isoformat()}
        hits = retriever.search(query, max(top_k, 60) if later else top_k)
        # yes/no and eligibility: the unit whose sentence decides; else the one filling the slot
        hits = asked_slot.slot_first(query, [h for h in hits if h.document.doc_id not in later],
                                     retriever.view)
        return followup_units.counterpart_first(query, hits, last, retriever, later)  # 那聊城呢？

    def _dated(self, view: IndexSnapshot, answer: Answer, as_of: date | None) -> Answer:
        """The answer with each citation's status on `as_of` and expiry warnings."""
        catalog = view.catalog

        def measure_and_document(key: str) -> tuple[Measure, PolicyDocument] | None:
            measure = catalog.by_key.get(key)
            return (measure, catalog.document_of(measure)) if measure else None

        return validity.annotate(answer, measure_and_document, catalog.documents, as_of)

    def _compose(self, view: IndexSnapshot, query: Query, chosen: list[Hit],
                 as_of: date | None = None, near: Sequence[Hit] = ()) -> Answer:
        if query.intent in message_kind.KINDS:
            return message_kind.reply(query.intent, query.question, view.catalog.documents)
        if not chosen:
            # The documents closest to it: those of the first hits that hold most of the
            # question's words (its subject is there, what it asks is not); others are
            # merely the least unrelated.
            near = [h for h in near[:_CANDIDATES_FOR_ANSWER]
                    if relevance.coverage(query, h, view) >= relevance.COVERAGE_MIN]
            return compose.refuse(query, view.catalog.documents, near,
                                  relevance.thing_asked_to_exist(query, view))
        return compose.answer_of(query, self._blocks(view, query, chosen, as_of))

    def _blocks(self, view: IndexSnapshot, query: Query, chosen: list[Hit],
                as_of: date | None = None) -> list[compose.Block]:
        """The default answer's parts: what an LLM is shown and checked against too."""
        return compose.blocks(query, chosen, view.tokenizer.tokens, as_of, view.keywords.idf,
                              view.tokenizer.tagged)

    def _answerer(self, use_llm: bool | None) -> llm.LLMAnswerer | None:
        if use_llm is False or (use_llm is None and not llm.configured(self.settings)):
            return None
        if not llm.configured(self.settings):
            raise InputError("no LLM configured: set POLICYQA_LLM_BASE_URL and POLICYQA_LLM_MODEL")
        return self._llm

    @cached_property
    def _llm(self) -> llm.LLMAnswerer:
        return llm.LLMAnswerer(self.settings)

    # -- browsing ------------------------------------------------------------------------
    def documents(self) -> list[PolicyDocument]:
        """Every indexed document (with its measures), newest first."""
        docs = self.index.catalog.documents.values()
        return sorted(docs, key=lambda d: (d.issued or "", d.doc_id), reverse=True)

    def document(self, ref: str) -> PolicyDocument:
        """A document by id, source file name, or 文号."""
        from ingest.doc_numbers import normalise_doc_number

        docs = self.index.catalog.documents
        if ref in docs:
            return docs[ref]
        number = normalise_doc_number(ref)
        for d in docs.values():
            if ref in (d.source, Path(d.source).stem) or (
                    d.doc_number and number == normalise_doc_number(d.doc_number)):
                return d
        raise NotFoundError(f"no document {ref!r} in the index")

    def measure(self, key: str) -> Measure:
        """A measure by key, e.g. `liaocheng_2020_measures:12`."""
        try:
            return self.index.catalog.by_key[key]
        except KeyError:
            raise NotFoundError(f"no measure {key!r} in the index") from None

    def statuses(self, hits: Sequence[Hit], as_of: date | None = None) -> dict[str, validity.Status]:
        """Measure key → where each hit's measure stands on `as_of` (today by default), from
        the hit's own document: a later snapshot may have lost it (a search answered 500
        while a delete ran, looking its hits up in the newer catalog)."""
        return validity.statuses(((h.measure, h.document) for h in hits), as_of)

    def match(self, profile, as_of: date | None = None):
        """Profile matching (政策找人): `assistant.matching.match` over the indexed documents."""
        from assistant import matching

        return matching.match(profile, self.index.catalog.documents.values(), as_of)

    def office_sheet(self, name: str, *, city: str | None = None, as_of: date | None = None):
        """The measures an office leads or shares, with time limits, deadlines and status."""
        from assistant import office_sheet

        return office_sheet.office_sheet(name, self.index.catalog.documents.values(),
                                         city=city, as_of=as_of)

    def offices(self) -> dict[str, dict[str, list[str]]]:
        """Office name → {"lead": [measure keys it leads], "shared": [keys it shares]}."""
        from assistant import office_sheet

        return office_sheet.office_table(self.index.catalog.measures)


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="measure", desc="indexing", leave=False)
