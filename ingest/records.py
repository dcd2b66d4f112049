"""Typed records that flow from ingestion to the index and the answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class TimeLimit:
    """A time limit or deadline as printed, plus a normalised reading where one exists.

    kind: "duration" (11天, 5个工作日内), "reduction" (由30个工作日缩短为20个工作日),
    "deadline" (6月底前 → a date), "date" (执行期延长至2022年12月31日), "same_day" (当日/次日).
    """

    text: str
    kind: str
    value: float | None = None
    unit: str | None = None
    from_value: float | None = None
    date: str | None = None  # ISO date for deadlines and dates


@dataclass(frozen=True)
class Benefit:
    """Something an enterprise gets, as printed, with a normalised value where one exists.

    kind: "free" (免费, 由同级财政承担, 免征), "rate" (费率不超过1%), "cap" (不超过30%),
    "discount" (价格扣除10%, 85折), "share" (预留份额45%), "reduction" (降至1800元),
    "deferral" (延期缴纳3个月).
    """

    text: str
    kind: str
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a measure's text, and its clauses: [start, end) offsets into the text."""

    start: int
    end: int
    clauses: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Measure:
    """One numbered measure (or article) of a policy document: the retrieval unit."""

    key: str  # stable and unique across the corpus: "<doc_id>:<number>[@n]"
    doc_id: str
    source: str  # the file name it came from
    number: str  # as printed, arabic ("17"); articles "art4"
    printed_number: str  # exactly as in the text: "17.", "（十七）", "第四条"
    kind: str  # "measure" | "article" | "paragraph" (no numbering: p1, p2 …) | "row" (a table's)
    section: tuple[str, ...]  # part and group headings above it
    heading: str
    text: str  # cleaned original text, shown and quoted
    span: tuple[int, int]  # character offsets into the loaded source text
    lead_offices: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()  # responsible offices (责任单位)
    person: str = ""
    scope: str = ""  # 适用范围, where the responsibility line states one
    offices_inherited: bool = False
    offices_origin: str = ""  # "measure" | "group" | "section" | ""
    responsibility: str = ""  # the responsibility line as printed (own or inherited)
    time_limits: tuple[TimeLimit, ...] = ()
    benefits: tuple[Benefit, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()  # its sentences and clauses (ingest.clauses)

    @property
    def label(self) -> str:
        """How a citation names it: 第108条 (measure), 第四条 (article as printed), 第3段."""
        return self.printed_number if self.kind != "measure" else f"第{self.number}条"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["section"] = list(self.section)
        data["span"] = list(self.span)
        for name in ("lead_offices", "offices", "beneficiaries"):
            data[name] = list(data[name])
        data["time_limits"] = [_compact(t) for t in data["time_limits"]]
        data["benefits"] = [_compact(b) for b in data["benefits"]]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Measure:
        values = dict(data)
        values["section"] = tuple(values.get("section", ()))
        values["span"] = tuple(values.get("span", (0, 0)))
        for name in ("lead_offices", "offices", "beneficiaries"):
            values[name] = tuple(values.get(name, ()))
        values["time_limits"] = tuple(TimeLimit(**t) for t in values.get("time_limits", ()))
        values["benefits"] = tuple(Benefit(**b) for b in values.get("benefits", ()))
        values["sentences"] = tuple(
            Sentence(s["start"], s["end"], tuple(tuple(c) for c in s["clauses"]))
            for s in values.get("sentences", ()))
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass(frozen=True)
class PolicyDocument:
    """One policy document; a file may hold several (a notice carrying two texts)."""

    doc_id: str
    source: str
    title: str  # the document's own title (a carried text's, not its covering notice's)
    notice_title: str = ""  # the 印发/转发 notice that carries it, if the file has one
    doc_number: str = ""  # 文号 as printed
    issuer: str = ""
    issued: str | None = None  # ISO date
    published: str | None = None  # when published/forwarded, if different
    level: str = ""  # national | province | city | county | district | town (of the issuer)
    region: dict[str, str] = field(default_factory=dict)  # province / city / county / town
    structure: str = ""  # articles | outline | paragraphs
    validity: str = ""  # the validity clause as printed
    valid_until: str | None = None
    supersedes_clause: str = ""
    sha256: str = ""
    parser: str = ""  # the parser version that extracted the fields (ingest.pipeline)
    warnings: tuple[str, ...] = ()  # what a reviewer should check (no numbering, no 文号 …)
    measures: tuple[Measure, ...] = ()

    def to_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "notice_title": self.notice_title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "issued": self.issued,
            "published": self.published,
            "level": self.level,
            "region": dict(self.region),
            "structure": self.structure,
            "validity": self.validity,
            "valid_until": self.valid_until,
            "supersedes_clause": self.supersedes_clause,
            "sha256": self.sha256,
            "parser": self.parser,
            "warnings": list(self.warnings),
            "measures": [m.to_dict() for m in self.measures],
        }


def _compact(item: dict) -> dict:
    """Drop empty optional fields so the JSON stays readable."""
    return {k: v for k, v in item.items() if v is not None}
