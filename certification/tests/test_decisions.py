"""The committee's decision: certified at a level no higher than the assessment reached,
or not certified with reasons; never while the team's consensus is open, never twice;
each certified decision takes the next certificate number of its fiscal year, without
gaps or repeats, even when two are recorded at once."""

import threading
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from certification import certificates
from certification.models import (
    Application,
    Certificate,
    CertificateEvent,
    CertificateSequence,
    Decision,
)
from certification.tests.factories_certify import assessed, certified, level, pattani_centre
from registry.models import ServiceCentre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_decided_certificates")]


def _ops() -> User:
    return User.objects.get(username="opsadmin")


def test_a_certified_decision_issues_a_numbered_certificate_for_three_years(world: Any) -> None:
    application = assessed(pattani_centre(world), closed_on=date(2022, 9, 1))
    decision = certificates.record_decision(
        actor=_ops(),
        application=application,
        certified=True,
        level=level("basic"),
        decided_on=date(2022, 9, 15),
    )
    application.refresh_from_db()
    assert application.state == Application.State.CERTIFIED
    assert decision.outcome == Decision.Outcome.CERTIFIED
    certificate = Certificate.objects.get(application=application)
    assert certificate.number == "GECC-2565-0001"
    assert certificate.level == level("basic")
    assert (certificate.valid_from, certificate.valid_until) == (
        date(2022, 9, 15),
        date(2025, 9, 14),
    )
    assert certificate.state == Certificate.State.ACTIVE
    assert list(certificate.events.values_list("kind", flat=True)) == ["issued"]
    assert AuditEvent.objects.filter(object_type="certification.decision").count() == 1
    assert AuditEvent.objects.filter(object_type="certification.certificate").count() == 1


@override_settings(CERTIFICATE_NUMBER_PATTERN="สสด.{year}/{number:03d}", CERTIFICATE_YEARS=2)
def test_the_number_pattern_and_years_are_settings(world: Any) -> None:
    certificate = certified(pattani_centre(world), on=date(2022, 10, 1))
    # 1 October 2022 is already fiscal year 2566.
    assert certificate.number == "สสด.2566/001"
    assert certificate.valid_until == date(2024, 9, 30)


def test_not_certified_needs_reasons_and_issues_nothing(world: Any) -> None:
    application = assessed(pattani_centre(world))
    with pytest.raises(ValidationError) as refused:
        certificates.record_decision(
            actor=_ops(), application=application, certified=False, reasons="  "
        )
    assert "reasons" in refused.value.message_dict
    certificates.record_decision(
        actor=_ops(), application=application, certified=False, reasons="คะแนนไม่ถึงเกณฑ์"
    )
    application.refresh_from_db()
    assert application.state == Application.State.NOT_CERTIFIED
    assert not Certificate.objects.exists()
    assert not CertificateSequence.objects.filter(last__gt=0).exists()


def test_the_level_is_required_and_not_above_what_the_assessment_reached(world: Any) -> None:
    application = assessed(pattani_centre(world), reached="basic")
    for chosen, words in ((None, "เลือกระดับ"), (level("excellent"), "ต้องไม่สูงกว่า")):
        with pytest.raises(ValidationError) as refused:
            certificates.record_decision(
                actor=_ops(), application=application, certified=True, level=chosen
            )
        assert words in refused.value.message_dict["level"][0]
    application.refresh_from_db()
    assert application.state == Application.State.ASSESSED
    assert not Decision.objects.exists() and not Certificate.objects.exists()


def test_a_decision_while_a_scorebook_is_incomplete_is_refused(world: Any) -> None:
    application = assessed(pattani_centre(world), closed=False)
    with pytest.raises(ValidationError) as refused:
        certificates.record_decision(
            actor=_ops(), application=application, certified=True, level=level("basic")
        )
    assert "ยังไม่ได้สรุปคะแนนฉันทามติ" in refused.value.message_dict["outcome"][0]
    assert not Decision.objects.exists()
    assert not CertificateSequence.objects.exists()


def test_a_second_decision_on_the_same_application_is_refused(world: Any) -> None:
    application = assessed(pattani_centre(world))
    certificates.record_decision(
        actor=_ops(), application=application, certified=True, level=level("basic")
    )
    with pytest.raises(ValidationError) as refused:
        certificates.record_decision(
            actor=_ops(), application=application, certified=False, reasons="เปลี่ยนใจ"
        )
    assert "มีมติสำหรับใบสมัครนี้แล้ว" in refused.value.message_dict["outcome"][0]
    assert Certificate.objects.count() == 1


