"""OPS PMO schedules the visit within the call's visit period; the unit is told."""

from typing import Any

from audit.models import AuditEvent
from certification.models import Application
from certification.tests.factories_assess import make_application, make_call, make_team


def _given(world: Any) -> Application:
    call = make_call()
    application = make_application(call)
    application.team = make_team(call)
    application.save()
    return application


def test_the_visit_is_scheduled_and_the_units_accounts_are_told(
    client_as: Any, world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = _given(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("opsadmin").post(
            f"/certification/applications/{application.pk}/visit/", {"visit_on": "15/7/2565"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.VISIT_SCHEDULED
    assert str(application.visit_on) == "2022-07-15"
    # Every account of Pattani Town Municipality, in one message, after commit.
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == [
        "admin.pattanitown@demo.saduak.local",
        "staff.pattanitown@demo.saduak.local",
    ]
    assert "15 กรกฎาคม 2565" in mailoutbox[0].subject
    assert "15 กรกฎาคม 2565" in mailoutbox[0].body
    assert "คณะผู้ตรวจประเมินที่ 1" in mailoutbox[0].body
    assert AuditEvent.objects.filter(
        object_type="certification.application", object_id=str(application.pk)
    ).exists()
    # The date in BE where the team's work is listed.
    team_page = client_as("opsadmin").get(f"/certification/teams/{application.team_id}/")
    assert "15 กรกฎาคม 2565" in team_page.content.decode()


def test_a_date_outside_the_visit_period_is_refused_naming_the_field(
    client_as: Any, world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = _given(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("opsadmin").post(
            f"/certification/applications/{application.pk}/visit/", {"visit_on": "15/12/2565"}
        )
    assert response.status_code == 422
    page = response.content.decode()
    assert "วันที่ลงพื้นที่ตรวจประเมิน: วันที่ลงพื้นที่ต้องอยู่ในช่วงการตรวจประเมิน" in page
    application.refresh_from_db()
    assert application.visit_on is None and application.state == Application.State.PASSED
    assert mailoutbox == []


def test_no_visit_before_a_team_is_given(client_as: Any, world: Any) -> None:
    application = make_application(make_call())
    response = client_as("opsadmin").post(
        f"/certification/applications/{application.pk}/visit/", {"visit_on": "15/7/2565"}
    )
    assert response.status_code == 422
    assert "มอบใบสมัครให้คณะผู้ตรวจประเมินก่อน" in response.content.decode()


def test_only_ops_pmo_schedules(client_as: Any, world: Any) -> None:
    application = _given(world)
    url = f"/certification/applications/{application.pk}/visit/"
    # The unit reads its application but does not schedule; the chair neither (OPS PMO
    # keeps one calendar of the teams' visits).
    assert client_as("admin.pattanitown").post(url, {"visit_on": "15/7/2565"}).status_code == 403
    assert client_as("assessor").post(url, {"visit_on": "15/7/2565"}).status_code == 403
    assert client_as("admin.yarang").post(url, {"visit_on": "15/7/2565"}).status_code == 404
    application.refresh_from_db()
    assert application.visit_on is None
