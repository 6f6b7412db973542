"""Each unit's copies counted and kept (correspondence/tallies.py): the kept counts are
those of the copies, whatever was written since through the services (a delivery, an
acknowledgement, an answer) and whatever day it is, and a count stored from before a
write is not taken for current."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from correspondence import receiving, recipients, sending, tallies
from correspondence.models import Letter, Question, Recipient, UnitTally
from correspondence.recipients import Group
from correspondence.tests.factories_follow import copy_of, sent_letter
from correspondence.tests.factories_send import draft, letterhead
from registry.models import Organisation
from saduak.background import run_queued_tasks
from thaicalendar import dates

PATTANI = ("5940101", "5941001", "6940103")


def _units() -> Any:
    return Organisation.objects.filter(code__in=PATTANI)


def _by_unit(today: date) -> dict[str, tuple[int, ...]]:
    rows = tallies.current(_units(), today).values_list("organisation__code", *tallies.FIGURES)
    return {code: tuple(figures) for code, *figures in rows}


def _counted_from_copies(today: date) -> dict[str, tuple[int, ...]]:
    """The same figures read from the copies one by one, as a person would count them."""
    found: dict[str, tuple[int, ...]] = {}
    for unit in _units():
        copies = list(Recipient.objects.filter(organisation=unit).select_related("letter"))
        late_from = datetime.combine(today - timedelta(days=7), time.min, tzinfo=dates.BANGKOK)
        found[unit.code] = (
            len(copies),
            sum(c.acknowledged_at is not None for c in copies),
            sum(c.answered_at is not None for c in copies),
            sum(
                c.letter.action == Letter.Action.ANSWER
                and c.letter.due_date is not None
                and c.letter.due_date < today
                and c.answered_at is None
                for c in copies
            ),
            sum(
                c.letter.action == Letter.Action.ACKNOWLEDGE
                and c.acknowledged_at is None
                and c.delivered_at < late_from
                for c in copies
            ),
        )
    return found


def _letters(world: dict[str, Organisation]) -> tuple[Letter, Letter]:
    today = dates.bangkok_today()
    units = [world[code] for code in PATTANI]
    notice = sent_letter(
        sender=world["DLA"],
        recipients=units,
        sent_at=dates.bangkok_now() - timedelta(days=10),
    )
    survey = sent_letter(
        sender=world["DLA"],
        recipients=units[:2],
        action=Letter.Action.ANSWER,
        due_date=today - timedelta(days=1),
        questions=[(Question.Kind.TEXT, "ข้อเสนอแนะ")],
        sent_at=dates.bangkok_now() - timedelta(days=4),
    )
    return notice, survey


def test_the_kept_counts_are_the_copies_and_read_in_one_query_once_kept(
    world: dict[str, Organisation],
) -> None:
    _letters(world)
    today = dates.bangkok_today()
    first = _by_unit(today)
    assert first == _counted_from_copies(today)
    assert first["5940101"] == (2, 0, 0, 1, 1)  # the notice late, the survey overdue
    assert first["6940103"] == (1, 0, 0, 0, 1)
    with CaptureQueriesContext(connection) as ctx:
        assert _by_unit(today) == first
    assert len(ctx.captured_queries) == 2  # which are current, and the caller's read


def test_a_write_through_the_services_is_counted_at_the_next_read(
    world: dict[str, Organisation],
) -> None:
    notice, survey = _letters(world)
    today = dates.bangkok_today()
    _by_unit(today)
    town = User.objects.get(username="admin.pattanitown")
    receiving.acknowledge(
        user=town,
        copy=copy_of(notice, world["5940101"]),
        register_number="12",
        register_date=today,
    )
    assert _by_unit(today)["5940101"] == (2, 1, 0, 1, 0)
    question = survey.questions.get()
    receiving.answer(
        user=town,
        copy=copy_of(survey, world["5940101"]),
        values={question.pk: "พร้อมดำเนินการ"},
        files={},
    )
    after = _by_unit(today)
    assert after["5940101"] == (2, 1, 1, 0, 0)
    assert after == _counted_from_copies(today)


def test_a_delivery_in_the_background_is_counted_at_the_next_read(
    world: dict[str, Organisation],
) -> None:
    today = dates.bangkok_today()
    before = _by_unit(today)
    assert before["5940101"] == (0, 0, 0, 0, 0)
    letterhead(world["DLA"])
    sending.send_letter(
        user=User.objects.get(username="clerk.dla"),
        letter=draft(world["DLA"]),
        selection=[Group(recipients.PROVINCE, province="94")],
        revision=0,
    )
    run_queued_tasks()
    after = _by_unit(today)
    assert after["5940101"][0] == 1 and after["5941001"][0] == 1
    assert after == _counted_from_copies(today)


def test_a_copy_becomes_late_with_the_days_alone(world: dict[str, Organisation]) -> None:
    units = [world[code] for code in PATTANI]
    today = dates.bangkok_today()
    sent_letter(sender=world["DLA"], recipients=units, sent_at=dates.bangkok_now())
    assert _by_unit(today)["5940101"] == (1, 0, 0, 0, 0)
    in_ten_days = today + timedelta(days=10)
    assert _by_unit(in_ten_days)["5940101"] == (1, 0, 0, 0, 1)
    assert _by_unit(in_ten_days) == _counted_from_copies(in_ten_days)


def test_a_count_from_before_a_write_is_not_taken_for_current(
    world: dict[str, Organisation],
) -> None:
    notice, _ = _letters(world)
    today = dates.bangkok_today()
    _by_unit(today)
    town = world["5940101"]
    changes = UnitTally.objects.get(organisation=town).changes
    # A reader reads the unit's changes; its letter is acknowledged and the unit marked
    # changed; the reader then keeps what it counted with the changes it had read.
    Recipient.objects.filter(letter=notice, organisation=town).update(
        acknowledged_at=dates.bangkok_now()
    )
    tallies.changed([town.pk])
    tallies._count(_units(), {town.pk: changes}, today)
    kept = UnitTally.objects.get(organisation=town)
    assert (kept.counted, kept.changes) == (changes, changes + 1)
    # The next reader does not take it for current: it counts the unit again.
    with CaptureQueriesContext(connection) as ctx:
        assert _by_unit(today)["5940101"][1] == 1
    assert len(ctx.captured_queries) > 2
    assert UnitTally.objects.get(organisation=town).counted == changes + 1


def test_a_change_makes_or_raises_every_units_row_in_one_statement(
    world: dict[str, Organisation],
) -> None:
    """One statement, its rows in the order of their ids as a reader's upsert writes
    them: the two statements it once took (make the missing rows, then lock the rest)
    locked in two passes and deadlocked a dashboard's first count of the day against a
    delivery (review finding)."""
    town, yarang = world["5940101"], world["6940103"]
    UnitTally.objects.create(organisation=town, changes=3, counted=3)
    with CaptureQueriesContext(connection) as ctx:
        tallies.changed([yarang.pk, town.pk, yarang.pk])
    assert len(ctx.captured_queries) == 1
    kept = dict(UnitTally.objects.values_list("organisation_id", "changes"))
    assert kept == {town.pk: 4, yarang.pk: 1}
    assert not UnitTally.objects.get(organisation=yarang).day  # never counted
