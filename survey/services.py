"""Writing answers: one place where an answer is stored, judged and counted."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record, snapshot
from registry.models import Counter, ServiceCentre
from survey import tallies
from survey.models import PeopleServed, Questionnaire, Response


@transaction.atomic
def take_answer(
    *,
    counter: Counter,
    questionnaire: Questionnaire,
    scores: str,
    local_scores: dict[str, int],
    respondent: dict[str, str],
    comment: str,
    reasons: list[str],
    device_hash: str,
    network_hash: str,
    fingerprint: str,
) -> Response:
    """Store a citizen's answer; counted at once unless there are reasons to doubt it."""
    response = Response.objects.create(
        counter=counter,
        centre=counter.centre,
        questionnaire=questionnaire,
        submitted_at=timezone.now(),
        scores=scores,
        local_scores=local_scores,
        respondent=respondent,
        comment=comment,
        status=Response.Status.SUSPECT if reasons else Response.Status.COUNTED,
        reasons=reasons,
        device_hash=device_hash,
        network_hash=network_hash,
        fingerprint=fingerprint,
    )
    if not reasons:
        tallies.count(response)
    return response


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
