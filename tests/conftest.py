"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import chroma_run


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real Chroma server (`chroma run`) on a free local port; yields (host, port)."""
    try:
        started = chroma_run(tmp_path_factory.mktemp("chroma-server"))
        server = started.__enter__()
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield server.host, server.port
    finally:
        started.__exit__(None, None, None)


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
