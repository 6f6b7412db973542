"""Applications ready for the committee, made directly (the screening and assessment
steps have their own tests), and certificates issued from them."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from certification import certificates
from certification.models import Application, Call, Certificate
from registry.models import ServiceCentre
from standards.models import Level
from standards.selectors import standard_for_year
from thaicalendar import dates


def call_2565(fiscal_year: int = 2565) -> Call:
    """The call of a fiscal year (FY2565's by default), with the FY2565 standard."""
    standard = standard_for_year(2565)
    assert standard is not None
    call, created = Call.objects.get_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "standard": standard,
            "applications_open": date(2022, 1, 4),
            "applications_close": date(2022, 2, 28),
            "screening_deadline": date(2022, 3, 31),
            "visits_from": date(2022, 5, 1),
            "visits_until": date(2022, 7, 31),
            "decision_on": date(2022, 9, 15),
            "state": Call.State.CLOSED,
        },
    )
    if created:
        call.levels.set(standard.levels.all())
    return call


def level(code: str) -> Level:
    return call_2565().standard.levels.get(code=code)


def assessed(
    centre: ServiceCentre,
    *,
    reached: str | None = "advanced",
    applied: str = "basic",
    closed: bool = True,
    fiscal_year: int = 2565,
    closed_on: date | None = None,
) -> Application:
    """An application of the centre to the FY2565 call, assessed: the team's consensus
    closed at the level `reached` (None: below every level)."""
    call = call_2565(fiscal_year)
    return Application.objects.create(
        call=call,
        centre=centre,
        level=level(applied),
        state=Application.State.ASSESSED if closed else Application.State.VISIT_SCHEDULED,
        created_by=User.objects.get(username="admin.pattanitown"),
        first_sent_at=timezone.now() - timedelta(days=120),
        consensus_closed_at=(
            datetime.combine(closed_on, time(16), tzinfo=dates.BANGKOK)
            if closed and closed_on
            else timezone.now() - timedelta(days=1)
            if closed
            else None
        ),
        consensus_total=Decimal("80.50") if closed else None,
        consensus_basic_passed=True if closed else None,
        consensus_level=level(reached) if closed and reached else None,
    )


def certified(
    centre: ServiceCentre, *, on: date | None = None, at: str = "basic", fiscal_year: int = 2565
) -> Certificate:
    """A certificate of the centre, issued through the committee's decision."""
    application = assessed(
        centre, fiscal_year=fiscal_year, closed_on=on - timedelta(days=1) if on else None
    )
    certificates.record_decision(
        actor=User.objects.get(username="opsadmin"),
        application=application,
        certified=True,
        level=level(at),
        decided_on=on,
    )
    return Certificate.objects.get(application=application)


def pattani_centre(world: dict[str, Any]) -> ServiceCentre:
    centre: ServiceCentre = world["5940101"].centres.get()
    return centre
