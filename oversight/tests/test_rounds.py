"""The dashboard's rounds section: how the reports of the current round stand among the
scope's centres (owed, sent, on time, late, missing, returned, accepted), in a number of
queries that does not grow with the centres, and only within the viewer's oversight."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from maintenance import selectors as maintenance_selectors
from maintenance import services
from maintenance.models import Report, Round
from oversight import rounds, sections
from oversight.scopes import Scope
from registry.models import Organisation, ServiceCentre
from thaicalendar.dates import BANGKOK

DEADLINE = date(2025, 4, 15)  # FY2568's 6-month round: 1 October 2567 – 31 March 2568
BEFORE, AFTER = date(2025, 4, 10), date(2025, 4, 16)  # the deadline's day after is late
OPENED = datetime(2025, 4, 1, 9, 0, tzinfo=BANGKOK)


@pytest.fixture
def rnd(world: Any) -> Round:
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2568, months=6, deadline=DEADLINE)
    services.open_round(actor=ops, rnd=rnd)
    Round.objects.filter(pk=rnd.pk).update(opened_at=OPENED)
    rnd.refresh_from_db()
    return rnd


def unit(world: dict[str, Organisation], n: int, *, province: str = "94") -> ServiceCentre:
    """Another local government with a centre, under DLA's provincial office."""
    org = Organisation.objects.create(
        code=f"T{province}{n}",
        name_th=f"อบต.ทดสอบ {n}",
        kind="local_government",
        lao_type="sao",
        parent=world[f"DLA-{province}"],
        province_id=province,
        district_id="9401" if province == "94" else "5001",
    )
    return ServiceCentre.objects.create(organisation=org, name_th=f"ศูนย์ทดสอบ {n}")


def sent(report: Report, *, late_days: int = 0, status: str = Report.Status.SUBMITTED) -> None:
    """The report as it stands once sent (its first sending decided on time or late)."""
    at = datetime.combine(DEADLINE, datetime.min.time(), tzinfo=BANGKOK) + timedelta(
        days=late_days, hours=10
    )
    Report.objects.filter(pk=report.pk).update(
        status=status, first_submitted_at=at, late_by=timedelta(days=late_days)
    )


def pattani_reports(rnd: Round, world: dict[str, Organisation]) -> None:
    """Pattani: 5 reports owed. One sent on time and accepted, one sent on time and
    returned, one sent late awaiting review, two never sent (one a draft)."""
    centres = [unit(world, n) for n in range(4)]
    reports = [Report.objects.create(round=rnd, centre=c, standard=rnd.standard) for c in centres]
    sent(Report.objects.get(round=rnd, centre__organisation__code="5940101"), status="accepted")
    sent(reports[0], status=Report.Status.RETURNED)
    sent(reports[1], late_days=3)
    Report.objects.filter(pk=reports[2].pk).update(status=Report.Status.DRAFT)


def user(name: str) -> User:
    return User.objects.get(username=name)


def test_the_current_round_is_the_latest_opened_by_that_day(rnd: Round) -> None:
    assert maintenance_selectors.current_round(date(2025, 3, 31)) is None  # not yet opened
    assert maintenance_selectors.current_round(date(2025, 4, 1)) == rnd
    later = Round.objects.create(
        fiscal_year=2568,
        months=12,
        period_start=date(2024, 10, 1),
        period_end=date(2025, 9, 30),
        deadline=date(2025, 10, 15),
        opened_at=datetime(2025, 10, 1, 9, tzinfo=BANGKOK),
    )
    Round.objects.create(  # set, never opened: not current
        fiscal_year=2569,
        months=6,
        period_start=date(2025, 10, 1),
        period_end=date(2026, 3, 31),
        deadline=date(2026, 4, 15),
    )
    assert maintenance_selectors.current_round(date(2025, 9, 30)) == rnd
    assert maintenance_selectors.current_round(date(2026, 5, 1)) == later
    assert maintenance_selectors.recent_rounds(date(2026, 5, 1), 5) == [later, rnd]


def test_the_figures_of_a_province_after_the_deadline(
    rnd: Round, world: dict[str, Organisation]
) -> None:
    pattani_reports(rnd, world)
    figures = rounds.read(Scope(user("overseer.pattani"), world["P94"]), AFTER)
    assert figures.round == rnd and figures.overdue
    counts = figures.counts
    assert (counts["owed"], counts["submitted"], counts["on_time"], counts["late"]) == (5, 3, 2, 1)
    assert (counts["missing"], counts["pending"]) == (2, 0)
    assert (counts["returned"], counts["accepted"]) == (1, 1)
    assert figures.on_time_share == 2 / 5
    assert str(figures.on_time_percentage) == "40.00"
    labels = [label for _key, label, _n in figures.shown]
    assert "ขาดส่ง (เลยกำหนดแล้ว)" in labels and "ยังไม่ส่ง" not in labels


