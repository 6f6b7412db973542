"""The one writer for every Excel and CSV file the system hands out.

Text typed by users (a centre's name, a criterion's wording) is written as text, never
as a formula: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
what spreadsheet programs evaluate (formula injection, "=HYPERLINK(…)" that sends data
away, DDE commands). Dates are shown in BE with Thai month names whatever the reader's
computer is set to. Choices and their reasons: docs/architecture.md, "Files users send".
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

# Excel shows these in BE with Thai month names whatever the machine's locale.
BE_DATE = "[$-107041E]d mmmm yyyy"
BE_DATETIME = "[$-107041E]d mmm yy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def new_workbook() -> Workbook:
    return Workbook()


def put(cell: Cell, value: Any) -> Cell:
    """Write one value: text as text, numbers as numbers, dates in BE."""
    if isinstance(value, str):
        # Control characters are not allowed in the file format: openpyxl refuses them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        # Typed as a string, so Excel and LibreOffice store and show the text itself
        # and never evaluate it; the quote prefix keeps it text if someone edits the
        # cell (what typing an apostrophe before it does in Excel).
        cell.data_type = "s"
        if formula_like(value):
            cell.quotePrefix = True
        return cell
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)  # Asia/Bangkok: Excel has no time zones
        cell.value = value.replace(tzinfo=None)
        cell.number_format = BE_DATETIME
        return cell
    cell.value = value
    if isinstance(value, date):
        cell.number_format = BE_DATE
    return cell


def append(sheet: Worksheet, values: Iterable[Any]) -> int:
    """Add a row after the last one, each value written by `put`; returns its number."""
    values = list(values)
    sheet.append([None] * len(values))
    row: int = sheet._current_row
    for column, value in enumerate(values, start=1):
        put(sheet.cell(row=row, column=column), value)
    return row


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(value: Any) -> str:
    """A value for a CSV cell. CSV has no cell types, so formula-like text gets an
    apostrophe in front: Excel and LibreOffice then show it as text, the apostrophe
    visible, rather than run it."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)  # a number, negative ones included, stays a number
    return "'" + value if formula_like(value) else value


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """CSV as UTF-8 with a byte-order mark, so Excel on Windows reads Thai text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
