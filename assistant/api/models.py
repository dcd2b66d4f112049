"""Request and response models: the API's contract, with limits and Chinese examples.

Responses are built from the core's records (`Answer`, `Hit`, `PolicyDocument`, `Measure`)
and name only the fields a client may rely on; anything else those records carry stays out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from assistant.service import MAX_QUESTION_CHARS
from ingest.records import Measure, PolicyDocument

MAX_TURNS = 10
MAX_TOP_K = 20

Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=MAX_QUESTION_CHARS)]
Turn = Annotated[str, StringConstraints(max_length=MAX_QUESTION_CHARS)]
TopK = Annotated[int, Field(ge=1, le=MAX_TOP_K, description="How many measures to consider "
                                                            f"(1–{MAX_TOP_K}).")]
AsOf = Annotated[date | None, Field(
    description="Speak for this date (YYYY-MM-DD; default today): expired measures are "
                "flagged with their expiry date, documents issued later are left out.",
    examples=["2024-01-01"])]


# -- requests ----------------------------------------------------------------------------
class Filters(BaseModel):
    """Narrow the measures an answer or a search may use."""

    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(None, max_length=50, description="A city or county: 聊城, 高唐 …",
                             examples=["聊城"])
    document: str | None = Field(None, max_length=200, examples=["聊政字〔2020〕25号"],
                                 description="One document: its id, file name or 文号.")
    office: str | None = Field(None, max_length=100, examples=["市税务局"],
                               description="Only measures this office leads or shares.")
    has_time_limit: bool = Field(False, description="Only measures with a time limit (时限).")
    has_benefit: bool = Field(False, description="Only measures granting a benefit (免费, 减免 …).")

    def to_core(self) -> dict[str, Any]:
        """The filters the core takes: only those that are set."""
        return {name: value for name, value in self.model_dump().items() if value}


class AskRequest(BaseModel):
    """A question, with earlier turns of the conversation for follow-ups."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "聊城市新开办企业刻制印章要花钱吗？"},
        {"question": "那要几个工作日办完？",
         "history": ["聊城市出口退税怎么办理？"], "filters": {"city": "聊城"}, "top_k": 5},
    ]})

    question: Question = Field(description=f"At most {MAX_QUESTION_CHARS} characters.")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_TURNS,
                                description=f"Earlier messages, oldest first (≤ {MAX_TURNS}).")
    filters: Filters = Field(default_factory=Filters)
    top_k: TopK | None = None
    as_of: AsOf = None


#: The request examples /docs offers for /api/ask and /api/ask/stream.
ASK_EXAMPLES = {
    "question": {"summary": "一个问题",
                 "value": {"question": "高唐县企业开办最快多久办结？"}},
    "follow-up": {"summary": "追问（带对话历史和筛选条件）",
                  "value": {"question": "由哪个部门牵头？", "history": ["聊城市企业开办要几天？"],
                            "filters": {"city": "聊城"}, "top_k": 5}},
    "office": {"summary": "只看某个部门负责的措施",
               "value": {"question": "出口退税几天办完？", "filters": {"office": "税务局",
                                                                "has_time_limit": True}}},
}


class SearchParams(BaseModel):
    """Query parameters of `GET /api/search`."""

    q: Question = Field(description="What to look for.", examples=["出口退税几天办完"])
    city: str | None = Field(None, max_length=50, examples=["聊城"])
    document: str | None = Field(None, max_length=200, examples=["聊政字〔2020〕25号"])
    office: str | None = Field(None, max_length=100, examples=["市税务局"])
    has_time_limit: bool = False
    has_benefit: bool = False
    turn: list[Turn] = Field(default_factory=list, max_length=MAX_TURNS,
                             description="Earlier messages of the conversation (repeatable).")
    top_k: TopK | None = None
    as_of: AsOf = None

    def filters(self) -> dict[str, Any]:
        return Filters.model_validate(self.model_dump(
            include={"city", "document", "office", "has_time_limit", "has_benefit"})).to_core()


