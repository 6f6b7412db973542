"""Oversight's writes: the yearly targets OPS PMO sets per scope."""

from typing import Any

from django.db import transaction

from audit.models import AuditEvent
from audit.services import record, snapshot
from oversight.models import Target
from registry.models import Organisation


@transaction.atomic
def set_target(
    *, actor: Any, fiscal_year: int, organisation: Organisation | None, certified: int
) -> Target:
    """Create or change the target of a scope (the nation when `organisation` is None)
    for a fiscal year, with its audit record. Raises ValidationError, naming the field,
    for a year out of range, a negative number or an organisation that is not a scope
    targets are set for."""
    target = (
        Target.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, organisation=organisation)
        .first()
    )
    before = snapshot(target) if target is not None else None
    if target is None:
        target = Target(fiscal_year=fiscal_year, organisation=organisation)
    target.certified = certified
    target.full_clean()
    target.save()
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    record(actor=actor, action=action, obj=target, before=before)
    return target
