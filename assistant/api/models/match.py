"""Models of the matching router: profile matching (政策找人) and office time-limit sheets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from assistant.api.models.common import AsOf, UnitRefOut
from assistant.office_sheet import OfficeRow

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


class MatchItemOut(UnitRefOut):
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
    lapsed: list[MatchItemOut] = Field(
        default_factory=list, description="Would apply, but expired or past their deadline.")


class OfficeSheetOut(BaseModel):
    """An office's time-limit sheet (built from the core's `OfficeSheet`)."""

    model_config = ConfigDict(from_attributes=True)

    query: str
    offices: list[str]
    as_of: str
    rows: list[OfficeRow]