# -- answers and search ------------------------------------------------------------------
class CitationOut(BaseModel):
    """A cited measure: where it is, what it says, and the fields the answer used."""

    key: str = Field(examples=["liaocheng_2020_measures:16"])
    source: str = Field(examples=["liaocheng_2020_measures.txt"])
    doc_id: str
    title: str = Field(examples=["关于持续深入优化营商环境加快推进政府职能转变的若干措施"])
    doc_number: str = Field(examples=["聊政字〔2020〕25号"])
    number: str = Field(examples=["16"])
    label: str = Field(examples=["第16条"])
    heading: str
    quote: str = Field(description="The sentences quoted, verbatim.")
    text: str = Field(description="The measure's full original text.")
    responsibility: str = Field(description="The responsibility line as printed.")
    lead_offices: list[str] = Field(examples=[["市税务局"]])
    offices: list[str]
    time_limits: list[str] = Field(examples=[["平均时间控制在5个工作日内", "2个工作日内"]])
    benefits: list[str] = Field(examples=[["免费赠送税控设备"]])
    beneficiaries: list[str]
    score: float
    status: str = Field(description="In force / expired note, when known.")


class AnswerOut(BaseModel):
    """A grounded answer, or a plain refusal (`found` false) when the policies say nothing."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "answer": "优惠内容：刻制费用由同级财政承担；免费赠送税控设备\n依据：《关于持续深入优化营商环境加快推进"
                  "政府职能转变的若干措施》（聊政字〔2020〕25号）第1条（压缩企业开办时限）\n原文：“新开办企业"
                  "回墨印章（公章、法定代表人章、财务章、发票专用章）刻制费用由同级财政承担，同时免费赠送税控设备"
                  "（含首年服务费）。”\n时限：两小时办结\n牵头单位：市行政审批局；责任单位：市政府办公室、市公安局",
        "found": True, "intent": "benefit", "mode": "default", "notes": [],
        "citations": [{
            "key": "liaocheng_2020_measures:1", "source": "liaocheng_2020_measures.txt",
            "doc_id": "liaocheng_2020_measures",
            "title": "关于持续深入优化营商环境加快推进政府职能转变的若干措施",
            "doc_number": "聊政字〔2020〕25号", "number": "1", "label": "第1条",
            "heading": "压缩企业开办时限",
            "quote": "新开办企业回墨印章（公章、法定代表人章、财务章、发票专用章）刻制费用由同级财政承担，"
                     "同时免费赠送税控设备（含首年服务费）。",
            "text": "1.压缩企业开办时限。推进企业开办全程电子化登记……",
            "responsibility": "（责任人：郭建民；牵头单位：市行政审批局；责任单位：市政府办公室、市公安局）",
            "lead_offices": ["市行政审批局"], "offices": ["市政府办公室", "市公安局"],
            "time_limits": ["两小时办结"], "benefits": ["刻制费用由同级财政承担", "免费赠送税控设备"],
            "beneficiaries": ["新开办企业"], "score": 0.05118, "status": "",
        }],
    }]})

    answer: str
    found: bool
    intent: str = Field(examples=["time_limit"])
    mode: str = Field(examples=["default"], description='"default" or "llm".')
    notes: list[str]
    citations: list[CitationOut]


class HitOut(BaseModel):
    """A ranked measure."""

    key: str = Field(examples=["liaocheng_2020_measures:16"])
    source: str
    doc_id: str
    title: str
    doc_number: str = Field(examples=["聊政字〔2020〕25号"])
    number: str = Field(examples=["16"])
    heading: str = Field(examples=["压缩办税时间"])
    score: float
    dense: float | None = Field(None, description="Cosine similarity of the best chunk.")
    keyword: float | None = Field(None, description="BM25 score.")
    direct: bool = Field(description="Named by number (第108条) rather than found by similarity.")
    lead_offices: list[str]
    offices: list[str]
    time_limits: list[str]
    benefits: list[str]
    status: str = Field("", description="In force / expired / deadline passed, as of the date.")


class SearchOut(BaseModel):
    query: str = Field(examples=["出口退税几天办完"])
    hits: list[HitOut]


# -- browsing ----------------------------------------------------------------------------
class TimeLimitOut(BaseModel):
    text: str = Field(examples=["由30个工作日缩短为20个工作日"])
    kind: str = Field(examples=["reduction"])
    value: float | None = None
    unit: str | None = None
    from_value: float | None = None
    date: str | None = None


class BenefitOut(BaseModel):
    text: str = Field(examples=["免费"])
    kind: str = Field(examples=["free"])
    value: float | None = None
    unit: str | None = None


class MeasureBrief(BaseModel):
    """A measure as listed in its document."""

    key: str
    number: str
    label: str = Field(examples=["第16条"])
    kind: str
    heading: str = Field(examples=["压缩办税时间"])
    lead_offices: list[str]
    time_limits: list[str]

    @classmethod
    def from_record(cls, measure: Measure) -> MeasureBrief:
        return cls(key=measure.key, number=measure.number, label=measure.label,
                   kind=measure.kind, heading=measure.heading,
                   lead_offices=list(measure.lead_offices),
                   time_limits=[t.text for t in measure.time_limits])


class MeasureOut(BaseModel):
    """The full record of one measure."""

    key: str = Field(examples=["liaocheng_2020_measures:16"])
    doc_id: str
    source: str
    number: str
    printed_number: str = Field(examples=["16."])
    label: str = Field(examples=["第16条"])
    kind: str = Field(examples=["measure"])
    section: list[str]
    heading: str
    text: str
    span: list[int] = Field(description="Character offsets into the source text.")
    lead_offices: list[str]
    offices: list[str]
    person: str
    offices_inherited: bool
    offices_origin: str
    responsibility: str
    time_limits: list[TimeLimitOut]
    benefits: list[BenefitOut]
    beneficiaries: list[str]

    @classmethod
    def from_record(cls, measure: Measure) -> MeasureOut:
        return cls.model_validate({**measure.to_dict(), "label": measure.label})


class DocumentSummary(BaseModel):
    doc_id: str = Field(examples=["liaocheng_2020_measures"])
    source: str = Field(examples=["liaocheng_2020_measures.txt"])
    title: str = Field(examples=["关于持续深入优化营商环境加快推进政府职能转变的若干措施"])
    doc_number: str = Field(examples=["聊政字〔2020〕25号"])
    issuer: str = Field(examples=["聊城市人民政府"])
    issued: str | None = Field(None, examples=["2020-09-20"])
    published: str | None = None
    region: dict[str, str] = Field(examples=[{"province": "山东省", "city": "聊城市"}])
    validity: str
    valid_until: str | None = None
    measure_count: int

    @classmethod
    def from_record(cls, doc: PolicyDocument, **extra: Any):
        fields = {name: getattr(doc, name) for name in cls.model_fields if hasattr(doc, name)}
        return cls.model_validate({**fields, "region": dict(doc.region),
                                   "measure_count": len(doc.measures), **extra})


class DocumentOut(DocumentSummary):
    supersedes_clause: str
    measures: list[MeasureBrief]

    @classmethod
    def from_record(cls, doc: PolicyDocument, **extra: Any):
        return super().from_record(doc, measures=[MeasureBrief.from_record(m)
                                                  for m in doc.measures], **extra)


class DocumentList(BaseModel):
    documents: list[DocumentSummary]


class OfficeOut(BaseModel):
    name: str = Field(examples=["市税务局"])
    lead: list[str] = Field(description="Keys of the measures it leads (牵头).")
    shared: list[str] = Field(description="Keys of the measures it shares (责任单位).")


class OfficeList(BaseModel):
    offices: list[OfficeOut]

    @classmethod
    def from_table(cls, table: dict[str, dict[str, list[str]]]) -> OfficeList:
        return cls(offices=[OfficeOut(name=name, **keys) for name, keys in table.items()])


# -- profile matching and office sheets ------------------------------------------------------
Trait = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class MatchRequest(BaseModel):
    """An enterprise's profile; whatever it leaves out stays undecided (需确认)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"city": "聊城", "size": "小微", "flags": ["新开办", "外贸"]},
        {"county": "高唐", "size": "中型", "industry": "制造业", "without": ["新开办"],
         "as_of": "2024-01-01"},
    ]})

    city: str = Field("", max_length=50, description="City: 聊城, 威海 …")
    county: str = Field("", max_length=50, description="County or county-level city: 高唐, 乳山 …")
    industry: str = Field("", max_length=50, description="Industry in a word or two: 制造业, 物流 …")
    size: str = Field("", max_length=10, description="小微, 中型 or 大型.")
    flags: list[Trait] = Field(default_factory=list, max_length=20,
                               description="Traits it has: 新开办, 高新技术企业, 科技型中小企业, 外贸, "
                                           "专精特新, 个体户 … or conditions such as 纳税信用A级.")
    without: list[Trait] = Field(default_factory=list, max_length=20,
                                 description="Traits it states it does not have.")
    as_of: AsOf = None


