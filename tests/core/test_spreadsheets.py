"""Spreadsheets: text is kept exactly as written and never becomes a formula (CSV/XLSX
injection), in XLSX through the cell type, in CSV through a leading apostrophe."""

import csv
from datetime import date
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

from core.spreadsheets import Sheet, build_workbook, csv_response, neutralise

FORMULAS = ["=1+1", '=HYPERLINK("http://evil")', "+1+1", "-1+1", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_an_xlsx_cell_keeps_the_text_as_a_string_never_a_formula(text):
    content = build_workbook(title="Feuille", headers=["Texte"], rows=[[text]])

    cell = load_workbook(BytesIO(content)).active["A2"]

    assert cell.value == text
    assert cell.data_type == "s"
    assert b"<f>" not in content  # no formula anywhere in the file


def test_xlsx_numbers_dates_and_plain_text_keep_their_type():
    content = build_workbook(
        title="Feuille", headers=["A", "B", "C", "D"], rows=[["Texte", 42, date(2022, 6, 30), None]]
    )

    cells = next(load_workbook(BytesIO(content)).active.iter_rows(min_row=2))

    assert [cell.value for cell in cells[:2]] == ["Texte", 42]
    assert cells[2].value.date() == date(2022, 6, 30)
    assert cells[3].value is None
    assert [cell.data_type for cell in cells[:3]] == ["s", "n", "d"]


def test_a_workbook_may_hold_more_sheets():
    content = build_workbook(
        title="Liste",
        headers=["Texte"],
        rows=[["a"]],
        more_sheets=[Sheet(title="Synthèse", headers=["Indicateur", "Valeur"], rows=[["=x", 3]])],
    )

    book = load_workbook(BytesIO(content))

    assert book.sheetnames == ["Liste", "Synthèse"]
    cell = book["Synthèse"]["A2"]
    assert (cell.value, cell.data_type, book["Synthèse"]["B2"].value) == ("=x", "s", 3)


# A carriage return is stored as such in CSV only (XML reads it back as a line feed).
@pytest.mark.parametrize("text", [*FORMULAS, "\r=1"])
def test_a_csv_value_starting_like_a_formula_gets_an_apostrophe(text):
    response = csv_response(headers=["Texte", "Nombre"], rows=[[text, -3]], filename="x.csv")

    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(StringIO(content, newline=""), delimiter=";"))

    assert rows[1] == [f"'{text}", "-3"]  # a negative number is a number, not text


def test_neutralise_leaves_harmless_values_alone():
    assert neutralise("Généraliser la messagerie") == "Généraliser la messagerie"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-3) == -3
    assert neutralise(None) is None
