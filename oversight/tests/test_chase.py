"""Whom to chase: each unit of a scope that is late or silent today, with its reasons,
and one action that reminds them through the stored notices, once a unit a day.

The world of these tests, as of today:
- Pattani Town (5940101): its report of the current round is not sent, and its
  certificate is under watch;
- Yarang (5941001): a letter asking for acknowledgement, delivered ten days ago, not
  acknowledged; DLA's open campaign not answered;
- 6940103 (Pattani): the answer to a letter is overdue (it acknowledged another one in
  time, and a letter of two days ago is not late yet);
- Chiang Mai's unit (3500101): its certificate ends within six months with no renewal
  application (its report is sent).
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from campaigns.tests.factories_tracking import launched
from certification.models import Certificate
from correspondence.models import Letter
from correspondence.tests.factories_follow import acknowledged, copy_of, sent_letter
from maintenance import services as reports
from maintenance.models import Report
from notices.models import Notice
from oversight import chase
from oversight.scopes import Scope
from registry.models import Organisation
from thaicalendar import dates

CHASED = {"5940101", "5941001", "6940103", "3500101"}
IN_PATTANI = {"5940101", "5941001", "6940103"}


@pytest.fixture
def late(world: dict[str, Organisation]) -> dict[str, Organisation]:
    today = dates.bangkok_today()
    ops = User.objects.get(username="opsadmin")
    year = dates.fiscal_year(today)
    rnd = reports.set_round(
        actor=ops, fiscal_year=year, months=6, deadline=dates.round_for(year, 6).deadline
    )
    reports.open_round(actor=ops, rnd=rnd)
    Report.objects.filter(round=rnd, centre__organisation=world["3500101"]).update(
        status=Report.Status.SUBMITTED, first_submitted_at=timezone.now(), late_by=timedelta(0)
    )
    Certificate.objects.filter(centre__organisation=world["5940101"]).update(under_watch=True)
    Certificate.objects.filter(centre__organisation=world["3500101"]).update(
        valid_until=today + timedelta(days=90)
    )
    ten_days_ago = timezone.now() - timedelta(days=10)
    letter = sent_letter(
        sender=world["DLA"], recipients=[world["5941001"], world["6940103"]], sent_at=ten_days_ago
    )
    acknowledged(copy_of(letter, world["6940103"]))
    sent_letter(
        sender=world["DLA"],
        recipients=[world["6940100"]],
        sent_at=timezone.now() - timedelta(days=2),
    )
    sent_letter(
        sender=world["DLA"],
        recipients=[world["6940103"]],
        action=Letter.Action.ANSWER,
        due_date=today - timedelta(days=1),
        sent_at=ten_days_ago,
    )
    launched("DLA", asked=["5941001", "6940103"], answered=["6940103"])
    return world


def _chase(username: str, org: Organisation | None) -> chase.Chase:
    user = User.objects.get(username=username)
    return chase.read(Scope(user, org), dates.bangkok_today())


def _by_code(figures: chase.Chase) -> dict[str, dict[str, int]]:
    codes = dict(Organisation.objects.values_list("pk", "code"))
    return {codes[unit.pk]: unit.counts for unit in figures.units}


def test_each_reason_is_the_right_units(late: dict[str, Organisation]) -> None:
    found = _by_code(_chase("opsadmin", None))
    assert found == {
        "5940101": {"missing": 1, "watched": 1},
        "5941001": {"unacknowledged": 1, "campaigns": 1},
        "6940103": {"overdue": 1},
        "3500101": {"expiring": 1},
    }


def test_a_scope_lists_only_its_own_units(late: dict[str, Organisation]) -> None:
    assert set(_by_code(_chase("overseer.pattani", late["P94"]))) == IN_PATTANI
    assert set(_by_code(_chase("overseer.chiangmai", late["P50"]))) == {"3500101"}
    assert set(_by_code(_chase("opsadmin", late["5940101"]))) == {"5940101"}
    # DLA's view of Pattani: DLA's units on Pattani's soil.
    dla = User.objects.get(username="overseer.dla")
    cut = Scope(dla, late["DLA"], province=late["P94"].province)
    found = chase.read(cut, dates.bangkok_today())
    assert {unit.name_th for unit in found.units} == {late[code].name_th for code in IN_PATTANI}


def test_the_dashboard_shows_the_units_with_their_reasons(
    late: dict[str, Organisation], client_as: Callable[[str], Client]
) -> None:
    page = client_as("overseer.pattani").get(f"/oversight/{late['P94'].pk}/").content.decode()
    assert late["5940101"].name_th in page
    assert late["5941001"].name_th in page
    assert late["3500101"].name_th not in page  # Chiang Mai's
    assert "รอบ 6 เดือน" in page  # the missing report's round, by its Thai name
    assert f"/oversight/{late['P94'].pk}/chase/" in page  # the whole list
    assert f"/oversight/{late['P94'].pk}/chase/remind/" in page


def test_the_number_of_queries_does_not_grow_with_the_units(
    late: dict[str, Organisation],
) -> None:
    ops = User.objects.get(username="opsadmin")
    today = dates.bangkok_today()
    chase.read(Scope(ops, None), today)  # the account's roles, read once per request

    def count(scope: Scope) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            figures = chase.read(scope, today)
        return len(queries), figures.total

    one = count(Scope(ops, late["3500101"]))
    many = count(Scope(ops, None))
    assert (one[1], many[1]) == (1, 4)
    assert one[0] == many[0] <= 8


def test_remind_sends_each_unit_one_reminder_a_day(
    late: dict[str, Organisation], client_as: Callable[[str], Client]
) -> None:
    pattani = late["P94"]
    client = client_as("overseer.pattani")
    response = client.post(f"/oversight/{pattani.pk}/chase/remind/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "แจ้งเตือนถึงกล่องหนังสือของหน่วยงานแล้ว 3 หน่วยงาน" in page
    # What was promised is what was sent: the e-mails queued, and the units that have
    # no administrator to e-mail named as such (review finding).
    mails = Notice.objects.filter(kind=Notice.Kind.CHASE, channel=Notice.Channel.EMAIL)
    unmailed = 3 - len({n.organisation_id for n in mails})
    assert unmailed > 0
    assert f"อีเมลถึงผู้ดูแลของหน่วยงาน {mails.count()} ฉบับกำลังส่งออก" in page
    assert f"{unmailed} หน่วยงานไม่มีผู้ดูแลที่มีที่อยู่อีเมล" in page
    inbox = Notice.objects.filter(kind=Notice.Kind.CHASE, channel=Notice.Channel.INBOX)
    assert {n.organisation.code for n in inbox} == IN_PATTANI
    town = inbox.get(organisation=late["5940101"])
    assert late["5940101"].name_th in town.body
    assert "รอบ 6 เดือน" in town.body  # names its reason: the round's report
    assert town.created_by.username == "overseer.pattani"
    emails = Notice.objects.filter(kind=Notice.Kind.CHASE, channel=Notice.Channel.EMAIL)
    assert "admin.pattanitown@demo.saduak.local" in {n.address for n in emails}
    assert "admin.yarang@demo.saduak.local" in {n.address for n in emails}
    stored = Notice.objects.count()

    # Again the same day, by the same overseer or by OPS PMO for the nation: nothing new
    # for the units already reminded, and they are told so; Chiang Mai's is reminded.
    again = client.post(f"/oversight/{pattani.pk}/chase/remind/", follow=True)
    assert Notice.objects.count() == stored
    assert "3 หน่วยงานได้รับการแจ้งเตือนไปแล้ววันนี้" in again.content.decode()
    client_as("opsadmin").post("/oversight/chase/remind/")
    inbox = Notice.objects.filter(kind=Notice.Kind.CHASE, channel=Notice.Channel.INBOX)
    assert sorted(n.organisation.code for n in inbox) == sorted(CHASED)


def test_the_notice_log_shows_the_reminders(
    late: dict[str, Organisation], client_as: Callable[[str], Client]
) -> None:
    client = client_as("overseer.pattani")
    client.post(f"/oversight/{late['P94'].pk}/chase/remind/")
    page = client.get(f"/oversight/{late['P94'].pk}/chase/").content.decode()
    assert "admin.pattanitown@demo.saduak.local" in page
    assert late["5941001"].name_th in page
    subject = Notice.objects.filter(organisation=late["5941001"], kind=Notice.Kind.CHASE)[0]
    assert subject.subject in page
    # Chiang Mai's overseer sees neither Pattani's units nor their reminders.
    other = client_as("overseer.chiangmai").get(f"/oversight/{late['P50'].pk}/chase/")
    assert late["5941001"].name_th not in other.content.decode()
    assert "admin.pattanitown@demo.saduak.local" not in other.content.decode()


def test_the_whole_list_is_paginated(
    late: dict[str, Organisation], client_as: Callable[[str], Client], monkeypatch: Any
) -> None:
    monkeypatch.setattr(chase, "PAGE", 2)
    client = client_as("opsadmin")
    first = client.get("/oversight/chase/").content.decode()
    second = client.get("/oversight/chase/?page=2").content.decode()
    assert "4 หน่วยงาน" in first and 'rel="next"' in first
    names = {late[code].name_th for code in CHASED}
    assert {n for n in names if n in first} | {n for n in names if n in second} == names


@pytest.mark.parametrize(
    ("username", "address", "status"),
    [
        ("reviewer", "/oversight/chase/remind/", 403),  # reads the dashboard, no reminding
        ("reviewer", "/oversight/{P94}/chase/remind/", 403),
        ("overseer.chiangmai", "/oversight/{P94}/chase/remind/", 404),  # not its province
        ("overseer.pattani", "/oversight/{P50}/chase/remind/", 404),
        ("overseer.pattani", "/oversight/chase/remind/", 403),  # the nation is OPS PMO's
        ("admin.pattanitown", "/oversight/{town}/chase/remind/", 404),
        ("overseer.dla", "/oversight/{P94}/chase/remind/", 404),  # the province is not DLA's
    ],
)
def test_who_may_not_remind(
    late: dict[str, Organisation],
    client_as: Callable[[str], Client],
    username: str,
    address: str,
    status: int,
) -> None:
    url = address.format(P94=late["P94"].pk, P50=late["P50"].pk, town=late["5940101"].pk)
    assert client_as(username).post(url).status_code == status
    assert not Notice.objects.filter(kind=Notice.Kind.CHASE).exists()


def test_reading_and_reminding_are_different_rights(
    late: dict[str, Organisation], client_as: Callable[[str], Client]
) -> None:
    reviewer = client_as("reviewer")
    page = reviewer.get(f"/oversight/{late['P94'].pk}/").content.decode()
    assert late["5940101"].name_th in page  # the reviewer reads whom to chase
    assert "/chase/remind/" not in page  # without the button
    assert reviewer.get(f"/oversight/{late['P94'].pk}/chase/").status_code == 200
    assert (
        client_as("overseer.pattani").get(f"/oversight/{late['P94'].pk}/chase/remind/").status_code
        == 405
    )


def test_a_renewal_under_way_takes_the_certificate_off_the_list(
    late: dict[str, Organisation],
) -> None:
    from certification.models import Application
    from certification.tests.factories_integrate import application
    from registry.models import ServiceCentre

    centre = ServiceCentre.objects.filter(organisation=late["3500101"]).order_by("pk")[0]
    application(centre, state=Application.State.DRAFT)  # not sent: no renewal yet
    assert "3500101" in _by_code(_chase("opsadmin", None))
    Application.objects.filter(centre=centre).update(state=Application.State.SENT)
    assert "3500101" not in _by_code(_chase("opsadmin", None))


def test_the_current_round_is_the_latest_opened_that_has_begun(
    world: dict[str, Organisation],
) -> None:
    from maintenance.selectors import current_round

    ops = User.objects.get(username="opsadmin")
    today = dates.bangkok_today()
    year = dates.fiscal_year(today)
    assert current_round(today) is None
    old = reports.set_round(
        actor=ops, fiscal_year=2565, months=6, deadline=dates.round_for(2565, 6).deadline
    )
    reports.open_round(actor=ops, rnd=old)
    now = reports.set_round(
        actor=ops, fiscal_year=year, months=6, deadline=dates.round_for(year, 6).deadline
    )
    assert current_round(today) == old  # set, not opened yet
    reports.open_round(actor=ops, rnd=now)
    assert current_round(today) == now
    ahead = reports.set_round(
        actor=ops, fiscal_year=year + 1, months=6, deadline=dates.round_for(year + 1, 6).deadline
    )
    reports.open_round(actor=ops, rnd=ahead)
    assert current_round(today) == now  # its period has not begun
