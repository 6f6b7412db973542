"""What to do next year: once the team's consensus is closed, the unit sees criterion by
criterion its consensus score, the assessors' areas to improve, and the points the
next level needs."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from certification.models import Application, AssessmentTeam, Score, TeamMember
from certification.next_year import advice
from certification.tests.factories_apply import criteria, sent, user


def _assessed(application: Application, share: Decimal) -> Application:
    """Consensus scores (member empty) at `share` of each criterion's maximum, every
    basic requirement met; one member's scorebook with its own notes."""
    team = AssessmentTeam.objects.create(call=application.call, number=1)
    member = TeamMember.objects.create(team=team, seat=TeamMember.Seat.CHAIR, user=user("assessor"))
    for c in criteria(application):
        points = (
            ((c.max_points or Decimal(0)) * share).quantize(Decimal("0.01"))
            if c.is_scored
            else None
        )
        Score.objects.create(
            application=application,
            criterion=c,
            met=None if c.is_scored else True,
            points=points,
            improvements=f"ปรับปรุง {c.code}" if c.is_scored else "",
        )
        Score.objects.create(
            application=application,
            member=member,
            criterion=c,
            met=None if c.is_scored else True,
            points=points,
            improvements=f"สมาชิกเสนอ {c.code}" if c.is_scored else "",
        )
    basic = application.call.standard.levels.get(
        order=min(application.call.standard.levels.values_list("order", flat=True))
    )
    Application.objects.filter(pk=application.pk).update(
        state=Application.State.ASSESSED,
        team=team,
        consensus_closed_at=timezone.now(),
        consensus_total=share * 100,
        consensus_basic_passed=True,
        consensus_level=basic,
    )
    application.refresh_from_db()
    return application


def test_the_unit_sees_what_the_next_level_needs(client_as: Any) -> None:
    application = _assessed(sent(), Decimal("0.65"))
    result = advice(application)
    assert result is not None
    levels = list(application.call.standard.levels.order_by("order"))
    assert result.level == levels[0] and result.next_level == levels[1]
    max_points = sum(c.max_points for c in criteria(application) if c.is_scored)
    assert result.max_points == max_points
    needed = (levels[1].min_score * max_points / 100).quantize(Decimal("0.01"))
    assert result.next_needs is not None and result.next_needs >= needed
    assert result.gap == result.next_needs - result.total_points > 0

    page = (
        client_as("admin.pattanitown")
        .get(f"/certification/applications/{application.pk}/next-year/")
        .content.decode()
    )
    scored = next(c for c in criteria(application) if c.is_scored)
    assert "สิ่งที่ควรทำในปีหน้า" in page
    assert f"ปรับปรุง {scored.code}" in page and f"สมาชิกเสนอ {scored.code}" in page
    assert f"{levels[1].name_th}: อย่างน้อยร้อยละ {levels[1].min_score}" in page
    assert str(result.gap) in page
    # Linked from the application page.
    assert (
        "/next-year/"
        in client_as("admin.pattanitown").get(application.get_absolute_url()).content.decode()
    )


def test_at_the_top_level_there_is_no_next_one(world: Any) -> None:
    application = _assessed(sent(), Decimal("0.95"))
    top = application.call.standard.levels.order_by("-order")[0]
    Application.objects.filter(pk=application.pk).update(consensus_level=top)
    application.refresh_from_db()
    result = advice(application)
    assert result is not None and result.next_level is None and result.gap is None


def test_nothing_before_the_consensus_is_closed(client_as: Any) -> None:
    application = sent()
    assert advice(application) is None
    page = (
        client_as("admin.pattanitown")
        .get(f"/certification/applications/{application.pk}/next-year/")
        .content.decode()
    )
    assert "คณะผู้ตรวจประเมินยังไม่ได้สรุปคะแนนฉันทามติ" in page


def test_a_neighbour_does_not_read_it(client_as: Any) -> None:
    application = _assessed(sent(), Decimal("0.65"))
    response = client_as("admin.yarang").get(
        f"/certification/applications/{application.pk}/next-year/"
    )
    assert response.status_code == 404
