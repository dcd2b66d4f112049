"""Bad files in one batch: each is refused with a reason that says what is wrong, and every
good file beside it (UTF-8, GBK, GB18030, UTF-16, a web page full of scripts) still ingests —
through the service, the CLI (exit code 1, one `error:` line per file) and an admin upload."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assistant.api.app import create_app
from ingest.pipeline import parse_file
from tests.conftest import make_settings
from tests.ingest.conftest import make_html
from tests.reliability.conftest import ADMIN_TOKEN, cli_env, policy, run_cli

MAX_FILE_MB = 1

# file name → what its refusal must say
BAD = {
    "empty.txt": "empty file",
    "空白文档.docx": "no text found in the file",
    "image.txt": "binary content, not text (looks like a PNG image)",
    "random.txt": "binary content",
    "policy.xlsx": "unsupported file type '.xlsx'",
    "policy.doc": "not a readable .doc file (antiword: policy.doc is not a Word Document.)",
    "huge.txt": f"file too large (1.2 MB > {MAX_FILE_MB} MB limit)",
    "scan.pdf": "PDF has no text layer (scanned image?)",  # OCR, where installed, read nothing
    "bomb.docx": "suspicious .docx: member 'word/document.xml' has compression ratio",
    "renamed.pdf": "not a valid PDF",
    "archive.txt": "binary content, not text (looks like a gzip archive)",
}
GOOD = {  # file name → (place, short, 文号 number, encoding)
    "dongchang_utf8.txt": ("东昌府区", "东", 7, "utf-8"),
    "chiping_gbk.txt": ("茌平区", "茌", 8, "gbk"),
    "linqing_gb18030.txt": ("临清市", "临", 9, "gb18030"),
    "yanggu_utf16.txt": ("阳谷县", "阳", 10, "utf-16"),
    "donga_page.html": ("东阿县", "阿", 11, "html"),
}
RARE = "𠮷"  # outside GBK: only GB18030 (four bytes) and Unicode encodings carry it
SCRIPTED = "4.脚本写入的措施。所有费用全免。"


def _good_text(name: str) -> str:
    place, short, number, _ = GOOD[name]
    text = policy(place, short, number)
    return text.replace("小微企业", f"小微企业（含{RARE}氏商行）") if "gb18030" in name else text


def _write_good(folder: Path, reference: Path) -> dict[str, Path]:
    paths = {}
    for name, (*_, encoding) in GOOD.items():
        path = folder / name
        text = _good_text(name)
        if encoding == "html":
            make_html(text, path)
            page = path.read_text(encoding="utf-8")
            # A script inside the article itself, as CMS pages carry, with measure-like text.
            page = page.replace('<div class="article-content" id="zoom">',
                                '<div class="article-content" id="zoom">\n<script>'
                                f'document.write("<p>{SCRIPTED}</p>");</script>\n'
                                '<noscript>请启用JavaScript</noscript>', 1)
            assert SCRIPTED in page and "_hmt" in page and "jquery" in page
            path.write_text(page, encoding="utf-8")
        else:
            path.write_bytes(text.encode(encoding))
        # The same text as plain UTF-8, for what the parse must give.
        (reference / f"{path.stem}.txt").write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def _spreadsheet() -> bytes:
    """A ZIP package as an .xlsx is: no Word document in it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _write_bad(folder: Path) -> dict[str, Path]:
    rng = random.Random(3)
    one_policy = policy("东昌府区", "东", 7).encode()
    contents = {
        "empty.txt": b"",
        "image.txt": b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000),
        "random.txt": rng.randbytes(8000),
        "policy.xlsx": _spreadsheet(),  # a real one: a text under any name is read
        "policy.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2000),
        "huge.txt": (one_policy * (int(1.2 * 1024 * 1024) // len(one_policy) + 1))[:int(1.2 * 1024 * 1024)],
        "renamed.pdf": one_policy,
        "archive.txt": b"\x1f\x8b\x08\x00" + rng.randbytes(2000),
    }
    paths = {}
    for name, data in contents.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    Document().save(str(folder / "空白文档.docx"))
    paths["空白文档.docx"] = folder / "空白文档.docx"
    scan = canvas.Canvas(str(folder / "scan.pdf"), pagesize=A4)
    for _ in range(2):  # drawings only, as a scanned page without OCR looks to a text reader
        scan.rect(72, 400, 300, 200, fill=1)
        scan.circle(300, 300, 50)
        scan.showPage()
    scan.save()
    paths["scan.pdf"] = folder / "scan.pdf"
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(20):  # 20 MB of zeros in a few kilobytes
                member.write(b"\0" * 1024 * 1024)
    paths["bomb.docx"] = folder / "bomb.docx"
    assert (folder / "bomb.docx").stat().st_size < 100_000
    assert set(paths) == set(BAD)
    return paths


@pytest.fixture
def batch(tmp_path):
    folder, reference = tmp_path / "batch", tmp_path / "reference"
    folder.mkdir()
    reference.mkdir()
    good = _write_good(folder, reference)
    bad = _write_bad(folder)
    return good, bad, reference


def _check_documents(assistant, good: dict[str, Path], reference: Path) -> None:
    docs = {d.doc_id: d for d in assistant.documents()}
    assert set(docs) == {Path(name).stem for name in GOOD}
    for name in GOOD:
        doc = docs[Path(name).stem]
        expected = parse_file(reference / f"{Path(name).stem}.txt")[0]
        assert [m.text for m in doc.measures] == [m.text for m in expected.measures], name
        assert doc.doc_number == expected.doc_number and len(doc.measures) == 3
    assert RARE in docs["linqing_gb18030"].measures[2].text
    page = docs["donga_page"]
    assert not any(word in m.text for m in page.measures
                   for word in ("脚本", "document.write", "_hmt", "jquery", "JavaScript"))


def test_a_batch_through_the_service(batch, tmp_path, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    good, bad, reference = batch
    settings = make_settings(tmp_path / "data", prepared_model_dir, max_file_mb=MAX_FILE_MB)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    result = assistant.ingest([*good.values(), *bad.values()])

    reasons = {f.source: f.reason for f in result.failures}
    assert set(reasons) == set(BAD)
    for name, words in BAD.items():
        assert words in reasons[name], (name, reasons[name])
        assert "Traceback" not in reasons[name] and len(reasons[name]) < 200
    assert sorted(result.added) == sorted(Path(name).stem for name in GOOD)
    _check_documents(assistant, good, reference)


def test_a_batch_through_the_cli(batch, tmp_path, prepared_model_dir):
    good, bad, reference = batch
    env = cli_env(tmp_path / "data", prepared_model_dir, max_file_mb=MAX_FILE_MB)
    run = run_cli("ingest", "--json", *map(str, [*good.values(), *bad.values()]), env=env)
    assert run.returncode == 1, run.stderr  # some files failed: the exit code says so
    result = json.loads(run.stdout)
    assert sorted(result["added"]) == sorted(Path(name).stem for name in GOOD)
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(BAD), run.stderr
    for name, words in BAD.items():
        assert any(line.startswith(f"error: {name}: ") and words in line for line in errors), name
    assert "Traceback" not in run.stderr

    # A directory is read for the policy file types in it (the .xlsx is not looked at);
    # the good files are already in, the bad ones are refused again.
    again = run_cli("ingest", "--json", str(next(iter(good.values())).parent), env=env)
    assert again.returncode == 1
    assert sorted(json.loads(again.stdout)["unchanged"]) == sorted(result["added"])
    refused = {line.split(": ")[1] for line in again.stderr.splitlines()
               if line.startswith("error: ")}
    assert refused == set(BAD) - {"policy.xlsx"}


def test_a_batch_through_an_admin_upload(batch, tmp_path, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    good, bad, reference = batch
    settings = make_settings(tmp_path / "data", prepared_model_dir, max_file_mb=MAX_FILE_MB,
                             admin_token=ADMIN_TOKEN, ask_rate_per_minute=0)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    # At most 10 files a request: the good ones with five bad ones, then three bad ones
    # alone (422: nothing could be ingested). Unsupported types (415) and files over the
    # limit (413) refuse a whole request.
    first = [*GOOD, "scan.pdf", "bomb.docx", "empty.txt", "image.txt", "空白文档.docx"]
    rest = ["random.txt", "renamed.pdf", "archive.txt"]
    paths = {**good, **bad}
    auth = {"X-Admin-Token": ADMIN_TOKEN}
    with TestClient(create_app(settings, assistant=assistant, with_ui=False)) as client:
        response = client.post("/api/documents", headers=auth,
                               files=[("files", (n, paths[n].read_bytes())) for n in first])
        assert response.status_code == 200, response.text
        files = {f["file"]: f for f in response.json()["files"]}
        assert response.json()["failed"] == 5
        failing = client.post("/api/documents", headers=auth,
                              files=[("files", (n, paths[n].read_bytes())) for n in rest])
        assert failing.status_code == 422, failing.text
        assert failing.json()["error"] == "no file could be ingested"
        files.update({f["file"]: f for f in failing.json()["detail"]["files"]})
        for name in GOOD:
            assert files[name]["status"] == "added", files[name]
        for name in [*first[len(GOOD):], *rest]:
            assert files[name]["status"] == "failed" and BAD[name] in files[name]["error"], name
        for name, status in (("policy.xlsx", 415), ("huge.txt", 413)):
            refused = client.post("/api/documents", headers={"X-Admin-Token": ADMIN_TOKEN},
                                  files=[("files", (name, bad[name].read_bytes()))])
            assert refused.status_code == status, refused.text
    _check_documents(assistant, good, reference)
    kept = sorted(p.name for p in (settings.data_dir / "uploads").iterdir())
    assert kept == sorted(GOOD)
