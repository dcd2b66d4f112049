"""What the assistant returns: an answer with its citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """One cited measure: where it is, what it says, and the fields the answer used."""

    key: str
    source: str
    doc_id: str
    title: str
    doc_number: str
    number: str
    label: str  # 第108条 / 第四条
    heading: str
    quote: str  # the sentence(s) quoted, verbatim from the measure's text
    text: str  # the measure's full original text
    responsibility: str  # the responsibility line as printed
    lead_offices: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    time_limits: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    score: float = 0.0
    status: str = ""  # in force / expired note, when known

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
