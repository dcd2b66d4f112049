"""Profile matching (政策找人) and the office time-limit sheet, for enterprises and hall staff."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response

from assistant.api.dependencies import Ready
from assistant.api.models.common import ErrorOut
from assistant.api.models.match import MatchOut, MatchRequest, OfficeSheetOut
from assistant.profile import Profile

ERRORS = {code: {"model": ErrorOut} for code in (400, 422, 503)}
NOT_FOUND = {404: {"model": ErrorOut}}
FILES = {200: {"content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument"
                                                  ".spreadsheetml.sheet": {}},
               "description": "JSON, or the sheet as a CSV / Excel download."}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = APIRouter(prefix="/api", responses=ERRORS)


@router.post("/match", tags=["matching"],
             responses={429: {"model": ErrorOut, "description": "Too many requests."}})
def match(body: Annotated[MatchRequest, Body()], assistant: Ready) -> MatchOut:
    """The measures that grant this enterprise something, grouped by topic, and those to
    confirm (需确认), each with why, what it gets, offices, citation and status."""
    profile = Profile(city=body.city, county=body.county, industry=body.industry,
                      size=body.size, flags=tuple(body.flags), without=tuple(body.without))
    return MatchOut.model_validate(assistant.match(profile, as_of=body.as_of).to_dict())


@router.get("/offices/{name}/sheet", tags=["documents"], responses={**NOT_FOUND, **FILES})
def office_sheet(name: str, assistant: Ready,
                 format: Literal["json", "csv", "xlsx"] = "json",
                 city: Annotated[str | None, Query(max_length=50)] = None,
                 as_of: date | None = None) -> OfficeSheetOut:
    """Every measure the office leads or shares, with time limits, deadlines and status."""
    from assistant import office_sheet as sheets

    sheet = assistant.office_sheet(name, city=city, as_of=as_of)
    if format == "json":
        return OfficeSheetOut.model_validate(sheet)
    filename = quote(f"{'、'.join(sheet.offices)}-时限表-{sheet.as_of}.{format}")
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
    if format == "csv":
        return Response(("\ufeff" + sheets.to_csv(sheet)).encode("utf-8"),
                        media_type="text/csv; charset=utf-8", headers=headers)
    return Response(sheets.to_xlsx(sheet), media_type=XLSX, headers=headers)
