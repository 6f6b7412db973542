"""The Excel import for OPS PMO staff: the downloaded template comes back as the same
standard, a bad workbook names sheet, row and column, and only OPS PMO administrators
may import."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from standards.loader import DEFAULT_FILE, check_path, check_workbook, check_yaml, workbook_for
from standards.models import Standard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post("/standards/import/", {"file": SimpleUploadedFile(name, content)})


def edited(content: bytes, changes: dict[tuple[str, str], Any]) -> bytes:
    """The workbook with cells changed, addressed as (sheet, cell)."""
    book = load_workbook(io.BytesIO(content))
    for (sheet, cell), value in changes.items():
        book[sheet][cell] = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_the_template_round_trips_to_the_same_standard(client_as: Any) -> None:
    client = client_as("opsadmin")
    client.cookies["django_language"] = "en"
    response = client.get("/standards/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="gecc-2565-v1.xlsx"' in response["Content-Disposition"]
    template = response.content
    book = load_workbook(io.BytesIO(template))
    assert book.sheetnames == ["standard", "levels", "dimensions", "criteria", "checklist"]
    assert [c.value for c in book["criteria"][1]][:6] == [
        "code",
        "kind",
        "dimension",
        "text_th",
        "text_en",
        "max_points",
    ]
    assert check_workbook(template, source="t.xlsx").content_hash == (
        Standard.objects.get(code="gecc", fiscal_year=2565, version=1).content_hash
    )

    # Unchanged, it is the published version: nothing to import.
    page = upload(client, "gecc-2565-v1.xlsx", template).content.decode()
    assert "already published with exactly this content" in page
    assert "standard_import" not in client.session

    # As version 2 it is published, with the hash the same YAML file would have.
    standards, events = Standard.objects.count(), AuditEvent.objects.count()
    version_2 = edited(template, {("standard", "B4"): 2})
    page = upload(client, "gecc-2565-v2.xlsx", version_2).content.decode()
    assert "GECC 2565 v2" in page
    assert "Changes from GECC 2565 v1" in page
    assert 'class="errors template-notice"' in page
    assert Standard.objects.count() == standards  # the preview writes nothing
    token = client.session["standard_import"]["token"]
    response = client.post("/standards/import/confirm/", {"token": token})
    v2 = Standard.objects.get(code="gecc", fiscal_year=2565, version=2)
    assert response.status_code == 302
    assert response["Location"] == f"/standards/{v2.pk}/"
    yaml_twin = DEFAULT_FILE.read_text(encoding="utf-8").replace("\nversion: 1\n", "\nversion: 2\n")
    assert v2.content_hash == check_yaml(yaml_twin, source="v2.yaml").content_hash
    assert v2.source_name == "gecc-2565-v2.xlsx"
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").actor_label == "opsadmin"


def test_a_stored_version_downloads_as_the_same_content(client_as: Any) -> None:
    client = client_as("staff.pattanitown")
    standard = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    response = client.get(f"/standards/{standard.pk}/standard.xlsx")
    assert response.status_code == 200
    assert check_workbook(response.content, source="s.xlsx").content_hash == (standard.content_hash)


def test_bad_cells_are_named_by_sheet_row_and_column(client_as: Any) -> None:
    client = client_as("opsadmin")
    client.cookies["django_language"] = "en"
    template = workbook_for(check_path(DEFAULT_FILE).content or {})
    bad = edited(
        template,
        {
            ("standard", "B3"): 2022,  # fiscal_year, a CE year
            ("levels", "D3"): 50,  # advanced below basic
            ("criteria", "F10"): "ten",  # S1.2's max_points
            ("criteria", "B11"): "bonus",  # S1.3's kind
            ("criteria", "K1"): "notes",  # an unknown column
            ("checklist", "B4"): None,  # M3's Thai text
        },
    )
    standards = Standard.objects.count()
    page = upload(client, "bad.xlsx", bad).content.decode()
    checked = check_workbook(bad, source="bad.xlsx")
    assert [(e.source, e.line, e.field) for e in checked.errors] == [
        ("standard", 3, "fiscal_year"),
        ("levels", 3, "min_score"),
        ("criteria", 1, "notes"),
        ("criteria", 10, "max_points"),
        ("criteria", 11, "kind"),
        ("checklist", 4, "text_th"),
    ]
    assert str(checked.errors[3]) == "criteria, row 10, max_points: Must be a number."
    assert "6 errors: nothing will be published until they are corrected." in page
    assert "<td>criteria</td><td>10</td><td><code>max_points</code></td>" in page
    assert "standard_import" not in client.session
    assert Standard.objects.count() == standards


def test_a_workbook_without_a_sheet_or_column_is_refused(english: None) -> None:
    book = Workbook()
    book.active.title = "standard"
    book.create_sheet("levels")
    output = io.BytesIO()
    book.save(output)
    errors = check_workbook(output.getvalue(), source="w.xlsx").errors
    assert [(e.source, e.field) for e in errors] == [("w.xlsx", "dimensions, criteria, checklist")]

    template = workbook_for(check_path(DEFAULT_FILE).content or {})
    no_text = edited(template, {("criteria", "D1"): None})
    errors = check_workbook(no_text, source="w.xlsx").errors
    # Reported once on the heading row, not again on each of the 18 criteria.
    assert [(e.source, e.line, e.field) for e in errors] == [("criteria", 1, "text_th")]
    assert errors[0].message == "The column “text_th” is missing from the heading row."


def test_thai_digits_and_numbers_typed_as_text_are_read(english: None) -> None:
    template = workbook_for(check_path(DEFAULT_FILE).content or {})
    typed = edited(template, {("standard", "B3"): "๒๕๖๕", ("levels", "D2"): "60"})
    assert check_workbook(typed, source="t.xlsx").errors == []


@pytest.mark.parametrize("username", ["staff.pattanitown", "overseer.pattani", "assessor"])
def test_only_ops_pmo_administrators_may_import(client_as: Any, username: str) -> None:
    client = client_as(username)
    template = workbook_for(check_path(DEFAULT_FILE).content or {})
    assert client.get("/standards/import/").status_code == 403
    assert upload(client, "t.xlsx", template).status_code == 403
    assert client.post("/standards/import/confirm/", {"token": "x"}).status_code == 403
    assert client.get("/standards/").status_code == 200  # reading is for everyone


def test_an_expired_preview_publishes_nothing(client_as: Any) -> None:
    client = client_as("opsadmin")
    standards = Standard.objects.count()
    response = client.post("/standards/import/confirm/", {"token": "guessed"}, follow=True)
    assert response.redirect_chain[-1][0] == "/standards/import/"
    assert Standard.objects.count() == standards


def test_a_yaml_file_can_be_imported_on_the_same_page(client_as: Any) -> None:
    client = client_as("opsadmin")
    client.cookies["django_language"] = "en"
    bad = (Path(__file__).parent / "data" / "bad.yaml").read_bytes()
    page = upload(client, "bad.yaml", bad).content.decode()
    assert "18 errors: nothing will be published until they are corrected." in page
    assert "<td>bad.yaml</td><td>18</td><td><code>criteria[0].max_points</code></td>" in page
