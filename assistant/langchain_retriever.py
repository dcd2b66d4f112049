"""The retriever as a LangChain `BaseRetriever`, for users who build their own chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class PolicyRetriever(BaseRetriever):
    """Hybrid retrieval over the policy index; each Document is one measure with its metadata.

    >>> retriever = PolicyRetriever(assistant=PolicyAssistant(), top_k=3)
    >>> chain = retriever | (lambda docs: docs[0].metadata["doc_number"])
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any
    top_k: int = 5
    filters: dict | None = None
    turns: tuple[str, ...] = ()

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.assistant.search(query, turns=self.turns, filters=self.filters, top_k=self.top_k)
        return [_document(hit) for hit in hits]


def _document(hit) -> Document:
    m, d = hit.measure, hit.document
    metadata = {
        "key": m.key, "source": d.source, "doc_id": d.doc_id, "title": d.title,
        "doc_number": d.doc_number, "number": m.number, "label": m.label, "heading": m.heading,
        "section": " / ".join(m.section), "lead_offices": list(m.lead_offices),
        "offices": list(m.offices), "time_limits": [t.text for t in m.time_limits],
        "benefits": [b.text for b in m.benefits], "issued": d.issued,
        "region": dict(d.region), "score": hit.score,
    }
    return Document(page_content=m.text, metadata=metadata, id=m.key)
