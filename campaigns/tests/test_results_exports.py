"""A campaign's files: answers and results as Excel and CSV, results as a Thai PDF,
prepared in the background as the account that asked."""

import csv
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns import makers
from campaigns.models import Response, Target
from campaigns.tests.factories_results import dla_campaign, organisation, staff_campaign
from downloads.tests.fetch import download

pytestmark = pytest.mark.django_db


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def url(name: str, campaign: Any) -> str:
    return reverse(f"campaigns:{name}", args=[campaign.pk])


def test_answers_as_excel_one_row_per_organisation(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    response = download(client_as("overseer.dla"), url("export_answers_xlsx", campaign))
    rows = sheet_rows(response.content)
    assert rows[0][:4] == ("หน่วยงาน", "จังหวัด", "ประเภทหน่วยงาน", "วันที่ส่ง")
    assert len(rows) == 1 + 11  # the draft is not there
    town = next(r for r in rows if r[0] == "เทศบาลเมืองปัตตานี")
    assert town[1] == "ปัตตานี"
    assert town[4] == "การสนับสนุนงบประมาณ"  # a choice by its Thai label
    assert "1. การสนับสนุนงบประมาณ; 2. การฝึกอบรม" in town[5]  # a ranking in order
    bana = next(r for r in rows if r[0] == "องค์การบริหารส่วนตำบลบานา")
    # formula-like text stays text
    wb = load_workbook(io.BytesIO(response.content))
    cell = next(
        c for c in wb.active[rows.index(bana) + 1] if c.value and str(c.value).startswith("=")
    )
    assert cell.data_type == "s" and cell.quotePrefix


def test_answers_as_csv_with_be_dates(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    rows = csv_rows(download(client_as("opsadmin"), url("export_answers_csv", campaign)).content)
    town = next(r for r in rows if r[0] == "เทศบาลเมืองปัตตานี")
    assert town[3] == "15 กรกฎาคม 2569"
    bana = next(r for r in rows if r[0] == "องค์การบริหารส่วนตำบลบานา")
    assert '\'=HYPERLINK("http://x")' in bana


def test_staff_answers_carry_no_organisation_no_date_and_no_order(
    client_as: Any, world: Any
) -> None:
    campaign = staff_campaign(counted=6)
    rows = csv_rows(
        download(client_as("overseer.pattani"), url("export_answers_csv", campaign)).content
    )
    assert rows[0][0] == "สิ่งจูงใจใดที่จะทำให้หน่วยงานของท่านขอรับการรับรองมาตรฐาน GECC (ตอบได้มากกว่า 1 ข้อ)"
    text = "\n".join(",".join(r) for r in rows)
    assert "ปัตตานี" not in text and "2569" not in text
    assert len(rows) == 1 + 6
    assert rows[1:] == sorted(rows[1:])  # by what they say, not by arrival


def test_staff_answers_under_the_minimum_are_refused(client_as: Any, world: Any) -> None:
    campaign = staff_campaign()  # 3 counted
    client = client_as("overseer.pattani")
    response = client.post(url("export_answers_xlsx", campaign), follow=True)
    assert "ยังส่งออกคำตอบไม่ได้" in response.content.decode()
    from downloads.models import Download

    assert not Download.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 (the maker refuses too)
        makers.check_answers(
            __import__("accounts").models.User.objects.get(username="overseer.pattani"),
            {"campaign": campaign.pk, "format": "csv"},
        )


def test_results_as_excel_and_csv(client_as: Any, world: Any) -> None:
    campaign = dla_campaign(more=True)  # Chiang Mai 5: Pattani may be shown apart
    client = client_as("overseer.dla")
    rows = sheet_rows(
        download(client, url("export_results_xlsx", campaign), {"province": "94"}).content
    )
    assert ("กลุ่ม", "ปัตตานี") in [r[:2] for r in rows]
    assert ("จำนวนคำตอบที่นับรวม", 8) in [r[:2] for r in rows]
    mean = next(r for r in rows if r[1] == "ค่าเฉลี่ย" and r[0].startswith("หากได้รับ"))
    assert str(mean[3]) == "3.5" or str(mean[3]) == "3.50"
    lines = csv_rows(download(client, url("export_results_csv", campaign)).content)
    assert any(
        len(r) > 3 and r[1] == "การสนับสนุนงบประมาณ" and r[2] == "8" and r[3] == "61.54"
        for r in lines
    )


def test_results_of_three_are_too_few_in_every_file(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    client = client_as("overseer.dla")
    rows = csv_rows(
        download(client, url("export_results_csv", campaign), {"province": "50"}).content
    )
    text = "\n".join(",".join(r) for r in rows)
    assert "จำนวนคำตอบน้อยเกินไปที่จะแสดงผล" in text
    assert "ระบบไอทีไม่พร้อม" not in text and "63.64" not in text and len(rows) == 4
    pdf = download(client, url("export_results_pdf", campaign), {"province": "50"}).content
    page = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # (text extraction splits ำ: the words are looked for without it)
    assert "น้อยเกินไป" in page and "ไอที" not in page and "๖๓" not in page


def test_results_pdf_in_thai_digits_with_its_charts(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    response = download(client_as("overseer.dla"), url("export_results_pdf", campaign))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "๖๓.๖๔" in text and "๓.๖๔" in text  # budget 7/11, the mean 40/11
    assert "GECC" in text
    assert re.findall(r"[0-9]", text) == []


def test_a_thousand_answers_cost_no_query_per_row(client_as: Any, world: Any) -> None:
    from campaigns.tests.factories_results import launched
    from registry.models import Organisation

    campaign = launched(Organisation.objects.get(code="DLA"))
    targets = Target.objects.bulk_create(
        Target(campaign=campaign, organisation=organisation(code))
        for code in ("5940101", "5941001", "6940103", "3500101")
    )
    # A thousand answers over four organisations, as staff answers of a big campaign
    # would be (anonymous, so the one-per-organisation rule does not bind them).
    Response.objects.bulk_create(
        Response(
            campaign=campaign,
            target=targets[i % 4],
            questionnaire=campaign.questionnaire,
            anonymous=True,
            answers={"wanted": ["budget"], "motivation": 1 + i % 5, "level": "basic"},
            state=Response.State.SENT,
        )
        for i in range(1000)
    )
    from accounts.models import User

    user = User.objects.get(username="overseer.dla")
    params = {"campaign": campaign.pk, "format": "xlsx"}
    with CaptureQueriesContext(connection) as made:
        _name, _type, content = makers.answers(user, params, lambda done, total: None)
    assert len(sheet_rows(content)) == 1001
    assert len(made) < 15, [q["sql"] for q in made]
