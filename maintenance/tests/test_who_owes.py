"""Who owes a report in a round follows from certification: a certificate in force or
an application in progress, on the round's deadline (or today, if earlier)."""

from datetime import UTC, date, datetime
from typing import Any

import time_machine

from accounts.models import User
from certification.models import Certificate
from certification.tests import factories_integrate as make
from maintenance import services
from maintenance.models import Report


def _open(fiscal_year: int, deadline: date) -> set[str]:
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=fiscal_year, months=6, deadline=deadline)
    services.open_round(actor=ops, rnd=rnd)
    return set(
        Report.objects.filter(round=rnd).values_list("centre__organisation__code", flat=True)
    )


@time_machine.travel(datetime(2026, 12, 3, 3, tzinfo=UTC), tick=False)
def test_a_revoked_certificate_owes_no_report_in_the_next_round(world: Any) -> None:
    Certificate.objects.filter(number="GECC-LEGACY-0002").update(state=Certificate.State.REVOKED)
    assert _open(2570, date(2027, 4, 15)) == {"5940101"}  # Pattani Town: still certified


@time_machine.travel(datetime(2026, 12, 3, 3, tzinfo=UTC), tick=False)
def test_an_expired_certificate_owes_no_report(world: Any) -> None:
    make.certificate(make.centre("5941001"), number="T-OLD", valid_from=date(2021, 1, 1))
    assert "5941001" not in _open(2570, date(2027, 4, 15))


@time_machine.travel(datetime(2026, 12, 3, 3, tzinfo=UTC), tick=False)
def test_a_suspended_certificate_still_owes(world: Any) -> None:
    Certificate.objects.filter(number="GECC-LEGACY-0002").update(state=Certificate.State.SUSPENDED)
    assert "3500101" in _open(2570, date(2027, 4, 15))


@time_machine.travel(datetime(2026, 12, 3, 3, tzinfo=UTC), tick=False)
def test_a_round_opened_late_owes_from_the_centres_that_owed_on_its_deadline(
    world: Any,
) -> None:
    # Yarang was certified in 2563 until 2566: it owed FY2565's reports, not today's.
    make.certificate(make.centre("5941001"), number="T-2563", valid_from=date(2020, 9, 1))
    Certificate.objects.filter(number="GECC-LEGACY-0002").update(state=Certificate.State.REVOKED)
    assert _open(2565, date(2022, 4, 15)) == {"5940101", "5941001"}
    assert _open(2570, date(2027, 4, 15)) == {"5940101"}
