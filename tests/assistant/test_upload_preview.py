"""An upload's parse preview (nothing indexed) and the per-file progress of keeping uploads."""

from __future__ import annotations

import io

from assistant import upload_preview, uploads
from assistant.errors import UnsupportedFileType
from assistant.settings import SHIPPED_CORPUS, Settings
from ingest.pipeline import parse_paths
from tests.assistant.test_uploads import POLICY, assistant  # noqa: F401 (a fixture)


def test_preview_shows_what_the_dry_run_parses_and_indexes_nothing(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    good = tmp_path / "高唐县.txt"
    good.write_bytes(POLICY)
    empty = tmp_path / "空.txt"
    empty.write_text("", encoding="utf-8")
    odd = tmp_path / "表.exe"
    odd.write_bytes(b"MZ")
    found = upload_preview.preview(settings, [good, empty, odd])
    assert [f.ok for f in found] == [True, False, False]
    # The oracle: the ingest pipeline's own parse of the same file.
    parsed = parse_paths([good]).documents
    shown = found[0].documents
    assert [d.document.title for d in shown] == [d.title for d in parsed]
    assert [d.document.doc_number for d in shown] == [d.doc_number for d in parsed]
    assert [len(d.units) for d in shown] == [len(d.measures) for d in parsed]
    first = shown[0]
    assert first.place.endswith("高唐县") and first.level
    assert first.with_offices == sum(1 for m in parsed[0].measures if m.lead_offices or m.offices)
    assert found[1].failure.kind == "empty"
    assert isinstance(found[2].refused, UnsupportedFileType)
    assert not (settings.data_dir / "uploads").exists()


def test_preview_warns_in_chinese_about_what_it_could_not_find(tmp_path):
    plain = tmp_path / "无编号.txt"
    plain.write_text("关于做好测试工作的通知\n\n各单位要做好测试工作。\n\n测试工作由市测试局负责。\n",
                     encoding="utf-8")
    [found] = upload_preview.preview(Settings(data_dir=tmp_path / "data"), [plain])
    warnings = found.documents[0].warnings
    assert "未识别到文号" in warnings and all(not w.isascii() for w in warnings)


def test_keeping_uploads_says_which_file_it_starts(assistant):  # noqa: F811 (the fixture)
    seen = []
    kept, stopped = uploads.keep_uploads(
        assistant, assistant.settings,
        [("甲.txt", io.BytesIO(POLICY)), ("乙.txt", io.BytesIO(
            (SHIPPED_CORPUS / "yongji_2022_business_plan.txt").read_bytes()))],
        starting=lambda i, name: seen.append((i, name, len(assistant.documents()))))
    assert stopped is None and [k.name for k in kept] == ["甲.txt", "乙.txt"]
    # Called before each file: nothing indexed before the first, the first's before the second.
    assert [(i, name) for i, name, _ in seen] == [(0, "甲.txt"), (1, "乙.txt")]
    assert seen[0][2] == 0 and seen[1][2] > 0
