"""A session ends a fixed time after its sign-in however busy it is, and no signed-in
page may be kept by a browser's or a proxy's cache."""

from datetime import timedelta
from typing import Any

import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from demo.scenario import DEMO_PASSWORD


def test_the_session_lifetime_is_twelve_hours_by_default() -> None:
    assert django_settings.SESSION_LIFETIME_HOURS == 12


def test_a_busy_session_still_ends_after_its_lifetime(world: Any, settings: Any) -> None:
    settings.SESSION_LIFETIME_HOURS = 1
    client = Client()
    start = timezone.now()
    with time_machine.travel(start):
        client.post("/login/", {"username": "opsadmin", "password": DEMO_PASSWORD})
    # Busy: a request every 20 minutes, well inside the idle timeout.
    for minutes in (20, 40, 59):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=61)):
        response = client.get("/registry/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        page = client.get(response["Location"]).content.decode()
        assert "ครบ 1 ชั่วโมงนับจากที่คุณเข้าสู่ระบบแล้ว" in page
        # Signing in again starts a new lifetime.
        client.post("/login/", {"username": "opsadmin", "password": DEMO_PASSWORD})
        assert client.get("/").status_code == 200
    # Ended by the rule, not by the person: no sign-out in the trail.
    assert not AuditEvent.objects.filter(action="logout").exists()


def test_signed_in_pages_are_not_stored(client_as: Any, world: Any) -> None:
    client = client_as("admin.pattanitown")
    centre = world["5940101"].centres.get()
    for url in ["/", "/registry/", "/staff/", "/reports/", f"/registry/centres/{centre.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    # Including what htmx fetches into a page.
    response = client.get("/registry/?q=ยะรัง", headers={"HX-Request": "true"})
    assert "no-store" in response["Cache-Control"]


def test_the_citizens_page_is_left_alone(world: Any) -> None:
    counter = world["5940101"].centres.get().counters.get(number=1)
    response = Client().get(f"/q/{counter.survey_code}/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
