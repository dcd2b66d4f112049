"""API fuzzing: requests generated from the app's own OpenAPI schema (schemathesis), valid and
invalid, against every operation — admin operations with and without the token — never get
a 5xx; oversized bodies and uploads get 413; no upload file name writes outside the data dir.

The app is `create_app(settings, assistant=corpus_assistant, with_ui=False)`; admin calls
that carry the token go to the same app over a copy of that index, so that what they change
never reaches the other tests. Generation is derandomized: every run sends the same requests.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.python import asgi

from assistant.api.app import JSON_BODY_LIMIT, create_app
from tests.reliability.conftest import ADMIN_TOKEN, policy

AUTH = {"X-Admin-Token": ADMIN_TOKEN}
# Examples per operation and generation mode (and per token variant of admin operations), in
# the default run; the long run (`-m slow`) sends five times as many, over 1,000 in all.
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 14, schemathesis.GenerationMode.NEGATIVE: 9}
LONG_RUN_SCALE = 5
MIN_REQUESTS, MIN_REQUESTS_LONG = 200, 1000


def _is_admin(operation) -> bool:
    return any("admin token" in requirement for requirement in
               operation.definition.raw.get("security", []))


class Tally:
    """Every response by (method, path template, variant, status)."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.server_errors: list[str] = []

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def table(self) -> str:
        return "\n".join(f"{n:5d}  {method.upper():6s} {path} [{variant}] → {status}"
                         for (method, path, variant, status), n in sorted(self.counts.items()))


def fuzz(app, variants: dict[str, dict | None], tally: Tally, *, admin_only: bool = False,
         scale: int = 1) -> None:
    """Send generated requests for every operation of `app`'s schema, once per variant of
    headers for admin operations; record each status; 5xx are collected, not raised.

    One client for the whole run: the app starts (loads the model and index) once, and
    /readyz is asked only once it has.
    """
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    with asgi.get_client(app) as client:
        deadline = time.monotonic() + 120
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "the app did not get ready"
            time.sleep(0.2)
        for result in schema.get_all_operations():
            operation = result.ok()
            admin = _is_admin(operation)
            if admin_only and not admin:
                continue
            for mode, examples in EXAMPLES.items():
                for variant, headers in (variants if admin else {"public": None}).items():
                    _run(client, operation, mode, examples * scale, variant, headers, tally)


def _run(client, operation, mode, examples: int, variant: str, headers, tally: Tally) -> None:
    @hypothesis_settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck),
                         phases=[Phase.explicit, Phase.generate])
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case):
        if headers is not None:  # our token (or guess) replaces whatever was generated
            case.headers = {**(case.headers or {}), **headers}
        response = case.call(session=client)
        tally.counts[(operation.method, operation.path, variant, response.status_code)] += 1
        if response.status_code >= 500 and len(tally.server_errors) < 20:
            tally.server_errors.append(
                f"{operation.method.upper()} {operation.path} [{variant}] → "
                f"{response.status_code} {response.text[:300]}\n{case.as_curl_command()}")

    # An operation with no input has no invalid request to generate.
    with contextlib.suppress(Unsatisfiable):
        send()


@pytest.fixture(scope="module")
def public_app(corpus_assistant):
    settings = corpus_assistant.settings.model_copy(
        update={"admin_token": None, "ask_rate_per_minute": 0, "cors_origins": [],
                "admin_failures_per_minute": 0})
    return create_app(settings, assistant=corpus_assistant, with_ui=False)


