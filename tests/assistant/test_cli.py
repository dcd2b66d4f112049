"""The `policyqa` command line through click's runner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from assistant.cli import main
from assistant.settings import SHIPPED_CORPUS


def _run(args, env=None):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_help_imports_nothing_heavy():
    code = ("import sys; from assistant.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'chromadb', 'sentence_transformers', 'gradio', 'jieba',"
            " 'fastapi', 'numpy') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert "ingest" in out.stdout and "search" in out.stdout and "serve" in out.stdout


def test_dry_run_json_has_the_documented_shape():
    result = _run(["ingest", str(SHIPPED_CORPUS / "gaotang_2021_19_measures.txt"), "--dry-run", "--json"])
    assert result.exit_code == 0
    docs = json.loads(result.output)
    assert [d["doc_id"] for d in docs] == ["gaotang_2021_19_measures", "gaotang_2021_19_measures-2"]
    doc = docs[0]
    for key in ("source", "title", "doc_number", "issuer", "issued", "region", "measures"):
        assert key in doc
    assert doc["source"] == "gaotang_2021_19_measures.txt" and doc["issued"] == "2021-11-23"
    measure = doc["measures"][6]
    for key in ("key", "number", "kind", "section", "heading", "text", "lead_offices", "offices",
                "person", "offices_inherited", "time_limits", "benefits", "beneficiaries"):
        assert key in measure
    assert (measure["number"], measure["kind"]) == ("7", "measure")
    assert measure["time_limits"][0]["text"] == "最快20分钟办结"
    assert docs[1]["measures"][3]["number"] == "art4"


def test_dry_run_summary_and_failures(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(SHIPPED_CORPUS / "yongji_2022_business_plan.txt"),
                                       str(tmp_path / "empty.txt"), str(tmp_path / "notes.xyz"),
                                       "--dry-run"])
    assert result.exit_code == 1  # some files failed
    assert "《永济市“十四五”“六最”营商环境建设规划》 永政发[2022]8号" in result.output
    assert "yongji_2022_business_plan:22" in result.output
    assert "empty.txt: empty file" in result.output
    assert "notes.xyz: unsupported file type '.xyz'" in result.output


def test_ask_and_search_json(corpus_assistant):
    env = {"POLICYQA_DATA_DIR": str(corpus_assistant.settings.data_dir),
           "POLICYQA_MODEL": corpus_assistant.settings.model}
    answer = json.loads(_run(["ask", "那归哪个部门管？", "--turn", "聊城出口退税多久能办完？", "--json"],
                             env=env).output)
    assert answer["found"] and answer["intent"] == "office"
    citation = answer["citations"][0]
    for key in ("source", "title", "doc_number", "number", "key", "quote", "lead_offices",
                "offices", "time_limits", "benefits", "score"):
        assert key in citation
    assert citation["lead_offices"] == ["市税务局"]
    hits = json.loads(_run(["search", "政府采购预留份额", "--json", "--top-k", "3"], env=env).output)
    assert hits[0]["key"] == "liaocheng_2022_action_plan:108"
    for key in ("source", "title", "doc_number", "number", "key", "heading", "score"):
        assert key in hits[0]
    refused = json.loads(_run(["ask", "北京中关村房租补贴多少？", "--json"], env=env).output)
    assert refused["found"] is False and refused["citations"] == []


def test_errors_are_one_line_messages(tmp_path):
    result = CliRunner().invoke(main, ["remove", "nothing"], env={
        "POLICYQA_DATA_DIR": str(tmp_path), "POLICYQA_MODEL": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no document 'nothing' in the index"
