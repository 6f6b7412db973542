"""Sending a letter: its number from the register (gapless, never reused, a series per
kind and year), the groups of recipients, and the refusals that leave nothing numbered
and nothing half-sent."""

import threading
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from correspondence import recipients, sending
from correspondence.models import Letter, Party, RecipientList, RegisterYear
from correspondence.recipients import Group
from correspondence.tests.factories_send import draft, letterhead
from registry.models import Organisation, Province
from saduak.problems import Incomplete
from thaicalendar import dates


def _send(letter: Letter, groups: list[Group], user: str = "clerk.dla") -> Letter:
    return sending.send_letter(
        user=User.objects.get(username=user),
        letter=letter,
        selection=groups,
        revision=letter.revision,
    )


def _pattani_lgs(world: Any) -> list[int]:
    return sorted(world[code].pk for code in ("6940100", "5940101", "5941001", "6940103"))


def test_a_sent_letter_is_numbered_from_its_register(world: Any) -> None:
    dla = world["DLA"]
    letterhead(dla)
    letter = _send(draft(dla), [Group(recipients.PROVINCE, province="94")])
    today = dates.bangkok_today()
    assert letter.state == Letter.State.SENDING
    assert (letter.year, letter.number, letter.date) == (today.year + 543, 1, today)
    assert letter.reference == "มท 0810.7/ว 1"
    assert letter.official_reference == "มท ๐๘๑๐.๗/ว ๑"
    assert letter.chosen_ids == _pattani_lgs(world)
    assert letter.recipient_count == 4
    assert letter.selection["described"] == ["องค์กรปกครองส่วนท้องถิ่นทุกแห่งในจังหวัดปัตตานี"]
    assert letter.sent_by == User.objects.get(username="clerk.dla")
    assert letter.root_id == letter.pk
    assert list(Party.objects.filter(letter=letter).values_list("organisation", flat=True)) == [
        dla.pk
    ]
    tasks = DBTaskResult.objects.filter(task_path="correspondence.delivery.deliver")
    assert [t.args_kwargs["args"] for t in tasks] == [[letter.pk]]


def test_circulars_and_single_letters_run_their_own_gapless_series(world: Any) -> None:
    dla = world["DLA"]
    letterhead(dla)
    province = [Group(recipients.CHOSEN, ids=(world["P94"].pk,))]
    numbers = []
    for kind in ["circular", "single", "circular", "circular", "single"]:
        numbers.append((kind, _send(draft(dla, kind=kind), province).number))
    assert numbers == [
        ("circular", 1),
        ("single", 1),
        ("circular", 2),
        ("circular", 3),
        ("single", 2),
    ]
    registers = RegisterYear.objects.filter(organisation=dla).order_by("kind")
    assert [(r.kind, r.last) for r in registers] == [("circular", 3), ("single", 2)]
    # Pattani's register is its own.
    letterhead(world["P94"])
    pattani = _send(
        draft(world["P94"]),
        [Group(recipients.PROVINCE, province="94")],
        user="clerk.pattani",
    )
    assert pattani.reference == "ปน 0023.3/ว 1"


REFUSALS = [
    ("missing subject", {"subject": " "}, None, "subject"),
    ("answer without due date", {"action": "answer"}, None, "due_date"),
    ("no recipient", {}, [], "recipients"),
    ("a group that is empty", {}, [Group(recipients.PROVINCE, province="50")], "recipients"),
    (
        "single letter to many",
        {"kind": "single"},
        [Group(recipients.PROVINCE, province="94")],
        "recipients",
    ),
]