class StatusOut(BaseModel):
    state: Literal["in_force", "expired", "deadline_passed", "not_yet_in_force", "unknown"]
    as_of: str
    date: str | None = Field(None, description="The date deciding the state (expiry, deadline).")
    phrase: str = Field(description="As printed: 执行期延长至2022年12月31日, 有效期一年, 6月底前.")
    partial: str = Field(description="An end date already passed while the rest stays in force.")
    label: str = Field(examples=["已失效（2022-12-31到期，截至2024-01-01）"])


class ReasonOut(BaseModel):
    phrase: str = Field(description="The beneficiary or condition named in the text; empty when "
                                    "the grant names no one (every enterprise).",
                        examples=["小微企业"])
    trait: str
    quote: str = Field(description="The sentence it is named in.")


class MatchItemOut(BaseModel):
    key: str = Field(examples=["liaocheng_2020_measures:39"])
    doc_id: str
    title: str
    doc_number: str
    label: str = Field(examples=["第39条"])
    heading: str
    topic: str = Field(description="The section heading it is grouped under.")
    citation: str
    reasons: list[ReasonOut]
    grants: list[str] = Field(description="What it gets: benefits and time limits as printed.")
    lead_offices: list[str]
    offices: list[str]
    status: StatusOut
    questions: list[str] = Field(description="For 需确认: what the enterprise must confirm.")


