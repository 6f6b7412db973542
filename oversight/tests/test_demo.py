"""The demo (seed_demo) gives the dashboards of the nation, DLA, Pattani and Chiang Mai
something to show: the data each part of the page reads exists, in every state the
page tells apart, within each of those scopes, whatever day the demo is loaded."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from accounts.models import User
from campaigns.models import Campaign
from certification.models import Certificate
from correspondence.models import Letter, Recipient
from maintenance.models import Report, Round
from oversight.models import Target
from oversight.scopes import Scope
from registry.models import Organisation
from survey.models import Response, Tally
from survey.tallies import month_of
from thaicalendar import dates

pytestmark = pytest.mark.django_db

SCOPES = [None, "DLA", "P94", "P50"]  # the nation, DLA, Pattani, Chiang Mai


@pytest.fixture
def demo(db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())


# Seeding takes seconds: one test reads everything the dashboards need, each part in
# its own function below, for every scope where the part applies.
def test_the_demo_has_what_every_dashboard_shows(demo: None) -> None:
    the_nation_has_a_revoked_and_an_expired_certificate()
    the_round_in_progress_has_reports_in_every_state()
    the_tallies_count_every_counted_answer()
    a_letter_partly_acknowledged_with_answers_overdue()
    an_open_campaign_partly_answered()
    yearly_targets_of_the_nation_and_pattani()
    for code in SCOPES:
        certificates_of_several_levels_and_every_state(code)
        the_last_round_has_reports_on_time_late_missing_returned_accepted(code)
        answers_over_several_rounds_some_left_out(code)


def scope(code: str | None) -> Scope:
    organisation = Organisation.objects.get(code=code) if code else None
    return Scope(User.objects.get(username="opsadmin"), organisation)


def last_passed_round() -> Round:
    today = dates.bangkok_today()
    return Round.objects.filter(opened_at__isnull=False, deadline__lt=today).latest("deadline")


def certificates_of_several_levels_and_every_state(code: str | None) -> None:
    today = dates.bangkok_today()
    live = Certificate.objects.filter(
        scope(code).centres_q("centre__"),
        state__in=Certificate.LIVE_STATES,
        valid_until__gte=today,
    )
    assert live.values("level").distinct().count() >= 2
    assert live.filter(valid_until__lte=today + timedelta(days=183)).exists()  # expiring
    if code != "P50":  # Chiang Mai's are all in good standing
        assert live.filter(under_watch=True).count() >= 1
        assert live.filter(state=Certificate.State.SUSPENDED).count() >= 1


def the_nation_has_a_revoked_and_an_expired_certificate() -> None:
    today = dates.bangkok_today()
    assert Certificate.objects.filter(state=Certificate.State.REVOKED).exists()
    assert Certificate.objects.filter(
        state=Certificate.State.ACTIVE, valid_until__lt=today
    ).exists()


def the_last_round_has_reports_on_time_late_missing_returned_accepted(code: str | None) -> None:
    reports = Report.objects.filter(scope(code).centres_q("centre__"), round=last_passed_round())
    by_status = dict(reports.values_list("status").annotate(n=Count("pk")))
    assert by_status.get(Report.Status.ACCEPTED, 0) >= 1
    assert by_status.get(Report.Status.RETURNED, 0) >= 1
    assert by_status.get(Report.Status.OWED, 0) >= 1  # missing, the deadline passed
    sent = reports.filter(first_submitted_at__isnull=False)
    assert sent.filter(late_by=timedelta(0)).exists()  # on time
    assert sent.filter(late_by__gt=timedelta(0)).exists()  # late
    # What the centres sent was reviewed as sent: each has its version.
    for report in sent:
        assert report.versions.exists()


def the_round_in_progress_has_reports_in_every_state() -> None:
    rnd = Round.objects.get(opened_at__isnull=False, deadline__gte=dates.bangkok_today())
    for code in ("P94", "P50"):
        statuses = set(
            Report.objects.filter(scope(code).centres_q("centre__"), round=rnd).values_list(
                "status", flat=True
            )
        )
        assert statuses == set(Report.Status.values)


def answers_over_several_rounds_some_left_out(code: str | None) -> None:
    answers = Response.objects.filter(scope(code).centres_q("centre__"))
    months = {month_of(moment) for moment in answers.values_list("submitted_at", flat=True)}
    assert len(months) >= 12  # the current round and the two before it
    assert (
        answers.filter(status__in=[Response.Status.REJECTED, Response.Status.SUSPECT]).exists()
        or code == "P50"
    )
    assert answers.filter(status=Response.Status.COUNTED).count() > 100


def the_tallies_count_every_counted_answer() -> None:
    counted = Response.objects.filter(status=Response.Status.COUNTED).count()
    country = Tally.objects.filter(centre__isnull=True, province__isnull=True)
    centres = Tally.objects.filter(centre__isnull=False)
    assert country.aggregate(n=Sum("responses"))["n"] == counted
    assert centres.aggregate(n=Sum("responses"))["n"] == counted


def a_letter_partly_acknowledged_with_answers_overdue() -> None:
    today = dates.bangkok_today()
    overdue = Letter.objects.filter(
        action=Letter.Action.ANSWER, state=Letter.State.SENT, due_date__lt=today
    ).annotate(
        copies=Count("recipients"),
        acknowledged=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False)),
        silent=Count("recipients", filter=Q(recipients__answered_at__isnull=True)),
    )
    recent = overdue.get(due_date__gte=today - timedelta(days=30))
    assert 0 < recent.acknowledged < recent.copies
    assert 0 < recent.silent < recent.copies
    for code in ("P94", "P50"):  # seen from each province's units
        assert Recipient.objects.filter(
            scope(code).q("organisation__"), letter=recent, answered_at__isnull=True
        ).exists()


def an_open_campaign_partly_answered() -> None:
    today = dates.bangkok_today()
    campaign = Campaign.objects.get(
        owner__code="DLA", launched_at__isnull=False, opens_on__lte=today, closes_on__gte=today
    )
    answered = campaign.targets.filter(answered_at__isnull=False).count()
    assert 0 < answered < campaign.targets.count()


def yearly_targets_of_the_nation_and_pattani() -> None:
    year = dates.fiscal_year(dates.bangkok_today())
    assert Target.objects.filter(fiscal_year=year, organisation__isnull=True).exists()
    assert Target.objects.filter(fiscal_year=year, organisation__code="P94").exists()


def test_seeding_twice_changes_nothing(demo: None) -> None:
    def counts() -> tuple[int, ...]:
        return (
            Certificate.objects.count(),
            Report.objects.exclude(status=Report.Status.OWED).count(),
            Response.objects.count(),
            Letter.objects.count(),
            Target.objects.count(),
        )

    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
