"""The public register, without login: search certified centres by name, province,
district, level, year and status; each certificate's verification page says plainly
whether it is valid, suspended (since when, until when to fix), revoked (since when) or
expired (when). No personal data, no script, small pages."""

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from certification import certificates
from certification.models import Certificate
from certification.tests.factories_certify import certified, pattani_centre
from registry.models import ServiceCentre
from thaicalendar.dates import BANGKOK, bangkok_today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_decided_certificates")]


def _ops() -> User:
    return User.objects.get(username="opsadmin")


@pytest.fixture
def three(world: Any) -> dict[str, Certificate]:
    """Pattani Town's certificate (valid), Yarang's (revoked), Chiang Mai's (suspended)."""
    pattani = certified(pattani_centre(world), at="advanced")
    yarang = certified(ServiceCentre.objects.get(organisation=world["5941001"]))
    certificates.revoke(actor=_ops(), certificate=yarang, reason="ยุบศูนย์บริการ")
    chiangmai = certified(ServiceCentre.objects.get(organisation=world["3500101"]))
    certificates.suspend(
        actor=_ops(),
        certificate=chiangmai,
        reason="ไม่ส่งรายงานสองรอบติดกัน",
        deadline=bangkok_today() + timedelta(days=90),
    )
    return {"pattani": pattani, "yarang": yarang, "chiangmai": chiangmai}


def _search(**query: str) -> str:
    response = Client().get(reverse("register:search"), query)
    assert response.status_code == 200
    return str(response.content.decode())


def test_anyone_searches_the_register_by_name_province_level_and_status(
    three: dict[str, Certificate],
) -> None:
    everything = _search()
    assert all(c.number in everything for c in three.values())
    by_name = _search(q="ปัตตานี")
    assert three["pattani"].number in by_name and three["chiangmai"].number not in by_name
    pattani = three["pattani"].centre.organisation
    assert pattani.province_id is not None
    by_province = _search(province=pattani.province_id)
    assert three["chiangmai"].number not in by_province
    assert three["pattani"].number in by_province and three["yarang"].number in by_province
    if pattani.district_id:
        by_district = _search(province=pattani.province_id, district=pattani.district_id)
        assert three["pattani"].number in by_district
    assert _search(level="advanced").count('class="badge') == 1
    revoked = _search(status="revoked")
    assert three["yarang"].number in revoked and three["pattani"].number not in revoked
    assert "เพิกถอน" in revoked
    suspended = _search(status="suspended")
    assert three["chiangmai"].number in suspended and three["pattani"].number not in suspended
    year = three["pattani"].fiscal_year  # of the decision: today's
    assert _search(year=str(year)).count('class="badge') == 3
    assert _search(year=str(year - 1)).count('class="badge') == 0


def test_odd_filters_are_ignored_not_errors(three: dict[str, Certificate]) -> None:
    for query in ({"year": "๒๕๖๕"}, {"year": "99999999999"}, {"status": "x"}, {"page": "-1"}):
        assert _search(**query).count('class="badge') >= 1


def test_the_verification_page_says_plainly_whether_it_is_valid(
    three: dict[str, Certificate],
) -> None:
    def page(certificate: Certificate) -> str:
        response = Client().get(reverse("register:verify", args=[certificate.number]))
        assert response.status_code == 200
        return str(response.content.decode())

    valid = page(three["pattani"])
    assert "ใบรับรองนี้ยังมีผล" in valid and "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี" in valid
    revoked = page(three["yarang"])
    assert "ถูกเพิกถอน" in revoked and "ยุบศูนย์บริการ" in revoked
    suspended = page(three["chiangmai"])
    assert "ถูกพักใช้" in suspended
    deadline = three["chiangmai"].events.get(kind="suspended").deadline
    assert str(deadline.year + 543) in suspended  # BE year of the deadline to fix
    for text in (valid, revoked, suspended):
        assert "<script" not in text
        assert "opsadmin" not in text  # who decided is not the public's
        assert len(text) < 20_000


def test_an_expired_certificate_says_when_it_expired(world: Any) -> None:
    with time_machine.travel(datetime(2022, 9, 15, 10, 0, tzinfo=BANGKOK), tick=False):
        certificate = certified(pattani_centre(world), on=date(2022, 9, 15))
    with time_machine.travel(datetime(2025, 10, 1, 10, 0, tzinfo=BANGKOK), tick=False):
        text = Client().get(reverse("register:verify", args=[certificate.number])).content
        listed = _search(status="expired")
    assert "หมดอายุ" in text.decode() and "14 กันยายน 2568" in text.decode()
    assert certificate.number in listed


def test_an_unknown_number_is_said_plainly(world: Any) -> None:
    response = Client().get(reverse("register:verify", args=["GECC-2565-9999"]))
    assert response.status_code == 404
    assert "ไม่พบใบรับรอง" in response.content.decode()


def test_the_register_is_paginated_in_a_fixed_number_of_queries(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    certified(pattani_centre(world))
    with django_assert_max_num_queries(8):
        text = _search()
    assert len(re.findall(r"GECC-\d{4}-\d{4}", text)) >= 1


def test_a_nul_byte_in_the_address_is_no_server_error(three: dict[str, Certificate]) -> None:
    client = Client(raise_request_exception=False)
    assert client.get(reverse("register:search"), {"q": "a\x00b"}).status_code == 200
    assert client.get("/register/GECC%00/").status_code == 404
