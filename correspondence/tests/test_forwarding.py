"""Passing a letter down the chain: a forward goes only to the units its sender
oversees (its recipients come to read the letters above it), by the received letter's
due date at the latest; and an overseer reading a copy from above does not open it for
the unit. On the demo's founding letter and Pattani's copy of it."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from correspondence import receiving, recipients, sending
from correspondence.models import Letter, Recipient
from demo.correspondence import CURRENT_SUBJECT
from registry.models import Organisation
from saduak.problems import Incomplete
from thaicalendar.dates import bangkok_today


@pytest.fixture
def pattani_copy(db: Any) -> Recipient:
    call_command("seed_demo", stdout=None)
    founding = Letter.objects.get(sender__code="DLA", year=2565, number=7555)
    # As if it had arrived this week, with its answer due in a month.
    Letter.objects.filter(pk=founding.pk).update(due_date=bangkok_today() + timedelta(days=30))
    return Recipient.objects.get(letter=founding, organisation__code="P94")


def _forward(copy: Recipient) -> Letter:
    clerk = User.objects.get(username="clerk.pattani")
    draft = receiving.start_forward(user=clerk, copy=copy)
    Letter.objects.filter(pk=draft.pk).update(
        signatory_name="นายปัตตานี ผู้ว่าราชการ",
        signatory_position="ผู้ว่าราชการจังหวัดปัตตานี",
        due_date=copy.letter.due_date,
    )
    return Letter.objects.get(pk=draft.pk)


def _send(letter: Letter, *codes: str) -> Letter:
    ids = tuple(Organisation.objects.filter(code__in=codes).values_list("pk", flat=True))
    return sending.send_letter(
        user=User.objects.get(username="clerk.pattani"),
        letter=letter,
        selection=[recipients.Group(kind=recipients.CHOSEN, ids=ids)],
        revision=letter.revision,
    )


def test_a_forward_goes_only_to_the_units_its_sender_oversees(pattani_copy: Recipient) -> None:
    draft = _forward(pattani_copy)
    with pytest.raises(Incomplete) as refusal:
        _send(draft, "5940101", "3500101")  # Pattani Town, and Chiang Mai City
    [problem] = refusal.value.problems
    assert problem.field == "recipients"
    assert "เทศบาลนครเชียงใหม่" in problem.message
    assert Letter.objects.get(pk=draft.pk).state == Letter.State.DRAFT  # nothing numbered
    sent = _send(Letter.objects.get(pk=draft.pk), "5940101")
    assert sent.state == Letter.State.SENDING


def test_a_forward_is_due_no_later_than_the_letter_it_passes_on(pattani_copy: Recipient) -> None:
    draft = _forward(pattani_copy)
    assert pattani_copy.letter.due_date is not None
    Letter.objects.filter(pk=draft.pk).update(
        due_date=pattani_copy.letter.due_date + timedelta(days=1)
    )
    with pytest.raises(Incomplete) as refusal:
        _send(Letter.objects.get(pk=draft.pk), "5940101")
    assert [p.field for p in refusal.value.problems] == ["due_date"]


def test_an_overseer_reading_a_copy_does_not_open_it_for_the_unit(
    pattani_copy: Recipient, client_as: Any
) -> None:
    # The demo's current circular, which Chiang Mai province has not opened yet.
    current = Letter.objects.get(sender__code="DLA", subject__startswith=CURRENT_SUBJECT)
    copy = Recipient.objects.get(letter=current, organisation__code="P50")
    assert copy.opened_at is None
    assert client_as("overseer.chiangmai").get(f"/letters/{current.pk}/").status_code == 200
    copy.refresh_from_db()
    assert copy.opened_at is None  # the overseer, who holds its role on P50, reads from above
