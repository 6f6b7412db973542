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

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import connection, transaction
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
    current. Call it inside the write's transaction: one statement (`_raise_changes`)
    that makes or raises each unit's row in the order of their ids, as `_count` writes
    them, so that a writer and a reader never wait on each other in a circle."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_raise_changes(), [_array(ids)])


def _array(ids: list[int]) -> Any:
    """One parameter for a list of ids: an array for PostgreSQL, JSON text for SQLite."""
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


@functools.cache
def _raise_changes() -> str:
    """Written by hand: the ORM's upsert can only set a column to the value inserted, and
    `changes` must go up by one. Two statements (make the missing rows, then lock and
    raise them all) took their locks in two passes, and a reader's upsert in one: they
    could deadlock (review finding). The rows come from one array parameter, in the
    order of the ids, and meet their conflict through the primary key's index."""
    table = connection.ops.quote_name(UnitTally._meta.db_table)
    columns, values = [], []
    for f in UnitTally._meta.concrete_fields:
        columns.append(connection.ops.quote_name(f.column))
        if f.primary_key:
            values.append("id")
        elif f.name == "changes":
            values.append("1")
        else:
            values.append("NULL" if f.null else str(f.get_default()))
    if connection.vendor == "postgresql":
        chosen = "SELECT DISTINCT unnest(%s::bigint[]) AS id"
    else:
        chosen = "SELECT DISTINCT value AS id FROM json_each(%s)"
    changes = connection.ops.quote_name("changes")
    # "WHERE true": SQLite's parser needs it between an INSERT's SELECT and ON CONFLICT.
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM ({chosen}) AS chosen WHERE true ORDER BY id "
        f"ON CONFLICT ({connection.ops.quote_name('organisation_id')}) "
        f"DO UPDATE SET {changes} = {table}.{changes} + 1"
    )


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
