"""Document screening: the reason catalogue, assigning applications to screeners, and
the screener's judgement of a sent version (docs/certification.md, "Document
screening"). Every change runs in a transaction and writes the audit trail.

The decision is the assigned screener's alone: OPS PMO assigns and reads, but does not
decide in a screener's place (the views ask `cap.SCREEN`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from audit.models import AuditEvent
from audit.services import record, snapshot
from certification.models import (
    Application,
    ApplicationVersion,
    ItemScreening,
    ScreeningReason,
)
from saduak.problems import Problem
from thaicalendar import dates

# An application may be given to (another) screener while its current version awaits
# a screening outcome.
ASSIGNABLE = (Application.State.SENT, Application.State.IN_SCREENING)


class ScreeningRefused(Exception):
    """The judgement cannot be recorded as posted: each problem names its field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


# The longest notes a screener writes: on one item, and on the outcome.
ITEM_NOTE_MAX = 2000
NOTE_MAX = 4000


class ScreeningConflict(Exception):
    """Someone decided this application (or the unit sent a newer version) since the
    screener's page was loaded: nothing was saved."""


@dataclass
class Judgement:
    """The screener's judgement of one criterion."""

    complete: bool | None
    reason_ids: list[int] = field(default_factory=list)
    note: str = ""


# --- the reason catalogue ------------------------------------------------------------------


def _next_code() -> str:
    numbers = [
        int(code[1:])
        for code in ScreeningReason.objects.values_list("code", flat=True)
        if code[:1] == "R" and code[1:].isdigit()
    ]
    return f"R{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def add_reason(*, actor: Any, text_th: str, text_en: str = "") -> ScreeningReason:
    reason = ScreeningReason(code=_next_code(), text_th=text_th.strip(), text_en=text_en.strip())
    reason.full_clean()
    reason.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=reason)
    return reason


@transaction.atomic
def change_reason(
    *, actor: Any, reason: ScreeningReason, text_th: str, text_en: str, is_active: bool
) -> ScreeningReason:
    """Reword a reason, or retire it (is_active False): a retired reason stays on the
    judgements that gave it, and is no longer offered."""
    reason = ScreeningReason.objects.select_for_update().get(pk=reason.pk)
    before = snapshot(reason)
    reason.text_th, reason.text_en, reason.is_active = text_th.strip(), text_en.strip(), is_active
    reason.full_clean()
    reason.save()
    if snapshot(reason) != before:
        record(actor=actor, action=AuditEvent.Action.UPDATE, obj=reason, before=before)
    return reason


# --- assignment ----------------------------------------------------------------------------


@transaction.atomic
def assign(*, actor: Any, applications: Iterable[Application], screener: Any) -> int:
    """Give the applications to the screener; a sent one moves into screening. Those
    whose screening outcome is already recorded are left as they are. Returns how many
    were assigned."""
    if screener is None or not cap.may_be_assigned(screener, cap.SCREEN):
        raise ValidationError(
            {"screener": _("Choose an account that holds the document screener role.")}
        )
    ids = [a.pk for a in applications]
    locked = list(
        Application.objects.select_for_update()
        .filter(pk__in=ids, state__in=ASSIGNABLE)
        .order_by("pk")
    )
    assigned = 0
    for application in locked:
        if application.screener_id == screener.pk and application.state != Application.State.SENT:
            continue
        before = snapshot(application)
        application.screener = screener
        if application.state == Application.State.SENT:
            application.state = Application.State.IN_SCREENING
        application.save(update_fields=["screener", "state"])
        record(actor=actor, action=AuditEvent.Action.UPDATE, obj=application, before=before)
        assigned += 1
    return assigned


# --- the judgement ---------------------------------------------------------------------------


