"""Office directory and time-limit sheet: who leads what, exported as CSV and Excel."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assistant import office_sheet
from assistant.errors import NotFoundError
from assistant.profile_commands import offices_command
from assistant.settings import SHIPPED_CORPUS
from ingest.pipeline import parse_paths

L20, L22 = "liaocheng_2020_measures", "liaocheng_2022_action_plan"

# Checked by hand in the texts. liaocheng 2020 prints responsibility per group: group
# （四）优化企业办税服务 (measures 14–16) reads “牵头单位：市税务局”; 市税务局 is only a 责任单位 of
# group （一） (measures 1–6). liaocheng 2022 prints a line per measure; these name 市税务局
# among their own 牵头单位: 44–48 (纳税服务领域), 49, 55, 57 (跨境贸易领域), 165–169 and 173
# (减税降费领域). Every measure of 纳税服务领域 and 减税降费领域 has its own line, so the
# fields' 领域牵头单位 decides nothing here: 170 (市发展改革委、市财政局、市行政审批局), 171
# (市交通运输局) and 172 (市市场监管局) sit under 减税降费领域 (领域牵头单位：市财政局、市税务局)
# but are not led by 市税务局.
TAX_BUREAU_LEADS = [f"{L20}:{n}" for n in (14, 15, 16)] + \
    [f"{L22}:{n}" for n in (44, 45, 46, 47, 48, 49, 55, 57, 165, 166, 167, 168, 169, 173)]
TAX_BUREAU_SHARES_LIAOCHENG = [f"{L20}:{n}" for n in range(1, 7)] + \
    [f"{L22}:{n}" for n in (1, 2, 3, 6, 8, 11)]


@pytest.fixture(scope="module")
def documents():
    return parse_paths([SHIPPED_CORPUS]).documents


def _liaocheng(rows, role):
    return sorted(r.key for r in rows if r.role == role and r.doc_id in (L20, L22))


def test_tax_bureau_sheet_lists_exactly_the_measures_it_leads(corpus_assistant):
    sheet = corpus_assistant.office_sheet("市税务局", as_of=date(2024, 1, 1))
    assert sheet.offices == ("市税务局",)
    assert _liaocheng(sheet.rows, office_sheet.LEAD) == sorted(TAX_BUREAU_LEADS)
    assert _liaocheng(sheet.rows, office_sheet.SHARED) == sorted(TAX_BUREAU_SHARES_LIAOCHENG)
    by_key = {r.key: r for r in sheet.rows if r.doc_id in (L20, L22)}
    assert by_key[f"{L20}:16"].origin == "group"  # inherited from group （四）
    assert by_key[f"{L22}:44"].origin == "measure"
    assert "2个工作日内" in by_key[f"{L20}:16"].time_limits
    assert by_key[f"{L22}:44"].deadlines == "6月底前（2022-06-30）"
    assert by_key[f"{L22}:167"].status.startswith("已失效（2022-12-31")
    assert by_key[f"{L22}:44"].status.startswith("完成期限已过")
    # The same name in 威海's plan is another city's bureau: only as a 责任单位, and
    # filtered out by --city.
    assert {r.role for r in sheet.rows if r.doc_id == "weihai_2018_work_plan"} == {"shared"}
    liaocheng = corpus_assistant.office_sheet("市税务局", city="聊城")
    assert {r.doc_id for r in liaocheng.rows} == {L20, L22}


def test_field_lead_offices_count_only_where_a_measure_has_no_line_of_its_own(documents):
    court = office_sheet.office_sheet("市中级人民法院", documents)
    rows = {r.key: r for r in court.rows}
    assert rows[f"{L22}:60"].role == "lead" and rows[f"{L22}:60"].origin == "section"
    finance = {r.key for r in office_sheet.office_sheet("市财政局", documents, city="聊城").rows
               if r.role == "lead"}
    assert f"{L22}:170" in finance and f"{L22}:171" not in finance


def test_a_partial_name_resolves_to_every_office_containing_it(documents):
    sheet = office_sheet.office_sheet("税务局", documents)
    assert set(sheet.offices) == {"市税务局", "县税务局"}
    assert any(r.office == "县税务局" and r.key == "gaotang_2021_19_measures:9" for r in sheet.rows)
    with pytest.raises(NotFoundError):
        office_sheet.office_sheet("不存在的局", documents)


def test_csv_and_excel_exports_hold_every_row(documents):
    sheet = office_sheet.office_sheet("市税务局", documents, as_of=date(2024, 1, 1))
    rows = list(csv.reader(io.StringIO(office_sheet.to_csv(sheet))))
    assert tuple(rows[0]) == office_sheet.HEADERS and len(rows) == len(sheet.rows) + 1
    assert rows[1][0] == "市税务局" and rows[1][1] in ("牵头", "责任")
    book = load_workbook(io.BytesIO(office_sheet.to_xlsx(sheet)))
    ws = book.active
    values = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert values[0] == office_sheet.HEADERS
    keys = {row[3] for row in values[1:len(sheet.rows) + 1]}
    assert keys == {r.key for r in sheet.rows}


def test_offices_command_exports(corpus_assistant, tmp_path):
    env = {"POLICYQA_DATA_DIR": str(corpus_assistant.settings.data_dir),
           "POLICYQA_MODEL": corpus_assistant.settings.model}
    runner = CliRunner()
    directory = runner.invoke(offices_command, [], env=env, catch_exceptions=False).output
    assert "市税务局" in directory and "市行政审批局" in directory
    csv_path, xlsx_path = tmp_path / "tax.csv", tmp_path / "tax.xlsx"
    out = runner.invoke(offices_command, ["市税务局", "--city", "聊城", "--csv", str(csv_path),
                                          "--xlsx", str(xlsx_path), "--as-of", "2024-01-01"],
                        env=env, catch_exceptions=False).output
    assert out.startswith("市税务局：牵头 17 条，责任 12 条（截至2024-01-01）")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert len(csv_path.read_text(encoding="utf-8-sig").splitlines()) == 30
    assert load_workbook(xlsx_path).active.max_row >= 30
    refused = runner.invoke(offices_command, ["--csv", str(csv_path)], env=env)
    assert refused.exit_code != 0
