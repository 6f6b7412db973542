"""The weekly digest: each overseer turns it on or off from the dashboard; once a week
each subscriber gets by e-mail the figures of their own dashboards and whom to chase,
read with them as the viewer (never more), through the stored notices, once a week
however often the job runs."""

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from accounts.models import RoleAssignment, User
from notices.models import Notice
from oversight import digest
from oversight.models import Digest
from oversight.tests.registered import registered
from registry.models import Organisation
from saduak.background import run_queued_tasks
from saduak.tests.smtp import Inbox
from thaicalendar.dates import BANGKOK

ClientAs = Callable[[str], Client]
MONDAY = date(2026, 12, 7)


@pytest.fixture
def test_section() -> Iterator[None]:
    yield from registered()


def _subscribe(*usernames: str) -> None:
    for username in usernames:
        Digest.objects.create(user=User.objects.get(username=username))


# --- turning it on and off ----------------------------------------------------------------


def test_an_overseer_turns_the_digest_on_and_off_from_the_dashboard(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    client = client_as("overseer.pattani")
    dashboard = f"/oversight/{world['P94'].pk}/"
    page = client.get(dashboard).content.decode()
    assert "ส่งสรุปรายสัปดาห์ให้ฉันทางอีเมล" in page
    response = client.post("/oversight/digest/", {"on": "1", "next": dashboard})
    assert response.status_code == 302 and response["Location"] == dashboard
    assert Digest.objects.filter(user__username="overseer.pattani").exists()
    page = client.get(dashboard).content.decode()
    assert "คุณจะได้รับสรุปรายสัปดาห์ทางอีเมล" in page  # the message
    assert "หยุดรับสรุปรายสัปดาห์" in page
    # Asked twice: still one.
    client.post("/oversight/digest/", {"on": "1", "next": dashboard})
    assert Digest.objects.count() == 1
    client.post("/oversight/digest/", {"on": "0", "next": dashboard})
    assert not Digest.objects.exists()
    assert "หยุดส่งสรุปรายสัปดาห์แล้ว" in client.get(dashboard).content.decode()


def test_the_toggle_goes_back_only_to_a_dashboard(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    client = client_as("overseer.pattani")
    response = client.post("/oversight/digest/", {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/oversight/"


@pytest.mark.parametrize("username", ["admin.pattanitown", "staff.pattanitown", "clerk.dla"])
def test_who_oversees_nothing_has_no_digest_to_turn_on(client_as: ClientAs, username: str) -> None:
    # Almost allowed: signed in, with roles on units and letters, but overseeing nothing.
    response = client_as(username).post("/oversight/digest/", {"on": "1"})
    assert response.status_code == 404
    assert not Digest.objects.exists()


def test_the_toggle_is_a_post_of_a_signed_in_account(client_as: ClientAs, world: Any) -> None:
    assert client_as("overseer.pattani").get("/oversight/digest/").status_code == 405
    anonymous = Client().post("/oversight/digest/", {"on": "1"})
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert not Digest.objects.exists()


# --- what goes out --------------------------------------------------------------------------


def test_each_subscriber_gets_their_own_scope_and_nothing_more(
    world: dict[str, Organisation], test_section: None
) -> None:
    _subscribe("overseer.pattani", "overseer.chiangmai")
    assert digest.send_week(MONDAY) == 2
    run_queued_tasks()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {
        "overseer.pattani@demo.saduak.local",
        "overseer.chiangmai@demo.saduak.local",
    }
    pattani = by_address["overseer.pattani@demo.saduak.local"]
    assert pattani.subject == "สรุปรายสัปดาห์จากแดชบอร์ดของคุณ 7 ธันวาคม 2569"
    assert "แดชบอร์ด: จังหวัดปัตตานี" in pattani.body
    assert f"/oversight/{world['P94'].pk}/" in pattani.body
    assert "หน่วยงานในขอบเขต (ทดสอบ)" in pattani.body  # the section
    assert "- สัดส่วนทดสอบ: 25.0%" in pattani.body
    assert "- ติดตาม: เทศบาลเมืองปัตตานี: ยังไม่ส่งรายงาน" in pattani.body  # whom to chase
    assert "เชียงใหม่" not in pattani.body
    chiangmai = by_address["overseer.chiangmai@demo.saduak.local"]
    assert "ติดตาม: เทศบาลนครเชียงใหม่" in chiangmai.body
    assert "ปัตตานี" not in chiangmai.body
    notice = Notice.objects.get(account__username="overseer.pattani")
    assert (notice.kind, notice.channel, notice.status) == ("digest", "email", "sent")
    assert notice.organisation == world["P94"]


def test_once_a_week_however_often_the_job_runs(world: Any, test_section: None) -> None:
    _subscribe("overseer.pattani")
    assert digest.send_week(MONDAY) == 1
    assert digest.send_week(date(2026, 12, 9)) == 0  # the same week, later
    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert digest.send_week(date(2026, 12, 14)) == 1  # next week
    run_queued_tasks()
    assert len(mail.outbox) == 2


def test_no_digest_for_who_did_not_ask_or_no_longer_oversees(
    world: Any, test_section: None
) -> None:
    _subscribe("overseer.chiangmai", "overseer.dla")
    RoleAssignment.objects.filter(user__username="overseer.dla").delete()
    User.objects.filter(username="overseer.chiangmai").update(is_active=False)
    assert digest.send_week(MONDAY) == 0
    run_queued_tasks()
    assert mail.outbox == []


def test_the_nation_for_ops_pmo(world: Any, test_section: None) -> None:
    _subscribe("opsadmin")
    digest.send_week(MONDAY)
    run_queued_tasks()
    (message,) = mail.outbox
    assert "แดชบอร์ด: ทั้งประเทศ" in message.body
    assert "ติดตาม: เทศบาลนครเชียงใหม่" in message.body
    assert "ติดตาม: เทศบาลเมืองปัตตานี" in message.body


# --- the weekly job -------------------------------------------------------------------------


def test_the_job_waits_for_next_monday_morning_and_is_queued_once(world: Any) -> None:
    wednesday = datetime(2026, 12, 9, 15, 0, tzinfo=BANGKOK)
    assert digest.next_run(wednesday) == datetime(2026, 12, 14, 7, 0, tzinfo=BANGKOK)
    monday_early = datetime(2026, 12, 7, 6, 0, tzinfo=BANGKOK)
    assert digest.next_run(monday_early) == datetime(2026, 12, 7, 7, 0, tzinfo=BANGKOK)
    assert digest.schedule(wednesday) == "2026-W51"
    assert digest.schedule(wednesday) == "2026-W51"
    waiting = DBTaskResult.objects.filter(task_path="oversight.digest.send_digests")
    assert waiting.count() == 1
    assert waiting.get().run_after == datetime(2026, 12, 14, 7, 0, tzinfo=BANGKOK)
    run_queued_tasks()  # not due yet: nothing runs
    assert waiting.get().status == "READY"


def test_the_job_sends_and_queues_itself_for_next_week(world: Any, test_section: None) -> None:
    _subscribe("overseer.pattani")
    assert digest.send_digests.call("2026-W49") == 1
    assert digest.send_digests.call("2026-W49") == 0
    assert Notice.objects.filter(key__startswith="digest:2026-W49:").count() == 1
    assert (
        DBTaskResult.objects.filter(
            task_path="oversight.digest.send_digests", status="READY"
        ).count()
        == 1
    )


# --- through a real SMTP server -------------------------------------------------------------


def test_the_digest_reaches_a_real_smtp_server(
    world: dict[str, Organisation], test_section: None, smtp_server: Inbox
) -> None:
    _subscribe("overseer.pattani")
    digest.send_week(MONDAY)
    run_queued_tasks()
    assert len(smtp_server.messages) == 1
    to, message = smtp_server.messages[0]
    assert to == ["overseer.pattani@demo.saduak.local"]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "สรุปรายสัปดาห์จากแดชบอร์ดของคุณ 7 ธันวาคม 2569"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode(message.get_content_charset() or "utf-8")
    assert "แดชบอร์ด: จังหวัดปัตตานี" in body
    assert "ติดตาม: เทศบาลเมืองปัตตานี: ยังไม่ส่งรายงาน" in body
    assert f"/oversight/{world['P94'].pk}/" in body
    notice = Notice.objects.get(kind="digest")
    assert (notice.status, notice.attempts, notice.last_error) == ("sent", 1, "")


def test_the_worker_keeps_the_job_waiting_and_the_command_sends_once(
    world: Any, test_section: None
) -> None:
    from django.core.management import call_command

    from saduak.background import resume_unfinished

    assert resume_unfinished()["oversight.digest.resume"] == 1  # `manage.py work` starts
    assert resume_unfinished()["oversight.digest.resume"] == 0  # and again: still one
    assert DBTaskResult.objects.filter(task_path="oversight.digest.send_digests").count() == 1
    _subscribe("overseer.pattani")
    call_command("send_digest", stdout=io.StringIO())
    call_command("send_digest", stdout=io.StringIO())
    run_queued_tasks()
    assert len(mail.outbox) == 1
