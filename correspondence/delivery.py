"""Delivering a sent letter, in the background: a copy in every recipient's inbox
(`Recipient`), the parties who may read it (`Party`), and an e-mail to each of the
recipient's correspondence officers with a link to the letter.

The work goes in chunks of settings.LETTER_DELIVERY_CHUNK recipients, each chunk one
transaction. Every row is keyed (a letter reaches a unit once, a party is one row, a
notice has one key) and written with INSERT … ON CONFLICT DO NOTHING, so the task may be
run again at any point, by a second worker or after a worker was stopped in the middle:
what was done stays, once; what was not is done now. `resume` (run by `manage.py work`
before it starts) queues again every letter still being delivered.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import capabilities as cap
from correspondence import tallies
from correspondence.models import Letter, Party, Recipient
from correspondence.sending import ancestors
from notices import sending as notices
from notices.models import Notice
from registry.models import Organisation
from saduak import background
from thaicalendar import dates


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _notices(letter: Letter, organisation_ids: list[int]) -> list[Notice]:
    """The NEW_LETTER e-mail to every correspondence officer of the organisations."""
    holders = cap.holders_on(cap.CORRESPOND, organisation_ids)
    if not holders:
        return []
    names = dict(
        Organisation.objects.filter(pk__in={org for org, _u, _e in holders}).values_list(
            "pk", "name_th"
        )
    )
    link = notices.link(letter.get_absolute_url())
    # Notices are official correspondence: written in Thai, whoever runs the worker.
    with translation.override("th"):
        subject = _("New letter %(reference)s: %(subject)s") % {
            "reference": letter.official_reference,
            "subject": letter.subject,
        }
        urgency = letter.get_urgency_display() if letter.urgency else ""
        notices_made = []
        for organisation_id, account_id, address in holders:
            body = _(
                "%(recipient)s has a new letter from %(sender)s in its inbox.\n\n"
                "%(urgency)sNo. %(reference)s dated %(date)s\nSubject: %(subject)s\n"
                "To do: %(action)s\n\nOpen the letter: %(link)s\n"
            ) % {
                "recipient": names.get(organisation_id, ""),
                "sender": letter.sender.name_th,
                "urgency": f"{urgency}\n" if urgency else "",
                "reference": letter.official_reference,
                "date": dates.format_date(letter.date, lang="th", digits="thai")
                if letter.date
                else "",
                "subject": letter.subject,
                "action": letter.get_action_display(),
                "link": link,
            }
            notices_made.append(
                Notice(
                    kind=Notice.Kind.NEW_LETTER,
                    channel=Notice.Channel.EMAIL,
                    organisation_id=organisation_id,
                    account_id=account_id,
                    address=address,
                    letter=letter,
                    subject=subject[:300],
                    body=body,
                    key=f"new_letter:{letter.pk}:{organisation_id}:{account_id}",
                    created_by_id=letter.sent_by_id,
                )
            )
    return notices_made


def _deliver_chunk(letter: Letter, chunk: list[int], above: list[int], now: datetime) -> None:
    with transaction.atomic():
        Recipient.objects.bulk_create(
            [Recipient(letter=letter, organisation_id=pk, delivered_at=now) for pk in chunk],
            ignore_conflicts=True,
            batch_size=settings.LETTER_DELIVERY_CHUNK,
        )
        tallies.changed(chunk)
        # The recipients read the letter, and every letter above it in the cascade.
        Party.objects.bulk_create(
            [
                Party(letter_id=lid, organisation_id=pk)
                for lid in [letter.pk, *above]
                for pk in chunk
            ],
            ignore_conflicts=True,
            batch_size=settings.LETTER_DELIVERY_CHUNK,
        )
        notices.store(_notices(letter, chunk))


@task()
def deliver(letter_id: int) -> dict[str, Any]:
    """Deliver the letter to every organisation it was sent to that has not got it yet,
    then mark it sent. Safe to run twice, or in two workers at once."""
    letter = Letter.objects.select_related("sender", "forwards").filter(pk=letter_id).first()
    if letter is None or letter.state != Letter.State.SENDING:
        return {"delivered": 0}
    done = set(
        Recipient.objects.filter(letter_id=letter.pk).values_list("organisation_id", flat=True)
    )
    todo = [pk for pk in letter.chosen_ids if pk not in done]
    above = [a.pk for a in ancestors(letter)]
    for chunk in _chunks(todo, settings.LETTER_DELIVERY_CHUNK):
        _deliver_chunk(letter, chunk, above, timezone.now())
    Letter.objects.filter(pk=letter.pk, state=Letter.State.SENDING).update(
        state=Letter.State.SENT, delivered_at=timezone.now()
    )
    return {"delivered": len(todo)}


def progress(letter: Letter) -> tuple[int, int]:
    """(delivered, to deliver) for the sending panel."""
    if letter.state == Letter.State.SENT:
        return letter.recipient_count, letter.recipient_count
    if letter.state == Letter.State.DRAFT:
        return 0, 0
    return Recipient.objects.filter(letter_id=letter.pk).count(), letter.recipient_count


def resume() -> int:
    """Queue again the delivery of every letter still being delivered whose task is not
    waiting in the queue any more (a worker was stopped in the middle of it: its task
    stays "running" for ever). Returns how many were queued."""
    waiting = set(background.waiting(f"{__name__}.deliver"))
    ids = [
        pk
        for pk in Letter.objects.filter(state=Letter.State.SENDING).values_list("pk", flat=True)
        if pk not in waiting
    ]
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
