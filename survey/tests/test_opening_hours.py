"""A centre's opening hours: kept by the unit's administrator, weekday office hours
until it sets its own, checked before they are saved, audited."""

from datetime import datetime, time
from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from registry.models import ServiceCentre
from survey import opening
from survey.hours import read_clock
from survey.models import OpeningHours
from thaicalendar.dates import BANGKOK


@pytest.fixture
def centre(world: Any) -> ServiceCentre:
    centre: ServiceCentre = world["5940101"].centres.get()
    return centre


def week_post(**days: tuple[str, str] | None) -> dict[str, str]:
    """The form as sent: every day closed unless given as (opens, closes)."""
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    data = {}
    for number, name in enumerate(names):
        hours = days.get(name)
        if hours:
            data[f"open_{number}"] = "on"
            data[f"opens_{number}"], data[f"closes_{number}"] = hours
    return data


def test_the_page_shows_office_hours_until_the_centre_sets_its_own(
    client_as: Any, centre: ServiceCentre
) -> None:
    page = client_as("admin.pattanitown").get(f"/survey/centres/{centre.pk}/hours/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "จึงใช้เวลาราชการ วันจันทร์ถึงวันศุกร์ 08:30–16:30 น." in html
    assert 'name="opens_0" value="08:30"' in html and 'name="closes_4" value="16:30"' in html
    assert 'name="open_0" id="id_open_0" checked' in html
    assert 'name="open_5" id="id_open_5" checked' not in html  # Saturday closed
    assert "ศูนย์ปิดทำการในวันหยุดราชการของไทยเสมอ" in html
    assert "มีน้ำหนักในการตรวจหาการปั่นคะแนน" in html
    # Reached from the centre's page, beside its local questions.
    centre_page = client_as("admin.pattanitown").get(f"/registry/centres/{centre.pk}/")
    assert f"/survey/centres/{centre.pk}/hours/" in centre_page.content.decode()


def test_the_administrator_sets_saturday_hours_and_they_are_audited(
    client_as: Any, centre: ServiceCentre
) -> None:
    data = week_post(
        monday=("08:30", "16:30"),
        tuesday=("8.30", "16.30"),
        wednesday=("๐๘:๓๐", "๑๖:๓๐"),
        thursday=("08:30", "16:30"),
        friday=("08:30", "16:30"),
        saturday=("09:00", "12:00 น."),
    )
    response = client_as("admin.pattanitown").post(f"/survey/centres/{centre.pk}/hours/", data)
    assert response.status_code == 302
    week = opening.hours_of([centre.pk])[centre.pk]
    assert week[5] == (time(9), time(12))
    assert week[2] == (time(8, 30), time(16, 30))
    assert 6 not in week
    assert (
        AuditEvent.objects.filter(object_type="survey.openinghours", action="create").count() == 6
    )
    # Saturday morning the centre is open now; Saturday afternoon it is not.
    assert opening.is_open(week, datetime(2026, 3, 14, 10, 0, tzinfo=BANGKOK))
    assert not opening.is_open(week, datetime(2026, 3, 14, 12, 0, tzinfo=BANGKOK))
    # Closing Saturday again removes its row, audited; the rest is left as it was.
    data.pop("open_5")
    client_as("admin.pattanitown").post(f"/survey/centres/{centre.pk}/hours/", data)
    assert not OpeningHours.objects.filter(centre=centre, weekday=5).exists()
    assert (
        AuditEvent.objects.filter(object_type="survey.openinghours", action="delete").count() == 1
    )
    assert AuditEvent.objects.filter(object_type="survey.openinghours").count() == 7
    # And back to office hours altogether.
    client_as("admin.pattanitown").post(
        f"/survey/centres/{centre.pk}/hours/", {"action": "office_hours"}
    )
    assert not OpeningHours.objects.filter(centre=centre).exists()
    assert opening.hours_of([centre.pk])[centre.pk] == opening.OFFICE_HOURS


@pytest.mark.parametrize(
    ("days", "error"),
    [
        ({"monday": ("16:30", "08:30")}, "วันจันทร์: เวลาเปิดต้องมาก่อนเวลาปิด"),
        ({"tuesday": ("09:00", "09:00")}, "วันอังคาร: เวลาเปิดต้องมาก่อนเวลาปิด"),
        ({"friday": ("8 โมง", "16:30")}, "วันศุกร์: กรอกเวลาเป็นชั่วโมงและนาที เช่น 08:30"),
        ({"saturday": ("25:00", "26:00")}, "วันเสาร์: กรอกเวลาเป็นชั่วโมงและนาที เช่น 08:30"),
        ({"sunday": ("09:00", "")}, "วันอาทิตย์: กรอกเวลาเปิดและเวลาปิดของศูนย์"),
        # Round the clock would hide staff typing answers at night from the stream.
        ({"monday": ("00:00", "23:59")}, "วันจันทร์: ช่องบริการเปิดได้เร็วที่สุด 06:00 น."),
        ({"thursday": ("08:30", "22:30")}, "วันพฤหัสบดี: ช่องบริการเปิดได้เร็วที่สุด 06:00 น."),
        ({}, "ต้องเปิดทำการอย่างน้อยหนึ่งวัน"),
    ],
)
def test_wrong_hours_are_explained_naming_the_day_and_nothing_is_saved(
    client_as: Any, centre: ServiceCentre, days: dict[str, tuple[str, str]], error: str
) -> None:
    # Wednesday right beside the day that is wrong; no day at all for the last case.
    data = week_post(**({"wednesday": ("08:30", "16:30")} | days)) if days else {}
    response = client_as("admin.pattanitown").post(f"/survey/centres/{centre.pk}/hours/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not OpeningHours.objects.filter(centre=centre).exists()
    assert not AuditEvent.objects.filter(object_type="survey.openinghours").exists()


def test_only_the_unit_administrator_changes_them(client_as: Any, centre: ServiceCentre) -> None:
    data = week_post(monday=("07:00", "15:00"))
    url = f"/survey/centres/{centre.pk}/hours/"
    staff = client_as("staff.pattanitown")
    page = staff.get(url).content.decode()
    assert "08:30–16:30" in page and 'name="opens_0"' not in page  # read, no form
    assert staff.post(url, data).status_code == 403
    assert client_as("admin.yarang").post(url, data).status_code == 404
    assert not OpeningHours.objects.filter(centre=centre).exists()
    assert Client().get(url).status_code == 302  # sign in first


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("08:30", time(8, 30)),
        ("8.30", time(8, 30)),
        ("๐๘.๓๐ น.", time(8, 30)),
        (" 16:30 ", time(16, 30)),
        ("23:59", time(23, 59)),
        ("24:00", None),
        ("8", None),
        ("08:3", None),
        ("", None),
        ("08:30:00", None),
    ],
)
def test_times_are_read_as_offices_write_them(text: str, clock: time | None) -> None:
    assert read_clock(text) == clock
