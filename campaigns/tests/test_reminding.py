"""Reminding a campaign's silent organisations: one action, stored as notices (one in
each silent organisation's inbox, an e-mail to each of its administrators), e-mailed by
the worker, refused twice the same day, refused when nobody is silent or the campaign is
not open, and only by those who run the campaign.

DLA's campaign (factories_tracking.launched): silent within DLA's scope are Pattani's
PAO (6940100, nobody with an e-mail answers for it) and Pattani Town (5940101, whose
administrator is admin.pattanitown; staff.pattanitown is centre staff and does not
answer). Pattani's public health office is silent too, but outside DLA's scope.

Who may remind (accounts/capabilities.py, RUN_CAMPAIGNS on DLA): overseer.dla;
clerk.dla follows DLA's campaigns but does not run them (403); admin.yarang and
overseer.chiangmai do not follow them (404).
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from campaigns import reminding
from campaigns.models import Campaign, Target
from campaigns.tests.factories_tracking import launched
from notices.models import Notice
from registry.models import Organisation
from saduak.background import run_queued_tasks
from saduak.problems import Incomplete
from thaicalendar import dates


@pytest.fixture
def campaign(world: dict[str, Organisation]) -> Campaign:
    return launched()


def _overseer() -> User:
    return User.objects.get(username="overseer.dla")


# The worker runs in this process and closes the connection when it is done: on
# PostgreSQL that needs a committed database, not a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminding_stores_an_inbox_notice_per_silent_unit_and_e_mails_its_administrators(
    world: dict[str, Organisation], campaign: Campaign
) -> None:
    assert reminding.remind_silent(user=_overseer(), campaign=campaign) == 2
    inbox = Notice.objects.filter(
        campaign=campaign, kind=Notice.Kind.CAMPAIGN_REMINDER, channel=Notice.Channel.INBOX
    )
    assert {n.organisation.code for n in inbox} == {"6940100", "5940101"}
    assert all(n.status == Notice.Status.SENT and n.created_by == _overseer() for n in inbox)
    town = world["5940101"]
    assert {n.key for n in inbox} == {
        f"campaign-reminder:{campaign.pk}:1:{world['6940100'].pk}",
        f"campaign-reminder:{campaign.pk}:1:{town.pk}",
    }
    emails = Notice.objects.filter(campaign=campaign, channel=Notice.Channel.EMAIL)
    admin = User.objects.get(username="admin.pattanitown")
    assert [(n.address, n.key) for n in emails] == [
        (
            "admin.pattanitown@demo.saduak.local",
            f"campaign-reminder:{campaign.pk}:1:{town.pk}:{admin.pk}",
        )
    ]
    assert mail.outbox == []  # sent by the worker, not inside the request
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["admin.pattanitown@demo.saduak.local"]]
    message = mail.outbox[0]
    assert message.subject == (
        "แจ้งเตือน: ขอความร่วมมือตอบแบบสำรวจ ความต้องการสิ่งจูงใจในการขอรับรองมาตรฐานศูนย์ราชการสะดวก"
    )
    target = Target.objects.get(campaign=campaign, organisation=town)
    # The link to the organisation's own answer page, absolute.
    assert f"{settings.SITE_URL}/campaigns/asked/{target.pk}/" in message.body
    assert "กรมส่งเสริมการปกครองท้องถิ่น" in message.body
    assert "เทศบาลเมืองปัตตานี" in message.body
    # The close date in the Buddhist Era, with a Thai month name.
    closes = campaign.closes_on
    assert str(closes.year + 543) in message.body
    assert set(emails.values_list("status", flat=True)) == {Notice.Status.SENT}
    event = AuditEvent.objects.get(object_type="campaigns.campaign", object_id=str(campaign.pk))
    assert event.actor == _overseer()
    assert event.changes["organisations_reminded"] == [None, 2]


def test_a_second_reminder_the_same_day_is_refused_another_day_is_a_new_round(
    world: dict[str, Organisation], campaign: Campaign
) -> None:
    with time_machine.travel(timezone.now().replace(hour=3, minute=0), tick=False):
        reminding.remind_silent(user=_overseer(), campaign=campaign)
        with pytest.raises(Incomplete) as refused:
            reminding.remind_silent(user=_overseer(), campaign=campaign)
        assert "วันนี้" in refused.value.problems[0].message
    assert reminding.last_round(campaign)[0] == 1
    Target.objects.filter(campaign=campaign, organisation__code="6940100").update(
        answered_at=timezone.now()
    )
    # 00:30 in Bangkok the next day (17:30 UTC): a new round, the unit still silent only.
    tomorrow = timezone.now().replace(hour=17, minute=30)
    with time_machine.travel(tomorrow, tick=False):
        assert reminding.remind_silent(user=_overseer(), campaign=campaign) == 1
    assert reminding.last_round(campaign)[0] == 2
    assert reminding.last_round_size(campaign, 2) == 1
    town = Notice.objects.filter(
        campaign=campaign, organisation=world["5940101"], channel=Notice.Channel.INBOX
    )
    assert sorted(n.key.split(":")[2] for n in town) == ["1", "2"]


def test_nobody_silent_is_refused(world: dict[str, Organisation]) -> None:
    # Everyone within DLA's scope answered; the office outside it does not count.
    campaign = launched(answered=["6940100", "5940101", "5941001", "6940103", "3500101"])
    with pytest.raises(Incomplete) as refused:
        reminding.remind_silent(user=_overseer(), campaign=campaign)
    assert "ตอบครบ" in refused.value.problems[0].message
    assert not Notice.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize(
    "dates", [{"opened_days_ago": -3}, {"opened_days_ago": 30, "closes_in_days": -1}]
)
def test_only_an_open_campaign_is_reminded(world: dict[str, Organisation], dates: dict) -> None:
    campaign = launched(**dates)
    with pytest.raises(Incomplete) as refused:
        reminding.remind_silent(user=_overseer(), campaign=campaign)
    assert "เปิดรับคำตอบ" in refused.value.problems[0].message
    assert not Notice.objects.filter(campaign=campaign).exists()


def test_the_button_reminds_and_says_so(
    campaign: Campaign, client_as: Callable[[str], Client]
) -> None:
    client = client_as("overseer.dla")
    done = client.post(f"/campaigns/{campaign.pk}/remind/", follow=True)
    assert done.redirect_chain[-1][0] == f"/campaigns/{campaign.pk}/tracking/"
    assert "แจ้งเตือน 2 หน่วยงานแล้ว" in done.content.decode()
    again = client.post(f"/campaigns/{campaign.pk}/remind/", follow=True)
    assert "วันนี้ได้แจ้งเตือนหน่วยงานที่ยังไม่ตอบไปแล้ว" in again.content.decode()
    assert Notice.objects.filter(campaign=campaign, channel="inbox").count() == 2


def test_who_may_remind(campaign: Campaign, client_as: Callable[[str], Client]) -> None:
    url = f"/campaigns/{campaign.pk}/remind/"
    assert client_as("clerk.dla").post(url).status_code == 403  # follows, does not run
    assert client_as("admin.yarang").post(url).status_code == 404
    assert client_as("overseer.chiangmai").post(url).status_code == 404
    assert client_as("overseer.dla").get(url).status_code == 405
    assert not Notice.objects.filter(campaign=campaign).exists()
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=None)
    assert client_as("overseer.dla").post(url).status_code == 404  # a draft


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reminders_at_once_make_one_round(world: dict[str, Organisation]) -> None:
    campaign = launched()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def remind() -> None:
        try:
            barrier.wait()
            reminding.remind_silent(user=_overseer(), campaign=campaign.pk)
            outcomes.append("reminded")
        except Incomplete:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=remind) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "reminded"]
    assert Notice.objects.filter(campaign=campaign, channel="inbox").count() == 2
    assert reminding.last_round(campaign)[0] == 1


def test_reminded_on_is_empty_before_any_reminder(campaign: Campaign) -> None:
    assert reminding.reminded_on(Target.objects.filter(campaign=campaign)) == {}
    assert reminding.last_round(campaign) == (0, None)


@pytest.mark.django_db
def test_the_reminded_unit_sees_the_reminder_on_its_list_and_its_answer_page(
    client: Any, world: dict[str, Organisation], campaign: Campaign
) -> None:
    target = Target.objects.get(campaign=campaign, organisation=world["5940101"])
    client.force_login(User.objects.get(username="admin.pattanitown"))
    assert "ติดตาม" not in client.get(f"/campaigns/asked/{target.pk}/").content.decode()
    reminding.remind_silent(user=_overseer(), campaign=campaign)
    today = dates.format_date(dates.bangkok_today())
    page = client.get(f"/campaigns/asked/{target.pk}/").content.decode()
    assert f"กรมส่งเสริมการปกครองท้องถิ่น ติดตามให้หน่วยงานของท่านตอบแบบสำรวจเมื่อ {today}" in page
    listed = client.get("/campaigns/asked/").content.decode()
    assert f"ติดตามเมื่อ {today}" in listed