@pytest.fixture(scope="module")
def admin_app(corpus_assistant, embedder, tmp_path_factory):
    """The same app with a token configured, over a copy of the corpus index."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    base = tmp_path_factory.mktemp("fuzz-admin")
    shutil.copytree(corpus_assistant.settings.data_dir, base / "data")
    # What /api/reindex reads: one small policy, so that each generated reindex costs little.
    (base / "corpus").mkdir()
    (base / "corpus" / "dongchang.txt").write_text(policy("东昌府区", "东", 7), encoding="utf-8")
    settings = corpus_assistant.settings.model_copy(update={
        "data_dir": base / "data", "admin_token": ADMIN_TOKEN, "ask_rate_per_minute": 0, "admin_failures_per_minute": 0,
        "max_file_mb": 1.0, "corpus_dir": base / "corpus"})
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    return create_app(settings, assistant=assistant, with_ui=False)


def _fuzz_all(public_app, admin_app, scale: int) -> Tally:
    tally = Tally()
    fuzz(public_app, {"admin disabled": None, "admin disabled, a token sent": AUTH}, tally,
         scale=scale)
    fuzz(admin_app, {"no token": None, "wrong token": {"X-Admin-Token": "guess"},
                     "token": AUTH}, tally, admin_only=True, scale=scale)
    print(f"\n{tally.total} generated requests:\n{tally.table()}")
    return tally


def _check(tally: Tally, minimum: int) -> None:
    assert not tally.server_errors, "\n\n".join(tally.server_errors)
    assert tally.total >= minimum
    for (_, path, variant, status), _n in tally.counts.items():
        if variant.startswith("admin disabled"):
            assert status == 403, (path, variant, status)
        elif variant in ("no token", "wrong token"):
            assert status == 401, (path, variant, status)
    operations = {(method, path) for method, path, _, _ in tally.counts}
    assert len(operations) >= 12  # every operation of the schema was called


def test_generated_requests_never_get_a_server_error(public_app, admin_app):
    _check(_fuzz_all(public_app, admin_app, scale=1), MIN_REQUESTS)


@pytest.mark.slow
def test_generated_requests_never_get_a_server_error_long(public_app, admin_app):
    _check(_fuzz_all(public_app, admin_app, scale=LONG_RUN_SCALE), MIN_REQUESTS_LONG)


# -- bodies over the limits: 413, before the body is read where its length is declared -----
def test_oversized_bodies_and_uploads_get_413(admin_app):
    with TestClient(admin_app, raise_server_exceptions=False) as client:
        big_json = b'{"question": "' + "企".encode() * JSON_BODY_LIMIT + b'"}'
        for path in ("/api/ask", "/api/ask/stream"):
            declared = client.post(path, content=big_json,
                                   headers={"Content-Type": "application/json"})
            assert declared.status_code == 413, declared.text

            def chunks(body=big_json):  # no Content-Length: refused while it streams in
                for start in range(0, len(body), 16384):
                    yield body[start:start + 16384]

            streamed = client.post(path, content=chunks(),
                                   headers={"Content-Type": "application/json"})
            assert streamed.status_code == 413, streamed.text
        # One file over max_file_mb (1 MB here), and a request over ten such files.
        over = client.post("/api/documents", headers=AUTH,
                           files=[("files", ("大文件.txt", b"1" * (1024 * 1024 + 1)))])
        assert over.status_code == 413, over.text
        assert over.json()["error"].startswith("大文件.txt: file too large")
        huge = client.post("/api/documents", headers={**AUTH, "Content-Type":
                                                      "multipart/form-data; boundary=x",
                                                      "Content-Length": str(12 * 1024 * 1024)},
                           content=b"--x--\r\n")
        assert huge.status_code == 413, huge.text
        for response in (over, huge):
            assert set(response.json()) == {"error", "detail"}


# -- upload file names: nothing is ever written outside <data_dir> -------------------------
SEGMENTS = st.sampled_from(["..", ".", "", "...", "uploads", "index", "etc", "passwd", "C:",
                            "%2e%2e", "．．", "\u2025", "..\u200b", " ..", ".. ", "~", "$HOME",
                            "政策", "a" * 130])
SEPARATORS = st.sampled_from(["/", "\\", "//", "\u2215", "\uff0f", "\x00", "\n"])
SUFFIXES = st.sampled_from([".txt", ".TXT", ".html", ".pdf", ".docx", ".txt.exe", "", ".",
                            ".txt/", ".txt\x00.exe", ".txt%00"])
NAMES = st.builds(
    lambda lead, parts, seps, suffix: lead + "".join(p + s for p, s in zip(parts, seps, strict=False)) + "上传" + suffix,
    st.sampled_from(["", "/", "\\", "../", "..\\", "./", "C:\\", "\\\\server\\share\\"]),
    st.lists(SEGMENTS, max_size=6), st.lists(SEPARATORS, min_size=6, max_size=6), SUFFIXES)


def _written(base: Path) -> set[Path]:
    return {p for p in base.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def upload_env(corpus_assistant, embedder, tmp_path_factory):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    base = tmp_path_factory.mktemp("traversal")
    data_dir = base / "nested" / "data"
    settings = corpus_assistant.settings.model_copy(update={
        "data_dir": data_dir, "admin_token": ADMIN_TOKEN, "ask_rate_per_minute": 0, "admin_failures_per_minute": 0,
        "corpus_dir": base / "no-corpus"})
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    with TestClient(create_app(settings, assistant=assistant, with_ui=False),
                    raise_server_exceptions=False) as client:
        yield client, base, data_dir


ALLOWED_PLACES = ("uploads", "index", "cache")


@hypothesis_settings(max_examples=120, deadline=None, database=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
@given(name=NAMES, parses=st.booleans())
@example(name="../../evil.txt", parses=True)
@example(name="..\\..\\evil.txt", parses=True)
@example(name="/tmp/evil.txt", parses=True)
@example(name="uploads/../../../evil.txt", parses=True)
@example(name="\u2025/evil.txt", parses=True)
@example(name="a/b/c/ok.txt", parses=True)
def test_upload_names_never_write_outside_the_data_dir(upload_env, name, parses):
    client, base, data_dir = upload_env
    before = _written(base)
    content = policy("东昌府区", "东", 7).encode() if parses else b"\x1f\x8b\x08\x00" + bytes(64)
    response = client.post("/api/documents", headers=AUTH, files=[("files", (name, content))])
    assert response.status_code in (200, 400, 409, 413, 415, 422), (name, response.text)
    assert set(response.json()) >= {"error"} or "files" in response.json()
    for path in _written(base) - before:
        relative = path.relative_to(data_dir)  # raises if written outside the data dir
        assert relative.parts[0] in ALLOWED_PLACES or path.name == "ingest.lock", path
        if relative.parts[0] == "uploads":
            assert len(relative.parts) == 2, path  # directly in uploads/, no subdirectory
            assert not path.name.startswith(".") and ".." not in path.name.split("/"), path
    for stray in (base / "evil.txt", data_dir.parent / "evil.txt", data_dir / "evil.txt",
                  Path("/tmp/evil.txt")):
        assert not stray.exists(), stray
    assert not any(p.name.startswith(".upload-") for p in data_dir.iterdir())  # staging gone


def test_raw_multipart_names_cannot_escape(upload_env):
    client, base, data_dir = upload_env
    before = _written(base)
    body = policy("东昌府区", "东", 7).encode()
    for disposition in (
        "form-data; name=\"files\"; filename*=UTF-8''..%2F..%2Fevil.txt",
        "form-data; name=\"files\"; filename=\"..%2F..%2Fevil.txt\"",
        "form-data; name=\"files\"; filename=\"../../evil.txt\"; filename*=UTF-8''ok.txt",
        "form-data; name=\"files\"; filename=\"/..\\\\..\\\\evil.txt\"",
    ):
        raw = (b"--b\r\nContent-Disposition: " + disposition.encode() +
               b"\r\nContent-Type: text/plain\r\n\r\n" + body + b"\r\n--b--\r\n")
        response = client.post("/api/documents", content=raw,
                               headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"})
        assert response.status_code < 500, (disposition, response.text)
    for path in _written(base) - before:
        relative = path.relative_to(data_dir)
        assert relative.parts[0] in ALLOWED_PLACES or path.name == "ingest.lock", path
        if relative.parts[0] == "uploads":
            assert len(relative.parts) == 2, path