class MatchGroupOut(BaseModel):
    topic: str
    measures: list[MatchItemOut]


class MatchOut(BaseModel):
    profile: dict[str, Any] = Field(description="The profile as understood (aliases resolved).")
    as_of: str
    place: str = Field(examples=["聊城市"])
    documents: list[str]
    groups: list[MatchGroupOut]
    to_confirm: list[MatchItemOut] = Field(description="需确认: conditions the profile leaves open.")
    notes: list[str]


class OfficeRowOut(BaseModel):
    office: str = Field(examples=["市税务局"])
    role: Literal["lead", "shared"]
    origin: str = Field(description="Where its responsibility line is printed: measure, group "
                                    "(inherited) or section (领域牵头单位, inherited).")
    key: str
    doc_id: str
    title: str
    doc_number: str
    region: str
    label: str
    heading: str
    time_limits: str
    deadlines: str = Field(examples=["6月底前（2022-06-30）"])
    status: str


class OfficeSheetOut(BaseModel):
    query: str
    offices: list[str]
    as_of: str
    rows: list[OfficeRowOut]


# -- admin -------------------------------------------------------------------------------
class FailureOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    source: str
    reason: str = Field(examples=["no numbered measures or articles found "
                                  "(expected 一、/（一）/1. or 第一条 numbering)"])


class IngestOut(BaseModel):
    """What an ingest changed (built from the core's `SyncResult`)."""

    model_config = ConfigDict(from_attributes=True)

    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    removed: list[str]
    measures_written: int
    chunks_written: int
    seconds: Annotated[float, AfterValidator(lambda s: round(s, 3))]
    failures: list[FailureOut]


class FileResult(BaseModel):
    """What became of one uploaded file."""

    file: str = Field(examples=["东昌府区优化营商环境措施.docx"])
    status: Literal["added", "replaced", "unchanged", "failed"]
    documents: list[str]
    measures_written: int = 0
    error: str | None = None


class UploadOut(BaseModel):
    files: list[FileResult]
    failed: int


class RemovedOut(BaseModel):
    removed: list[str] = Field(examples=[["liaocheng_2020_measures"]])


# -- service -----------------------------------------------------------------------------
class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"


class ReadyOut(BaseModel):
    ready: bool
    documents: int
    measures: int
    model: str = Field(examples=["multilingual-e5-small"])


class ErrorOut(BaseModel):
    """Every error: a one-line reason, and details where there are any."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"error": "no document '聊政字〔2099〕1号' in the index", "detail": None}]})

    error: str
    detail: Any = None
