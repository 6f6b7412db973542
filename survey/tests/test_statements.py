"""The intake's hand-written statements (survey/statements.py), on SQLite and PostgreSQL:
what each finds, makes and keeps, through the same calls the intake makes."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from registry.models import Counter
from survey import statements
from survey.models import Response, Tally
from survey.questionnaire import current


@pytest.fixture
def counter(world: Any) -> Counter:
    return world["5940101"].centres.get().counters.get(number=1)


def _answer(counter: Counter, device: str, network: str, minutes_ago: int) -> Response:
    version = current()
    return Response.objects.create(
        centre=counter.centre,
        questionnaire=version,
        submitted_at=timezone.now() - timedelta(minutes=minutes_ago),
        scores="5" * len(version.item_codes),
        device_hash=device,
        network_hash=network,
        fingerprint=f"{device}-{minutes_ago}",
    )


@pytest.mark.django_db
def test_recent_answers_are_those_of_the_senders_asked_within_the_window(
    counter: Counter,
) -> None:
    # More senders than one look-up used to take (50), and some never seen.
    for n in range(120):
        _answer(counter, f"d{n:03}", "net", 10)
    _answer(counter, "d000", "net", 90)  # before the window
    _answer(counter, "other", "net", 5)  # a sender not asked about
    asked = {f"d{n:03}" for n in range(0, 120, 2)} | {"never"}
    since = timezone.now() - timedelta(minutes=60)
    found = statements.recent_answers("device_hash", asked, since)
    assert sorted(device for device, *_ in found) == sorted(asked - {"never"})
    assert {row[1:] for row in found if row[0] == "d000"} == {("net", "d000-10", "counted")}
    assert len(statements.recent_answers("network_hash", {"net"}, since)) == 121
    assert statements.recent_answers("device_hash", set(), since) == []


@pytest.mark.django_db
def test_making_tallies_keeps_those_made_meanwhile_and_makes_the_rest(counter: Counter) -> None:
    province = counter.centre.organisation.province_id
    month, next_month = date(2026, 11, 1), date(2026, 12, 1)
    # Made by someone else since they were found missing, with figures of their own.
    made = [
        Tally.objects.create(
            centre=counter.centre, month=month, responses=3, counts={"P1": [0] * 5}
        ),
        Tally.objects.create(province_id=province, month=month, responses=4),
        Tally.objects.create(month=month, responses=5),
    ]
    keys = [
        (counter.centre_id, None, month),
        (None, province, month),
        (None, None, month),
        (counter.centre_id, None, next_month),
        (None, province, next_month),
        (None, None, next_month),
    ]
    rows = statements.make_tallies(keys)
    by_id = {pk: (responses, counts) for pk, _c, _p, _m, responses, counts in rows}
    assert len(rows) == 6 and Tally.objects.count() == 6
    for tally, responses in zip(made, [3, 4, 5], strict=True):
        assert by_id[tally.pk][0] == responses
        tally.refresh_from_db()
        assert tally.responses == responses
    assert made[0].counts == {"P1": [0, 0, 0, 0, 0]}
    new = Tally.objects.filter(month=next_month)
    assert sorted((t.centre_id or 0, t.province_id or "", t.responses, t.counts) for t in new) == [
        (0, "", 0, {}),
        (0, province, 0, {}),
        (counter.centre_id, "", 0, {}),
    ]
