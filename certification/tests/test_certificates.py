"""A certificate's life after it is issued: suspended with a reason and a deadline to
fix, reinstated, revoked; each change as an event of its history and in the audit trail,
refused with an error naming the field; read by OPS PMO and the overseers of its area,
changed by OPS PMO alone."""

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from certification import certificates
from certification.models import Certificate, CertificateEvent
from certification.tests.factories_certify import certified, pattani_centre
from registry.models import ServiceCentre
from thaicalendar.dates import BANGKOK, bangkok_today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_decided_certificates")]
ClientAs = Callable[[str], Client]


def _ops() -> User:
    return User.objects.get(username="opsadmin")


def test_suspend_reinstate_revoke_each_leave_an_event_and_an_audit_record(world: Any) -> None:
    certificate = certified(pattani_centre(world))
    today = bangkok_today()
    certificates.suspend(
        actor=_ops(),
        certificate=certificate,
        reason="ไม่ส่งรายงานสองรอบติดกัน",
        deadline=today + timedelta(days=60),
    )
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.SUSPENDED
    assert certificate.suspended_until == today + timedelta(days=60)
    certificates.reinstate(actor=_ops(), certificate=certificate, reason="ส่งรายงานครบแล้ว")
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.ACTIVE and certificate.suspended_until is None
    certificates.revoke(actor=_ops(), certificate=certificate, reason="ยุบศูนย์")
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.REVOKED
    kinds = list(certificate.events.order_by("at", "id").values_list("kind", "by__username"))
    assert kinds == [
        ("issued", "opsadmin"),
        ("suspended", "opsadmin"),
        ("reinstated", "opsadmin"),
        ("revoked", "opsadmin"),
    ]
    changes = AuditEvent.objects.filter(
        object_type="certification.certificate", action="update", object_id=str(certificate.pk)
    ).values_list("changes", flat=True)
    assert [c["state"][1] for c in changes.order_by("at", "id")] == [
        "suspended",
        "active",
        "revoked",
    ]


@pytest.mark.parametrize(
    ("reason", "days", "field", "words"),
    [
        ("", 30, "reason", "ระบุเหตุผล"),
        ("เหตุผล", None, "deadline", "ระบุวันที่"),
        ("เหตุผล", 0, "deadline", "ต้องอยู่หลังวันนี้"),
        ("เหตุผล", 200, "deadline", "ไม่เกินหกเดือน"),
    ],
)
def test_a_suspension_needs_a_reason_and_a_deadline_within_six_months(
    world: Any, reason: str, days: int | None, field: str, words: str
) -> None:
    certificate = certified(pattani_centre(world))
    deadline = bangkok_today() + timedelta(days=days) if days is not None else None
    with pytest.raises(ValidationError) as refused:
        certificates.suspend(
            actor=_ops(), certificate=certificate, reason=reason, deadline=deadline
        )
    assert words in refused.value.message_dict[field][0]
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.ACTIVE
    assert certificate.events.count() == 1


def test_only_a_suspended_certificate_is_reinstated(world: Any) -> None:
    certificate = certified(pattani_centre(world))
    with pytest.raises(ValidationError) as refused:
        certificates.reinstate(actor=_ops(), certificate=certificate)
    assert "เฉพาะใบรับรองที่ถูกพักใช้" in refused.value.message_dict["reason"][0]


def test_a_revoked_certificate_reinstated_after_its_expiry_is_refused(world: Any) -> None:
    centre = pattani_centre(world)
    with time_machine.travel(datetime(2022, 9, 15, 10, 0, tzinfo=BANGKOK), tick=False):
        certificate = certified(centre, on=date(2022, 9, 15))
    with time_machine.travel(datetime(2025, 8, 1, 10, 0, tzinfo=BANGKOK), tick=False):
        certificates.suspend(
            actor=_ops(), certificate=certificate, reason="ไม่ส่งรายงาน", deadline=date(2025, 12, 1)
        )
    with time_machine.travel(datetime(2025, 9, 20, 10, 0, tzinfo=BANGKOK), tick=False):
        with pytest.raises(ValidationError) as refused:
            certificates.reinstate(actor=_ops(), certificate=certificate)
        assert "หมดอายุเมื่อ 14 กันยายน 2568" in refused.value.message_dict["reason"][0]
        certificates.revoke(actor=_ops(), certificate=certificate, reason="ไม่แก้ไข")
        with pytest.raises(ValidationError) as again:
            certificates.reinstate(actor=_ops(), certificate=certificate)
        assert "เฉพาะใบรับรองที่ถูกพักใช้" in again.value.message_dict["reason"][0]
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.REVOKED
    assert not certificate.events.filter(kind=CertificateEvent.Kind.REINSTATED).exists()


