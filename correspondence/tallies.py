"""Each unit's copies of letters, counted per unit and kept, so that an overseer's
dashboard sums one row per unit instead of reading every copy: the nation's 785,000
copies cost 100 to 200 ms to count on PostgreSQL at each visit, and twice per
dashboard (the letters section and whom to chase).

The rules stay where they are (receiving.answer_overdue_q, tracking.unacknowledged_q);
this module only counts them per unit. A unit's counts (models.UnitTally) are current
while nothing has been written to its copies since, and only on the day they were
counted, since a copy becomes late with the days alone.

Every write to a copy calls `changed` in its own transaction (delivery.py, receiving.py),
which raises the unit's `changes`; whoever reads next counts that unit again. A counter
rather than deleting the row because of a reader counting at the same moment: it may
store what it counted after the write had deleted the row, and its count would be taken
as current. With the counter it stores the `changes` it read before counting, which no
longer equals the row's, and the next reader counts again.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet

# Modules, not names: receiving.py calls `changed` and is imported first.
from correspondence import receiving, tracking
from correspondence.models import Recipient, UnitTally

# Above this many units to count again, they are counted among all the units asked for
# (a sub-query) rather than by a list of ids: a list of thousands of ids costs more to
# send than the few extra units cost to count.
LISTED = 500


@dataclass(frozen=True)
class Counts:
    """One unit's copies: delivered, acknowledged, answered, overdue for their answer,
    and not acknowledged in time."""

    delivered: int = 0
    acknowledged: int = 0
    answered: int = 0
    answers_overdue: int = 0
    unacknowledged: int = 0


# The order of the columns read and of `_figures`.
FIGURES = tuple(f.name for f in fields(Counts))


def changed(organisation_ids: Iterable[int]) -> None:
    """Something was written to these units' copies: their counts are no longer
    current. Call it inside the write's transaction. The rows are locked in the order
    of their ids, as `current` writes them, so that the two never wait on each other in
    a circle."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return
    with transaction.atomic():  # the write's own, or one of its own when called alone
        UnitTally.objects.bulk_create(
            [UnitTally(organisation_id=pk) for pk in ids], ignore_conflicts=True
        )
        rows = UnitTally.objects.filter(organisation_id__in=ids)
        list(rows.select_for_update().order_by("pk").values_list("pk"))
        rows.update(changes=F("changes") + 1)


def _figures(today: date) -> dict[str, Any]:
    """What `Counts` holds, in its order, counted over copies."""
    return {
        "delivered": Count("delivered_at"),
        "acknowledged": Count("acknowledged_at"),
        "answered": Count("answered_at"),
        "answers_overdue": Count("pk", filter=receiving.answer_overdue_q(today)),
        "unacknowledged": Count("pk", filter=tracking.unacknowledged_q(today)),
    }


def current(units: "QuerySet[Any]", today: date) -> "QuerySet[UnitTally]":
    """The counts of the organisations `units` selects as of `today` (Bangkok), one row
    each: those not current are counted again first and kept. One query when all are
    current, four when some are not; the rows are then read by the caller's own query."""
    kept = UnitTally.objects.filter(organisation=OuterRef("pk"), day=today, counted=F("changes"))
    # The `changes` of each unit, read before it is counted.
    stale = dict(units.order_by().exclude(Exists(kept)).values_list("pk", "letter_tally__changes"))
    if stale:
        _count(units, {pk: changes or 0 for pk, changes in stale.items()}, today)
    return UnitTally.objects.filter(organisation__in=units.values("pk"))


def _count(units: "QuerySet[Any]", stale: dict[int, int], today: date) -> None:
    among: Any = list(stale) if len(stale) <= LISTED else units.values("pk")
    rows = (
        Recipient.objects.filter(organisation_id__in=among)
        .order_by()
        .values_list("organisation_id")
        .annotate(**_figures(today))
    )
    counted = {pk: Counts(*figures) for pk, *figures in rows}
    # A unit without copies counts nothing; the units counted through the sub-query
    # that were current are left as they are.
    tallies = [
        UnitTally(
            organisation_id=pk,
            day=today,
            changes=changes,
            counted=changes,
            **vars(counted.get(pk, Counts())),
        )
        for pk, changes in sorted(stale.items())
    ]
    with transaction.atomic():
        UnitTally.objects.bulk_create(
            tallies,
            update_conflicts=True,
            unique_fields=["organisation"],
            update_fields=["day", "counted", *FIGURES],
            batch_size=1000,
        )
