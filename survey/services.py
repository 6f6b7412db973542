"""People's decisions on answers, and the people served a centre reports. (Citizens'
answers come in through survey/intake.py.)"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from audit.models import AuditEvent
from audit.services import record, snapshot
from registry.models import ServiceCentre
from survey import tallies
from survey.models import PeopleServed, Response


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