def test_a_failed_decision_does_not_use_up_a_number(world: Any, monkeypatch: Any) -> None:
    first = certified(pattani_centre(world), on=date(2022, 9, 1))
    yarang = ServiceCentre.objects.get(organisation=world["5941001"])
    application = assessed(yarang, closed_on=date(2022, 9, 1))

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the mail server went away")

    monkeypatch.setattr(certificates, "log_event", broken)
    with pytest.raises(RuntimeError):
        certificates.record_decision(
            actor=_ops(), application=application, certified=True, level=level("basic")
        )
    monkeypatch.undo()
    application.refresh_from_db()
    assert application.state == Application.State.ASSESSED
    assert CertificateSequence.objects.get(fiscal_year=2565).last == 1
    certificates.record_decision(
        actor=_ops(),
        application=application,
        certified=True,
        level=level("basic"),
        decided_on=date(2022, 9, 2),
    )
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert first.number == "GECC-2565-0001"
    assert numbers == ["GECC-2565-0001", "GECC-2565-0002"]


def test_a_new_certificate_supersedes_the_centres_earlier_one(world: Any) -> None:
    centre = pattani_centre(world)
    old = certified(centre, on=date(2022, 9, 15))
    new = certified(centre, on=date(2025, 9, 10), fiscal_year=2568, at="advanced")
    old.refresh_from_db()
    assert old.state == Certificate.State.SUPERSEDED
    assert new.state == Certificate.State.ACTIVE and new.number == "GECC-2568-0001"
    event = old.events.get(kind=CertificateEvent.Kind.SUPERSEDED)
    assert new.number in event.reason


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait as a database file does; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decisions_at_once_take_consecutive_numbers(world: Any) -> None:
    centres = [pattani_centre(world), ServiceCentre.objects.get(organisation=world["5941001"])]
    applications = [assessed(centre) for centre in centres]
    basic = level("basic")
    ops = _ops()
    start = threading.Barrier(len(applications))
    errors: list[BaseException] = []

    def deciding(application: Application) -> None:
        try:
            start.wait()
            certificates.record_decision(
                actor=ops, application=application, certified=True, level=basic
            )
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deciding, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    year = Certificate.objects.get(number__endswith="0001").fiscal_year
    assert numbers == [f"GECC-{year}-0001", f"GECC-{year}-0002"]
    assert CertificateSequence.objects.get(fiscal_year=year).last == 2


# --- the page -------------------------------------------------------------------------


def test_ops_pmo_decides_on_the_page_and_gets_the_certificate(world: Any, client_as: Any) -> None:
    application = assessed(pattani_centre(world))
    url = reverse("certification:decide", args=[application.pk])
    client = client_as("opsadmin")
    page = client.get(url).content.decode()
    assert "ระดับก้าวหน้า" in page and "ระดับดีเยี่ยม" not in page  # up to what was reached
    refused = client.post(url, {"outcome": "not_certified", "reasons": ""})
    assert refused.status_code == 400
    assert "เหตุผล: ระบุเหตุผลที่ศูนย์ไม่ผ่านการรับรอง" in refused.content.decode()
    response = client.post(url, {"outcome": "certified", "level": level("advanced").pk})
    certificate = Certificate.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()
    assert certificate.level == level("advanced")
    again = client.post(url, {"outcome": "not_certified", "reasons": "ซ้ำ"}, follow=True)
    assert "มีมติสำหรับใบสมัครนี้แล้ว" in again.content.decode()
    assert Decision.objects.count() == 1


def test_a_decision_page_while_the_consensus_is_open_says_why(world: Any, client_as: Any) -> None:
    application = assessed(pattani_centre(world), closed=False)
    url = reverse("certification:decide", args=[application.pk])
    client = client_as("opsadmin")
    assert "ยังไม่ได้สรุปคะแนนฉันทามติ" in client.get(url).content.decode()
    response = client.post(url, {"outcome": "certified", "level": level("basic").pk})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_reviewer_and_screener_cannot_decide(world: Any, client_as: Any) -> None:
    application = assessed(pattani_centre(world))
    url = reverse("certification:decide", args=[application.pk])
    data = {"outcome": "certified", "level": level("basic").pk}
    assert client_as("reviewer").post(url, data).status_code == 403
    assert client_as("screener").post(url, data).status_code == 404
    assert client_as("admin.pattanitown").post(url, data).status_code == 403
    assert not Decision.objects.exists()


def test_a_decision_dated_back_is_refused_and_never_supersedes_a_newer_certificate(
    world: Any,
) -> None:
    centre = pattani_centre(world)
    newer = certified(centre, on=date(2023, 10, 20), fiscal_year=2567)
    older = assessed(centre, closed_on=date(2022, 8, 1))
    with pytest.raises(ValidationError) as refused:
        certificates.record_decision(
            actor=_ops(),
            application=older,
            certified=True,
            level=level("basic"),
            decided_on=date(1957, 1, 1),
        )
    assert "ก่อนวันที่คณะผู้ตรวจประเมินสรุปคะแนนฉันทามติ" in refused.value.message_dict["decided_on"][0]
    # Decided late, but after its own assessment: the newer certificate stays in force.
    certificates.record_decision(
        actor=_ops(),
        application=older,
        certified=True,
        level=level("basic"),
        decided_on=date(2022, 9, 1),
    )
    newer.refresh_from_db()
    assert newer.state == Certificate.State.ACTIVE
