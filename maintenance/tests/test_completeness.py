import io
from datetime import datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from downloads.tests.fetch import download
from maintenance.models import Report, Round
from maintenance.tests.conftest import complete_draft, send
from registry.models import Organisation, ServiceCentre
from thaicalendar.dates import BANGKOK


def figures(client: Any, rnd: Round, **params: Any) -> dict[str, int]:
    response = client.get("/reports/completeness/", {"round": rnd.pk, **params})
    assert response.status_code == 200
    return response.context["result"].totals


def test_each_overseer_sees_the_figures_of_its_scope(
    client_as: Any, rnd: Round, pattani_report: Report
) -> None:
    with time_machine.travel(datetime(2022, 4, 20, 9, 0, tzinfo=BANGKOK), tick=False):
        staff = client_as("staff.pattanitown")
        send(staff, pattani_report, complete_draft(pattani_report))
    national = figures(client_as("reviewer"), rnd)
    assert (national["owed"], national["submitted"], national["late"], national["missing"]) == (
        2,
        1,
        1,
        1,
    )
    assert (national["on_time"], national["awaiting"]) == (0, 1)
    pattani = figures(client_as("overseer.pattani"), rnd)
    assert (pattani["owed"], pattani["late"], pattani["missing"]) == (1, 1, 0)
    chiang_mai = figures(client_as("overseer.chiangmai"), rnd)
    assert (chiang_mai["owed"], chiang_mai["missing"]) == (1, 1)
    dla = figures(client_as("overseer.dla"), rnd)
    assert dla["owed"] == 2
    # A national reader narrows to an area: Pattani province, by its soil.
    area = Organisation.objects.get(code="P94")
    assert figures(client_as("reviewer"), rnd, area=area.pk)["owed"] == 1


def test_the_drill_down_lists_the_centres_behind_a_figure(client_as: Any, rnd: Round) -> None:
    page = (
        client_as("overseer.dla")
        .get("/reports/completeness/", {"round": rnd.pk, "figure": "missing", "place": "50"})
        .content.decode()
    )
    assert "ศูนย์ราชการสะดวก เทศบาลนครเชียงใหม่" in page
    assert "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี" not in page


def test_an_overseer_cannot_widen_its_view_with_an_area_outside_it(
    client_as: Any, rnd: Round
) -> None:
    chiang_mai = Organisation.objects.get(code="P50")
    response = client_as("overseer.pattani").get(
        "/reports/completeness/", {"round": rnd.pk, "area": chiang_mai.pk}
    )
    assert response.status_code == 404


def test_the_excel_export_has_thai_headers_and_be_dates(
    client_as: Any, rnd: Round, pattani_report: Report
) -> None:
    with time_machine.travel(datetime(2022, 4, 10, 9, 0, tzinfo=BANGKOK), tick=False):
        staff = client_as("staff.pattanitown")
        send(staff, pattani_report, complete_draft(pattani_report))
    response = download(
        client_as("overseer.pattani"), "/reports/completeness.xlsx", {"round": rnd.pk}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary, centres = book.worksheets
    assert summary["A1"].value == "ความครบถ้วนของรายงาน รอบ 6 เดือน ปีงบประมาณ 2565"
    assert summary["B3"].number_format == "[$-107041E]d mmmm yyyy"
    assert [c.value for c in summary[6]][:4] == ["จังหวัด", "ต้องส่ง", "ส่งแล้ว", "ส่งตรงเวลา"]
    rows = list(centres.iter_rows(values_only=True))
    assert rows[0] == ("ลำดับ", "จังหวัด", "หน่วยงาน", "ศูนย์บริการ", "สถานะ", "ส่งครั้งแรก", "ล่าช้า (วัน)")
    assert rows[1][1:5] == (
        "ปัตตานี",
        "เทศบาลเมืองปัตตานี",
        "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี",
        "ส่งแล้ว รอตรวจ",
    )
    assert rows[1][5].date().isoformat() == "2022-04-10"
    assert centres["F2"].number_format == "[$-107041E]d mmmm yyyy"
    assert len(rows) == 2  # nothing of Chiang Mai


def test_the_completeness_page_costs_the_same_queries_for_2_or_40_reports(
    client_as: Any, rnd: Round, world: Any
) -> None:
    client = client_as("reviewer")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/reports/completeness/", {"round": rnd.pk}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(38):
        org = Organisation.objects.create(
            code=f"L{n}",
            name_th=f"อบต.ทดสอบ {n}",
            kind="local_government",
            lao_type="sao",
            parent=world["DLA-50" if n % 2 else "DLA-94"],
            province_id="50" if n % 2 else "94",
            district_id="5001" if n % 2 else "9401",
        )
        centre = ServiceCentre.objects.create(organisation=org, name_th=f"ศูนย์ {n}")
        Report.objects.create(round=rnd, centre=centre, standard=rnd.standard)
    assert count() == few


def test_a_name_that_looks_like_a_formula_stays_text(
    client_as: Any, rnd: Round, pattani_report: Report
) -> None:
    ServiceCentre.objects.filter(pk=pattani_report.centre_id).update(
        name_th='=HYPERLINK("http://x","y")'
    )
    response = download(client_as("reviewer"), "/reports/completeness.xlsx", {"round": rnd.pk})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","y")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_province_area_breaks_down_by_district(client_as: Any, rnd: Round) -> None:
    pattani = Organisation.objects.get(code="P94")
    response = client_as("reviewer").get(
        "/reports/completeness/", {"round": rnd.pk, "area": pattani.pk}
    )
    result = response.context["result"]
    assert result.group == "district"
    assert [(row["name_th"], row["owed"]) for row in result.rows] == [("เมืองปัตตานี", 1)]
    district = Organisation.objects.get(code="D9401")
    assert figures(client_as("reviewer"), rnd, area=district.pk)["owed"] == 1


def test_control_characters_do_not_break_an_export(
    client_as: Any, pattani_report: Report, rnd: Round
) -> None:
    ServiceCentre.objects.filter(pk=pattani_report.centre_id).update(name_th="ศูนย์\x0bบริการ")
    response = download(client_as("reviewer"), "/reports/completeness.xlsx", {"round": rnd.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert "ศูนย์บริการ" in [c.value for row in sheet.iter_rows() for c in row]