def _check(
    *,
    outcome: str,
    criteria: list[Any],
    judgements: dict[int, Judgement],
    reason_ids: list[int],
    usable: set[int],
    note: str,
) -> list[Problem]:
    problems: list[Problem] = []
    if len(note) > NOTE_MAX:
        problems.append(
            Problem("note", _("Screener's note: at most %(n)s characters.") % {"n": NOTE_MAX})
        )
    Outcome = ApplicationVersion.Outcome
    if outcome not in (Outcome.PASSED, Outcome.RETURNED, Outcome.NOT_ELIGIBLE):
        return [Problem("outcome", _("Choose the outcome of the screening."))]
    for criterion in criteria:
        judgement = judgements.get(criterion.pk)
        key = f"c{criterion.pk}"
        if judgement is None or judgement.complete is None:
            if outcome != Outcome.NOT_ELIGIBLE:
                problems.append(
                    Problem(
                        key,
                        _("Criterion %(code)s: say whether it is complete.")
                        % {"code": criterion.code},
                    )
                )
            continue
        if set(judgement.reason_ids) - usable:
            problems.append(Problem(key, _("Choose reasons from the catalogue.")))
        if len(judgement.note) > ITEM_NOTE_MAX:
            problems.append(
                Problem(
                    key,
                    _("Criterion %(code)s: the note is longer than %(n)s characters.")
                    % {"code": criterion.code, "n": ITEM_NOTE_MAX},
                )
            )
        if judgement.complete is False and not judgement.reason_ids:
            problems.append(
                Problem(
                    key,
                    _("Criterion %(code)s is incomplete: choose at least one reason.")
                    % {"code": criterion.code},
                )
            )
    incomplete = [c for c in criteria if (j := judgements.get(c.pk)) and j.complete is False]
    if outcome == Outcome.PASSED and (
        incomplete or any(judgements.get(c.pk) is None for c in criteria)
    ):
        problems.append(
            Problem(
                "outcome",
                _("An application passes screening only when every item is complete."),
            )
        )
    if outcome == Outcome.RETURNED and not incomplete:
        problems.append(
            Problem(
                "outcome",
                _("To return the application, mark at least one item incomplete."),
            )
        )
    if set(reason_ids) - usable:
        problems.append(Problem("reasons", _("Choose reasons from the catalogue.")))
    if outcome == Outcome.NOT_ELIGIBLE and not reason_ids:
        problems.append(
            Problem("reasons", _("Say why the application is not eligible: choose a reason."))
        )
    return problems


@transaction.atomic
def decide(
    *,
    actor: Any,
    application: Application,
    version_number: int,
    outcome: str,
    judgements: dict[int, Judgement],
    reason_ids: list[int],
    note: str = "",
) -> ApplicationVersion:
    """Record the screening of the application's current version: every item's
    judgement and the outcome. `version_number` is the version the screener's page
    showed: if another screener or another tab decided meanwhile, or the unit sent a
    newer version, ScreeningConflict and nothing is saved."""
    # The application's row is the lock two screeners (or two tabs) queue on: the
    # second one finds the version decided once the first commits.
    application = (
        Application.objects.select_for_update()
        .select_related("call__standard")
        .get(pk=application.pk)
    )
    version = application.versions.order_by("-number").first()
    if application.screener_id != getattr(actor, "pk", None):
        # Reassigned while the page was open: the view checked before the lock.
        raise PermissionDenied
    if (
        version is None
        or version.number != version_number
        or version.outcome != ApplicationVersion.Outcome.PENDING
        or application.state != Application.State.IN_SCREENING
    ):
        raise ScreeningConflict
    criteria = list(application.call.standard.criteria.all())
    # Reasons retired since the page was loaded are still accepted on this judgement.
    usable = set(ScreeningReason.objects.values_list("pk", flat=True))
    problems = _check(
        outcome=outcome,
        criteria=criteria,
        judgements=judgements,
        reason_ids=reason_ids,
        usable=usable,
        note=note,
    )
    if problems:
        raise ScreeningRefused(problems)
    Outcome = ApplicationVersion.Outcome
    before_version = snapshot(version)
    before_application = snapshot(application)
    rows = [
        ItemScreening(
            version=version,
            criterion=criterion,
            complete=bool(judgements[criterion.pk].complete),
            note=judgements[criterion.pk].note.strip(),
        )
        for criterion in criteria
        if criterion.pk in judgements and judgements[criterion.pk].complete is not None
    ]
    ItemScreening.objects.bulk_create(rows)
    through = ItemScreening.reasons.through
    through.objects.bulk_create(
        [
            through(itemscreening_id=row.pk, screeningreason_id=reason_id)
            for row in rows
            for reason_id in sorted(set(judgements[row.criterion_id].reason_ids))
        ]
    )
    version.outcome = outcome
    version.screened_at = timezone.now()
    version.screened_by = actor
    version.outcome_note = note.strip()
    version.save(update_fields=["outcome", "screened_at", "screened_by", "outcome_note"])
    version.outcome_reasons.set(sorted(set(reason_ids)))
    application.state = {
        Outcome.PASSED: Application.State.PASSED,
        Outcome.RETURNED: Application.State.RETURNED,
        Outcome.NOT_ELIGIBLE: Application.State.NOT_ELIGIBLE,
    }[Outcome(outcome)]
    if outcome == Outcome.RETURNED:
        application.correction_due = dates.bangkok_today() + timedelta(
            days=application.call.correction_days
        )
    else:
        application.correction_due = None
    application.save(update_fields=["state", "correction_due"])
    # The reasons and the item judgements are rows of their own, never changed once
    # written: the trail records the outcome, who and when.
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=version,
        before=before_version,
    )
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=application,
        before=before_application,
    )
    return version
