"""The chair records and closes the team's consensus; the total, the basic
requirements and the level follow from the call's standard."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from audit.models import AuditEvent
from certification import assessment
from certification.models import Application, Score
from certification.tests.factories_assess import (
    criteria,
    fill,
    make_call,
    standard_without_levels,
    visited,
)


def _close(client: Any, application: Application) -> Any:
    return client.post(
        f"/certification/applications/{application.pk}/consensus/close/", follow=True
    )


def test_the_chair_closes_and_the_level_follows_from_the_thresholds(
    client_as: Any, world: Any
) -> None:
    application = visited()
    fill(application, "assessor", fraction=Decimal("0.8"))
    fill(application, "expert1", fraction=Decimal("0.7"))
    client = client_as("assessor")
    # Start from the members' median: (0.8 + 0.7) / 2 of each maximum.
    client.post(f"/certification/applications/{application.pk}/consensus/", {"start": "median"})
    assert Score.objects.filter(application=application, member=None).count() == 18
    page = _close(client, application).content.decode()
    application.refresh_from_db()
    assert application.state == Application.State.ASSESSED
    assert application.consensus_total == Decimal("75.00")
    assert application.consensus_basic_passed is True
    assert application.consensus_level.code == "advanced"
    assert "ปิดผลฉันทามติแล้ว: ร้อยละ 75.00" in page
    assert AuditEvent.objects.filter(
        object_type="certification.application",
        object_id=str(application.pk),
        changes__has_key="consensus_level_id",
    ).exists()
    # Closed: the scorebook no longer changes.
    response = client.post(
        f"/certification/applications/{application.pk}/scorebook/save/",
        {"criterion": criteria(application)[-1].pk, "revision": "1", "points": "1"},
    )
    assert response.status_code == 422


def test_a_basic_requirement_not_met_reaches_no_level(world: Any) -> None:
    application = visited()
    fill(application, "assessor", fraction=Decimal("1"))
    fill(application, "expert1", fraction=Decimal("1"))
    fill(application, "assessor", fraction=Decimal("1"), met=False, consensus=True)
    closed = assessment.close_consensus(
        actor=User.objects.get(username="assessor"), application=application
    )
    assert (closed.consensus_total, closed.consensus_basic_passed, closed.consensus_level) == (
        Decimal("100.00"),
        False,
        None,
    )


def test_closing_is_refused_while_a_criterion_or_a_scorebook_is_missing(
    client_as: Any, world: Any
) -> None:
    application = visited()
    fill(application, "assessor")
    page = _close(client_as("assessor"), application).content.decode()
    assert "เกณฑ์เหล่านี้ยังไม่มีผลฉันทามติ: B1, B2" in page
    assert "แบบบันทึกคะแนนของ expert1" in page and "เหลือ 18 เกณฑ์" in page
    application.refresh_from_db()
    assert application.state == Application.State.VISIT_SCHEDULED
    assert application.consensus_total is None


def test_a_member_who_is_not_the_chair_cannot_close_or_record_the_consensus(
    client_as: Any, world: Any
) -> None:
    application = visited()
    fill(application, "assessor")
    fill(application, "expert1")
    fill(application, "assessor", consensus=True)
    client = client_as("expert1")
    assert (
        client.post(f"/certification/applications/{application.pk}/consensus/close/").status_code
        == 403
    )
    criterion = criteria(application)[-1]
    response = client.post(
        f"/certification/applications/{application.pk}/scorebook/save/",
        {"criterion": criterion.pk, "revision": "1", "points": "1", "book": "consensus"},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == Application.State.VISIT_SCHEDULED
    # They read the consensus, without a form to change it.
    page = client.get(f"/certification/applications/{application.pk}/consensus/").content.decode()
    assert "ประธานเป็นผู้บันทึกผลที่คณะเห็นพ้อง" in page
    assert "ปิดผลฉันทามติ</button>" not in page


def test_a_standard_without_levels_gives_a_clear_error_and_saves_nothing(
    world: Any, client_as: Any
) -> None:
    application = visited(make_call(standard=standard_without_levels()))
    fill(application, "assessor")
    fill(application, "expert1")
    fill(application, "assessor", consensus=True)
    with pytest.raises(ValidationError) as error:
        assessment.close_consensus(
            actor=User.objects.get(username="assessor"), application=application
        )
    assert "ไม่มีเกณฑ์คะแนนของแต่ละระดับ" in error.value.message_dict["consensus"][0]
    page = _close(client_as("assessor"), application).content.decode()
    assert "ไม่มีเกณฑ์คะแนนของแต่ละระดับ" in page
    application.refresh_from_db()
    assert application.state == Application.State.VISIT_SCHEDULED
    assert application.consensus_total is None and application.consensus_closed_at is None


def test_the_consensus_page_shows_the_members_scores_and_their_median(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    application = visited(call)
    fill(application, "assessor", fraction=Decimal("1"))
    fill(application, "expert1", fraction=Decimal("0.5"))
    page = (
        client_as("assessor")
        .get(f"/certification/applications/{application.pk}/consensus/")
        .content.decode()
    )
    assert "มัธยฐาน: 6.00" in page  # S1.1: 8 and 4
    assert "ปิดผลฉันทามติ" in page


def test_the_books_have_a_fixed_number_of_queries_whatever_the_scores(
    client_as: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    application = visited()
    fill(application, "assessor")
    fill(application, "expert1")
    client = client_as("assessor")
    for page in ("scorebook", "consensus"):
        with django_assert_max_num_queries(16):
            response = client.get(f"/certification/applications/{application.pk}/{page}/")
        assert response.status_code == 200