def test_before_the_deadline_nothing_is_missing_yet(
    rnd: Round, world: dict[str, Organisation]
) -> None:
    pattani_reports(rnd, world)
    figures = rounds.read(Scope(user("overseer.pattani"), world["P94"]), DEADLINE)
    assert not figures.overdue
    assert (figures.counts["missing"], figures.counts["pending"]) == (0, 2)
    rows = {row.label: row.value for row in rounds.rows(figures)}
    assert rows["ยังไม่ส่ง"] == 2 and rows["ส่งตรงเวลา"] == 2
    # Not yet sent is not late yet: the share counts the 3 reports sent, 2 of them on
    # time; an area none of whose reports are sent has no share rather than 0 % (review
    # finding: districts ranked last months before the deadline).
    assert figures.on_time_share == 2 / 3
    assert str(figures.on_time_percentage) == "66.67"
    nation = Scope(user("opsadmin"), None)
    assert sections.MEASURES["reports_on_time_share"].by_area(nation, DEADLINE) == {
        "94": 2 / 3,
        "50": None,
    }
    assert rows["รอบปัจจุบัน"] == "รอบ 6 เดือน ปีงบประมาณ 2568"
    assert rows["กำหนดส่ง"] == "15 เมษายน 2568"


def test_each_viewer_sees_only_its_scope(rnd: Round, world: dict[str, Organisation]) -> None:
    pattani_reports(rnd, world)
    chiang_mai = rounds.read(Scope(user("overseer.chiangmai"), world["P50"]), AFTER)
    assert (chiang_mai.counts["owed"], chiang_mai.counts["missing"]) == (1, 1)
    # The nation of a province's overseer is its own province, nothing more.
    assert rounds.read(Scope(user("overseer.pattani"), None), AFTER).counts["owed"] == 5
    nation = rounds.read(Scope(user("opsadmin"), None), AFTER)
    assert (nation.counts["owed"], nation.counts["missing"]) == (6, 3)
    dla_on_pattani = rounds.read(
        Scope(user("overseer.dla"), world["DLA"], province=world["P94"].province), AFTER
    )
    assert dla_on_pattani.counts["owed"] == 5


def test_the_measures_by_area(rnd: Round, world: dict[str, Organisation]) -> None:
    pattani_reports(rnd, world)
    nation = Scope(user("opsadmin"), None)
    on_time = sections.MEASURES["reports_on_time_share"].by_area(nation, AFTER)
    missing = sections.MEASURES["reports_missing"].by_area(nation, AFTER)
    assert on_time == {"94": 2 / 5, "50": 0.0}
    assert missing == {"94": 2.0, "50": 1.0}
    # A unit's dashboard breaks down by its centres.
    town = Scope(user("overseer.pattani"), world["5940101"])
    centre = ServiceCentre.objects.get(organisation__code="5940101")
    assert sections.MEASURES["reports_missing"].by_area(town, AFTER) == {str(centre.pk): 0.0}


def test_the_queries_do_not_grow_with_the_centres(
    rnd: Round, world: dict[str, Organisation]
) -> None:
    scope = Scope(user("overseer.dla"), world["DLA"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rounds.read(scope, AFTER)
            sections.MEASURES["reports_on_time_share"].by_area(scope, AFTER)
        return len(ctx.captured_queries)

    count()  # the viewer's assignments are read once, then kept with the account
    few = count()
    assert few <= 5  # the round, today's round, its figures by area, the section's
    for n in range(30):
        centre = unit(world, n, province="50" if n % 2 else "94")
        Report.objects.create(round=rnd, centre=centre, standard=rnd.standard)
    assert count() == few
    assert rounds.read(scope, AFTER).counts["owed"] == 32


def test_no_round_yet(world: dict[str, Organisation]) -> None:
    figures = rounds.read(Scope(user("opsadmin"), None), AFTER)
    assert figures.round is None and figures.on_time_share is None
    assert [row.value for row in rounds.rows(figures)] == ["ยังไม่ได้เปิดรอบใด"]


def test_the_dashboard_shows_the_round(
    client_as: Callable[[str], Client], rnd: Round, world: dict[str, Organisation]
) -> None:
    pattani_reports(rnd, world)
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "รอบ 6 เดือน ปีงบประมาณ 2568" in text
    assert "15 เมษายน 2568" in text


def test_a_round_no_longer_current_is_read_as_it_closed(
    rnd: Round, world: dict[str, Organisation]
) -> None:
    """The comparison reads the last round on a day before its deadline (the last day of
    its period); once a later round is current, that round's reports are read as decided,
    not as "not yet due" (review finding: every area that had sent showed 100 %)."""
    pattani_reports(rnd, world)
    later = DEADLINE + timedelta(days=1)  # the next round, current from then on
    Round.objects.create(
        fiscal_year=rnd.fiscal_year + 1,
        months=6,
        period_start=later,
        period_end=later + timedelta(days=182),
        deadline=later + timedelta(days=197),
        opened_at=datetime.combine(later, time(9), tzinfo=BANGKOK),
    )
    nation = Scope(user("opsadmin"), None)
    before = rnd.deadline - timedelta(days=1)
    on_time = sections.MEASURES["reports_on_time_share"].by_area(nation, before)
    assert on_time == {"94": 2 / 5, "50": 0.0}
    assert sections.MEASURES["reports_missing"].by_area(nation, before) == {
        "94": 2.0,
        "50": 1.0,
    }
