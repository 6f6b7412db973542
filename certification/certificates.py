"""The committee's decision and the certificates it issues: every change of a
certificate's state goes through here, in a transaction, as a CertificateEvent and an
audit record (docs/certification.md, "Decision and certificates").

Numbers come from CertificateSequence, locked with SELECT … FOR UPDATE for the length
of the decision's transaction: two decisions recorded at once take consecutive numbers,
and a decision that fails rolls its number back with it, so no number repeats and none
is skipped.
"""

import calendar
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import record, snapshot
from certification.models import (
    Application,
    Certificate,
    CertificateEvent,
    CertificateSequence,
    Decision,
)
from standards.models import Level
from thaicalendar import dates
from thaicalendar.templatetags.thaidate import thaidate

# How far ahead a suspension's deadline to fix may be set.
SUSPENSION_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day if it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(valid_from: date) -> date:
    """The last day of a certificate issued on `valid_from`: CERTIFICATE_YEARS later,
    less a day (issued 1 March 2565, valid until 28 February 2568)."""
    return add_months(valid_from, 12 * settings.CERTIFICATE_YEARS) - timedelta(days=1)


def format_number(fiscal_year: int, running: int) -> str:
    return str(settings.CERTIFICATE_NUMBER_PATTERN.format(year=fiscal_year, number=running))


def _take_number(fiscal_year: int) -> str:
    """The next number of the fiscal year, the year's row locked until the transaction
    ends (a second decision waits here for the first to commit or roll back)."""
    CertificateSequence.objects.get_or_create(fiscal_year=fiscal_year)
    sequence = CertificateSequence.objects.select_for_update().get(fiscal_year=fiscal_year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return format_number(fiscal_year, sequence.last)


def log_event(
    *, actor: Any, certificate: Certificate, kind: str, reason: str = "", deadline: date | None
) -> CertificateEvent:
    """Store a change of the certificate's state, and its audit record."""
    by = actor if getattr(actor, "is_authenticated", False) else None
    event = CertificateEvent.objects.create(
        certificate=certificate, kind=kind, reason=reason, deadline=deadline, by=by
    )
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=event)
    return event


