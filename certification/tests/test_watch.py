"""A certificate goes under watch after CERTIFICATE_WATCH_AFTER_ROUNDS missed or rejected
rounds in a row; OPS PMO is offered the suspension, which stays a human decision."""

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import User
from audit.models import AuditEvent
from certification.models import Certificate, CertificateEvent
from certification.watch import watch_certificates
from maintenance import services
from maintenance.models import Report, Round

TODAY = date(2026, 12, 3)
NUMBER = "GECC-LEGACY-0002"  # Chiang Mai City's, in the world


@pytest.fixture
def rounds(world: Any) -> list[Round]:
    """FY2569's two rounds, both past their deadlines on TODAY, opened when they ran;
    Chiang Mai City certified since 2025."""
    Certificate.objects.filter(number=NUMBER).update(
        valid_from=date(2025, 1, 1), valid_until=date(2028, 1, 1)
    )
    ops = User.objects.get(username="opsadmin")
    made = []
    for months, deadline, opened in (
        (6, date(2026, 4, 15), datetime(2026, 4, 1, 3, tzinfo=UTC)),
        (12, date(2026, 10, 15), datetime(2026, 10, 1, 3, tzinfo=UTC)),
    ):
        with time_machine.travel(opened, tick=False):
            rnd = services.set_round(actor=ops, fiscal_year=2569, months=months, deadline=deadline)
            services.open_round(actor=ops, rnd=rnd)
        made.append(rnd)
    # Pattani Town, certified too, sent both reports.
    Report.objects.filter(round__in=made, centre__organisation__code="5940101").update(
        status=Report.Status.ACCEPTED, first_submitted_at=datetime(2026, 4, 10, 3, tzinfo=UTC)
    )
    return made


def chiang_mai_report(rnd: Round) -> Report:
    return Report.objects.get(round=rnd, centre__organisation__code="3500101")


def sent(report: Report, *, status: str = Report.Status.SUBMITTED) -> None:
    Report.objects.filter(pk=report.pk).update(
        status=status, first_submitted_at=datetime(2026, 4, 10, 3, tzinfo=UTC)
    )


def certificate() -> Certificate:
    return Certificate.objects.get(number=NUMBER)


def test_two_missed_rounds_put_the_certificate_under_watch(rounds: list[Round]) -> None:
    ops = User.objects.get(username="opsadmin")
    marked = watch_certificates(actor=ops, today=TODAY)
    assert [c.number for c in marked] == [NUMBER]
    cert = certificate()
    assert cert.under_watch
    assert cert.state == Certificate.State.ACTIVE  # never suspended by the watch
    event = cert.events.get(kind=CertificateEvent.Kind.WATCHED)
    assert event.by == ops
    assert "รอบ 6 เดือน ปีงบประมาณ 2569" in event.reason
    assert "รอบ 12 เดือน ปีงบประมาณ 2569" in event.reason
    audit = AuditEvent.objects.get(object_type="certification.certificate", object_id=str(cert.pk))
    assert audit.changes["under_watch"] == [False, True]
    # Looking again changes nothing.
    assert watch_certificates(actor=ops, today=TODAY) == []
    assert cert.events.filter(kind=CertificateEvent.Kind.WATCHED).count() == 1


def test_one_missed_then_one_sent_is_not_watched(rounds: list[Round]) -> None:
    sent(chiang_mai_report(rounds[1]))
    assert watch_certificates(actor=None, today=TODAY) == []
    assert not certificate().under_watch


def test_a_late_report_is_not_a_missed_one(rounds: list[Round]) -> None:
    for rnd in rounds:
        Report.objects.filter(pk=chiang_mai_report(rnd).pk).update(
            status=Report.Status.ACCEPTED, first_submitted_at=datetime(2026, 11, 1, tzinfo=UTC)
        )
    assert watch_certificates(actor=None, today=TODAY) == []


