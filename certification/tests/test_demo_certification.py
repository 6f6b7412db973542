"""The demo's certification story (issue 11 §9), as seed_demo loads it."""

from datetime import date
from typing import Any

import pytest
from django.conf import settings

from certification.models import (
    Application,
    ApplicationVersion,
    Certificate,
    CertificateEvent,
    CertificateSequence,
    Decision,
    ItemScreening,
    Score,
    TeamMember,
)
from certification.selectors import centres_owing_reports
from demo import certification as story
from demo import scenario


@pytest.fixture
def told(db: Any) -> dict[str, Any]:
    scenario.load(standing=False)  # as seed_demo does: the story makes the standing
    return story.load()


def test_pattani_town_is_returned_once_then_certified(told: dict[str, Any]) -> None:
    app = Application.objects.get(call__fiscal_year=2565, centre__organisation__code="5940101")
    assert app.state == Application.State.CERTIFIED
    assert app.level.code == "basic"
    first, second = app.versions.order_by("number")
    assert first.outcome == ApplicationVersion.Outcome.RETURNED
    flagged = ItemScreening.objects.get(version=first, complete=False)
    assert flagged.criterion.code == "B3"
    assert [r.code for r in flagged.reasons.all()] == ["R01"]
    assert first.content["B3"]["evidence"] == [] and second.content["B3"]["evidence"]
    assert second.outcome == ApplicationVersion.Outcome.PASSED
    assert not ItemScreening.objects.filter(version=second, complete=False).exists()
    seats = {m.seat: m for m in app.team.members.all()}
    assert app.team.number == 1
    assert seats[TeamMember.Seat.CHAIR].user.username == "chair.team1"
    assert seats[TeamMember.Seat.SECRETARY].user.username == "assessor"
    assert seats[TeamMember.Seat.EXPERT].outside_name
    assert seats[TeamMember.Seat.OPDC].outside_name
    assert Score.objects.filter(application=app, member__isnull=True).count() == 18
    assert app.consensus_closed_at is not None and app.consensus_level.code == "basic"
    assert app.decision.outcome == Decision.Outcome.CERTIFIED
    cert = app.certificate
    assert cert.number == settings.CERTIFICATE_NUMBER_PATTERN.format(year=2565, number=1)
    assert cert.number == "GECC-2565-0001"
    assert cert.events.get().kind == CertificateEvent.Kind.ISSUED
    assert CertificateSequence.objects.get(fiscal_year=2565).last == 1


def test_every_other_state_is_there(told: dict[str, Any]) -> None:
    states = set(Application.objects.values_list("state", flat=True))
    for state in (
        Application.State.DRAFT,
        Application.State.SENT,
        Application.State.IN_SCREENING,
        Application.State.RETURNED,
        Application.State.NOT_ELIGIBLE,
        Application.State.ASSESSED,
        Application.State.CERTIFIED,
    ):
        assert state in states, state
    chiang_mai = Certificate.objects.get(centre__organisation__code="3500101")
    assert chiang_mai.level.code == "advanced"
    revoked = Certificate.objects.get(state=Certificate.State.REVOKED)
    assert revoked.events.filter(kind=CertificateEvent.Kind.REVOKED).exists()
    today = date(2026, 12, 3)
    expired = [c.number for c in Certificate.objects.all() if c.status_on(today) == "expired"]
    assert "GECC-2561-0001" in expired
    assert chiang_mai.status_on(today) == Certificate.State.ACTIVE


def test_the_screener_and_the_team_have_their_work(told: dict[str, Any]) -> None:
    in_screening = Application.objects.get(state=Application.State.IN_SCREENING)
    assert in_screening.screener.username == "screener"
    assessed = Application.objects.get(state=Application.State.ASSESSED)
    assert assessed.team.members.filter(user__username="chair.team1").exists()


def test_the_story_runs_twice_without_change(told: dict[str, Any]) -> None:
    counts = (Application.objects.count(), Certificate.objects.count(), Score.objects.count())
    story.load()
    assert (
        Application.objects.count(),
        Certificate.objects.count(),
        Score.objects.count(),
    ) == counts


def test_the_revoked_and_the_expired_owe_no_report(told: dict[str, Any]) -> None:
    owing = set(
        centres_owing_reports(date(2026, 12, 3)).values_list("organisation__code", flat=True)
    )
    assert "3500101" in owing  # certified, valid
    assert "5940101" not in owing  # its FY2565 certificate expired in 2568
    # Bana's certificate is revoked and it has no application: it owes nothing. Pattani
    # PAO's certificate expired, but it has an application in screening this year.
    assert "6940103" not in owing
    assert "6940100" in owing
    assert "6940104" in owing  # returned for correction: still in certification


def test_team_one_has_a_visit_to_score(told: dict[str, Any]) -> None:
    to_visit = Application.objects.get(state=Application.State.VISIT_SCHEDULED)
    assert to_visit.team is not None and to_visit.visit_on == to_visit.call.visits_from
    assert not to_visit.scores.exists()
    assert to_visit.team.members.filter(user__username="chair.team1").exists()
