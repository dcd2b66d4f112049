"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import answers_ok, free_port, stop, tail

CHROMA_START_TIMEOUT_S = 30.0


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real Chroma server (`chroma run`) on a free local port; yields (host, port)."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.fail(f"no `chroma` executable next to {sys.executable}; is chromadb installed?")
    base = tmp_path_factory.mktemp("chroma-server")
    host, port = "127.0.0.1", free_port()
    # Files, not pipes: the server logs every request and would block on a full pipe.
    stdout, stderr = base / "stdout.log", base / "stderr.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(base / "data"), "--host", host, "--port", str(port)],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
        )
    try:
        url = f"http://{host}:{port}/api/v2/heartbeat"
        if not answers_ok(url, lambda: process.poll() is None, CHROMA_START_TIMEOUT_S, 0.1):
            state = (f"exited with code {process.returncode}" if process.poll() is not None
                     else f"no heartbeat at {url} within {CHROMA_START_TIMEOUT_S:.0f} s")
            pytest.fail(
                f"Chroma server {state}.\n--- stderr ---\n{tail(stderr)}"
                f"\n--- stdout ---\n{tail(stdout)}",
                pytrace=False,
            )
        yield host, port
    finally:
        stop(process, timeout=10)


# -- the real model and a real index of the shipped corpus, built once per test session --

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def prepared_model_dir() -> Path:
    """The bundled model rebuilt once; kept under .venv so later runs reuse it."""
    from vectorstore.model import prepare_model

    target = Path(os.environ.get("POLICYQA_TEST_MODEL_DIR")
                  or REPO / ".venv" / "policyqa-test-model" / "multilingual-e5-small")
    return prepare_model(target)


def make_settings(data_dir: Path, model_dir: Path, **overrides):
    from assistant.settings import Settings

    return Settings(data_dir=data_dir, model=str(model_dir), **overrides)


@pytest.fixture(scope="session")
def embedder(prepared_model_dir):
    from assistant.components import go_offline
    from vectorstore.embedder import Embedder

    go_offline()
    return Embedder(prepared_model_dir)


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory, prepared_model_dir, embedder):
    """A PolicyAssistant over a real embedded Chroma index of the five shipped files."""
    from assistant.components import open_index
    from assistant.service import PolicyAssistant
    from assistant.settings import SHIPPED_CORPUS

    settings = make_settings(tmp_path_factory.mktemp("corpus-index"), prepared_model_dir)
    assistant = PolicyAssistant(settings, index=open_index(settings, embedder=embedder))
    result = assistant.ingest([SHIPPED_CORPUS])
    assert not result.failures and len(result.added) == 6
    return assistant