# --- the decision -----------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    application: Application,
    certified: bool,
    level: Level | None = None,
    reasons: str = "",
    decided_on: date | None = None,
) -> Decision:
    """Record the committee's decision. Certified: at a level no higher than the one the
    team's consensus reached, and a certificate is issued; not certified: with reasons.
    Refused while the team's consensus is not closed, and for a second decision."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("consensus_level", "call")
        .get(pk=application.pk)
    )
    if Decision.objects.filter(application=application).exists():
        raise ValidationError(
            {"outcome": _("The committee has already decided on this application.")}
        )
    if application.state != Application.State.ASSESSED or application.consensus_closed_at is None:
        raise ValidationError(
            {
                "outcome": _(
                    "The assessment team has not closed its consensus score yet: every "
                    "scorebook must be complete and the chair must close the consensus "
                    "before the committee decides."
                )
            }
        )
    decided_on = decided_on or dates.bangkok_today()
    reasons = reasons.strip()
    errors: dict[str, str] = {}
    closed_on = dates.local_date(application.consensus_closed_at)
    if decided_on > dates.bangkok_today():
        errors["decided_on"] = _("The decision date cannot be in the future.")
    elif decided_on < closed_on:
        # A decision dated back would issue a certificate that began (or even ended)
        # before the assessment it rests on, and supersede a newer one.
        errors["decided_on"] = _(
            "The decision date cannot be before the team closed its consensus (%(date)s)."
        ) % {"date": thaidate(closed_on)}
    if certified:
        reached = application.consensus_level
        if level is None:
            errors["level"] = _("Choose the level at which the centre is certified.")
        elif level.standard_id != application.call.standard_id:
            errors["level"] = _("This level is not one of the call's standard.")
        elif reached is None or level.order > reached.order:
            errors["level"] = _(
                "The level cannot be above the level the assessment reached (%(level)s)."
            ) % {"level": reached.name if reached else _("none")}
    elif not reasons:
        errors["reasons"] = _("Give the reasons why the centre is not certified.")
    if errors:
        raise ValidationError(errors)

    decision = Decision(
        application=application,
        outcome=Decision.Outcome.CERTIFIED if certified else Decision.Outcome.NOT_CERTIFIED,
        level=level if certified else None,
        reasons=reasons,
        decided_on=decided_on,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=decision)

    before = snapshot(application)
    application.state = (
        Application.State.CERTIFIED if certified else Application.State.NOT_CERTIFIED
    )
    application.save(update_fields=["state"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=application, before=before)
    if certified:
        assert level is not None
        _issue(actor=actor, application=application, level=level, on=decided_on)
    return decision


def _issue(*, actor: Any, application: Application, level: Level, on: date) -> Certificate:
    fiscal_year = dates.fiscal_year(on)
    earlier = list(
        Certificate.objects.select_for_update().filter(
            centre_id=application.centre_id,
            state__in=Certificate.LIVE_STATES,
            # Only an older certificate gives way; a newer one stays in force.
            valid_from__lte=on,
        )
    )
    certificate = Certificate(
        number=_take_number(fiscal_year),
        centre_id=application.centre_id,
        application=application,
        level=level,
        fiscal_year=fiscal_year,
        valid_from=on,
        valid_until=valid_until(on),
        state=Certificate.State.ACTIVE,
        state_changed_at=timezone.now(),
    )
    certificate.full_clean()
    certificate.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=certificate)
    log_event(
        actor=actor, certificate=certificate, kind=CertificateEvent.Kind.ISSUED, deadline=None
    )
    for old in earlier:
        _change(
            actor=actor,
            certificate=old,
            state=Certificate.State.SUPERSEDED,
            kind=CertificateEvent.Kind.SUPERSEDED,
            reason=_("Superseded by certificate %(number)s.") % {"number": certificate.number},
        )
    return certificate


# --- changes of state -------------------------------------------------------------------


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _change(
    *,
    actor: Any,
    certificate: Certificate,
    state: str,
    kind: str,
    reason: str = "",
    deadline: date | None = None,
) -> Certificate:
    before = snapshot(certificate)
    certificate.state = state
    certificate.suspended_until = deadline if state == Certificate.State.SUSPENDED else None
    certificate.state_changed_at = timezone.now()
    certificate.save(update_fields=["state", "suspended_until", "state_changed_at"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=certificate, before=before)
    log_event(actor=actor, certificate=certificate, kind=kind, reason=reason, deadline=deadline)
    return certificate


@transaction.atomic
def suspend(
    *, actor: Any, certificate: Certificate, reason: str, deadline: date | None
) -> Certificate:
    """Suspend a valid certificate until the centre fixes what is wrong, by a deadline
    after today and at most six months ahead."""
    certificate = _locked(certificate)
    today = dates.bangkok_today()
    if certificate.state != Certificate.State.ACTIVE or certificate.is_expired_on(today):
        raise ValidationError({"reason": _("Only a valid certificate can be suspended.")})
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the suspension.")
    if deadline is None:
        errors["deadline"] = _("Give the date by which the centre must fix it.")
    elif deadline <= today:
        errors["deadline"] = _("The date to fix it by must be after today.")
    elif deadline > add_months(today, SUSPENSION_MONTHS):
        errors["deadline"] = _("The date to fix it by can be at most six months from today.")
    if errors:
        raise ValidationError(errors)
    return _change(
        actor=actor,
        certificate=certificate,
        state=Certificate.State.SUSPENDED,
        kind=CertificateEvent.Kind.SUSPENDED,
        reason=reason.strip(),
        deadline=deadline,
    )


@transaction.atomic
def reinstate(*, actor: Any, certificate: Certificate, reason: str = "") -> Certificate:
    """Make a suspended certificate valid again: never one that has expired meanwhile."""
    certificate = _locked(certificate)
    if certificate.state != Certificate.State.SUSPENDED:
        raise ValidationError({"reason": _("Only a suspended certificate can be reinstated.")})
    if certificate.is_expired_on(dates.bangkok_today()):
        raise ValidationError(
            {
                "reason": _(
                    "This certificate expired on %(date)s: it cannot be reinstated. The "
                    "centre must apply again."
                )
                % {"date": dates.format_date(certificate.valid_until)}
            }
        )
    return _change(
        actor=actor,
        certificate=certificate,
        state=Certificate.State.ACTIVE,
        kind=CertificateEvent.Kind.REINSTATED,
        reason=reason.strip(),
    )


@transaction.atomic
def revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate for good."""
    certificate = _locked(certificate)
    if certificate.state not in Certificate.LIVE_STATES:
        raise ValidationError(
            {"reason": _("Only a valid or suspended certificate can be revoked.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    return _change(
        actor=actor,
        certificate=certificate,
        state=Certificate.State.REVOKED,
        kind=CertificateEvent.Kind.REVOKED,
        reason=reason.strip(),
    )
