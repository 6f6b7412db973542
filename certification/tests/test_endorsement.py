"""Where the call requires it, the supervising organisation endorses an application
before it reaches screening: an overseer above the unit, never the unit itself."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from certification import applications
from certification.models import Application
from certification.tests.factories_apply import (
    draft_post,
    filled,
    send_through_web,
    sent,
    start,
    user,
)


def _endorse(client: Any, application: Application) -> Any:
    return client.post(f"/certification/applications/{application.pk}/endorse/")


def test_a_sent_application_waits_for_the_province(client_as: Any) -> None:
    application = filled(start(requires_endorsement=True))
    client = client_as("admin.pattanitown")
    response = send_through_web(client, application, draft_post(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.AWAITING_ENDORSEMENT
    page = client.get(application.get_absolute_url()).content.decode()
    assert "รอหน่วยงานกำกับดูแลรับรอง" in page
    assert "/endorse/" not in page  # the unit is not offered the button


def test_the_province_endorses_and_the_application_goes_to_screening(client_as: Any) -> None:
    application = sent(requires_endorsement=True)
    overseer = client_as("overseer.pattani")
    page = overseer.get(application.get_absolute_url()).content.decode()
    assert "รับรองใบสมัคร" in page and "/endorse/" in page
    assert _endorse(overseer, application).status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.SENT
    assert application.endorsed_by == user("overseer.pattani")
    assert application.endorsed_at is not None
    event = AuditEvent.objects.filter(object_type="certification.application").latest("id")
    assert event.changes["state"] == ["awaiting_endorsement", "sent"]


def test_another_provinces_overseer_cannot_endorse(client_as: Any) -> None:
    application = sent(requires_endorsement=True)
    assert _endorse(client_as("overseer.chiangmai"), application).status_code == 404
    application.refresh_from_db()
    assert application.state == Application.State.AWAITING_ENDORSEMENT


def test_the_unit_cannot_endorse_its_own(client_as: Any) -> None:
    application = sent(requires_endorsement=True)
    assert _endorse(client_as("admin.pattanitown"), application).status_code == 403
    assert _endorse(client_as("staff.pattanitown"), application).status_code == 403
    application.refresh_from_db()
    assert application.state == Application.State.AWAITING_ENDORSEMENT
    assert application.endorsed_at is None


def test_without_endorsement_in_the_call_it_goes_straight_to_screening(world: Any) -> None:
    application = sent()
    assert application.state == Application.State.SENT
    with pytest.raises(ValidationError) as refused:
        applications.endorse(actor=user("overseer.pattani"), application=application)
    assert "state" in refused.value.error_dict


def test_endorsing_twice_is_told_not_done_twice(client_as: Any) -> None:
    application = sent(requires_endorsement=True)
    overseer = client_as("overseer.pattani")
    _endorse(overseer, application)
    again = overseer.post(f"/certification/applications/{application.pk}/endorse/", follow=True)
    assert "ใบสมัครนี้ไม่ได้รอการรับรองจากหน่วยงานกำกับดูแล" in again.content.decode()
    assert (
        AuditEvent.objects.filter(
            object_type="certification.application", object_id=str(application.pk)
        )
        .filter(changes__has_key="endorsed_at")
        .count()
        == 1
    )
