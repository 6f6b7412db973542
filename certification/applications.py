"""A unit's application, from the first draft to its sending, the endorsement above it
and its withdrawal. Every change runs in a transaction with its audit record; a
refusal names the field or the criterion, and nothing is half-saved.

After screening returns an application (state RETURNED, the screener's judgement in
ItemScreening rows of the latest version), the unit may change only the items flagged
incomplete, until the correction deadline."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import record, snapshot
from certification.calls import is_taking_applications
from certification.models import (
    Application,
    ApplicationEvidence,
    ApplicationItem,
    ApplicationVersion,
    Call,
    ItemScreening,
)
from maintenance.evidence import check_upload
from registry.models import ServiceCentre
from saduak.problems import DraftConflict, Incomplete, Problem
from standards.models import Criterion, Level
from thaicalendar import dates
from thaicalendar.templatetags.thaidate import thaidate as format_date


class NotEditable(Exception):
    """The application is not a draft nor returned for correction: the unit cannot
    change it."""


# An answer as posted: met (basic requirements), self-score (scored criteria), comment.
Answer = tuple[bool | None, Decimal | None, str]


def criteria_of(application: Application) -> list[Criterion]:
    return list(application.call.standard.criteria.select_related("dimension").all())


def label(criterion: Criterion) -> str:
    return f"{criterion.code} {criterion.text}"


def flagged_ids(application: Application) -> set[int] | None:
    """The criteria the screener marked incomplete on the latest version, which alone
    may change after a return; None when the application is not returned."""
    if application.state != Application.State.RETURNED:
        return None
    latest = application.versions.order_by("-number").first()
    if latest is None:
        return set()
    return set(
        ItemScreening.objects.filter(version=latest, complete=False).values_list(
            "criterion_id", flat=True
        )
    )


# --- starting -------------------------------------------------------------------------


@transaction.atomic
def start_application(
    *, actor: Any, call: Call, centre: ServiceCentre, level: Level, today: date | None = None
) -> Application:
    """Start a draft for the centre at the level, with one empty item per criterion of
    the call's standard. One live application per centre and call."""
    today = today or dates.bangkok_today()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not is_taking_applications(call, today):
        raise ValidationError(
            {
                "call": _(
                    "The call takes applications from %(start)s to %(end)s, while it is open."
                )
                % {
                    "start": format_date(call.applications_open),
                    "end": format_date(call.applications_close),
                }
            }
        )
    if not call.levels.filter(pk=level.pk).exists():
        raise ValidationError({"level": _("This level is not open in this call.")})
    if not centre.is_active:
        raise ValidationError({"centre": _("This service centre is closed.")})
    live = Application.objects.filter(call=call, centre=centre).exclude(
        state=Application.State.WITHDRAWN
    )
    if live.exists():
        raise ValidationError({"centre": _("This centre already has an application in this call.")})
    application = Application(call=call, centre=centre, level=level, created_by=actor)
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # the same centre started twice at once
        raise ValidationError(
            {"centre": _("This centre already has an application in this call.")}
        ) from exc
    ApplicationItem.objects.bulk_create(
        [
            ApplicationItem(application=application, criterion=criterion)
            for criterion in call.standard.criteria.all()
        ]
    )
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=application)
    return application


# --- the draft ------------------------------------------------------------------------


def _lock_editable(application: Application) -> Application:
    current = (
        Application.objects.select_for_update()
        .select_related("call__standard", "centre__organisation", "level")
        .get(pk=application.pk)
    )
    if not current.is_editable_by_unit:
        raise NotEditable
    return current


def _refuse_unflagged(criterion: Criterion, flagged: set[int] | None, field: str) -> None:
    if flagged is not None and criterion.pk not in flagged:
        raise ValidationError(
            {
                field: _(
                    "%(criterion)s was not flagged by the screener: after a return only "
                    "the flagged items may change."
                )
                % {"criterion": label(criterion)}
            }
        )


