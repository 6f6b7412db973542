"""Suspect staff answers: judged at the door and against the campaign's sightings, kept
and flagged, then counted or rejected by the campaign's owner (issue 13 §7)."""

from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from campaigns.models import Campaign, Response, Target
from campaigns.tests import factories_answering as f
from survey import protection as citizen_protection


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


def test_the_owner_reads_the_reasons_and_decides(target: Target, client_as: Any) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    answer(client, target, **{"q-level": "excellent"})
    first, *suspect = Response.objects.order_by("pk")
    Response.objects.filter(pk=first.pk).update(status="suspect", reasons=["too_fast"])
    Target.objects.filter(pk=target.pk).update(answered_at=None)
    overseer = client_as("overseer.dla")
    page = overseer.get(f"/campaigns/{target.campaign.pk}/suspects/").content.decode()
    assert "คำตอบที่สองจากอุปกรณ์เดียวกัน" in page and "ส่งเร็วเกินกว่าที่คนจะอ่านคำถามได้ทัน" in page
    assert "เทศบาลเมืองปัตตานี" in page
    assert "ระดับเป็นเลิศ" not in page  # the answers themselves stay unseen
    decide = f"/campaigns/{target.campaign.pk}/suspects/decide/"
    counted = overseer.post(decide, {"decision": "count", "response": [first.pk]})
    assert counted.status_code == 302
    rejected = overseer.post(decide, {"decision": "reject", "response": [r.pk for r in suspect]})
    assert rejected.status_code == 302
    assert [s for s, _r in statuses()] == ["counted", "rejected", "rejected"]
    target.refresh_from_db()
    assert target.answered_at is not None
    events = AuditEvent.objects.filter(object_type="campaigns.campaign").order_by("pk")
    assert [e.changes for e in events] == [
        {"staff_answers_counted": [None, 1], "suspect_staff_answers": [1, None]},
        {"staff_answers_rejected": [None, 2], "suspect_staff_answers": [2, None]},
    ]
    page = overseer.get(f"/campaigns/{target.campaign.pk}/suspects/").content.decode()
    assert "ไม่มีคำตอบที่น่าสงสัยรอการตัดสิน" in page


def test_a_decision_without_answers_chosen_is_refused_clearly(
    target: Target, client_as: Any
) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    decide = f"/campaigns/{target.campaign.pk}/suspects/decide/"
    response = client_as("overseer.dla").post(decide, {"decision": "count"})
    assert response.status_code == 400
    assert "เลือกคำตอบที่จะตัดสิน" in response.content.decode()
    assert [s for s, _r in statuses()] == ["counted", "suspect"]


def test_only_those_who_run_the_campaign_decide(target: Target, client_as: Any) -> None:
    client = Client()
    answer(client, target)
    answer(client, target, **{"q-level": "advanced"})
    suspect = Response.objects.get(status="suspect")
    decide = f"/campaigns/{target.campaign.pk}/suspects/decide/"
    form = {"decision": "count", "response": [suspect.pk]}
    assert client_as("clerk.dla").post(decide, form).status_code == 403  # follows, runs not
    assert client_as("overseer.pattani").post(decide, form).status_code == 404
    assert client_as("admin.pattanitown").post(decide, form).status_code == 404
    assert Response.objects.get(pk=suspect.pk).status == "suspect"
    assert citizen_protection.DEVICE_COOKIE  # the same cookie as the citizen page
