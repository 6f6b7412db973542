"""Reminding the silent (issue 12 §6): one action reminds every recipient of a letter
that has not done what the letter asks (acknowledged it, or answered it; overdue ones
included). Each reminder is stored as notices (notices/models.py), so "was this unit
reminded of that letter, and when?" has an answer: one in the unit's inbox, and an
e-mail to each of its correspondence officers, which the background worker sends.
"""

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from accounts.models import RoleAssignment
from audit.models import AuditEvent
from audit.services import record
from correspondence import tracking
from correspondence.models import Letter, Recipient
from notices import sending
from notices.models import Notice
from saduak.problems import Incomplete, Problem
from thaicalendar import dates


def last_round(letter: Letter) -> tuple[int, Any]:
    """The number of the letter's last reminder round and when it was made, or (0,
    None). A round's notices share its number in their key (`_key`), and rounds only
    grow, so the newest reminder notice names the last round: one query."""
    last = (
        Notice.objects.filter(
            letter=letter, kind=Notice.Kind.REMINDER, channel=Notice.Channel.INBOX
        )
        .order_by("-created_at", "-pk")
        .values_list("key", "created_at")
        .first()
    )
    if last is None:
        return 0, None
    return _round_of(last[0]), last[1]


def _round_of(key: str) -> int:
    parts = key.split(":")
    return int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0


def _key(letter: Letter, number: int, organisation_id: int, account_id: int | None = None) -> str:
    key = f"reminder:{letter.pk}:{number}:{organisation_id}"
    return key if account_id is None else f"{key}:{account_id}"


def correspondents(organisation_ids: Any) -> list[tuple[int, int, str]]:
    """(organisation, account, e-mail) of every active account with an e-mail address
    that holds CORRESPOND on one of the organisations: who an e-mail about a letter
    goes to. The roles are read from the capability itself, so the rule stays in one
    place (accounts/capabilities.py). `organisation_ids` may be a subquery."""
    held = (
        RoleAssignment.objects.filter(
            organisation_id__in=organisation_ids,
            role__in=sorted(cap.CORRESPOND.own),
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("organisation_id", "user_id")
        .values_list("organisation_id", "user_id", "user__email")
        .distinct()
    )
    return list(held)


def remind_silent(*, user: Any, letter: Letter | int) -> int:
    """Remind every recipient of the letter that has not done what it asks: an inbox
    notice for the unit and an e-mail to each of its correspondence officers, all in one
    transaction, the e-mails queued for the worker. The account must correspond for the
    letter's sender (403 otherwise; 404 for a letter it does not read). Returns how many
    units were reminded. Refused when nobody is silent, or when the letter was already
    reminded today (Bangkok time): one reminder a day is enough for a unit's inbox."""
    pk = letter.pk if isinstance(letter, Letter) else letter
    with transaction.atomic():
        found = cap.access_letter(user, pk, need=cap.CORRESPOND)
        if found.state == Letter.State.DRAFT:
            raise Incomplete([Problem("letter", str(_("A draft has no recipients to remind.")))])
        # One round at a time per letter: a second click waits for the first, then sees it.
        Letter.objects.select_for_update().filter(pk=found.pk).first()
        last, when = last_round(found)
        if when is not None and dates.local_date(when) == dates.bangkok_today():
            message = _(
                "Every silent recipient was already reminded today. Remind them again "
                "tomorrow if they still have not answered."
            )
            raise Incomplete([Problem("letter", str(message))])
        silent_units = (
            Recipient.objects.filter(tracking.silent_q(found), letter=found)
            .order_by()
            .values("organisation_id")
        )
        silent = sorted(silent_units.values_list("organisation_id", flat=True))
        if not silent:
            raise Incomplete(
                [Problem("letter", str(_("Every recipient has done what the letter asks.")))]
            )
        number = last + 1
        notices = _notices(found, number, silent, correspondents(silent_units), user)
        sending.store(notices)
        record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=found,
            before={},
            after={"reminder_round": number, "units_reminded": len(silent)},
        )
    return len(silent)


def _notices(
    letter: Letter,
    number: int,
    silent: list[int],
    officers: list[tuple[int, int, str]],
    user: Any,
) -> list[Notice]:
    link = sending.link(tracking.letter_url(letter.pk))
    # Official mail to Thai offices: written in Thai whatever the sender's language.
    with translation.override("th"):
        subject = _("Reminder: letter %(reference)s, %(subject)s") % {
            "reference": dates.thai_digits(letter.reference),
            "subject": letter.subject,
        }
        if letter.action == Letter.Action.ANSWER:
            asked = _("Please answer it through the system")
        elif letter.action == Letter.Action.ACKNOWLEDGE:
            asked = _("Please acknowledge it in your incoming register through the system")
        else:
            asked = _("Please read it in the system")
        due = ""
        if letter.due_date:
            due = " " + _("by %(date)s") % {"date": dates.format_date(letter.due_date, lang="th")}
        body = _(
            "%(sender)s reminds you of its letter %(reference)s of %(date)s, "
            "subject: %(subject)s.\n%(asked)s%(due)s.\n\n%(link)s"
        ) % {
            "sender": letter.sender.name_th,
            "reference": dates.thai_digits(letter.reference),
            "date": dates.format_date(letter.date, lang="th") if letter.date else "–",
            "subject": letter.subject,
            "asked": asked,
            "due": due,
            "link": link,
        }
    notices = [
        Notice(
            kind=Notice.Kind.REMINDER,
            channel=Notice.Channel.INBOX,
            organisation_id=org,
            letter=letter,
            subject=subject[:300],
            body=body,
            key=_key(letter, number, org),
            created_by=user,
        )
        for org in silent
    ]
    notices += [
        Notice(
            kind=Notice.Kind.REMINDER,
            channel=Notice.Channel.EMAIL,
            organisation_id=org,
            account_id=account,
            address=email,
            letter=letter,
            subject=subject[:300],
            body=body,
            key=_key(letter, number, org, account),
            created_by=user,
        )
        for org, account, email in officers
    ]
    return notices
