"""Exported tables: a cell that a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from assistant.spreadsheets import csv_text, xlsx_bytes

# What an office name or a measure's text could begin with in a hostile upload.
FORMULAS = ["=2+5+cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_that_start_a_formula_are_quoted_as_text(value):
    text = csv_text(["单位"], [[value], ["市税务局"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'" + value]
    assert rows[2] == ["市税务局"]  # ordinary text untouched


@pytest.mark.parametrize("value", FORMULAS)
def test_xlsx_cells_that_start_a_formula_are_strings_not_formulas(value):
    data = xlsx_bytes(["单位"], [[value]], title="时限表")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    cell = load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.data_type == "s" and cell.value == value  # shown as written, never run


def test_numbers_stay_numbers():
    data = xlsx_bytes(["n"], [[-3]], title="t")
    assert load_workbook(io.BytesIO(data)).active["A2"].value == -3
    assert list(csv.reader(io.StringIO(csv_text(["n"], [[-3]]))))[1] == ["-3"]
