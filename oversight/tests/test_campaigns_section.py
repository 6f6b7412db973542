"""The dashboard's campaigns section: for each campaign survey taking answers today, how
many of the scope's units it asks and how many have answered, counted only among the
viewer's units, in a number of queries that does not grow with them."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign, open_on
from campaigns.tests.factories_tracking import launched, many_local_governments
from oversight import campaigns
from oversight.scopes import Scope
from oversight.sections import MEASURES
from registry.models import Organisation
from thaicalendar import dates


def _scope(username: str, organisation: Organisation | None) -> Scope:
    return Scope(User.objects.get(username=username), organisation)


@pytest.fixture
def running(world: dict[str, Organisation]) -> dict[str, Campaign]:
    """DLA's open campaign (four units of Pattani asked, two answered; one of Chiang
    Mai, answered; Pattani's health office, which DLA does not oversee, not counted),
    a campaign of DLA not open yet and one closed early."""
    closed = launched(title="แบบสำรวจที่ปิดแล้ว")
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    return {
        "open": launched(),
        "scheduled": launched(title="แบบสำรวจที่ยังไม่เปิด", opened_days_ago=-3),
        "closed": closed,
    }


def test_a_province_sees_the_rates_among_its_units(
    world: dict[str, Organisation], running: dict[str, Campaign]
) -> None:
    today = dates.bangkok_today()
    pattani = campaigns.read(_scope("overseer.pattani", world["P94"]), today)
    assert [item.rate.campaign for item in pattani.open] == [running["open"]]
    rate = pattani.open[0].rate
    assert (rate.asked, rate.answered) == (4, 2)
    assert rate.share == pytest.approx(0.5)
    chiang_mai = campaigns.read(_scope("overseer.chiangmai", world["P50"]), today)
    assert [(i.rate.asked, i.rate.answered) for i in chiang_mai.open] == [(1, 1)]
    # DLA's own dashboard: its five counted units, wherever they are.
    dla = campaigns.read(_scope("overseer.dla", world["DLA"]), today)
    assert [(i.rate.asked, i.rate.answered) for i in dla.open] == [(5, 3)]
    assert (dla.total.asked, dla.total.answered) == (5, 3)


def test_a_campaign_links_to_its_tracking_page_only_for_who_follows_it(
    client_as: Callable[[str], Client], world: dict[str, Organisation], running: dict[str, Campaign]
) -> None:
    tracking = reverse("campaigns:tracking", args=[running["open"].pk])
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/").content.decode()
    section = page[page.index('id="campaigns"') :]
    assert running["open"].title_th in section
    assert "50.0 %" in section
    assert "แบบสำรวจที่ยังไม่เปิด" not in section and "แบบสำรวจที่ปิดแล้ว" not in section
    assert tracking not in section  # DLA's campaign: Pattani does not follow it
    assert client_as("overseer.pattani").get(tracking).status_code == 404
    dla = client_as("overseer.dla").get(f"/oversight/{world['DLA'].pk}/").content.decode()
    assert tracking in dla
    assert client_as("overseer.dla").get(tracking).status_code == 200


def test_no_open_campaign_says_so(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/").content.decode()
    assert "วันนี้ไม่มีแบบสำรวจที่เปิดรับคำตอบจากหน่วยงานในแดชบอร์ดนี้" in page


def test_open_on_a_day_is_what_the_campaign_state_says(
    world: dict[str, Organisation], running: dict[str, Campaign]
) -> None:
    today = dates.bangkok_today()
    for day in (
        today - timedelta(days=6),
        today,
        today + timedelta(days=3),
        today + timedelta(days=21),
    ):
        expected = {c for c in running.values() if c.state_on(day) == Campaign.State.OPEN}
        assert set(Campaign.objects.filter(open_on(day))) == expected


def test_the_measure_by_area(world: dict[str, Organisation], running: dict[str, Campaign]) -> None:
    today = dates.bangkok_today()
    by_province = MEASURES["campaigns_answered_share"].by_area(_scope("opsadmin", None), today)
    assert by_province == {"94": pytest.approx(0.5), "50": pytest.approx(1.0)}
    # A unit's dashboard breaks down by centre: a campaign asks the unit, not a centre.
    unit = _scope("opsadmin", world["5940101"])
    assert MEASURES["campaigns_answered_share"].by_area(unit, today) == {}


def _queries(scope: Scope) -> int:
    today = dates.bangkok_today()
    with CaptureQueriesContext(connection) as captured:
        campaigns.read(scope, today)
        MEASURES["campaigns_answered_share"].by_area(scope, today)
    return len(captured)


def test_the_queries_do_not_grow_with_the_units(world: dict[str, Organisation]) -> None:
    launched(asked=["5940101"], answered=[])
    few = _queries(_scope("overseer.pattani", world["P94"]))
    assert few <= 5
    units = many_local_governments(40)
    launched(asked=units, answered=units[:15])
    launched(asked=units[:20], answered=units[:5], title="แบบสำรวจความพร้อม")
    many = _queries(_scope("overseer.pattani", world["P94"]))
    assert many == few
    figures = campaigns.read(_scope("overseer.pattani", world["P94"]), dates.bangkok_today())
    assert (figures.total.asked, figures.total.answered) == (61, 20)
