"""People's decisions on answers, and the people served a centre reports. (Citizens'
answers come in through survey/intake.py.)"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record, snapshot
from registry.models import ServiceCentre
from survey import tallies
from survey.models import OpeningHours, PeopleServed, Response, SuspectWindow
from survey.opening import Week


@transaction.atomic
def decide(*, actor: Any, answers: QuerySet[Response], count: bool) -> int:
    """A person's decision on suspect answers: count them, or reject them for good. Those
    no longer suspect (decided meanwhile) are left alone; returns how many were decided.
    One update and one count of the tallies for the lot, an audit record for each."""
    chosen = list(answers.select_for_update(of=("self",)).filter(status=Response.Status.SUSPECT))
    befores = [snapshot(response) for response in chosen]
    status = Response.Status.COUNTED if count else Response.Status.REJECTED
    Response.objects.filter(pk__in=[r.pk for r in chosen]).update(status=status)
    for response, before in zip(chosen, befores, strict=True):
        response.status = status
        record(actor=actor, action=AuditEvent.Action.UPDATE, obj=response, before=before)
    if count:
        tallies.count_many(chosen)
    return len(chosen)


class WindowDecided(Exception):
    """The window was decided already, by someone else meanwhile: `window` says who and
    when."""

    def __init__(self, window: SuspectWindow) -> None:
        super().__init__(f"window {window.pk} already {window.status}")
        self.window = window


class WindowChanged(Exception):
    """The number of the window's answers awaiting a decision is no longer the one the
    reviewer confirmed: `waiting` is the number now."""

    def __init__(self, waiting: int) -> None:
        super().__init__(f"{waiting} answers now wait")
        self.waiting = waiting


@transaction.atomic
def decide_window(
    *, actor: Any, window: SuspectWindow, count: bool, expected: int | None = None
) -> int:
    """A person's decision on a whole window of a counter's stream: count all its answers
    still suspect, or reject them all. The window's row is locked first, so that two
    reviewers deciding at once decide it once (the second is refused with WindowDecided,
    which names the first). `expected`: how many answers the reviewer confirmed; if
    that changed meanwhile, nothing is decided (WindowChanged). One audit record for the
    window, with how many answers it decided; returns that number."""
    locked = SuspectWindow.objects.select_for_update().get(pk=window.pk)
    if locked.status != SuspectWindow.Status.OPEN:
        raise WindowDecided(SuspectWindow.objects.select_related("decided_by").get(pk=locked.pk))
    chosen = list(
        Response.objects.select_for_update(of=("self",)).filter(
            window=locked, status=Response.Status.SUSPECT
        )
    )
    if expected is not None and len(chosen) != expected:
        raise WindowChanged(len(chosen))
    before = snapshot(locked) | {"answers": None}
    status = Response.Status.COUNTED if count else Response.Status.REJECTED
    Response.objects.filter(pk__in=[r.pk for r in chosen]).update(status=status)
    for response in chosen:
        response.status = status
    if count:
        tallies.count_many(chosen)
    locked.status = SuspectWindow.Status.COUNTED if count else SuspectWindow.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        before=before,
        after=snapshot(locked) | {"answers": len(chosen)},
    )
    window.status, window.decided_at, window.decided_by = (
        locked.status,
        locked.decided_at,
        locked.decided_by,
    )
    return len(chosen)


@transaction.atomic
def set_opening_hours(*, actor: Any, centre: ServiceCentre, week: Week | None) -> None:
    """Store a centre's opening hours, {weekday: (opens, closes)} for the days it is
    open; None goes back to weekday office hours (no row at all). Each row added,
    changed or removed has its audit record."""
    # The centre's row first: two first saves at once would otherwise both add the
    # same days, and the second would fail on the one-row-per-day constraint.
    list(ServiceCentre.objects.select_for_update().filter(pk=centre.pk).values_list("pk"))
    rows = {row.weekday: row for row in OpeningHours.objects.filter(centre=centre)}
    week = week or {}
    for weekday, row in rows.items():
        if weekday not in week:
            record(
                actor=actor,
                action=AuditEvent.Action.DELETE,
                obj=row,
                before=snapshot(row),
                after={},
            )
            row.delete()
    for weekday, (opens, closes) in sorted(week.items()):
        row = rows.get(weekday) or OpeningHours(centre=centre, weekday=weekday)
        if row.pk is not None and (row.opens, row.closes) == (opens, closes):
            continue
        before = snapshot(row) if row.pk is not None else None
        row.opens, row.closes = opens, closes
        row.full_clean()
        row.save()
        action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
        record(actor=actor, action=action, obj=row, before=before)


@transaction.atomic
def record_people_served(
    *, actor: Any, centre: ServiceCentre, period_start: date, period_end: date, people: int
) -> PeopleServed:
    """Store how many people a centre served in a period, with its audit record."""
    served = PeopleServed.objects.create(
        centre=centre, period_start=period_start, period_end=period_end, people=people
    )
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=served)
    return served
