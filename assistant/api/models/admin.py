"""Models of the admin router: ingest, upload, remove."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class FailureOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    source: str
    reason: str = Field(examples=["binary content, not text (looks like a gzip archive)"])


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
