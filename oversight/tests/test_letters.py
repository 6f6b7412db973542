"""The dashboard's letters section: acknowledgement coverage of the letters that reached
the scope's units, overall and for the last letters, and the answers overdue, counted
only among the viewer's units, in a number of queries that does not grow with them."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from campaigns.tests.factories_tracking import many_local_governments
from correspondence.models import Letter, Recipient
from correspondence.receiving import answer_overdue_q, overdue_q
from correspondence.tests.factories_follow import acknowledged, answered, copy_of, sent_letter
from oversight import letters
from oversight.scopes import Scope
from oversight.sections import MEASURES
from registry.models import Organisation
from thaicalendar import dates

PATTANI = ["5940101", "5941001", "6940103"]
CHIANG_MAI = ["3500101"]


def _orgs(world: dict[str, Organisation], codes: list[str]) -> list[Organisation]:
    return [world[code] for code in codes]


@pytest.fixture
def sent(world: dict[str, Organisation]) -> dict[str, Letter]:
    """DLA's two letters to three units of Pattani and one of Chiang Mai: one to
    acknowledge (acknowledged by Pattani town and the Chiang Mai unit), one asking an
    answer due two days ago (answered by one unit of Pattani only)."""
    today = dates.bangkok_today()
    units = _orgs(world, PATTANI + CHIANG_MAI)
    notice = sent_letter(
        sender=world["DLA"],
        recipients=units,
        subject="แจ้งแนวทางการขับเคลื่อนศูนย์ราชการสะดวก",
        sent_at=dates.bangkok_now() - timedelta(days=10),
    )
    acknowledged(copy_of(notice, world["5940101"]))
    acknowledged(copy_of(notice, world["3500101"]))
    survey = sent_letter(
        sender=world["DLA"],
        recipients=units,
        action=Letter.Action.ANSWER,
        due_date=today - timedelta(days=2),
        subject="ขอให้รายงานผลการดำเนินงานศูนย์ราชการสะดวก",
        sent_at=dates.bangkok_now() - timedelta(days=5),
    )
    answered(copy_of(survey, world["5941001"]), {})
    return {"notice": notice, "survey": survey}


def _scope(username: str, organisation: Organisation | None) -> Scope:
    return Scope(User.objects.get(username=username), organisation)


def test_a_province_sees_its_units_copies_only(
    world: dict[str, Organisation], sent: dict[str, Letter]
) -> None:
    figures = letters.read(_scope("overseer.pattani", world["P94"]), dates.bangkok_today())
    # Three copies of each letter reached Pattani's units; Chiang Mai's are not counted.
    assert figures.total.delivered == 6
    assert figures.total.acknowledged == 2  # the notice at Pattani town, the answered one
    assert figures.total.acknowledged_share == pytest.approx(2 / 6)
    assert figures.total.answers_overdue == 2  # the survey, unanswered by two units
    # The last letters, newest first, each with its own coverage among these units.
    assert [item.coverage.letter for item in figures.recent] == [sent["survey"], sent["notice"]]
    survey, notice = (item.coverage for item in figures.recent)
    assert (notice.delivered, notice.acknowledged, notice.answers_overdue) == (3, 1, 0)
    assert (survey.delivered, survey.acknowledged, survey.answered) == (3, 1, 1)
    assert survey.answers_overdue == 2
    assert [(i.coverage.letter, i.coverage.answers_overdue) for i in figures.overdue] == [
        (sent["survey"], 2)
    ]
    chiang_mai = letters.read(_scope("overseer.chiangmai", world["P50"]), dates.bangkok_today())
    assert (chiang_mai.total.delivered, chiang_mai.total.acknowledged) == (2, 1)
    assert chiang_mai.total.answers_overdue == 1


def test_a_letter_links_to_its_tracking_page_only_for_who_follows_it(
    client_as: Callable[[str], Client], world: dict[str, Organisation], sent: dict[str, Letter]
) -> None:
    tracking = reverse("correspondence:tracking", args=[sent["survey"].pk])
    # Pattani reads the copies its units received, but does not follow DLA's letter.
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/").content.decode()
    assert "ขอให้รายงานผลการดำเนินงานศูนย์ราชการสะดวก" in page
    assert tracking not in page
    assert client_as("overseer.pattani").get(tracking).status_code in (403, 404)
    # DLA, which sent it, follows it from its own dashboard.
    dla = client_as("overseer.dla").get(f"/oversight/{world['DLA'].pk}/").content.decode()
    assert tracking in dla
    assert client_as("overseer.dla").get(tracking).status_code == 200


def test_the_page_shows_the_coverage_and_overdue_answers(
    client_as: Callable[[str], Client], world: dict[str, Organisation], sent: dict[str, Letter]
) -> None:
    today = dates.bangkok_today()
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/").content.decode()
    section = page[page.index('id="letters"') : page.index('id="campaigns"')]
    assert "ลงรับแล้ว 2 จาก 6 ฉบับที่ส่งถึงหน่วยงานเหล่านี้: ร้อยละ 33.3" in section
    assert "ตอบเกินกำหนด 2 ฉบับ" in section
    assert dates.format_date(today - timedelta(days=2)) in section  # the due date, in BE
    assert "3500101" not in section and "เชียงใหม่" not in section


def test_nothing_received_says_so(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/")
    assert page.status_code == 200
    assert "ยังไม่มีหนังสือราชการส่งถึงหน่วยงานในแดชบอร์ดนี้" in page.content.decode()


def test_the_measures_by_area(world: dict[str, Organisation], sent: dict[str, Letter]) -> None:
    nation = _scope("opsadmin", None)
    today = dates.bangkok_today()
    shares = MEASURES["letters_acknowledged_share"].by_area(nation, today)
    assert shares["94"] == pytest.approx(2 / 6)
    assert shares["50"] == pytest.approx(1 / 2)
    assert MEASURES["answers_overdue"].by_area(nation, today) == {"94": 2, "50": 1}
    # As things stood the day after the notice was sent (the survey was not yet), and
    # two days after the notice's copies were acknowledged.
    sent_at = sent["notice"].sent_at
    assert sent_at is not None
    Recipient.objects.filter(letter=sent["notice"], acknowledged_at__isnull=False).update(
        acknowledged_at=sent_at + timedelta(days=3)
    )
    then = dates.local_date(sent_at) + timedelta(days=1)
    assert MEASURES["letters_acknowledged_share"].by_area(nation, then) == {"94": 0.0, "50": 0.0}
    later = then + timedelta(days=3)
    shares = MEASURES["letters_acknowledged_share"].by_area(nation, later)
    assert shares == {"94": pytest.approx(1 / 3), "50": 1.0}


def test_a_copy_is_overdue_for_its_answer_only_after_the_due_date(
    world: dict[str, Organisation],
) -> None:
    today = dates.bangkok_today()
    due_today = sent_letter(
        sender=world["DLA"], recipients=[world["5940101"]], action="answer", due_date=today
    )
    late = sent_letter(
        sender=world["DLA"],
        recipients=[world["5940101"], world["5941001"]],
        action="answer",
        due_date=today - timedelta(days=1),
    )
    to_acknowledge = sent_letter(
        sender=world["DLA"], recipients=[world["5940101"]], due_date=today - timedelta(days=1)
    )
    answered(copy_of(late, world["5941001"]), {})
    overdue = set(Recipient.objects.filter(answer_overdue_q(today)))
    assert overdue == {copy_of(late, world["5940101"])}
    assert copy_of(due_today, world["5940101"]) not in overdue
    # The inbox's overdue (acknowledgements too) still holds both rules.
    assert set(Recipient.objects.filter(overdue_q(today))) == overdue | {
        copy_of(to_acknowledge, world["5940101"])
    }


def _queries(scope: Scope) -> int:
    """The queries of a read once the units' letters are counted and kept (a first read
    counts them: correspondence/tallies.py)."""
    today = dates.bangkok_today()
    letters.read(scope, today)
    with CaptureQueriesContext(connection) as captured:
        letters.read(scope, today)
        for code in ("letters_acknowledged_share", "answers_overdue"):
            MEASURES[code].by_area(scope, today)
    return len(captured)


def test_the_queries_do_not_grow_with_the_units(world: dict[str, Organisation]) -> None:
    today = dates.bangkok_today()
    one = sent_letter(
        sender=world["DLA"],
        recipients=[world["5940101"]],
        action="answer",
        due_date=today - timedelta(days=1),
    )
    acknowledged(copy_of(one, world["5940101"]))
    few = _queries(_scope("overseer.pattani", world["P94"]))
    assert few <= 8
    units = many_local_governments(40)
    for n in range(6):
        letter = sent_letter(
            sender=world["DLA"],
            recipients=units,
            action="answer",
            due_date=today - timedelta(days=1 + n),
        )
        for unit in units[: 10 + n]:
            acknowledged(copy_of(letter, unit))
    many = _queries(_scope("overseer.pattani", world["P94"]))
    assert many == few
    assert letters.read(_scope("overseer.pattani", world["P94"]), today).total.delivered == 241
