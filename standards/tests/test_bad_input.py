"""A whole number written with other digits in the standard's workbook is a clear error
on its cell, never a server error."""

from typing import Any

import pytest

from standards.loader import DEFAULT_FILE, check_path, check_workbook, workbook_for
from standards.models import Standard
from standards.tests.test_excel_import import edited, upload


@pytest.mark.parametrize("written", ["²⁵⁶⁵", "②⑤⑥⑤", "2" + "5" * 5000])
def test_a_year_in_other_digits_is_an_error_on_its_cell(
    client_as: Any, written: str, english: None
) -> None:
    template = workbook_for(check_path(DEFAULT_FILE).content or {})
    bad = edited(template, {("standard", "B3"): written})
    errors = check_workbook(bad, source="bad.xlsx").errors
    assert [(e.source, e.line, e.field) for e in errors] == [("standard", 3, "fiscal_year")]
    assert errors[0].message == "Must be a whole number."
    client = client_as("opsadmin")
    client.raise_request_exception = False
    standards = Standard.objects.count()
    response = upload(client, "bad.xlsx", bad)
    assert response.status_code == 200
    assert "ต้องเป็นจำนวนเต็ม" in response.content.decode()
    assert Standard.objects.count() == standards
