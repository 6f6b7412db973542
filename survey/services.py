"""People's decisions on answers, and the people served a centre reports. (Citizens'
answers come in through survey/intake.py.)"""

from datetime import date
from typing import Any

from django.db import transaction

from audit.models import AuditEvent
from audit.services import record, snapshot
from registry.models import ServiceCentre
from survey import tallies
from survey.models import PeopleServed, Response


@transaction.atomic
def decide(*, actor: Any, response: Response, count: bool) -> Response:
    """A person's decision on a suspect answer: count it, or reject it for good."""
    response = (
        Response.objects.select_for_update()
        .select_related("questionnaire", "centre__organisation")
        .get(pk=response.pk)
    )
    if response.status != Response.Status.SUSPECT:
        return response
    before = snapshot(response)
    response.status = Response.Status.COUNTED if count else Response.Status.REJECTED
    response.save(update_fields=["status"])
    if count:
        tallies.count(response)
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=response, before=before)
    return response


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
