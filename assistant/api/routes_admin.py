"""Admin endpoints (X-Admin-Token): upload documents, delete one, reindex everything."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from assistant import uploads
from assistant.api.dependencies import AppSettings, Ready, require_admin
from assistant.api.errors import ApiError
from assistant.api.models.admin import IngestOut, RemovedOut, UploadOut
from assistant.api.models.common import ErrorOut
from assistant.api.uploads import FIELD, MAX_FILES, checked_files, ingest_files
from assistant.errors import status_code

ERRORS = {code: {"model": ErrorOut} for code in (401, 403, 409, 429, 503, 507)}
_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [FIELD],
    "properties": {FIELD: {"type": "array", "items": {"type": "string", "format": "binary"},
                           "description": ".txt .md .doc .docx .pdf .html .htm policy files"}},
}}}}}

# require_admin comes first: a request without the token is refused before anything loads
# or any upload is read.
router = APIRouter(prefix="/api", tags=["admin"], responses=ERRORS,
                   dependencies=[Depends(require_admin)])


@router.post("/documents", openapi_extra=_UPLOAD_BODY, responses={
    code: {"model": ErrorOut} for code in (400, 413, 415, 422)})
async def upload_documents(request: Request, assistant: Ready,
                           settings: AppSettings) -> UploadOut:
    """Upload and index one or more policy files (as `policyqa ingest` would).

    Each file gets its own result; a file that cannot be read is reported with its reason.
    When none could be ingested the answer is 422 with those results as `detail`; when a
    write failed part-way (507 disk full, 503 store), its status with them. A batch that is
    refused (409 another writer or a name clash, 413, 507 before writing) changes nothing.
    """
    async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES) as form:
        files = checked_files(form, settings)
        results, stopped = await run_in_threadpool(ingest_files, assistant, files, settings)
    outcome = UploadOut(files=results, failed=sum(r.status == "failed" for r in results))
    if stopped is not None:
        raise ApiError(status_code(stopped), str(stopped), outcome.model_dump())
    if outcome.failed == len(results):
        raise ApiError(422, "no file could be ingested", outcome.model_dump())
    return outcome


@router.delete("/documents/{doc_id}", responses={404: {"model": ErrorOut}})
def delete_document(doc_id: str, assistant: Ready, settings: AppSettings) -> RemovedOut:
    """Delete a document (by id, file name or 文号) and the other documents of its file."""
    source = assistant.document(doc_id).source
    removed = assistant.remove(doc_id)
    uploads.discard(settings, source)
    return RemovedOut(removed=removed)


@router.post("/reindex")
def reindex(assistant: Ready, settings: AppSettings) -> IngestOut:
    """Ingest the corpus directory and every kept upload again (unchanged files are skipped)."""
    result = assistant.ingest(uploads.reindex_paths(settings))
    return IngestOut.model_validate(result)
