"""Word 97–2003 .doc files, and files named .doc or .docx that are something else.

The real files are in tests/ingest/files/ (SOURCES.md says where they come from); what the
tests expect of them was read off the documents by hand, never off the loader or parser.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from assistant.settings import SHIPPED_CORPUS
from ingest.errors import LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, legacy_word, load_text
from ingest.pipeline import parse_file

FILES = Path(__file__).parent / "files"
NOTICE = FILES / "ecust_2014_midterm_check_notice.doc"
SCORE_SHEET = FILES / "ecust_2014_midterm_score_sheet.doc"
TITLE = "关于开展2014年度“大学生创新创业训练计划”项目中期检查的通知"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refusal(path: Path) -> LoadError:
    with pytest.raises(LoadError) as raised:
        load_text(path)
    return raised.value


def paragraphs(path: Path) -> list[str]:
    return load_text(path).text.split("\n\n")


def test_doc_is_a_supported_type():
    assert ".doc" in SUPPORTED_SUFFIXES


def test_a_real_doc_reads_paragraph_by_paragraph_with_its_list_numbers():
    loaded = load_text(NOTICE)
    assert (loaded.format, loaded.encoding) == ("doc", None)
    lines = loaded.text.split("\n\n")
    assert lines[0] == TITLE
    # The 一、 headings are typed; the 1. 2. 3. under them are Word's list numbering, kept.
    assert [p for p in lines if p[:2] in ("一、", "二、", "三、", "四、", "五、")] == [
        "一、检查范围", "二、检查内容和要求", "三、中期检查安排", "四、检查结果", "五、项目结题答辩的有关事项"]
    assert "1. 着重从项目进展、阶段成果、经费使用情况、项目存在问题和下阶段的研究计划等五个方面进行检查。" in lines
    assert "3、每个学院评选1至2项优秀项目，作为后期学校范围重点交流的项目。推荐项目需要填写《“大学生创新性实验计划”项目推荐表》（以下简称项目推荐表）。" in lines
    assert lines[-2:] == ["大学生创新实践活动项目运行办公室", "2015-11-4"]
    assert "\n" not in loaded.text.replace("\n\n", "")  # antiword's wrapping is not kept


def test_a_real_doc_parses_with_its_title_and_units():
    doc, = parse_file(NOTICE)
    assert doc.title == TITLE
    # Its only 文号 is the one of the rules it cites (校教〔2012〕10号): not its own.
    assert doc.doc_number == ""
    # The outline's leaves: 一、 (no items), 二、1-3, 三、1-3, 四、1-4, 五、1-3.
    assert len(doc.measures) == 1 + 3 + 3 + 4 + 3


def test_a_doc_table_keeps_its_rows_as_rows():
    lines = paragraphs(SCORE_SHEET)
    assert lines[0] == "“大学生创新创业训练计划”项目中期检查评分表"
    assert "评分项\t评分\t分值\t分值说明\t得分" in lines
    assert "项目经费情况\t经费使用\t5分\t填写及时，记录准确，经费使用合理。（5分）" in lines
    assert "项目后续实施\t后续计划合理性\t20分\t项目研究的后续计划很合理，安排很有效，具有较高的理论意义或实际价值（15-20分）" in lines
    assert not any("|" in p for p in lines)


def test_a_file_is_read_by_what_its_bytes_are_not_by_its_name(tmp_path):
    renamed = tmp_path / "notice.docx"  # a .doc saved under the new name
    renamed.write_bytes(NOTICE.read_bytes())
    assert load_text(renamed).text == load_text(NOTICE).text

    word = Document()
    word.add_paragraph("某市关于优化营商环境的通知")
    word.add_paragraph("一、企业开办一日办结。")
    real_docx = tmp_path / "saved_as.doc"  # a .docx under the old name
    word.save(str(real_docx))
    assert paragraphs(real_docx) == ["某市关于优化营商环境的通知", "一、企业开办一日办结。"]

    page = tmp_path / "web_page.doc"  # Word's "save as web page", kept under a .doc name
    page.write_bytes("<html><head><meta charset='gb2312'><title>通知</title></head><body>"
                     "<p>某市关于优化营商环境的通知</p><p>一、企业开办一日办结。</p></body></html>"
                     .encode("gb2312"))
    loaded = load_text(page)
    assert "一、企业开办一日办结。" in loaded.text and loaded.encoding in ("gb2312", "gbk", "gb18030")


def test_rtf_named_doc_is_refused_with_that_reason(tmp_path):
    rtf = tmp_path / "notice.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 \\'b9\\'d8\\'d3\\'da\\par}")
    err = refusal(rtf)
    assert err.kind == "old_doc" and "RTF" in err.reason and "save it as .docx" in err.reason


def test_word_2003_xml_named_doc_is_refused_with_antiwords_reason(tmp_path):
    xml = tmp_path / "notice.doc"  # Word 2003's own XML format, not a web page
    xml.write_text('<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Word.Document"?>'
                   '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">'
                   "<w:body><w:p><w:r><w:t>一、企业开办一日办结。</w:t></w:r></w:p></w:body></w:wordDocument>",
                   encoding="utf-8")
    err = refusal(xml)
    assert err.kind == "damaged" and "the XML format from MS Word 2003" in err.reason


def test_a_broken_doc_is_refused_with_antiwords_reason(tmp_path):
    broken = tmp_path / "broken.doc"
    broken.write_bytes(OLE + random.Random(7).randbytes(4000))
    cut = tmp_path / "cut.doc"  # a real .doc that stopped downloading
    cut.write_bytes(NOTICE.read_bytes()[:10_000])
    for path in (broken, cut):
        err = refusal(path)
        assert err.kind == "damaged"
        assert err.reason == f"not a readable .doc file (antiword: {path.name} is not a Word Document.)"
        assert str(tmp_path) not in err.reason and "policyqa-doc-" not in err.reason


def test_a_password_protected_doc_is_refused_as_such(tmp_path):
    data = bytearray(NOTICE.read_bytes())
    # The WordDocument stream opens with the FIB (wIdent 0xA5EC, on a 512-byte sector); its
    # flags word at 0x0A has fEncrypted at bit 8, which Word sets when a password is given.
    fib = next(i for i in range(512, len(data), 512) if data[i:i + 2] == b"\xec\xa5")
    data[fib + 0x0B] |= 0x01
    locked = tmp_path / "locked.doc"
    locked.write_bytes(bytes(data))
    err = refusal(locked)
    assert err.kind == "encrypted" and "password-protected" in err.reason


def test_without_antiword_a_doc_is_refused_and_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no antiword on this PATH
    err = refusal(NOTICE)
    assert err.kind == "old_doc" and "antiword is not installed" in err.reason


def test_where_antiword_fails_catdoc_reads_the_text(tmp_path, monkeypatch):
    # An antiword that fails as it does on a file whose text it cannot find, beside the real
    # catdoc: the fallback reads the words, though not Word's list numbers (catdoc drops them).
    tools = tmp_path / "bin"
    tools.mkdir()
    failing = tools / "antiword"
    failing.write_text("#!/bin/sh\necho \"I can't find the text of this document\" >&2\nexit 1\n")
    failing.chmod(0o755)
    (tools / "catdoc").symlink_to(shutil.which("catdoc"))
    monkeypatch.setenv("PATH", str(tools))
    lines = paragraphs(NOTICE)
    assert lines[0] == TITLE and "一、检查范围" in lines
    assert "着重从项目进展、阶段成果、经费使用情况、项目存在问题和下阶段的研究计划等五个方面进行检查。" in lines


def test_a_doc_printing_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(legacy_word, "MAX_DOC_OUTPUT", 1000)
    err = refusal(NOTICE)
    assert err.kind == "bomb" and "limit 0.000954 MB" in err.reason


def test_dry_run_reads_a_folder_with_a_doc_beside_a_txt(tmp_path):
    folder = tmp_path / "attachments"
    folder.mkdir()
    (folder / "notice.doc").write_bytes(NOTICE.read_bytes())
    good_txt = SHIPPED_CORPUS / "yongji_2022_business_plan.txt"
    (folder / good_txt.name).write_bytes(good_txt.read_bytes())
    (folder / "broken.doc").write_bytes(OLE + bytes(2000))
    (folder / "rich.doc").write_bytes(b"{\\rtf1\\ansi hello}")
    script = Path(sys.executable).parent / "policyqa"
    run = subprocess.run([str(script), "ingest", "--dry-run", "--json", str(folder)],
                         capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
                         env={"PATH": "/usr/bin:/bin", "POLICYQA_DATA_DIR": str(tmp_path / "data")})
    assert run.returncode == 1, run.stderr  # two files failed
    docs = {d["source"]: d for d in json.loads(run.stdout)}
    assert sorted(docs) == ["notice.doc", "yongji_2022_business_plan.txt"]
    assert docs["notice.doc"]["title"] == TITLE and len(docs["notice.doc"]["measures"]) == 14
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and "Traceback" not in run.stderr
    assert any(e.startswith("error: broken.doc: not a readable .doc file") for e in errors)
    assert any(e.startswith("error: rich.doc: an RTF file with a Word name") for e in errors)