def test_a_rejected_round_counts_once_the_next_deadline_has_passed(rounds: list[Round]) -> None:
    sent(chiang_mai_report(rounds[0]), status=Report.Status.RETURNED)
    # Returned in the 6-month round, never accepted by the 12-month deadline; the
    # 12-month report never sent.
    assert [c.number for c in watch_certificates(actor=None, today=TODAY)] == [NUMBER]
    reason = certificate().events.get(kind=CertificateEvent.Kind.WATCHED).reason
    assert "(ส่งคืน)" in reason and "(ไม่ได้ส่ง)" in reason


def test_a_returned_report_still_within_the_next_round_is_not_yet_a_failure(
    rounds: list[Round],
) -> None:
    sent(chiang_mai_report(rounds[1]), status=Report.Status.RETURNED)
    # The 12-month report is returned and no later deadline has passed: undecided; the
    # 6-month round alone (missed) is one failure, not two.
    assert watch_certificates(actor=None, today=TODAY) == []


def test_rounds_before_the_certificate_are_not_held_against_it(rounds: list[Round]) -> None:
    Certificate.objects.filter(number=NUMBER).update(valid_from=date(2026, 5, 1))
    # Only the 12-month round fell due while it was certified: one failure, not two.
    assert watch_certificates(actor=None, today=TODAY) == []


def test_the_number_of_rounds_is_a_setting(rounds: list[Round], settings: Any) -> None:
    settings.CERTIFICATE_WATCH_AFTER_ROUNDS = 3
    assert watch_certificates(actor=None, today=TODAY) == []


def test_ops_pmo_sees_the_watch_and_is_offered_the_suspension(
    rounds: list[Round], client_as: Any
) -> None:
    client = client_as("opsadmin")
    response = client.post("/certification/watch/run/")
    assert response.status_code == 302
    assert certificate().under_watch
    home = client.get("/").content.decode()
    assert "ใบรับรองที่อยู่ระหว่างเฝ้าระวัง" in home
    assert f'href="/certification/certificates/{certificate().pk}/"' in home
    page = client.get("/certification/watch/").content.decode()
    assert NUMBER in page and "ศูนย์ราชการสะดวก เทศบาลนครเชียงใหม่" in page
    assert "ตัดสินใจเรื่องการพักใช้" in page
    assert certificate().state == Certificate.State.ACTIVE


def test_only_ops_pmo_runs_the_watch(rounds: list[Round], client_as: Any) -> None:
    for username in ("reviewer", "overseer.chiangmai", "admin.pattanitown", "screener"):
        client = client_as(username)
        assert client.post("/certification/watch/run/").status_code == 403, username
        assert client.get("/certification/watch/").status_code == 403, username
    assert not certificate().under_watch


def test_the_nightly_command_runs_the_watch(rounds: list[Round]) -> None:
    out = io.StringIO()
    with time_machine.travel(datetime(2026, 12, 3, 3, tzinfo=UTC), tick=False):
        call_command("watch_certificates", stdout=out)
    assert NUMBER in out.getvalue()
    assert certificate().under_watch
    assert certificate().events.get(kind=CertificateEvent.Kind.WATCHED).by is None


def test_the_watch_page_does_not_query_per_certificate(
    rounds: list[Round], client_as: Any, django_assert_max_num_queries: Any
) -> None:
    from certification.tests import factories_integrate as make

    client = client_as("opsadmin")
    client.post("/certification/watch/run/")
    Certificate.objects.filter(number=NUMBER).update(under_watch=True)
    for n in range(5):
        made = make.certificate(
            make.centre("5941001"), number=f"W-{n}", valid_from=date(2026, 1, 1)
        )
        Certificate.objects.filter(pk=made.pk).update(under_watch=True)
    with django_assert_max_num_queries(8):
        page = client.get("/certification/watch/").content.decode()
    assert page.count("ตัดสินใจเรื่องการพักใช้<span") == 6  # one offer per certificate