@pytest.mark.parametrize(
    ("case", "fields", "groups", "field"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_a_refused_sending_numbers_nothing_and_sends_nothing(
    world: Any, case: str, fields: dict[str, Any], groups: Any, field: str
) -> None:
    dla = world["DLA"]
    letterhead(dla)
    # Chiang Mai's only local government is gone: its group is empty.
    world["3500101"].is_active = False
    world["3500101"].save()
    letter = draft(dla, **fields)
    chosen = groups if groups is not None else [Group(recipients.PROVINCES)]
    with pytest.raises(Incomplete) as refused:
        _send(letter, chosen)
    assert field in [p.field for p in refused.value.problems]
    _nothing_happened(letter)
    # The next letter that goes takes number 1: no gap.
    assert _send(draft(dla), [Group(recipients.PROVINCES)]).number == 1


def _nothing_happened(letter: Letter) -> None:
    letter.refresh_from_db()
    assert (letter.state, letter.number, letter.year, letter.date) == ("draft", None, None, None)
    assert letter.chosen_ids == [] and letter.recipient_count == 0
    assert not RegisterYear.objects.filter(last__gt=0).exists()
    assert not Party.objects.filter(letter=letter).exists()
    assert not DBTaskResult.objects.exists()


def test_no_letterhead_no_number(world: Any) -> None:
    letter = draft(world["DLA"])
    with pytest.raises(Incomplete) as refused:
        _send(letter, [Group(recipients.PROVINCES)])
    assert [p.field for p in refused.value.problems] == ["letterhead"]
    _nothing_happened(letter)


def test_a_letter_changed_since_it_was_checked_is_not_sent(world: Any) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    Letter.objects.filter(pk=letter.pk).update(revision=3)
    with pytest.raises(Incomplete) as refused:
        _send(letter, [Group(recipients.PROVINCES)])  # revision 0, as the page had it
    assert [p.field for p in refused.value.problems] == ["revision"]
    _nothing_happened(letter)


def test_a_letter_is_sent_once(world: Any) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    _send(letter, [Group(recipients.PROVINCES)])
    with pytest.raises(Incomplete) as refused:
        _send(letter, [Group(recipients.PROVINCES)])
    assert [p.field for p in refused.value.problems] == ["state"]
    assert RegisterYear.objects.get().last == 1
    assert DBTaskResult.objects.count() == 1


def test_only_the_senders_correspondence_officers_send(world: Any) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    with pytest.raises(Incomplete):
        _send(letter, [Group(recipients.PROVINCES)], user="overseer.dla")
    _nothing_happened(letter)


# --- the groups -------------------------------------------------------------------------


def _codes(groups: list[Group], sender: Organisation) -> set[str]:
    ids = recipients.resolve(groups, sender=sender)
    return set(Organisation.objects.filter(pk__in=ids).values_list("code", flat=True))


def test_each_group_holds_what_its_name_says(world: Any) -> None:
    dla, pattani = world["DLA"], world["P94"]
    for code in Province.objects.exclude(code__in=["94", "50", "10"]).values_list(
        "code", flat=True
    )[:3]:
        Organisation.objects.create(
            code=f"P{code}", name_th="จังหวัด", kind="province", province_id=code
        )
    assert _codes([Group(recipients.PROVINCES)], dla) >= {"P94", "P50"}
    assert len(_codes([Group(recipients.PROVINCES)], dla)) == 5
    assert _codes([Group(recipients.PROVINCE, province="94")], dla) == {
        "6940100",
        "5940101",
        "5941001",
        "6940103",
    }
    assert _codes([Group(recipients.LAO_TYPE, lao_type="sao")], dla) == {"6940103"}
    towns = Group(recipients.LAO_TYPE, lao_type="city_municipality", province="94")
    assert _codes([towns], dla) == set()
    assert _codes([Group(recipients.LAO_TYPE, lao_type="city_municipality")], dla) == {"3500101"}
    # DLA oversees its provincial offices and their local governments; Pattani province
    # everything on its soil, whoever supervises it.
    assert _codes([Group(recipients.OVERSEEN)], dla) == {
        "DLA-94",
        "DLA-50",
        "6940100",
        "5940101",
        "5941001",
        "6940103",
        "3500101",
    }
    assert _codes([Group(recipients.OVERSEEN)], pattani) == {
        "DLA-94",
        "PHO-94",
        "D9401",
        "6940100",
        "5940101",
        "5941001",
        "6940103",
    }
    chosen = Group(recipients.CHOSEN, ids=(world["MOPH"].pk, world["P50"].pk, dla.pk))
    assert _codes([chosen], dla) == {"MOPH", "P50"}  # never the sender itself


def test_a_saved_list_is_its_owners_only(world: Any) -> None:
    dla, pattani = world["DLA"], world["P94"]
    south = RecipientList.objects.create(
        owner=dla, name="ภาคใต้", created_by=User.objects.get(username="clerk.dla")
    )
    south.members.set([pattani, world["5940101"]])
    assert _codes([Group(recipients.SAVED, list_id=south.pk)], dla) == {"P94", "5940101"}
    assert _codes([Group(recipients.SAVED, list_id=south.pk)], pattani) == set()
    groups, problems = recipients.from_form({"saved": [str(south.pk)]}, sender=pattani)
    assert groups == [] and [p.field for p in problems] == ["saved"]


def test_groups_together_count_each_organisation_once_and_only_active_ones(world: Any) -> None:
    dla = world["DLA"]
    world["6940103"].is_active = False
    world["6940103"].save()
    groups = [
        Group(recipients.PROVINCE, province="94"),
        Group(recipients.LAO_TYPE, lao_type="town_municipality"),
        Group(recipients.CHOSEN, ids=(world["5940101"].pk, world["P94"].pk)),
    ]
    ids = recipients.resolve(groups, sender=dla)
    assert len(ids) == len(set(ids)) == 4
    assert _codes(groups, dla) == {"6940100", "5940101", "5941001", "P94"}


def test_one_query_per_group_however_many_organisations(
    world: Any, django_assert_num_queries: Any
) -> None:
    dla = world["DLA"]
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"X{n}",
                name_th=f"อบต. {n}",
                kind="local_government",
                lao_type="sao",
                province_id="94",
                path=f"{world['DLA-94'].path}x{n}/",
            )
            for n in range(300)
        ]
    )
    south = RecipientList.objects.create(
        owner=dla, name="ใต้", created_by=User.objects.get(username="clerk.dla")
    )
    south.members.set(Organisation.objects.filter(code__startswith="X")[:100])
    groups = [
        Group(recipients.PROVINCES),
        Group(recipients.PROVINCE, province="94"),
        Group(recipients.LAO_TYPE, lao_type="sao", province="94"),
        Group(recipients.OVERSEEN),
        Group(recipients.CHOSEN, ids=(world["P50"].pk,)),
        Group(recipients.SAVED, list_id=south.pk),
    ]
    with django_assert_num_queries(len(groups)):
        ids = recipients.resolve(groups, sender=dla)
    assert len(ids) == 300 + 4 + 2 + 1 + 2  # the new SAOs, Pattani's LAOs, provinces, …


