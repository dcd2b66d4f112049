"""Models of the public router: ask, search, and browse documents, measures, offices."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AliasChoices,
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from assistant.api.models.common import MAX_TURNS, AsOf, Question, TopK, Turn
from assistant.records import Citation
from assistant.retrieval import Hit
from assistant.service import MAX_QUESTION_CHARS
from ingest.records import Measure, PolicyDocument


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
class AnswerOut(BaseModel):
    """A grounded answer, or a plain refusal (`found` false) when the policies say nothing."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True,
                              json_schema_extra={"examples": [{
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

    answer: str = Field(validation_alias=AliasChoices("answer", "text"))
    found: bool
    intent: str = Field(examples=["time_limit"])
    mode: str = Field(examples=["default"], description='"default" or "llm".')
    notes: list[str]
    citations: list[Citation]


def _texts(items: Any) -> list[str]:
    """Time limits or benefits as printed: their texts."""
    return [getattr(item, "text", item) for item in items]


Texts = Annotated[list[str], BeforeValidator(_texts)]


def _measure(name: str) -> Any:
    return Field(validation_alias=AliasChoices(name, AliasPath("measure", name)))


def _document(name: str) -> Any:
    return Field(validation_alias=AliasChoices(name, AliasPath("document", name)))


class HitOut(BaseModel):
    """A ranked measure (built from the core's `Hit`)."""

    model_config = ConfigDict(from_attributes=True)

    key: str = _measure("key")
    source: str = _document("source")
    doc_id: str = _document("doc_id")
    title: str = _document("title")
    doc_number: str = _document("doc_number")
    number: str = _measure("number")
    heading: str = _measure("heading")
    score: Annotated[float, AfterValidator(lambda s: round(s, 6))]
    dense: float | None = Field(None, description="Cosine similarity of the best chunk.")
    keyword: float | None = Field(None, description="BM25 score.")
    direct: bool = Field(description="Named by number (第108条) rather than found by similarity.")
    lead_offices: list[str] = _measure("lead_offices")
    offices: list[str] = _measure("offices")
    time_limits: Texts = _measure("time_limits")
    benefits: Texts = _measure("benefits")
    status: str = Field("", description="In force / expired / deadline passed, as of the date.")

    @classmethod
    def of(cls, hit: Hit, status: str) -> HitOut:
        """The hit with where it stands on the date asked."""
        return cls.model_validate(hit).model_copy(update={"status": status})


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