def _checked_answer(criterion: Criterion, answer: Answer) -> Answer:
    met, score, comment = answer
    if criterion.is_scored:
        if score is not None and not (Decimal(0) <= score <= (criterion.max_points or 0)):
            raise ValidationError(
                {
                    f"item-{criterion.pk}-score": _(
                        "%(criterion)s: the self-score must be between 0 and %(max)s."
                    )
                    % {"criterion": label(criterion), "max": criterion.max_points}
                }
            )
        if score is not None and score != score.quantize(Decimal("0.01")):
            raise ValidationError(
                {
                    f"item-{criterion.pk}-score": _(
                        "%(criterion)s: the self-score may have at most two decimals."
                    )
                    % {"criterion": label(criterion)}
                }
            )
        return None, score, comment
    return met, None, comment


@transaction.atomic
def save_draft(
    *, actor: Any, application: Application, base_revision: int, answers: dict[int, Answer]
) -> Application:
    """Store the draft as typed: `answers` maps criterion ids to (met, self-score,
    comment). Every answer is checked before any is stored. Refused with DraftConflict
    if someone saved since `base_revision` and this save would change what they wrote."""
    current = _lock_editable(application)
    criteria = {c.pk: c for c in criteria_of(current)}
    items = {i.criterion_id: i for i in current.items.all()}
    flagged = flagged_ids(current)
    changed: list[tuple[ApplicationItem, dict[str, Any] | None]] = []
    for criterion_id, answer in answers.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            continue
        met, score, comment = _checked_answer(criterion, answer)
        item = items.get(criterion_id) or ApplicationItem(application=current, criterion=criterion)
        old = (item.met, item.self_score, item.comment)
        if old == (met, score, comment):
            continue
        _refuse_unflagged(criterion, flagged, "criterion")
        before = snapshot(item) if item.pk else None
        item.met, item.self_score, item.comment = met, score, comment
        changed.append((item, before))
    if changed and current.revision != base_revision:
        raise DraftConflict(current)
    for item, before in changed:
        item.full_clean(validate_constraints=False)
        item.save()
        # One record per answer changed, in the item's own labelled fields.
        action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
        record(actor=actor, action=action, obj=item, before=before)
    current.revision = F("revision") + 1
    current.save(update_fields=["revision"])
    current.refresh_from_db()
    return current


@transaction.atomic
def add_evidence(
    *,
    actor: Any,
    application: Application,
    criterion: Criterion,
    upload: UploadedFile | None,
    link: str,
) -> ApplicationEvidence:
    """Attach a file (checked by content and size, saduak/uploads.py) or a link to one
    criterion."""
    current = _lock_editable(application)
    if criterion.standard_id != current.call.standard_id:
        raise ValidationError({"criterion": _("This criterion is not in the call's standard.")})
    _refuse_unflagged(criterion, flagged_ids(current), "criterion")
    evidence = ApplicationEvidence(application=current, criterion=criterion, uploaded_by=actor)
    if upload is not None:
        content, kind, digest = check_upload(upload)
        evidence.original_name = (upload.name or "")[:255]
        evidence.kind, evidence.extension = kind.kind, kind.extension
        evidence.content_type = kind.content_type
        evidence.size, evidence.sha256 = len(content), digest
        evidence.file.save("evidence", ContentFile(content), save=False)
    else:
        evidence.link = link
    evidence.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=evidence)
    return evidence


