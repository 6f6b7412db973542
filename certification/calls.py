"""The yearly call: OPS PMO writes it, opens it, closes it and archives it. Every change
runs in a transaction with its audit record; a refusal is a ValidationError that names
the field, and nothing is saved."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import record, snapshot
from certification.models import Call
from standards.models import Level, Standard

# What OPS PMO may set on a call (the state and who opened it follow from the steps).
FIELDS = (
    "fiscal_year",
    "standard",
    "applications_open",
    "applications_close",
    "screening_deadline",
    "correction_days",
    "visits_from",
    "visits_until",
    "decision_on",
    "requires_endorsement",
)

# The only steps a call takes, each from the state before it.
STEPS = {
    Call.State.OPEN: Call.State.DRAFT,
    Call.State.CLOSED: Call.State.OPEN,
    Call.State.ARCHIVED: Call.State.CLOSED,
}


def _levels_state(call: Call) -> list[str]:
    """The levels open as the audit trail keeps them: by name, in order."""
    return [level.name for level in call.levels.order_by("order")]


def _check_levels(standard: Standard, levels: Iterable[Level]) -> None:
    foreign = [level for level in levels if level.standard_id != standard.pk]
    if foreign:
        raise ValidationError(
            {
                "levels": _("“%(level)s” is not a level of the standard %(standard)s.")
                % {"level": foreign[0].name, "standard": standard}
            }
        )


@transaction.atomic
def save_call(
    *, actor: Any, call: Call | None = None, values: dict[str, Any], levels: Iterable[Level]
) -> Call:
    """Create a call (call None) or change one. `values` holds the FIELDS; `levels` the
    levels open, all of the call's standard. Once open, the standard stays."""
    levels = list(levels)
    if call is not None:
        call = Call.objects.select_for_update().get(pk=call.pk)
        before: dict[str, Any] | None = {**snapshot(call), "levels": _levels_state(call)}
    else:
        call = Call()
        before = None
    if (
        before is not None
        and call.state != Call.State.DRAFT
        and "standard" in values
        and values["standard"].pk != call.standard_id
    ):
        raise ValidationError(
            {"standard": _("The call is open: its standard can no longer be changed.")}
        )
    if call.state == Call.State.ARCHIVED:
        raise ValidationError(_("The call is archived: it can no longer be changed."))
    for name in FIELDS:
        if name in values:
            setattr(call, name, values[name])
    fiscal_year = values.get("fiscal_year", call.fiscal_year)
    if fiscal_year and Call.objects.filter(fiscal_year=fiscal_year).exclude(pk=call.pk).exists():
        raise ValidationError(
            {
                "fiscal_year": _("There is already a call for fiscal year %(year)s.")
                % {"year": fiscal_year}
            }
        )
    call.full_clean(validate_unique=False)
    _check_levels(call.standard, levels)
    if call.state == Call.State.OPEN and not levels:
        raise ValidationError({"levels": _("An open call must keep at least one level open.")})
    call.save()
    call.levels.set(levels)
    after = {**snapshot(call), "levels": _levels_state(call)}
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    record(actor=actor, action=action, obj=call, before=before, after=after)
    return call


def _step(*, actor: Any, call: Call, to: str) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.state != STEPS[Call.State(to)]:
        raise ValidationError(
            {
                "state": _("A call that is “%(state)s” cannot become “%(to)s”.")
                % {"state": call.get_state_display(), "to": Call.State(to).label}
            }
        )
    before = snapshot(call)
    call.state = to
    if to == Call.State.OPEN:
        call.opened_at = timezone.now()
        call.opened_by = actor
    call.save()
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=call, before=before)
    return call


@transaction.atomic
def open_call(*, actor: Any, call: Call) -> Call:
    """Open a draft call to applications. Its standard must have level thresholds, and
    at least one of them must be open."""
    current = Call.objects.select_for_update().get(pk=call.pk)
    if not current.standard.levels.exists():
        raise ValidationError(
            {
                "standard": _(
                    "The standard %(standard)s has no level thresholds, so no application "
                    "could reach a level: load a version of the standard with levels first."
                )
                % {"standard": current.standard}
            }
        )
    if not current.levels.exists():
        raise ValidationError({"levels": _("Choose at least one level open to applications.")})
    current.full_clean(validate_unique=False)
    return _step(actor=actor, call=current, to=Call.State.OPEN)


@transaction.atomic
def close_call(*, actor: Any, call: Call) -> Call:
    """No new application, nor first sending, after this."""
    return _step(actor=actor, call=call, to=Call.State.CLOSED)


@transaction.atomic
def archive_call(*, actor: Any, call: Call) -> Call:
    return _step(actor=actor, call=call, to=Call.State.ARCHIVED)


# --- reading --------------------------------------------------------------------------


def open_calls() -> QuerySet[Call]:
    return Call.objects.filter(state=Call.State.OPEN).select_related("standard")


def is_taking_applications(call: Call, today: date) -> bool:
    """Whether a unit may start or first send an application today."""
    return (
        call.state == Call.State.OPEN and call.applications_open <= today <= call.applications_close
    )
