"""Reminding whom to chase (issue 15 §1): one action on a dashboard reminds every unit
of its scope that is late or silent, naming its reasons. Like the circulars' and the
campaigns' reminders, each reminder is stored as notices (notices/models.py): one in
the unit's inbox, and an e-mail to each of its administrators, which the background
worker sends; so "was this unit chased, when and by whom?" is in the notice log.

A unit is reminded at most once a day (Bangkok), whoever reminds it: the notices' keys
name the day and the unit, so a second click, a second overseer or a second tab makes
nothing new and is told how many were already reminded.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from audit.models import AuditEvent
from audit.services import record
from notices import sending
from notices.models import Notice
from oversight import chase
from oversight.scopes import Scope
from registry.models import Organisation
from thaicalendar import dates


@dataclass(frozen=True)
class Reminded:
    reminded: int  # units reminded now
    already: int  # units on the list that had been reminded earlier today
    emails: int = 0  # e-mails queued to their administrators
    without_email: int = 0  # units reminded now with no administrator to e-mail


def remind(*, user: Any, scope: Scope, today: date) -> Reminded:
    """Remind every unit of the scope to chase on `today` that was not reminded today:
    an inbox notice for the unit and an e-mail to each of its administrators, naming
    its reasons, in one transaction, the e-mails queued for the worker. The account
    must hold CHASE on the scope (403 otherwise; the scope itself was 404 outside
    what it oversees)."""
    if not chase.may_remind(scope):
        raise PermissionDenied
    notices: list[Notice] = []
    with transaction.atomic():
        figures = chase.read(scope, today)
        units = [unit for unit in figures.units if not unit.reminded_today]
        if units:
            # The unit's administrators (the role that changes its registry entry).
            admins = cap.holders_on(cap.CHANGE, [unit.pk for unit in units])
            sender = _sender(scope)
            notices = _notices(sender, figures, units, admins, user, today)
            sending.store(notices)
            record(
                actor=user,
                action=AuditEvent.Action.CREATE,
                obj=sender or user,
                before={},
                after={
                    "chased_on": today.isoformat(),
                    "scope": scope.title,
                    "units_reminded": len(units),
                },
            )
    emailed = {n.organisation_id for n in notices if n.channel == Notice.Channel.EMAIL}
    return Reminded(
        reminded=len(units),
        already=figures.reminded_today,
        emails=sum(n.channel == Notice.Channel.EMAIL for n in notices),
        without_email=len(units) - len(emailed),
    )


def _sender(scope: Scope) -> Organisation | None:
    """Who the reminder comes from: the scope's organisation, OPS PMO for the nation."""
    if scope.organisation is not None:
        return scope.organisation
    return Organisation.objects.filter(kind=Organisation.Kind.OPS_PMO).first()


def _notices(
    sender: Organisation | None,
    figures: chase.Chase,
    units: list[chase.Unit],
    admins: list[tuple[int, int, str]],
    user: Any,
    today: date,
) -> list[Notice]:
    by_unit: dict[int, list[tuple[int, str]]] = {}
    for organisation, account, email in admins:
        by_unit.setdefault(organisation, []).append((account, email))
    prefix = chase.key_prefix(today)
    notices: list[Notice] = []
    for unit in units:
        subject, body = _text(sender, unit, figures, today)
        common = {
            "kind": Notice.Kind.CHASE,
            "organisation_id": unit.pk,
            "subject": subject[:300],
            "body": body,
            "created_by": user,
        }
        notices.append(Notice(channel=Notice.Channel.INBOX, key=f"{prefix}{unit.pk}", **common))
        notices += [
            Notice(
                channel=Notice.Channel.EMAIL,
                account_id=account,
                address=email,
                key=f"{prefix}{unit.pk}:{account}",
                **common,
            )
            for account, email in by_unit.get(unit.pk, [])
        ]
    return notices


def _text(
    sender: Organisation | None, unit: chase.Unit, figures: chase.Chase, today: date
) -> tuple[str, str]:
    """The reminder's subject and text for one unit, naming its reasons."""

    # Official mail to Thai offices: written in Thai whatever the sender's language.
    with translation.override("th"):
        reasons = "\n".join(f"- {line}" for line in unit.reasons(figures.round))
        subject = _("Reminder: what %(organisation)s still owes") % {"organisation": unit.name_th}
        body = _(
            "%(sender)s reminds %(organisation)s of the following, as of %(date)s:\n"
            "%(reasons)s\n\nPlease see to them through the system.\n\n%(link)s"
        ) % {
            "sender": sender.name_th if sender is not None else "",
            "organisation": unit.name_th,
            "date": dates.format_date(today, lang="th"),
            "reasons": reasons,
            "link": sending.link(reverse("home")),
        }
    return subject, body
