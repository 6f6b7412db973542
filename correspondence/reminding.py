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
from audit.models import AuditEvent
from audit.services import record
from correspondence import tracking
from correspondence.models import Letter, Recipient
from notices import rounds, sending
from notices.models import Notice
from saduak.problems import Incomplete, Problem
from thaicalendar import dates


def last_round(letter: Letter) -> tuple[int, Any]:
    """The number of the letter's last reminder round and when it was made, or (0,
    None): one query (notices/rounds.py)."""
    return rounds.last_round(f"reminder:{letter.pk}:", Notice.Kind.REMINDER)


def _key(
    round_of: Letter, number: int, copy: tuple[int, int], account_id: int | None = None
) -> str:
    """reminder:<letter reminded from>:<round>:<letter received>:<unit>[:<account>]"""
    letter_id, organisation_id = copy
    key = f"reminder:{round_of.pk}:{number}:{letter_id}:{organisation_id}"
    return key if account_id is None else f"{key}:{account_id}"


def remind_silent(*, user: Any, letter: Letter | int) -> int:
    """Remind every unit down the letter's cascade that has not done what its letter
    asks (the letter's recipients, and the units its forwards reached): an inbox notice
    for the unit and an e-mail to each of its correspondence officers, about the letter
    it received, all in one transaction, the e-mails queued for the worker. The account
    must correspond for the letter's sender (403 otherwise; 404 for a letter it does
    not read). Returns how many units were reminded. Refused when nobody is silent, or
    when the letter was already reminded today (Bangkok time): one reminder a day is
    enough for a unit's inbox."""
    pk = letter.pk if isinstance(letter, Letter) else letter
    with transaction.atomic():
        found = cap.access_letter(user, pk, need=cap.CORRESPOND)
        if found.state == Letter.State.DRAFT:
            raise Incomplete([Problem("letter", str(_("A draft has no recipients to remind.")))])
        # One round at a time per letter: a second click waits for the first, then sees it.
        Letter.objects.select_for_update().filter(pk=found.pk).first()
        last, when = last_round(found)
        if rounds.made_today(when):
            message = _(
                "Every silent recipient was already reminded today. Remind them again "
                "tomorrow if they still have not answered."
            )
            raise Incomplete([Problem("letter", str(message))])
        silent_copies = Recipient.objects.filter(tracking.silent_below(found)).order_by()
        copies = sorted(silent_copies.values_list("letter_id", "organisation_id"))
        if not copies:
            raise Incomplete(
                [Problem("letter", str(_("Every recipient has done what the letter asks.")))]
            )
        number = last + 1
        officers = cap.holders_on(cap.CORRESPOND, silent_copies.values("organisation_id"))
        notices = _notices(found, number, copies, officers, user)
        sending.store(notices)
        record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=found,
            before={},
            after={"reminder_round": number, "units_reminded": len(copies)},
        )
    return len(copies)


def _notices(
    found: Letter,
    number: int,
    copies: list[tuple[int, int]],
    officers: list[tuple[int, int, str]],
    user: Any,
) -> list[Notice]:
    letters = Letter.objects.select_related("sender").in_bulk({letter for letter, _org in copies})
    by_unit: dict[int, list[tuple[int, str]]] = {}
    for organisation, account, email in officers:
        by_unit.setdefault(organisation, []).append((account, email))
    notices: list[Notice] = []
    for copy in copies:
        letter = letters[copy[0]]
        subject, body = _text(letter, reminded_by=found.sender)
        notices.append(
            Notice(
                kind=Notice.Kind.REMINDER,
                channel=Notice.Channel.INBOX,
                organisation_id=copy[1],
                letter=letter,
                subject=subject[:300],
                body=body,
                key=_key(found, number, copy),
                created_by=user,
            )
        )
        notices += [
            Notice(
                kind=Notice.Kind.REMINDER,
                channel=Notice.Channel.EMAIL,
                organisation_id=copy[1],
                account_id=account,
                address=email,
                letter=letter,
                subject=subject[:300],
                body=body,
                key=_key(found, number, copy, account),
                created_by=user,
            )
            for account, email in by_unit.get(copy[1], [])
        ]
    return notices


def _text(letter: Letter, *, reminded_by: Any) -> tuple[str, str]:
    """The reminder's subject and text about the letter the unit received, in the name
    of the sender who reminds (the first sender, for a letter passed down to the unit)."""
    link = sending.link(letter.get_absolute_url())
    # Official mail to Thai offices: written in Thai whatever the sender's language.
    with translation.override("th"):
        subject = _("Reminder: letter %(reference)s, %(subject)s") % {
            "reference": letter.official_reference,
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
        if reminded_by.pk == letter.sender_id:
            template = _(
                "%(sender)s reminds you of its letter %(reference)s of %(date)s, "
                "subject: %(subject)s.\n%(asked)s%(due)s.\n\n%(link)s"
            )
        else:
            template = _(
                "%(reminder)s reminds you of the letter %(reference)s of %(date)s that "
                "%(sender)s passed on to you, subject: %(subject)s.\n%(asked)s%(due)s.\n\n%(link)s"
            )
        body = template % {
            "reminder": reminded_by.name_th,
            "sender": letter.sender.name_th,
            "reference": letter.official_reference,
            "date": dates.format_date(letter.date, lang="th") if letter.date else "–",
            "subject": letter.subject,
            "asked": asked,
            "due": due,
            "link": link,
        }
    return subject, body
