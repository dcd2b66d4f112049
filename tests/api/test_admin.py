"""Admin endpoints: auth, upload, delete, reindex — each test over its own fresh index."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.dependencies import ADMIN_DISABLED
from assistant.settings import SHIPPED_CORPUS
from tests.api.conftest import ADMIN_TOKEN, DONGCHANG, UNREADABLE, app_client
from tests.conftest import make_settings

AUTH = {"X-Admin-Token": ADMIN_TOKEN}



@dataclass
class AdminEnv:
    client: TestClient
    base: Path
    data_dir: Path
    settings: object
    assistant: object

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"

    def upload(self, *files: tuple[str, bytes], headers=AUTH):
        return self.client.post("/api/documents", headers=headers,
                                files=[("files", (name, content)) for name, content in files])

    def files(self) -> set[Path]:
        return {p for p in self.base.rglob("*") if p.is_file()}

    def written_elsewhere(self, before: set[Path]) -> set[Path]:
        """Files written since `before` anywhere but the kept uploads and the index."""
        index, cache = self.data_dir / "index", self.data_dir / "cache"
        return {p for p in self.files() - before
                if not {self.uploads, index, cache} & set(p.parents)
                and p != self.data_dir / "ingest.lock"}


def _env(tmp_path: Path, prepared_model_dir, embedder, **overrides) -> AdminEnv:
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dongchang_2023_measures.txt").write_text(DONGCHANG, encoding="utf-8")
    data_dir = tmp_path / "data"
    settings = make_settings(data_dir, prepared_model_dir, corpus_dir=corpus,
                             admin_token=ADMIN_TOKEN, ask_rate_per_minute=0, **overrides)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    return AdminEnv(app_client(settings, assistant), tmp_path, data_dir, settings, assistant)


@pytest.fixture
def admin(tmp_path, prepared_model_dir, embedder) -> Iterator[AdminEnv]:
    env = _env(tmp_path, prepared_model_dir, embedder)
    with env.client:
        yield env


def _doc_ids(client) -> set[str]:
    return {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}


# -- auth ----------------------------------------------------------------------------------
ADMIN_CALLS = [("POST", "/api/documents"), ("DELETE", "/api/documents/gaotang_2021_19_measures"),
               ("POST", "/api/reindex")]


@pytest.mark.parametrize(("method", "path"), ADMIN_CALLS)
@pytest.mark.parametrize(("headers", "reason"), [
    ({}, "missing X-Admin-Token header"),
    ({"X-Admin-Token": "wrong"}, "wrong X-Admin-Token"),
    ({"X-Admin-Token": ADMIN_TOKEN + "x"}, "wrong X-Admin-Token"),
    ({"X-Admin-Token": ""}, "missing X-Admin-Token header"),
])
def test_admin_endpoints_need_the_right_token(admin, method, path, headers, reason):
    files = [("files", ("dongchang.txt", DONGCHANG.encode()))] if method == "POST" else None
    response = admin.client.request(method, path, headers=headers, files=files)
    assert response.status_code == 401, response.text
    assert response.json() == {"error": reason, "detail": None}
    assert not admin.uploads.exists()
    assert _doc_ids(admin.client) == set()


@pytest.mark.parametrize(("method", "path"), ADMIN_CALLS)
def test_admin_endpoints_are_disabled_without_a_configured_token(api, method, path):
    response = api.request(method, path, headers={"X-Admin-Token": "anything"})
    assert response.status_code == 403
    assert response.json() == {"error": ADMIN_DISABLED, "detail": None}
    assert ADMIN_DISABLED == "admin endpoints are disabled: set POLICYQA_ADMIN_TOKEN"
    assert len(_doc_ids(api)) == 6


# -- upload --------------------------------------------------------------------------------
def test_upload_ingests_each_file_and_reports_failures(admin):
    shipped = (SHIPPED_CORPUS / "gaotang_2021_19_measures.txt").read_bytes()
    response = admin.upload(("政策文件/高唐县十九条措施.txt", shipped),
                            ("会议纪要.txt", UNREADABLE))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["failed"] == 1
    good, bad = body["files"]
    assert good == {"file": "高唐县十九条措施.txt", "status": "added",
                    "documents": ["高唐县十九条措施", "高唐县十九条措施-2"],
                    "measures_written": 30, "error": None}
    assert bad["file"] == "会议纪要.txt" and bad["status"] == "failed"
    assert "binary content" in bad["error"]
    # Only the file that parsed is kept; the index serves it at once.
    assert sorted(p.name for p in admin.uploads.iterdir()) == ["高唐县十九条措施.txt"]
    assert _doc_ids(admin.client) == {"高唐县十九条措施", "高唐县十九条措施-2"}
    answer = admin.client.post("/api/ask", json={"question": "高唐县企业开办最快多久办结？"}).json()
    assert answer["found"] and answer["citations"][0]["key"] == "高唐县十九条措施:7"
    assert answer["citations"][0]["source"] == "高唐县十九条措施.txt"

    again = admin.upload(("高唐县十九条措施.txt", shipped)).json()
    assert again["files"][0]["status"] == "unchanged"


def test_upload_of_only_unreadable_files_is_422_with_each_reason(admin):
    response = admin.upload(("纪要.txt", UNREADABLE), ("空白.pdf", b"%PDF-1.4 not really"))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "no file could be ingested"
    assert [f["status"] for f in body["detail"]["files"]] == ["failed", "failed"]
    assert all(f["error"] for f in body["detail"]["files"])
    assert not any(admin.uploads.iterdir())


@pytest.mark.parametrize("name", [
    "../../evil.txt", "..\\..\\evil.txt", "uploads/../../evil.txt", "..", "../", "",
    ".hidden.txt", "a/b/../../../../evil.txt",
])
def test_unsafe_upload_names_are_refused(admin, name):
    before = admin.files()
    response = admin.upload((name, DONGCHANG.encode()))
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"error", "detail"}
    assert admin.written_elsewhere(before) == set()
    assert not admin.uploads.exists() or not any(admin.uploads.iterdir())
    assert not (admin.uploads / name.replace("\\", "/")).resolve().is_file()
    assert _doc_ids(admin.client) == set()


@pytest.mark.parametrize(("name", "stored"), [
    ("/etc/evil.txt", "evil.txt"),
    ("C:\\Windows\\System32\\evil.txt", "evil.txt"),
    ("政策/2023/东昌府区措施.TXT", "东昌府区措施.TXT"),
])
def test_upload_names_lose_their_directories(admin, name, stored):
    before = admin.files()
    response = admin.upload((name, DONGCHANG.encode()))
    assert response.status_code == 200, response.text
    assert response.json()["files"][0]["file"] == stored
    assert [p.name for p in admin.uploads.iterdir()] == [stored]
    assert admin.written_elsewhere(before) == set()
    assert not Path("/etc/evil.txt").exists()


@pytest.mark.parametrize("name", ["表格.xlsx", "policy.exe", "README", "notes.txt.zip"])
def test_upload_of_an_unsupported_type_is_415(admin, name):
    response = admin.upload((name, b"data"))
    assert response.status_code == 415
    assert "unsupported file type" in response.json()["error"]
    assert not admin.uploads.exists()


def test_upload_checks_every_file_before_ingesting_any(admin):
    response = admin.upload(("东昌府区.txt", DONGCHANG.encode()), ("表格.xlsx", b"data"))
    assert response.status_code == 415
    assert _doc_ids(admin.client) == set()


def test_upload_without_files_is_400(admin):
    for response in (admin.client.post("/api/documents", headers=AUTH),
                     admin.client.post("/api/documents", headers=AUTH, json={"files": []}),
                     admin.client.post("/api/documents", headers=AUTH, data={"note": "无文件"})):
        assert response.status_code == 400, response.text
        assert response.json()["error"].startswith("no files")


def test_upload_of_too_many_files_is_400(admin):
    response = admin.upload(*[(f"f{n}.txt", b"x") for n in range(11)])
    assert response.status_code == 400
    assert "Too many files" in response.json()["error"]


@pytest.fixture
def small_limit(tmp_path, prepared_model_dir, embedder) -> Iterator[AdminEnv]:
    env = _env(tmp_path, prepared_model_dir, embedder, max_file_mb=0.002)  # 2,097 bytes
    with env.client:
        yield env


def test_upload_over_the_file_size_limit_is_413(small_limit):
    content = DONGCHANG.encode() * 3
    assert len(content) > 2097
    response = small_limit.upload(("东昌府区.txt", content))
    assert response.status_code == 413
    assert response.json()["error"] == "东昌府区.txt: file too large (limit 0.002 MB)"
    assert not small_limit.uploads.exists()


def test_upload_far_over_the_limit_is_refused_before_it_is_read(small_limit):
    response = small_limit.upload(("big.txt", b"x" * 3_000_000))
    assert response.status_code == 413
    assert "request body too large" in response.json()["error"]
    assert not small_limit.uploads.exists()


def test_upload_at_the_size_limit_is_accepted(small_limit):
    content = DONGCHANG.encode()
    assert len(content) <= 2097
    assert small_limit.upload(("东昌府区.txt", content)).status_code == 200


# -- delete --------------------------------------------------------------------------------
def test_delete_removes_the_document_and_its_upload(admin):
    assert admin.upload(("东昌府区.txt", DONGCHANG.encode())).status_code == 200
    assert _doc_ids(admin.client) == {"东昌府区"}

    response = admin.client.delete("/api/documents/东昌府区", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json() == {"removed": ["东昌府区"]}
    assert not (admin.uploads / "东昌府区.txt").exists()
    assert admin.client.get("/api/documents/东昌府区").status_code == 404
    assert _doc_ids(admin.client) == set()

    again = admin.client.delete("/api/documents/东昌府区", headers=AUTH)
    assert again.status_code == 404
    assert set(again.json()) == {"error", "detail"}


def test_delete_by_doc_number(admin):
    admin.upload(("东昌府区.txt", DONGCHANG.encode()))
    response = admin.client.delete("/api/documents/东政字〔2023〕7号", headers=AUTH)
    assert response.status_code == 200
    assert response.json()["removed"] == ["东昌府区"]


# -- reindex -------------------------------------------------------------------------------
def test_reindex_ingests_the_corpus_and_kept_uploads(admin):
    first = admin.client.post("/api/reindex", headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.json()["added"] == ["dongchang_2023_measures"]
    assert first.json()["failures"] == []

    admin.upload(("另一份.txt", DONGCHANG.encode()))
    again = admin.client.post("/api/reindex", headers=AUTH).json()
    assert sorted(again["unchanged"]) == ["dongchang_2023_measures", "另一份"]
    assert again["added"] == [] and again["measures_written"] == 0
    assert admin.client.get("/readyz").json()["documents"] == 2


def test_reindex_reports_files_that_fail(admin):
    (admin.settings.corpus_dir / "broken.txt").write_bytes(UNREADABLE)
    body = admin.client.post("/api/reindex", headers=AUTH).json()
    assert body["added"] == ["dongchang_2023_measures"]
    assert body["failures"] == [{"source": "broken.txt", "reason": body["failures"][0]["reason"]}]
    assert "binary content" in body["failures"][0]["reason"]


def test_reindex_while_another_ingest_holds_the_lock_is_409(admin):
    lock = admin.data_dir / "ingest.lock"  # what `policyqa ingest` holds while it writes
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        response = admin.client.post("/api/reindex", headers=AUTH)
    assert response.status_code == 409
    assert "另一个入库任务" in response.json()["error"]
