"""The `policyqa` command line through click's runner and as a real process."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

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
    assert "match" in out.stdout and "offices" in out.stdout and "bench" in out.stdout


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
    (tmp_path / "notes.xyz").write_bytes(b"\x00\x01 not text \x00")  # binary, named as nothing we read
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


# -- 政策找人, the office sheet and --as-of, against the real index of the shipped corpus --
EXPIRED_QUESTION = "聊城增值税小规模纳税人免征房产税的政策执行到什么时候？"  # 第167条, until 2022-12-31


@pytest.fixture
def corpus_env(corpus_assistant):
    return {"POLICYQA_DATA_DIR": str(corpus_assistant.settings.data_dir),
            "POLICYQA_MODEL": corpus_assistant.settings.model}


def _sections(output: str) -> dict[str, str]:
    """【topic】 → the lines under it."""
    parts = re.split(r"^【(.+)】$", output, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_match_prints_grouped_measures_and_a_to_confirm_section(corpus_env):
    result = _run(["match", "--city", "聊城", "--size", "小微", "--as-of", "2024-01-01"],
                  env=corpus_env)
    assert result.exit_code == 0
    head = result.output.splitlines()[0]
    assert head.startswith("聊城市：") and "需确认" in head and "截至2024-01-01" in head
    sections = _sections(result.output)
    to_confirm = sections.pop("需确认")
    assert len(sections) >= 3  # several topics
    matched = "".join(sections.values())
    # 第38条 grants 小微企业 a loan within 11 days: matched, with why, what, who and status.
    loan = next(block for block in matched.split("\n- ") if "第38条" in block)
    assert "适用：小微企业" in loan and "不超过11天" in loan
    assert "牵头单位：市地方金融监管局" in loan and "状态：现行有效" in loan
    # 2022 第1条 is for new businesses: the profile does not say, so it is to be confirmed.
    opening = next(block for block in to_confirm.split("\n- ")
                   if "聊政办字〔2022〕13号）第1条" in block)
    assert "需确认：是否为新开办企业" in opening
    assert "聊政办字〔2022〕13号）第1条" not in matched

    stated = _run(["match", "--city", "聊城", "--size", "小微", "--flag", "新开办", "--json"],
                  env=corpus_env)
    data = json.loads(stated.output)
    keys = {m["key"] for group in data["groups"] for m in group["measures"]}
    assert "liaocheng_2022_action_plan:1" in keys
    assert "liaocheng_2022_action_plan:1" not in {m["key"] for m in data["to_confirm"]}


def test_match_refuses_unknown_words(corpus_env):
    result = CliRunner().invoke(main, ["match", "--size", "巨型"], env=corpus_env)
    assert result.exit_code == 1 and "unknown size" in result.output


def test_offices_exports_the_tax_bureau_sheet_as_csv_and_excel(corpus_assistant, corpus_env,
                                                               tmp_path):
    csv_path, xlsx_path = tmp_path / "税务局.csv", tmp_path / "税务局.xlsx"
    result = _run(["offices", "市税务局", "--city", "聊城", "--csv", str(csv_path),
                   "--xlsx", str(xlsx_path), "--as-of", "2024-01-01"], env=corpus_env)
    assert result.exit_code == 0 and f"written: {csv_path}" in result.output
    rows = list(csv.reader(csv_path.open(encoding="utf-8-sig")))
    header, body = rows[0], rows[1:]
    by_key = {row[header.index("措施编号")]: row for row in body}
    sheet = corpus_assistant.office_sheet("市税务局", city="聊城")
    assert set(by_key) == {r.key for r in sheet.rows} and len(body) == len(sheet.rows)
    role, limits = header.index("角色"), header.index("时限")
    # Hand-checked: group （四） of 2020 (第14–16条) and 2022 第48条 name it as lead office.
    assert by_key["liaocheng_2020_measures:14"][role] == "牵头"
    assert by_key["liaocheng_2022_action_plan:48"][role] == "牵头"
    assert "即时开具" in by_key["liaocheng_2022_action_plan:48"][limits]
    assert by_key["liaocheng_2020_measures:1"][role] == "责任"
    assert "已失效" in by_key["liaocheng_2022_action_plan:167"][header.index("状态")]
    sheet_rows = list(load_workbook(xlsx_path).active.iter_rows(values_only=True))
    assert list(sheet_rows[0]) == header
    assert {row[3] for row in sheet_rows[1:len(body) + 1]} == set(by_key)


def test_ask_as_of_warns_about_an_expired_measure_only_after_it_expired(corpus_env):
    after = _run(["ask", EXPIRED_QUESTION, "--as-of", "2024-01-01"], env=corpus_env).output
    assert "第167条" in after
    warning = next(line for line in after.splitlines() if line.startswith("注意"))
    assert "2022-12-31" in warning and "失效" in warning and "截至2024-01-01" in warning
    before = _run(["ask", EXPIRED_QUESTION, "--as-of", "2022-06-01"], env=corpus_env).output
    assert "第167条" in before
    assert "注意" not in before and "失效" not in before
    data = json.loads(_run(["ask", EXPIRED_QUESTION, "--as-of", "2024-01-01", "--json"],
                           env=corpus_env).output)
    assert data["citations"][0]["status"].startswith("已失效（2022-12-31到期")


def test_search_as_of_shows_each_hits_status(corpus_env):
    args = ["search", "小规模纳税人免征房产税", "--top-k", "3", "--as-of", "2024-01-01"]
    hits = json.loads(_run([*args, "--json"], env=corpus_env).output)
    expired = next(h for h in hits if h["key"] == "liaocheng_2022_action_plan:167")
    assert expired["status"].startswith("已失效（2022-12-31到期")
    assert all(h["status"] for h in hits)
    line = next(line for line in _run(args, env=corpus_env).output.splitlines()
                if "第167条" in line)
    assert "[已失效（2022-12-31到期，截至2024-01-01）]" in line
    earlier = _run(["search", "小规模纳税人免征房产税", "--top-k", "3", "--as-of", "2022-06-01"],
                   env=corpus_env).output
    assert "失效" not in earlier


def test_as_of_must_be_a_date(corpus_env):
    result = CliRunner().invoke(main, ["ask", "出口退税几天", "--as-of", "2024/01/01"],
                                env=corpus_env)
    assert result.exit_code == 2 and "--as-of" in result.output


def test_chat_as_of_warns_too(corpus_env):
    result = CliRunner().invoke(main, ["chat", "--as-of", "2024-01-01"], env=corpus_env,
                                input=f"{EXPIRED_QUESTION}\n\n", catch_exceptions=False)
    assert result.exit_code == 0
    assert "第167条" in result.output and "已于2022-12-31到期失效" in result.output
