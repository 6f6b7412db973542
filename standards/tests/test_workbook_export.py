"""The standard's workbook export goes through the one writer: a criterion's text that
starts like a formula stays text (saduak/exports.py)."""

import io
import zipfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from openpyxl import load_workbook

from saduak.tests.test_exports import INJECTIONS
from standards.loader import Content, check_upload
from standards.models import Standard
from standards.tests.conftest import as_yaml, criterion


def test_the_standards_export_writes_text_not_formulas(
    client_as: Any, default_content: Content, tmp_path: Path
) -> None:
    """Today's bug: a criterion written "=HYPERLINK(…)" came out as a live formula."""
    default_content["version"] = 2
    criterion(default_content, "B1")["text_th"] = INJECTIONS[0]
    criterion(default_content, "S1.1")["text_th"] = INJECTIONS[3]
    path = tmp_path / "v2.yaml"
    path.write_text(as_yaml(default_content), encoding="utf-8")
    call_command("load_standard", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    standard = Standard.objects.get(version=2)
    response = client_as("opsadmin").get(f"/standards/{standard.pk}/standard.xlsx")
    assert response.status_code == 200
    # No formula anywhere in the file: no <f> element in any sheet.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
    book = load_workbook(io.BytesIO(response.content))
    cells = {c.value: c for row in book["criteria"].iter_rows() for c in row}
    for text in (INJECTIONS[0], INJECTIONS[3]):
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    # And the file reads back as the same standard (the import format round-trips).
    checked = check_upload("v2.xlsx", response.content)
    assert checked.ok and checked.content is not None
    assert criterion(checked.content, "B1")["text_th"] == INJECTIONS[0]
