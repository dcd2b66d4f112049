"""Keeping uploads: safe names, the size limit, staging, and never losing a good file."""

from __future__ import annotations

import io
import re

import pytest

from assistant import uploads
from assistant.errors import FileTooLarge, InputError, UnsafeFileName, UnsupportedFileType
from assistant.settings import SHIPPED_CORPUS, Settings
from tests.conftest import make_settings

POLICY = (SHIPPED_CORPUS / "gaotang_2021_19_measures.txt").read_bytes()
UNREADABLE = b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4  # a gzip archive named .txt


@pytest.mark.parametrize(("given", "kept"), [
    ("聊城市优化营商环境措施.docx", "聊城市优化营商环境措施.docx"),
    ("dir/sub/policy.PDF", "policy.PDF"),
    ("C:\\Users\\张三\\政策.html", "政策.html"),
    ("/etc/policy.htm", "policy.htm"),
    ("./policy.txt", "policy.txt"),
    (" 政策 .txt ", "政策 .txt"),
    ("a..b.txt", "a..b.txt"),
])
def test_safe_names_keep_the_file_name_and_suffix(given, kept):
    assert uploads.safe_name(given) == kept
    assert uploads.safe_name(kept) == kept


def test_long_names_are_cut_by_bytes_and_stay_apart():
    """A file system allows 255 bytes, 85 Chinese characters (issue 19: a 90-character name
    was a 500): a long name is cut on a character boundary and marked with its hash."""
    first, second = ("长" * 300 + "甲.txt"), ("长" * 300 + "乙.txt")
    kept = uploads.safe_name(first)
    assert len(kept.encode()) <= 180 and kept.startswith("长" * 50) and kept.endswith(".txt")
    assert re.fullmatch(r"长+~[0-9a-f]{8}\.txt", kept)
    assert uploads.safe_name(kept) == kept and uploads.safe_name(second) != kept


@pytest.mark.parametrize("given", [
    "../../etc/x.txt", "..\\x.txt", "..\\..\\policy.txt", "a/../policy.txt", "uploads/../x.txt",
    "..", "../", "", None, "/", ".hidden.txt", ".env.txt", "policy\x00.txt", "policy\n.txt",
])
def test_unsafe_names_are_refused_as_400(given):
    with pytest.raises(UnsafeFileName) as refused:
        uploads.safe_name(given)
    assert isinstance(refused.value, InputError) and refused.value.status_code == 400
    assert refused.value.filename == given


@pytest.mark.parametrize(("given", "suffix"), [
    ("policy.xlsx", ".xlsx"), ("run.sh", ".sh"), ("policy", ""), ("policy.txt.exe", ".exe"),
    ("policy.", ""),
])
def test_unsupported_types_are_refused_as_415(given, suffix):
    with pytest.raises(UnsupportedFileType) as refused:
        uploads.safe_name(given)
    assert isinstance(refused.value, InputError) and refused.value.status_code == 415
    assert refused.value.suffix == suffix
    assert "unsupported file type" in str(refused.value)


@pytest.fixture
def assistant(tmp_path, prepared_model_dir, embedder):
    from assistant.components import open_index
    from assistant.service import PolicyAssistant

    settings = make_settings(tmp_path / "data", prepared_model_dir, corpus_dir=tmp_path / "corpus")
    return PolicyAssistant(settings, index=open_index(settings, embedder=embedder))


def _staging_left(settings: Settings) -> list:
    return list(settings.data_dir.glob(".upload-*"))


def test_a_good_file_is_ingested_and_kept(assistant):
    settings = assistant.settings
    result = uploads.keep_upload(assistant, settings, "高唐县.txt", io.BytesIO(POLICY))
    assert uploads.outcome(result) == ("added", ["高唐县", "高唐县-2"])
    assert (uploads.uploads_dir(settings) / "高唐县.txt").read_bytes() == POLICY
    assert _staging_left(settings) == []
    assert uploads.reindex_paths(settings) == [settings.corpus_dir, uploads.uploads_dir(settings)]

    again = uploads.keep_upload(assistant, settings, "高唐县.txt", io.BytesIO(POLICY))
    assert uploads.outcome(again) == ("unchanged", ["高唐县", "高唐县-2"])


def test_a_broken_file_never_replaces_a_good_one(assistant):
    settings = assistant.settings
    uploads.keep_upload(assistant, settings, "高唐县.txt", io.BytesIO(POLICY))
    result = uploads.keep_upload(assistant, settings, "高唐县.txt", io.BytesIO(UNREADABLE))
    assert uploads.outcome(result) == ("failed", [])
    assert result.failures and "binary content" in result.failures[0].reason
    assert [p.name for p in uploads.uploads_dir(settings).iterdir()] == ["高唐县.txt"]
    assert (uploads.uploads_dir(settings) / "高唐县.txt").read_bytes() == POLICY
    assert sorted(d.doc_id for d in assistant.documents()) == ["高唐县", "高唐县-2"]
    assert _staging_left(settings) == []


def test_a_file_over_the_limit_is_refused_before_it_is_ingested(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", max_file_mb=0.001)
    assert uploads.max_file_bytes(settings) == 1048
    with pytest.raises(FileTooLarge) as refused:
        # No assistant: a refused file must not reach it.
        uploads.keep_upload(None, settings, "big.txt", io.BytesIO(b"x" * 1049))
    assert refused.value.status_code == 413
    assert str(refused.value) == "big.txt: file too large (limit 0.001 MB)"
    kept = uploads.uploads_dir(settings)  # refused before anything is written
    assert not kept.exists() or list(kept.iterdir()) == []
    assert _staging_left(settings) == []
    uploads.check_size(settings, "big.txt", 1048)
    uploads.check_size(settings, "big.txt", None)
    with pytest.raises(FileTooLarge):
        uploads.check_size(settings, "big.txt", 1049)


@pytest.mark.parametrize("name", ["../evil.txt", "a/evil.txt", ".hidden.txt", "evil.sh"])
def test_keep_upload_takes_only_safe_names(tmp_path, name):
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(InputError):
        uploads.keep_upload(None, settings, name, io.BytesIO(POLICY))
    assert not (tmp_path / "evil.txt").exists()


def test_discard_deletes_only_a_kept_upload(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    kept = uploads.uploads_dir(settings)
    kept.mkdir(parents=True)
    (kept / "政策.txt").write_text("x", encoding="utf-8")
    outside = settings.data_dir / "other.txt"
    outside.write_text("x", encoding="utf-8")
    assert uploads.reindex_paths(settings) == [settings.corpus_dir, kept]

    uploads.discard(settings, "../other.txt")
    uploads.discard(settings, "corpus/policy.txt")  # a corpus document: no upload to delete
    uploads.discard(settings, "政策.txt")
    assert outside.exists()
    assert list(kept.iterdir()) == []


def test_reindex_without_uploads_is_the_corpus_alone(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    assert uploads.reindex_paths(settings) == [settings.corpus_dir]
