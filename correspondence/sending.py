"""Sending a letter: in one transaction, the draft is checked, given its number from the
sender's outgoing register, frozen with the organisations it goes to, and its delivery
queued (correspondence/delivery.py does the rest in the background).

Numbers come from `RegisterYear`, one row per organisation, calendar year (BE) and kind
of letter (circulars run their own series), locked with SELECT … FOR UPDATE until the
sending commits: two letters sent at the same moment take consecutive numbers, and a
sending that is refused or fails rolls its number back with it, so no number repeats
and none is skipped (the house pattern of certification/certificates.py).

A refused sending changes nothing: no number is taken, the letter stays a draft, and
no delivery is queued.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from audit.models import AuditEvent
from audit.services import record, snapshot
from correspondence import recipients
from correspondence.models import Letter, Letterhead, Party, RegisterYear
from registry.models import Organisation
from saduak.problems import Incomplete, Problem
from thaicalendar import dates


def take_number(*, organisation_id: int, year: int, kind: str) -> int:
    """The next number of the organisation's register for the year and kind, its row
    locked until the transaction ends (a second sending waits here for the first to
    commit or roll back)."""
    # The year's first letter creates the row. Two first letters at once: both insert,
    # the database keeps one (the other waits on the unique index, then does nothing),
    # and both then lock that one row.
    RegisterYear.objects.bulk_create(
        [RegisterYear(organisation_id=organisation_id, year=year, kind=kind)],
        ignore_conflicts=True,
    )
    register = RegisterYear.objects.select_for_update().get(
        organisation_id=organisation_id, year=year, kind=kind
    )
    register.last += 1
    register.save(update_fields=["last"])
    return register.last


def ancestors(letter: Letter) -> list[Letter]:
    """The letters above a forward in its cascade, nearest first: the letter it passes
    on, the one that letter passed on, … up to the root. Empty for a first letter."""
    found: list[Letter] = []
    copy = letter.forwards
    while copy is not None:
        above = Letter.objects.select_related("forwards__letter").get(pk=copy.letter_id)
        if above.pk in {a.pk for a in found}:
            break  # a cycle cannot be made, but a loop here must never spin
        found.append(above)
        copy = above.forwards
    return found


def problems_before_sending(
    letter: Letter, groups: list[recipients.Group], revision: int
) -> tuple[list[Problem], list[int], Letterhead | None]:
    """What stops the draft from going to these groups (each on its field), the ids of
    the organisations they hold, and the sender's letterhead: the confirmation page
    asks it first, and the sending again, under its lock."""
    problems: list[Problem] = []
    if letter.revision != revision:
        problems.append(
            Problem(
                "revision",
                _("The letter was changed after you chose its recipients. Check it, then send."),
            )
        )
    problems.extend(letter.missing())
    letterhead = Letterhead.of(letter.sender_id)
    if letterhead is None:
        problems.append(
            Problem(
                "letterhead",
                _(
                    "Your organisation has no letter code yet: its correspondence officer "
                    "must set its letterhead before a letter can be numbered."
                ),
            )
        )
    ids = recipients.resolve(groups, sender=letter.sender)
    if not ids:
        problems.append(Problem("recipients", _("Choose at least one recipient.")))
    elif letter.forwards_id:
        # A forward opens the letters above it to its recipients (their Party rows), so
        # it goes down the chain only: to the units its sender oversees.
        outside = list(
            Organisation.objects.filter(pk__in=ids)
            .exclude(cap.overseen_by(letter.sender))
            .order_by("name_th")
            .values_list("name_th", flat=True)[:5]
        )
        if outside:
            problems.append(
                Problem(
                    "recipients",
                    _(
                        "A letter passed down goes only to the units %(sender)s oversees; "
                        "these are not among them: %(names)s."
                    )
                    % {"sender": letter.sender.name_th, "names": ", ".join(outside)},
                )
            )
    elif letter.kind == Letter.Kind.SINGLE and len(ids) != 1:
        problems.append(
            Problem(
                "recipients",
                _(
                    "A letter to one recipient goes to exactly one organisation; these "
                    "groups hold %(count)s. Choose one, or make the letter a circular (ว)."
                )
                % {"count": len(ids)},
            )
        )
    return problems, ids, letterhead


@transaction.atomic
def send_letter(
    *, user: Any, letter: Letter, selection: list[recipients.Group], revision: int
) -> Letter:
    """Number the draft, freeze it with its recipients and queue its delivery. Refused
    (Incomplete, each problem on its field, nothing changed) for a letter that is not a
    draft any more, changed since `revision`, missing a required part, whose sender has
    no letterhead, with no recipient, or a letter to one recipient chosen for several."""
    from correspondence import delivery  # the task imports this module's helpers

    current = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("sender", "forwards")
        .get(pk=letter.pk)
    )
    if not cap.can(user, cap.CORRESPOND, current.sender):
        raise Incomplete([Problem("sender", _("You do not write letters for this organisation."))])
    if current.state != Letter.State.DRAFT:
        raise Incomplete([Problem("state", _("This letter has already been sent."))])
    problems, ids, letterhead = problems_before_sending(current, selection, revision)
    today = dates.bangkok_today()
    if not problems:
        current.date = today
        try:
            current.clean()
        except ValidationError as error:
            problems.extend(
                Problem(field, str(message))
                for field, messages in error.message_dict.items()
                for message in messages
            )
    if problems:
        raise Incomplete(problems)
    assert letterhead is not None

    before = snapshot(current)
    now = timezone.now()
    current.year = dates.be_year(today.year)
    current.letter_code = letterhead.letter_code
    current.number = take_number(
        organisation_id=current.sender_id, year=current.year, kind=current.kind
    )
    current.selection = recipients.stored_selection(selection, sender=current.sender)
    current.chosen_ids = ids
    current.recipient_count = len(ids)
    current.state = Letter.State.SENDING
    current.sent_at = now
    current.sent_by = user
    above = ancestors(current)
    if current.root_id is None:
        # Set when a forward is written; a first letter is its own cascade's root.
        current.root = above[-1] if above else current
        current.depth = len(above)
    current.save()
    # The sender reads its letter; a forward is read by every sender above it too.
    senders = {current.sender_id} | {a.sender_id for a in above}
    Party.objects.bulk_create(
        [Party(letter=current, organisation_id=pk) for pk in sorted(senders)],
        ignore_conflicts=True,
    )
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    delivery.deliver.enqueue(current.pk)
    return current
