"""When a centre is open: weekday office hours by default, its own hours when it set
them, closed on Thai public holidays."""

from datetime import datetime, time
from typing import Any

import pytest

from survey import opening
from survey.models import OpeningHours
from thaicalendar.dates import BANGKOK


def at(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=BANGKOK)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at("2026-03-10", "08:29"), False),  # a Tuesday, before opening
        (at("2026-03-10", "08:30"), True),
        (at("2026-03-10", "16:29"), True),
        (at("2026-03-10", "16:30"), False),  # closing time is closed
        (at("2026-03-14", "10:00"), False),  # Saturday
        (at("2026-03-15", "10:00"), False),  # Sunday
        (at("2026-03-03", "10:00"), False),  # Makha Bucha, a Tuesday
        (at("2026-04-14", "10:00"), False),  # Songkran
        (at("2026-06-01", "10:00"), False),  # Visakha Bucha's substitution day
        (at("2026-04-16", "10:00"), True),  # the Thursday after Songkran
    ],
)
def test_office_hours_by_default(moment: datetime, is_open: bool) -> None:
    assert opening.is_open(opening.OFFICE_HOURS, moment) is is_open


def test_a_moment_is_read_on_bangkok_time() -> None:
    from datetime import UTC

    # 01:30 UTC is 08:30 in Bangkok: open.
    assert opening.is_open(opening.OFFICE_HOURS, datetime(2026, 3, 10, 1, 30, tzinfo=UTC))
    assert not opening.is_open(opening.OFFICE_HOURS, datetime(2026, 3, 10, 1, 29, tzinfo=UTC))


def test_a_centre_with_its_own_saturday_hours(world: Any) -> None:
    centre = world["5940101"].centres.get()
    other = world["5941001"].centres.get()
    for weekday in range(6):
        OpeningHours.objects.create(
            centre=centre, weekday=weekday, opens=time(8, 30), closes=time(16, 30)
        )
    OpeningHours.objects.filter(centre=centre, weekday=5).update(opens=time(9), closes=time(12))
    weeks = opening.hours_of([centre.pk, other.pk])
    assert weeks[other.pk] == opening.OFFICE_HOURS  # set none: office hours
    saturday = at("2026-03-14", "10:00")
    assert opening.is_open(weeks[centre.pk], saturday)
    assert not opening.is_open(weeks[other.pk], saturday)
    assert not opening.is_open(weeks[centre.pk], at("2026-03-14", "12:00"))
    assert not opening.is_open(weeks[centre.pk], at("2026-03-15", "10:00"))  # Sunday
    # A holiday closes even a centre open that day of the week.
    assert not opening.is_open(weeks[centre.pk], at("2026-05-13", "10:00"))