@transaction.atomic
def withdraw_evidence(*, actor: Any, evidence: ApplicationEvidence) -> None:
    """Take a piece of evidence off the draft; sent versions keep listing it, so the
    file stays."""
    current = _lock_editable(Application(pk=evidence.application_id))
    _refuse_unflagged(evidence.criterion, flagged_ids(current), "criterion")
    before = snapshot(evidence)
    evidence.withdrawn = True
    evidence.save(update_fields=["withdrawn"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=evidence, before=before)


# --- sending ----------------------------------------------------------------------------


def _evidence_by_criterion(application: Application) -> dict[int, list[ApplicationEvidence]]:
    grouped: dict[int, list[ApplicationEvidence]] = {}
    for piece in application.evidence.filter(withdrawn=False):
        grouped.setdefault(piece.criterion_id, []).append(piece)
    return grouped


def problems_before_sending(application: Application) -> list[Problem]:
    """What must still be filled before the application can be sent: an answer and at
    least one piece of evidence for every criterion."""
    problems: list[Problem] = []
    items = {i.criterion_id: i for i in application.items.all()}
    evidence = _evidence_by_criterion(application)
    for criterion in criteria_of(application):
        item = items.get(criterion.pk)
        anchor = f"item-{criterion.pk}"
        if criterion.is_scored and (item is None or item.self_score is None):
            problems.append(
                Problem(anchor, _("%(c)s: give a self-score.") % {"c": label(criterion)})
            )
        elif not criterion.is_scored and (item is None or item.met is None):
            problems.append(
                Problem(anchor, _("%(c)s: say whether it is met.") % {"c": label(criterion)})
            )
        if not evidence.get(criterion.pk):
            problems.append(Problem(anchor, _("%(c)s: attach evidence.") % {"c": label(criterion)}))
    return problems


def content_of(application: Application) -> dict[str, Any]:
    """What a version freezes: {criterion code: {"met", "self_score", "comment",
    "evidence"}}. Screening reads this shape."""
    items = {i.criterion_id: i for i in application.items.all()}
    evidence = _evidence_by_criterion(application)
    content: dict[str, Any] = {}
    for criterion in criteria_of(application):
        item = items.get(criterion.pk)
        score = item.self_score if item else None
        content[criterion.code] = {
            "met": item.met if item else None,
            "self_score": f"{score:.2f}" if score is not None else None,
            "comment": item.comment if item else "",
            "evidence": [piece.as_record() for piece in evidence.get(criterion.pk, [])],
        }
    return content


@transaction.atomic
def send(
    *, actor: Any, application: Application, base_revision: int, today: date | None = None
) -> ApplicationVersion:
    """Freeze the draft as the next version. The first sending goes to the supervising
    organisation for endorsement where the call requires it, else to screening; a
    correction goes straight back to its screener."""
    today = today or dates.bangkok_today()
    current = _lock_editable(application)
    if current.revision != base_revision:
        raise DraftConflict(current)
    returned = current.state == Application.State.RETURNED
    if returned and current.correction_due and today > current.correction_due:
        raise ValidationError(
            {
                "correction_due": _(
                    "The corrections were due by %(date)s: the application can no longer "
                    "be sent. Contact OPS PMO."
                )
                % {"date": format_date(current.correction_due)}
            }
        )
    if not returned and not is_taking_applications(current.call, today):
        raise ValidationError(
            {
                "call": _("The call took applications until %(date)s.")
                % {"date": format_date(current.call.applications_close)}
            }
        )
    problems = problems_before_sending(current)
    if problems:
        raise Incomplete(problems)
    now = timezone.now()
    number = current.versions.count() + 1
    version = ApplicationVersion.objects.create(
        application=current,
        number=number,
        content=content_of(current),
        sent_at=now,
        sent_by=actor,
    )
    before = snapshot(current)
    if current.first_sent_at is None:
        current.first_sent_at = now
    if returned:
        current.state = (
            Application.State.IN_SCREENING if current.screener_id else Application.State.SENT
        )
    elif current.call.requires_endorsement and current.endorsed_at is None:
        current.state = Application.State.AWAITING_ENDORSEMENT
    else:
        current.state = Application.State.SENT
    current.revision = F("revision") + 1
    current.save()
    current.refresh_from_db()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=version, after={"number": number})
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return version


@transaction.atomic
def endorse(*, actor: Any, application: Application) -> Application:
    """The supervising organisation endorses the application; it goes to screening."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.state != Application.State.AWAITING_ENDORSEMENT:
        raise ValidationError({"state": _("This application is not awaiting endorsement.")})
    before = snapshot(current)
    current.state = Application.State.SENT
    current.endorsed_at = timezone.now()
    current.endorsed_by = actor
    current.save(update_fields=["state", "endorsed_at", "endorsed_by"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current


@transaction.atomic
def withdraw(*, actor: Any, application: Application) -> Application:
    """The unit withdraws its application, at any time before a decision."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.is_decided:
        raise ValidationError(
            {
                "state": _("An application that is “%(state)s” can no longer be withdrawn.")
                % {"state": current.get_state_display()}
            }
        )
    before = snapshot(current)
    current.state = Application.State.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["state", "withdrawn_at"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current
