"""The one reader (saduak/uploads.py) against hostile spreadsheets, through the real
upload pages: a lying dimension, a far cell, a last row, malformed XML, undefined
entities and entity expansion. Each gets a clear message on the page (never a 500),
or is read correctly without building the empty rows in between."""

from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import ServiceCentre
from saduak import uploads
from saduak.tests.hostile import BILLION_LAUGHS, MAIN, cell, row, sheet, xlsx
from standards.loader import SECTIONS

HEADINGS = (("A1", "รหัส"), ("B1", "ชื่อ"), ("C1", "ประเภท"), ("D1", "รหัสจังหวัด"))


def donsai(number: int, column: str = "A") -> str:
    """A data row of the LAO register, starting in the given column."""
    letters = [chr(ord(column) + i) for i in range(5)]
    values = ("6940804", "องค์การบริหารส่วนตำบลดอนทราย", "อบต.", "94", "9408")
    return row(number, *((f"{x}{number}", v) for x, v in zip(letters, values, strict=True)))


def register_upload(client: Any, content: bytes, name: str = "register.xlsx") -> Any:
    client.cookies["django_language"] = "en"
    response = client.post("/registry/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    return response


def test_a_lying_dimension_is_not_trusted(client_as: Any, world: Any) -> None:
    """Declared A1:XFD1048576 (17 billion cells), written: a header and one row."""
    headings = row(1, *HEADINGS, ("E1", "รหัสอำเภอ"))
    content = xlsx(sheet(headings + donsai(2)))
    assert len(content) < 2000
    page = register_upload(client_as("opsadmin"), content)
    preview = page.context["preview"]
    assert [r["code"] for r in preview.rows] == ["6940804"]
    assert not preview.errors
    assert "องค์การบริหารส่วนตำบลดอนทราย" in page.content.decode()


def test_a_row_at_the_bottom_of_the_sheet_is_read_in_its_place(client_as: Any, world: Any) -> None:
    """Rows 3 to 1,048,575 do not exist in the file: they are not built either."""
    headings = row(1, *HEADINGS, ("E1", "รหัสอำเภอ"))
    content = xlsx(sheet(headings + donsai(2) + donsai(1_048_576)))
    page = register_upload(client_as("opsadmin"), content)
    errors = page.context["preview"].errors
    # Read as one more row, the spreadsheet's own number, its code a repeat of row 2.
    assert [(e.row, e.column) for e in errors] == [(1_048_576, "รหัส")]
    assert "Code 6940804 is also on row 2." in page.content.decode()


def test_a_value_in_the_last_column_is_refused_at_once(client_as: Any, world: Any) -> None:
    headings = row(1, *HEADINGS, ("E1", "รหัสอำเภอ"))
    far = f'<row r="1048576">{cell("XFD1048576", "x")}</row>'
    content = xlsx(sheet(headings + donsai(2) + far))
    page = register_upload(client_as("opsadmin"), content)
    assert page.context["file_error"] == (
        "Row 1,048,576 has a value in column XFD; at most 300 columns are read. "
        "Delete what lies beyond."
    )
    assert "preview" not in page.context


def test_rows_and_cells_are_capped_while_reading(client_as: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_ROWS = 3
    many = "".join(donsai(n) for n in range(2, 10))
    page = register_upload(client_as("opsadmin"), xlsx(sheet(row(1, *HEADINGS) + many)))
    assert page.context["file_error"] == "The sheet has more than 3 filled rows; split the file."
    settings.UPLOAD_MAX_ROWS = 20_000
    settings.UPLOAD_MAX_CELLS = 100
    # Empty cells count too: the file says they exist, so they cost reading.
    empty = "".join(f'<c r="A{n}" s="1"/>' for n in range(2, 200))
    page = register_upload(client_as("opsadmin"), xlsx(sheet(row(1, *HEADINGS) + empty)))
    assert page.context["file_error"] == "The sheet holds more than 100 cells; split the file."


@pytest.mark.parametrize(
    ("sheet_xml", "message"),
    [
        (
            sheet(row(1, *HEADINGS)).replace("</sheetData>", "<row r='2'><c></sheetData>"),
            "” is damaged: its XML cannot be read",
        ),
        (
            sheet(row(1, ("A1", "&undefined;"))),
            # Where, not the parser's own English words ("undefined entity").
            "” is damaged: its XML cannot be read (line 1, character",
        ),
        (
            sheet(row(1, ("A1", "&lol9;")), prolog=BILLION_LAUGHS),
            "The file carries an XML document type declaration, which office files never have",
        ),
        (
            sheet(
                row(1, ("A1", "&lol9;")),
                prolog=BILLION_LAUGHS.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>'),
            ).encode("utf-16"),
            "The file carries an XML document type declaration, which office files never have",
        ),
    ],
    ids=["malformed", "undefined-entity", "billion-laughs", "billion-laughs-in-utf16"],
)
def test_hostile_xml_gets_a_clear_message_on_every_import_page(
    client_as: Any, world: Any, sheet_xml: str | bytes, message: str
) -> None:
    content = xlsx(sheet_xml)
    page = register_upload(client_as("opsadmin"), content)
    assert message in page.context["file_error"]

    staff = client_as("staff.pattanitown")
    staff.cookies["django_language"] = "en"
    centre = ServiceCentre.objects.get(organisation=world["5940101"])
    url = reverse("survey:import_answers", args=[centre.pk])
    page = staff.post(url, {"file": SimpleUploadedFile("answers.xlsx", content)})
    assert page.status_code == 200 and message in page.context["file_error"]

    # The standard's workbook: every sheet it needs is the hostile one.
    content = xlsx(sheet_xml, names=("standard", *SECTIONS))
    admin = client_as("opsadmin")
    admin.cookies["django_language"] = "en"
    page = admin.post(
        reverse("standards:import"), {"file": SimpleUploadedFile("standard.xlsx", content)}
    )
    assert page.status_code == 200 and message in page.content.decode()


def test_entity_expansion_in_shared_strings_is_refused(client_as: Any) -> None:
    strings = (
        BILLION_LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>&lol9;</t></si></sst>"
    )
    content = xlsx(sheet(row(1, *HEADINGS)), extra={"xl/sharedStrings.xml": strings})
    page = register_upload(client_as("opsadmin"), content)
    assert "document type declaration" in page.context["file_error"]


def test_the_parts_read_whole_are_capped(client_as: Any, settings: Any) -> None:
    """Shared strings are read one by one and count as cells; the styles are capped by
    size (openpyxl builds them whole)."""
    settings.UPLOAD_MAX_CELLS = 100
    strings = f'<sst xmlns="{MAIN}">' + "<si><t>ก</t></si>" * 200 + "</sst>"
    content = xlsx(sheet(row(1, *HEADINGS)), extra={"xl/sharedStrings.xml": strings})
    page = register_upload(client_as("opsadmin"), content)
    assert page.context["file_error"] == "The sheet holds more than 100 cells; split the file."
    settings.UPLOAD_MAX_XML_PART_BYTES = 1_048_576
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>' + '<xf numFmtId="0"/>' * 70_000
    content = xlsx(
        sheet(row(1, *HEADINGS)), extra={"xl/styles.xml": styles + "</cellXfs></styleSheet>"}
    )
    page = register_upload(client_as("opsadmin"), content)
    assert page.context["file_error"] == (
        "The Excel file's part “xl/styles.xml” is larger than 1 MB."
    )


def test_shared_strings_are_read_as_openpyxl_reads_them(world: Any) -> None:
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>รหัส</t></si>'
        "<si><r><t>ชื่อ</t></r><r><t> อปท.</t></r><rPh><t>phonetic</t></rPh></si></sst>"
    )
    shared = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    content = xlsx(sheet(shared), extra={"xl/sharedStrings.xml": strings})
    assert [r.cells for r in uploads.read_table("r.xlsx", content)] == [["รหัส", "ชื่อ อปท."]]


def test_a_zip_bomb_dressed_as_a_workbook_is_refused(client_as: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 1_048_576
    padding = "<!-- " + "x" * 2_000_000 + " -->"
    content = xlsx(sheet(row(1, *HEADINGS) + padding))
    assert len(content) < 10_000
    page = register_upload(client_as("opsadmin"), content)
    assert "The file unpacks to more than 1 MB" in page.context["file_error"]


def test_openpyxl_reads_xml_through_defusedxml() -> None:
    """openpyxl picks defusedxml up when it is installed; the reader relies on it for
    the parts it leaves to openpyxl (the workbook, shared strings, styles)."""
    assert openpyxl.DEFUSEDXML is True


def test_the_header_row_is_found_under_a_title(world: Any) -> None:
    content = xlsx(
        sheet(
            row(1, ("A1", "ทะเบียน อปท. จังหวัดปัตตานี"))
            + row(3, *HEADINGS, ("E3", "รหัสอำเภอ"))
            + donsai(4)
        )
    )
    rows = uploads.read_table("r.xlsx", content)
    assert [r.number for r in rows] == [1, 3, 4]
    assert uploads.find_header(rows, lambda cells: sum(1 for c in cells if c == "รหัส")) == 1
