"""What every router's models share: limits, the date a request speaks for, the error body."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from assistant.service import MAX_QUESTION_CHARS

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


class ErrorOut(BaseModel):
    """Every error: a one-line reason, and details where there are any."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"error": "no document '聊政字〔2099〕1号' in the index", "detail": None}]})

    error: str
    detail: Any = None


class UnitRefOut(BaseModel):
    """Which unit of which document: what a list of measures names first."""

    key: str = Field(examples=["liaocheng_2020_measures:39"], description="doc_id:number")
    doc_id: str
    title: str = Field(description="The document's title.")
    doc_number: str = Field(description="Its 文号 (empty when none is printed).")
    label: str = Field(examples=["第39条"])
    heading: str
