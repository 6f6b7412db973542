"""Putting certificates under watch (issue 11 §6): a certified centre that has missed or
had rejected `settings.CERTIFICATE_WATCH_AFTER_ROUNDS` maintenance rounds in a row gets
its certificate marked "under watch", and OPS PMO is offered its suspension. The watch
never suspends: suspension stays a human decision (certification.certificates).

The rule, round by round, for each report the centre owed in a round whose deadline
has passed since the certificate's first day (docs/certification.md, "Standing and
maintenance"):
- missed: the report was never sent;
- rejected: the report is returned and was not accepted by the next round's deadline
  (it stays undecided, neither a failure nor a success, until that deadline passes);
- anything else (sent, even late, and not left returned) breaks the run.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import record, snapshot
from certification.certificates import log_event
from certification.models import Certificate, CertificateEvent
from maintenance.models import Report, Round

MISSED = "missed"
REJECTED = "rejected"
UNDECIDED = "undecided"
FINE = "fine"


@dataclass(frozen=True)
class Failure:
    round: Round
    how: str


def _verdict(report: Mapping[str, Any], next_deadline: date | None, today: date) -> str:
    if report["first_submitted_at"] is None:
        return MISSED
    if report["status"] == Report.Status.RETURNED:
        if next_deadline is None or next_deadline >= today:
            return UNDECIDED
        return REJECTED
    return FINE


def failures_in_a_row(since: dict[int, date], today: date) -> dict[int, list[Failure]]:
    """For each centre (id: the first day of its certificate), the rounds it missed or
    had rejected in a row while certified, newest first, up to the last round it did
    not fail. Two queries."""
    centre_ids = sorted(since)
    rounds = list(Round.objects.filter(opened_at__isnull=False).order_by("deadline", "pk"))
    next_deadline = {
        rnd.pk: next((later.deadline for later in rounds if later.deadline > rnd.deadline), None)
        for rnd in rounds
    }
    by_pk = {rnd.pk: rnd for rnd in rounds}
    reports = (
        Report.objects.filter(centre_id__in=centre_ids, round__deadline__lt=today)
        .order_by("centre_id", "-round__deadline", "-round_id")
        .values("centre_id", "round_id", "status", "first_submitted_at")
    )
    runs: dict[int, list[Failure]] = {pk: [] for pk in centre_ids}
    ended: set[int] = set()
    for report in reports:
        centre = report["centre_id"]
        if centre in ended or report["round_id"] not in by_pk:
            continue
        if by_pk[report["round_id"]].deadline < since[centre]:
            ended.add(centre)  # before this certificate: not held against it
            continue
        verdict = _verdict(report, next_deadline[report["round_id"]], today)
        if verdict == UNDECIDED:
            continue
        if verdict == FINE:
            ended.add(centre)
            continue
        runs[centre].append(Failure(by_pk[report["round_id"]], verdict))
    return runs


def _reason(failures: list[Failure]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        names = ", ".join(
            (_("%(round)s (not sent)") if f.how == MISSED else _("%(round)s (returned)"))
            % {"round": f.round.calendar_round.name}
            for f in failures
        )
        return _(
            "The centre missed or had rejected %(count)s maintenance rounds in a row: "
            "%(rounds)s. OPS PMO may suspend the certificate."
        ) % {"count": len(failures), "rounds": names}


@transaction.atomic
def watch_certificates(*, actor: Any, today: date) -> list[Certificate]:
    """Mark under watch every active certificate (not expired on `today`) whose centre
    has failed the configured number of rounds in a row, with a WATCHED event and an
    audit record. Never suspends. Returns the certificates marked now."""
    needed = settings.CERTIFICATE_WATCH_AFTER_ROUNDS
    candidates = list(
        Certificate.objects.select_for_update()
        .filter(state=Certificate.State.ACTIVE, under_watch=False, valid_until__gte=today)
        .order_by("pk")
    )
    since: dict[int, date] = {}
    for certificate in candidates:
        since[certificate.centre_id] = min(
            since.get(certificate.centre_id, certificate.valid_from), certificate.valid_from
        )
    runs = failures_in_a_row(since, today)
    marked = []
    for certificate in candidates:
        failures = runs.get(certificate.centre_id, [])
        if len(failures) < needed:
            continue
        before = snapshot(certificate)
        certificate.under_watch = True
        certificate.full_clean()
        certificate.save(update_fields=["under_watch"])
        log_event(
            actor=actor,
            certificate=certificate,
            kind=CertificateEvent.Kind.WATCHED,
            reason=_reason(failures[:needed]),
            deadline=None,
        )
        record(actor=actor, action=AuditEvent.Action.UPDATE, obj=certificate, before=before)
        marked.append(certificate)
    return marked