def test_the_form_reads_groups_and_refuses_what_is_not_one(world: Any) -> None:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("province", ["94", "99x"])
    data.setlist("lao_type", ["sao", "castle"])
    data.setlist("org", ["12", "abc", "12"])
    data["overseen"] = "1"
    groups, problems = recipients.from_form(data, sender=world["DLA"])
    assert groups == [
        Group(recipients.PROVINCE, province="94"),
        Group(recipients.LAO_TYPE, lao_type="sao"),
        Group(recipients.OVERSEEN),
        Group(recipients.CHOSEN, ids=(12,)),
    ]
    assert [p.field for p in problems] == ["province", "lao_type", "org"]
    again, _ = recipients.from_form(
        QueryDict("&".join(f"{k}={v}" for k, v in recipients.as_query(groups))),
        sender=world["DLA"],
    )
    assert again == groups


# --- two letters at the same moment, on PostgreSQL --------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_letters_sent_at_the_same_moment_take_consecutive_numbers(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite takes one writer at a time")
    dla = world["DLA"]
    letterhead(dla)
    letters = [draft(dla) for _ in range(4)]
    clerk = User.objects.get(username="clerk.dla")
    start = threading.Barrier(len(letters))
    errors: list[BaseException] = []

    def send(letter: Letter) -> None:
        try:
            start.wait()
            sending.send_letter(
                user=clerk,
                letter=letter,
                selection=[Group(recipients.PROVINCE, province="94")],
                revision=0,
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(letter,)) for letter in letters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        n or 0 for n in Letter.objects.filter(sender=dla).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4]
    assert RegisterYear.objects.get(organisation=dla).last == 4
