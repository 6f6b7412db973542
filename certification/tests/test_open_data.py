"""The register as open data: a landing page with what a national open-data catalogue
asks (title, publisher, licence, update frequency, geographic coverage, last update),
the rows as CSV (formula-like text neutralised) and as JSON with a metadata block; no
personal data anywhere."""

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from certification import certificates
from certification.models import Certificate
from certification.tests.factories_certify import certified, pattani_centre
from registry.models import ServiceCentre
from thaicalendar.dates import bangkok_today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_decided_certificates")]


@pytest.fixture
def two(world: Any) -> list[Certificate]:
    pattani = certified(pattani_centre(world))
    yarang_centre = ServiceCentre.objects.get(organisation=world["5941001"])
    yarang_centre.name_th = '=HYPERLINK("http://evil.example","ศูนย์")'
    yarang_centre.save()
    yarang = certified(yarang_centre)
    certificates.revoke(
        actor=User.objects.get(username="opsadmin"), certificate=yarang, reason="ยุบศูนย์"
    )
    return [pattani, yarang]


def test_the_landing_page_describes_the_data_set(two: list[Certificate]) -> None:
    text = Client().get(reverse("register:open_data")).content.decode()
    for words in (
        "ทะเบียนศูนย์ราชการสะดวก (GECC) ที่ได้รับการรับรอง",  # title
        "สำนักงานปลัดสำนักนายกรัฐมนตรี",  # publisher
        "Open Data Common",  # licence
        "รายวัน",  # update frequency
        "ประเทศไทย ทุกจังหวัด",  # geographic coverage
        "ปรับปรุงล่าสุด",
        str(bangkok_today().year + 543),  # last update, in BE
        reverse("register:open_data_csv"),
        reverse("register:open_data_json"),
    ):
        assert words in text, words


def test_the_csv_holds_every_certificate_with_formulas_neutralised(
    two: list[Certificate],
) -> None:
    response = Client().get(reverse("register:open_data_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["certificate_number"] for r in rows] == sorted(c.number for c in two)
    by_number = {r["certificate_number"]: r for r in rows}
    assert by_number[two[0].number]["status"] == "valid"
    assert by_number[two[1].number]["status"] == "revoked"
    assert by_number[two[1].number]["centre"].startswith("'=HYPERLINK")
    assert by_number[two[0].number]["province"] == "ปัตตานี"


def test_the_json_carries_its_metadata_and_no_personal_data(two: list[Certificate]) -> None:
    response = Client().get(reverse("register:open_data_json"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    meta = data["metadata"]
    for key in (
        "title",
        "publisher",
        "licence",
        "update_frequency",
        "geographic_coverage",
        "last_update",
    ):
        assert meta[key], key
    assert meta["last_update"] == bangkok_today().isoformat()
    assert meta["records"] == 2 and len(data["records"]) == 2
    assert {r["status"] for r in data["records"]} == {"valid", "revoked"}
    text = response.content.decode()
    assert "opsadmin" not in text and "ยุบศูนย์" not in text  # who and why: not the public's
    assert "@" not in text
