"""Reminding the silent: one action, stored as notices (so "was this unit reminded, and
when?" has an answer), e-mailed by the worker, a new round on a later day, and only by
those who correspond for the sender.

Who may remind DLA's letter to Pattani province (forwarded by the province to Pattani
Town), by the capability rules (accounts/capabilities.py):
- clerk.dla holds CORRESPOND on DLA, the sender: allowed.
- overseer.dla reads DLA's letters (READ_LETTERS over what DLA oversees, DLA itself
  included) but overseers never correspond: 403, the persona almost allowed.
- clerk.pattani reads the letter, because Pattani province is a recipient (a party),
  and holds CORRESPOND on Pattani province, not on DLA: 403. A recipient acts on its own
  copy (acknowledges, answers, forwards), never as the sender.
- admin.yarang reads nothing of it (Yarang is not a party, and a unit administrator
  reads only its own unit): 404, so nothing is revealed about the letter.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import User
from audit.models import AuditEvent
from correspondence import reminding
from correspondence.models import Letter
from correspondence.tests.factories_follow import acknowledged, copy_of, sent_letter
from notices.models import Notice
from registry.models import Organisation
from saduak.background import run_queued_tasks
from saduak.problems import Incomplete

LAOS = ["5940101", "6940100", "6940103"]


@pytest.fixture
def letter(world: dict[str, Organisation]) -> Letter:
    """DLA's circular to Pattani province and three of its local governments, asking
    them to acknowledge it; Bana SAO has."""
    letter = sent_letter(
        sender=world["DLA"],
        recipients=[world["P94"], *(world[code] for code in LAOS)],
        action=Letter.Action.ACKNOWLEDGE,
    )
    acknowledged(copy_of(letter, world["6940103"]))
    return letter


# The worker runs in this process and closes the connection when it is done: on
# PostgreSQL that needs a committed database, not a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminding_stores_a_notice_per_unit_and_e_mails_its_officers(
    world: dict[str, Organisation], letter: Letter
) -> None:
    clerk = User.objects.get(username="clerk.dla")
    assert reminding.remind_silent(user=clerk, letter=letter) == 3
    inbox = Notice.objects.filter(
        letter=letter, kind=Notice.Kind.REMINDER, channel=Notice.Channel.INBOX
    )
    assert {n.organisation.code for n in inbox} == {"P94", "5940101", "6940100"}
    assert all(n.status == Notice.Status.SENT and n.created_by == clerk for n in inbox)
    emails = Notice.objects.filter(letter=letter, channel=Notice.Channel.EMAIL)
    # Pattani province's correspondence officer and Pattani Town's administrator; the
    # centre's staff do not correspond, and the PAO has nobody with an e-mail.
    assert {n.address for n in emails} == {
        "clerk.pattani@demo.saduak.local",
        "admin.pattanitown@demo.saduak.local",
    }
    assert mail.outbox == []  # sent by the worker, not inside the request
    run_queued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin.pattanitown@demo.saduak.local",
        "clerk.pattani@demo.saduak.local",
    ]
    message = mail.outbox[0]
    assert message.subject.startswith("แจ้งเตือน")
    assert "ว ๑" in message.subject  # the letter's number in Thai digits
    assert f"/letters/{letter.pk}/" in message.body
    assert set(emails.values_list("status", flat=True)) == {Notice.Status.SENT}
    event = AuditEvent.objects.get(object_type="correspondence.letter", object_id=str(letter.pk))
    assert event.actor == clerk
    assert event.changes["units_reminded"] == [None, 3]


# The worker runs in this process and closes the connection when it is done: on
# PostgreSQL that needs a committed database, not a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_reminder_the_same_day_is_refused_another_day_is_a_new_round(
    world: dict[str, Organisation], letter: Letter
) -> None:
    clerk = User.objects.get(username="clerk.dla")
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC), tick=False):
        reminding.remind_silent(user=clerk, letter=letter)
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        with pytest.raises(Incomplete) as refused:
            reminding.remind_silent(user=clerk, letter=letter)
        assert "today" in refused.value.problems[0].message or "วันนี้" in (
            refused.value.problems[0].message
        )
    acknowledged(copy_of(letter, world["P94"]))
    # 00:30 in Bangkok on the next day.
    with time_machine.travel(datetime(2026, 12, 1, 17, 30, tzinfo=UTC), tick=False):
        assert reminding.remind_silent(user=clerk, letter=letter) == 2
    town = Notice.objects.filter(
        letter=letter, organisation=world["5940101"], channel=Notice.Channel.INBOX
    ).order_by("created_at")
    assert [n.key.split(":")[2] for n in town] == ["1", "2"]
    assert [n.created_at.day for n in town] == [1, 1]  # UTC: 1 Dec 03:00 and 17:30
    # Pattani province acknowledged in between: reminded once only.
    assert (
        Notice.objects.filter(
            letter=letter, organisation=world["P94"], channel=Notice.Channel.INBOX
        ).count()
        == 1
    )
    run_queued_tasks()
    town_mail = [m for m in mail.outbox if m.to == ["admin.pattanitown@demo.saduak.local"]]
    assert len(town_mail) == 2


def test_nobody_silent_nobody_reminded(world: dict[str, Organisation], letter: Letter) -> None:
    for code in ["P94", "5940101", "6940100"]:
        acknowledged(copy_of(letter, world[code]))
    with pytest.raises(Incomplete) as refused:
        reminding.remind_silent(user=User.objects.get(username="clerk.dla"), letter=letter)
    assert refused.value.problems[0].field == "letter"
    assert not Notice.objects.filter(kind=Notice.Kind.REMINDER).exists()


def test_an_answer_letter_reminds_those_who_acknowledged_without_answering(
    world: dict[str, Organisation],
) -> None:
    letter = sent_letter(
        sender=world["DLA"],
        recipients=[world["P94"], world["5940101"]],
        action=Letter.Action.ANSWER,
        due_date=datetime(2020, 1, 1).date(),  # long overdue: overdue ones are reminded too
    )
    acknowledged(copy_of(letter, world["P94"]))
    assert reminding.remind_silent(user=User.objects.get(username="clerk.dla"), letter=letter) == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("clerk.dla", 302),
        ("overseer.dla", 403),
        ("clerk.pattani", 403),
        ("admin.yarang", 404),
    ],
)
def test_who_may_remind(
    world: dict[str, Organisation], letter: Letter, client_as: Any, persona: str, status: int
) -> None:
    client: Client = client_as(persona)
    url = f"/letters/{letter.pk}/tracking/remind/"
    response = client.post(url)
    assert response.status_code == status
    reminded = Notice.objects.filter(kind=Notice.Kind.REMINDER).exists()
    assert reminded is (status == 302)
    if status == 302:
        assert response["Location"] == f"/letters/{letter.pk}/tracking/"


def test_the_confirmation_page_then_the_history_answers_when(
    world: dict[str, Organisation], letter: Letter, client_as: Any
) -> None:
    client = client_as("clerk.dla")
    url = f"/letters/{letter.pk}/tracking/remind/"
    page = client.get(url).content.decode()
    assert 'method="post"' in page and "3" in page
    assert Notice.objects.count() == 0  # the page itself changes nothing
    response = client.post(url, follow=True)
    assert response.status_code == 200
    # Asked again the same day: refused, with the reason on the page, nothing stored.
    again = client.post(url)
    assert again.status_code == 400
    assert Notice.objects.filter(channel=Notice.Channel.INBOX).count() == 3

    copy = copy_of(letter, world["5940101"])
    history = client.get(f"/letters/{letter.pk}/recipients/{copy.pk}/").content.decode()
    assert "admin.pattanitown@demo.saduak.local" in history  # the e-mail, to whom
    assert "ยังไม่เคยแจ้งเตือน" not in history
    # The silent list says when each unit was last reminded.
    tracking = client.get(f"/letters/{letter.pk}/tracking/").content.decode()
    silent = tracking[tracking.index('id="silent"') :]
    assert "ยังไม่เคยแจ้งเตือน" not in silent


def test_the_remind_button_shows_only_to_those_who_may(letter: Letter, client_as: Any) -> None:
    remind = f"/letters/{letter.pk}/tracking/remind/"
    assert remind in client_as("clerk.dla").get(f"/letters/{letter.pk}/tracking/").content.decode()
    page = client_as("overseer.dla").get(f"/letters/{letter.pk}/tracking/").content.decode()
    assert remind not in page


def test_a_later_day_reminds_on_the_same_key_once(
    world: dict[str, Organisation], letter: Letter
) -> None:
    # Keys make a round's notices unique: storing the same round twice adds nothing.
    clerk = User.objects.get(username="clerk.dla")
    reminding.remind_silent(user=clerk, letter=letter)
    before = Notice.objects.count()
    silent = [(letter.pk, world[code].pk) for code in ("P94", "5940101", "6940100")]
    from accounts import capabilities as cap
    from notices.sending import store

    officers = cap.holders_on(cap.CORRESPOND, [org for _letter, org in silent])
    store(reminding._notices(letter, 1, silent, officers, clerk))
    assert Notice.objects.count() == before