def test_a_revoked_certificate_cannot_be_revoked_again(world: Any) -> None:
    certificate = certified(pattani_centre(world))
    certificates.revoke(actor=_ops(), certificate=certificate, reason="ยุบศูนย์")
    with pytest.raises(ValidationError):
        certificates.revoke(actor=_ops(), certificate=certificate, reason="ซ้ำ")
    assert certificate.events.filter(kind="revoked").count() == 1


# --- the pages ------------------------------------------------------------------------


def test_ops_pmo_suspends_through_the_page_and_a_bad_date_is_named(
    world: Any, client_as: ClientAs
) -> None:
    certificate = certified(pattani_centre(world))
    client = client_as("opsadmin")
    url = reverse("certification:certificate_suspend", args=[certificate.pk])
    response = client.post(url, {"reason": "ไม่ส่งรายงาน", "deadline": "1/1/2500"})
    assert response.status_code == 400
    assert "แก้ไขให้เสร็จภายใน: วันที่ต้องแก้ไขให้เสร็จต้องอยู่หลังวันนี้" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.ACTIVE
    deadline = bangkok_today() + timedelta(days=30)
    response = client.post(
        url,
        {
            "reason": "ไม่ส่งรายงาน",
            "deadline": f"{deadline.day}/{deadline.month}/{deadline.year + 543}",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "พักใช้" in page and "ไม่ส่งรายงาน" in page


def test_the_overseer_of_pattani_reads_its_certificates_but_cannot_suspend(
    world: Any, client_as: ClientAs
) -> None:
    certificate = certified(pattani_centre(world))
    overseer = client_as("overseer.pattani")
    listed = overseer.get(reverse("certification:certificates"))
    assert certificate.number in listed.content.decode()
    page = overseer.get(certificate.get_absolute_url())
    assert page.status_code == 200
    assert reverse("certification:certificate_suspend", args=[certificate.pk]) not in (
        page.content.decode()
    )
    response = overseer.post(
        reverse("certification:certificate_suspend", args=[certificate.pk]),
        {"reason": "x", "deadline": "1/1/2600"},
    )
    assert response.status_code == 403
    chiangmai = client_as("overseer.chiangmai")
    assert chiangmai.get(certificate.get_absolute_url()).status_code == 404
    assert (
        certificate.number
        not in chiangmai.get(reverse("certification:certificates")).content.decode()
    )
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.ACTIVE


def test_the_list_costs_the_same_queries_for_one_certificate_or_many(
    world: Any, client_as: ClientAs
) -> None:
    client = client_as("opsadmin")
    url = reverse("certification:certificates")
    certified(pattani_centre(world))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    others = list(ServiceCentre.objects.exclude(certificates__isnull=False))
    for n in range(6):  # other centres where there are, else later certificates
        certified(others[n] if n < len(others) else pattani_centre(world), fiscal_year=2566 + n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert Certificate.objects.count() == 7
    # One link per certificate (the menu links to the list itself).
    assert (
        len(re.findall(r'href="/certification/certificates/\d+/"', response.content.decode())) == 7
    )
    assert len(many) == len(one)


def test_the_list_filters_by_status(world: Any, client_as: ClientAs) -> None:
    valid = certified(pattani_centre(world))
    yarang = ServiceCentre.objects.get(organisation=world["5941001"])
    revoked = certified(yarang)
    certificates.revoke(actor=_ops(), certificate=revoked, reason="ยุบศูนย์")
    page = client_as("opsadmin").get(reverse("certification:certificates"), {"status": "revoked"})
    text = page.content.decode()
    assert revoked.number in text and valid.number not in text
