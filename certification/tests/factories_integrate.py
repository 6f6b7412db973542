"""Helpers for the tests of standing, maintenance and the watch: rows built directly,
as the demo builds them."""

from datetime import date, timedelta
from typing import Any

from certification.models import Application, Call, Certificate
from demo.certification import _past_call
from registry.models import ServiceCentre
from standards.models import Level


def centre(code: str) -> ServiceCentre:
    found = ServiceCentre.objects.filter(organisation__code=code).order_by("pk").first()
    assert found is not None
    return found


def call(fiscal_year: int = 2566) -> Call:
    return _past_call(fiscal_year, Call.State.CLOSED)


def certificate(
    where: ServiceCentre,
    *,
    number: str,
    valid_from: date,
    years: int = 3,
    state: str = Certificate.State.ACTIVE,
) -> Certificate:
    made = Certificate(
        number=number,
        centre=where,
        fiscal_year=2566,
        valid_from=valid_from,
        valid_until=valid_from.replace(year=valid_from.year + years) - timedelta(days=1),
        state=state,
    )
    made.full_clean()
    made.save()
    return made


def application(
    where: ServiceCentre, *, state: str, fiscal_year: int = 2566, **more: Any
) -> Application:
    from accounts.models import User

    the_call = call(fiscal_year)
    made = Application(
        call=the_call,
        centre=where,
        level=Level.objects.filter(standard=the_call.standard).order_by("order").first(),
        created_by=User.objects.get(username="opsadmin"),
        state=state,
        **more,
    )
    made.full_clean()
    made.save()
    return made
