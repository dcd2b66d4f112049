"""Models of the health router: liveness and readiness."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"


class ReadyOut(BaseModel):
    ready: bool
    documents: int
    measures: int
    model: str = Field(examples=["multilingual-e5-small"])
