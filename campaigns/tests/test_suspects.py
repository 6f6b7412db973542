"""Suspect staff answers: judged at the door and against the campaign's sightings, kept
and flagged, then counted or rejected by the campaign's owner (issue 13 §7)."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from campaigns.models import Campaign, Response, Target
from campaigns.tests import factories_answering as f
from survey import protection as citizen_protection
from thaicalendar import dates


@pytest.fixture
def target(world: Any, settings: Any) -> Target:
    settings.SURVEY_MIN_SECONDS = 0
    return f.town(f.launched(audience=Campaign.Audience.STAFF))


def answer(client: Client, target: Target, **changes: Any) -> Any:
    url = f"/s/{target.staff_code}/"
    html = client.get(url).content.decode()
    started = html.split('name="started" value="', 1)[1].split('"', 1)[0]
    data = {**f.form(**changes), "started": started, "website": ""}
    return client.post(url, data)


def statuses() -> list[tuple[str, list[str]]]:
    return [(r.status, r.reasons) for r in Response.objects.order_by("pk")]


def test_a_second_answer_from_a_device_and_a_repeat_are_suspect(target: Target) -> None:
    client = Client()
    assert answer(client, target).status_code == 302
    assert answer(client, target, **{"q-level": "advanced"}).status_code == 302
    assert answer(client, target).status_code == 302
    other = Client()  # another phone on the same network, same answers again
    answer(other, target)
    assert statuses() == [
        ("counted", []),
        ("suspect", ["device_again"]),
        ("suspect", ["repeat"]),
        ("suspect", ["repeat"]),
    ]


def test_robots_are_suspect_and_thanked_alike(target: Target, settings: Any) -> None:
    settings.SURVEY_MIN_SECONDS = 60
    client = Client()
    sent = answer(client, target)
    assert sent.status_code == 302 and sent["Location"].endswith("/thanks/")
    bot = Client()
    url = f"/s/{target.staff_code}/"
    forged = bot.post(url, {**f.form(**{"q-level": "none"}), "website": "http://spam"})
    assert forged.status_code == 302 and forged["Location"] == sent["Location"]
    assert statuses() == [
        ("suspect", ["too_fast"]),
        ("suspect", ["no_device", "honeypot", "no_start"]),
    ]
    target.refresh_from_db()
    assert target.answered_at is None  # nothing counted yet


def test_many_answers_from_one_network_are_suspect(target: Target, settings: Any) -> None:
    settings.CAMPAIGN_PER_NETWORK = 2
    for level in ("basic", "advanced", "excellent"):
        answer(Client(), target, **{"q-level": level})
    assert [s for s, _r in statuses()] == ["counted", "counted", "suspect"]
    assert statuses()[2][1] == ["network_burst"]


def decide(client: Client, target: Target, decision: str, expected: int | None = None) -> Any:
    url = f"/campaigns/{target.campaign.pk}/suspects/decide/"
    if expected is None:  # the first press: the confirmation
        return client.post(url, {"decision": decision})
    return client.post(url, {"decision": decision, "confirm": "1", "expected": str(expected)})


def test_the_owner_sees_only_counts_by_reason_never_one_answer(
    target: Target, client_as: Any
) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    answer(client, target, **{"q-level": "excellent"})
    first = Response.objects.order_by("pk").first()
    assert first is not None
    Response.objects.filter(pk=first.pk).update(status="suspect", reasons=["too_fast"])
    page = client_as("overseer.dla").get(f"/campaigns/{target.campaign.pk}/suspects/")
    html = page.content.decode()
    assert "3 คำตอบที่น่าสงสัย" in html
    assert "คำตอบที่สองจากอุปกรณ์เดียวกัน</th><td>2</td>" in html
    assert "ส่งเร็วเกินกว่าที่คนจะอ่านคำถามได้ทัน</th><td>1</td>" in html
    # Nothing that singles one answer out: no organisation, no day, no key to choose.
    assert "เทศบาลเมืองปัตตานี" not in html
    assert 'name="response"' not in html and 'type="checkbox"' not in html
    for r in Response.objects.all():
        assert f'value="{r.pk}"' not in html
    assert "ระดับเป็นเลิศ" not in html  # the answers themselves stay unseen
    assert "นับทั้งหมด" in html and "ไม่นับทั้งหมด" in html


def test_all_suspects_are_decided_at_once_after_a_confirmation(
    target: Target, client_as: Any
) -> None:
    client = Client()
    for level in ("basic", "advanced", "excellent"):
        answer(client, target, **{"q-level": level})
    Response.objects.update(status="suspect", reasons=["too_fast"])
    Target.objects.filter(pk=target.pk).update(answered_at=None)
    overseer = client_as("overseer.dla")
    asked = decide(overseer, target, "count")
    assert asked.status_code == 200
    assert "นับคำตอบที่น่าสงสัยทั้ง 3 คำตอบ" in asked.content.decode()
    assert [s for s, _r in statuses()] == ["suspect"] * 3  # nothing yet
    # One more arrived meanwhile: the number confirmed is not the number now.
    answer(client, target, **{"q-level": "none"})
    stale = decide(overseer, target, "count", expected=3)
    assert stale.status_code == 409 and "จำนวนคำตอบที่น่าสงสัยเปลี่ยนไป" in stale.content.decode()
    assert [s for s, _r in statuses()] == ["suspect"] * 4
    assert decide(overseer, target, "count", expected=4).status_code == 302
    assert [s for s, _r in statuses()] == ["counted"] * 4
    target.refresh_from_db()
    assert target.answered_at is not None
    assert target.answered_at.astimezone(dates.BANGKOK).hour == 0
    events = AuditEvent.objects.filter(object_type="campaigns.campaign").order_by("pk")
    assert [e.changes for e in events] == [
        {"staff_answers_counted": [None, 4], "suspect_staff_answers": [4, None]},
    ]
    page = overseer.get(f"/campaigns/{target.campaign.pk}/suspects/").content.decode()
    assert "ไม่มีคำตอบที่น่าสงสัยรอการตัดสิน" in page


def test_rejecting_all(target: Target, client_as: Any) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    overseer = client_as("overseer.dla")
    assert "ไม่นับคำตอบที่น่าสงสัย 1 คำตอบ" in decide(overseer, target, "reject").content.decode()
    assert decide(overseer, target, "reject", expected=1).status_code == 302
    assert [s for s, _r in statuses()] == ["counted", "rejected"]


def test_after_the_close_suspects_stay_out_and_cannot_be_decided(
    target: Target, client_as: Any
) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    Campaign.objects.filter(pk=target.campaign.pk).update(closed_at=timezone.now())
    overseer = client_as("overseer.dla")
    html = overseer.get(f"/campaigns/{target.campaign.pk}/suspects/").content.decode()
    assert "1 คำตอบที่น่าสงสัย" in html
    assert "ไม่รับคำตอบแล้ว" in html and 'name="decision"' not in html
    refused = decide(overseer, target, "count", expected=1)
    assert refused.status_code == 409 and "ไม่รับคำตอบแล้ว" in refused.content.decode()
    assert [s for s, _r in statuses()] == ["counted", "suspect"]
    assert not AuditEvent.objects.filter(object_type="campaigns.campaign").exists()


def test_a_decision_that_is_neither_is_refused_clearly(target: Target, client_as: Any) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    response = decide(client_as("overseer.dla"), target, "maybe", expected=1)
    assert response.status_code == 400
    assert "เลือกว่าจะนับหรือไม่นับ" in response.content.decode()
    assert [s for s, _r in statuses()] == ["counted", "suspect"]


def test_only_those_who_run_the_campaign_decide(target: Target, client_as: Any) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    url = f"/campaigns/{target.campaign.pk}/suspects/decide/"
    form = {"decision": "count", "confirm": "1", "expected": "1"}
    assert client_as("clerk.dla").post(url, form).status_code == 403  # follows, runs not
    assert client_as("overseer.pattani").post(url, form).status_code == 404
    assert client_as("admin.pattanitown").post(url, form).status_code == 404
    assert client_as("clerk.dla").get(url[: -len("decide/")]).status_code == 403
    assert Response.objects.get(status="suspect")
    assert citizen_protection.DEVICE_COOKIE  # the same cookie as the citizen page
