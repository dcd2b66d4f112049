"""What the assistant returns: an answer with its citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """One cited measure: where it is, what it says, and the fields the answer used.

    Also the API's shape of a citation: its attribute docstrings describe the JSON fields.
    """

    # Read by pydantic when an API model holds citations (a plain dict: no pydantic import).
    __pydantic_config__ = {"use_attribute_docstrings": True}

    key: str
    """The measure's key, e.g. liaocheng_2020_measures:16."""
    source: str
    """The file the measure came from."""
    doc_id: str
    title: str
    """The document's title."""
    doc_number: str
    """The document's 文号, e.g. 聊政字〔2020〕25号."""
    number: str
    """The measure's number as an arabic numeral; articles art4."""
    label: str
    """How the citation names it: 第108条 (measure), 第四条 (article)."""
    heading: str
    quote: str
    """The sentences quoted, verbatim from the measure's text."""
    text: str
    """The measure's full original text."""
    responsibility: str
    """The responsibility line as printed."""
    lead_offices: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    time_limits: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    score: float = 0.0
    status: str = ""
    """In force / expired note, when known."""

    def to_dict(self) -> dict:
        data = asdict(self)
        for name in ("lead_offices", "offices", "time_limits", "benefits", "beneficiaries"):
            data[name] = list(data[name])
        return data


@dataclass(frozen=True)
class Answer:
    text: str
    found: bool
    intent: str
    citations: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()  # fallbacks, dropped claims, expiry warnings
    mode: str = "default"  # "default" | "llm"
    segments: tuple[str, ...] = field(default=(), compare=False)  # the text in streamable parts

    def to_dict(self) -> dict:
        return {
            "answer": self.text, "found": self.found, "intent": self.intent, "mode": self.mode,
            "notes": list(self.notes), "citations": [c.to_dict() for c in self.citations],
        }
