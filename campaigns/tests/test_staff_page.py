"""The anonymous staff page of a campaign, /s/<code>/ (issue 13 §7): public, light, Thai
first; an answer keeps nothing that points at a person."""

import base64
import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from campaigns import protection
from campaigns.models import Campaign, Response, Sighting, Target
from campaigns.tests import factories_answering as f
from survey import protection as citizen_protection
from thaicalendar import dates


@pytest.fixture
def target(world: Any, settings: Any) -> Target:
    settings.SURVEY_MIN_SECONDS = 0  # the minimum time is tested in test_suspects.py
    return f.town(f.launched(audience=Campaign.Audience.STAFF))


def url(target: Target) -> str:
    return f"/s/{target.staff_code}/"


def answer(client: Client, target: Target, **changes: Any) -> Any:
    """Open the page as a person does (its cookie, its started token), then send."""
    html = client.get(url(target)).content.decode()
    started = html.split('name="started" value="', 1)[1].split('"', 1)[0]
    return client.post(url(target), {**f.form(**changes), "started": started, "website": ""})


def test_the_page_is_public_light_thai_first_and_says_what_is_kept(target: Target) -> None:
    response = Client().get(url(target))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>สำรวจความต้องการสิ่งจูงใจ ปี 2569 · สะดวก</title>" in html
    assert "สำหรับเจ้าหน้าที่ของเทศบาลเมืองปัตตานี" in html
    assert "ไม่ระบุตัวตน" in html and "ลบภายใน 30 วัน" in html  # the privacy notice
    assert "<script" not in html and " style=" not in html
    assert 'value="en" lang="en">English</button>' in html  # the language switch
    assert 'name="website"' in html  # the honeypot
    assert citizen_protection.DEVICE_COOKIE in response.cookies
    # Its one stylesheet is the citizen page's, which the policy allows by its hash.
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]


def test_an_answer_is_counted_for_the_organisation_and_keeps_no_person(target: Target) -> None:
    client = Client()
    sent = answer(client, target)
    assert sent.status_code == 302 and sent["Location"] == f"{url(target)}thanks/"
    thanks = client.get(sent["Location"]).content.decode()
    assert "ขอบคุณ" in thanks and "นับรวมเป็นของเทศบาลเมืองปัตตานี" in thanks
    response = Response.objects.get(target=target)
    assert response.anonymous and response.is_sent and response.status == "counted"
    assert response.sent_on == dates.bangkok_today()
    assert response.sent_at is None and response.sent_by is None and response.updated_by is None
    assert response.answers["level"] == "basic"
    sighting = Sighting.objects.get()
    assert sighting.device_hash and sighting.network_hash and sighting.fingerprint
    assert not any(f.name == "response" for f in Sighting._meta.fields)  # no link
    target.refresh_from_db()
    assert target.answered_at and dates.local_date(target.answered_at) == dates.bangkok_today()
    assert target.answered_at.astimezone(dates.BANGKOK).hour == 0  # the day, not the time


def test_a_wrong_answer_is_shown_on_its_question_and_nothing_kept(target: Target) -> None:
    response = answer(Client(), target, **{"q-most_wanted-2": "budget", "q-level": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="q-most_wanted-e">ตัวเลือกหนึ่งใส่ได้เพียงอันดับเดียว' in html
    assert 'id="q-level-e">กรุณาตอบข้อนี้' in html
    assert 'value="budget" checked' in html  # what was typed is kept
    assert not Response.objects.exists() and not Sighting.objects.exists()


@pytest.mark.parametrize(("opens_in", "closes_in"), [(-20, -1), (2, 9)])
def test_a_campaign_not_open_gets_a_polite_page_and_keeps_nothing(
    world: Any, opens_in: int, closes_in: int
) -> None:
    target = f.town(
        f.launched(audience=Campaign.Audience.STAFF, opens_in=opens_in, closes_in=closes_in)
    )
    client = Client()
    page = client.get(url(target))
    assert page.status_code == 200
    assert "แบบสำรวจนี้ไม่รับคำตอบในขณะนี้" in page.content.decode()
    sent = client.post(url(target), {**f.COMPLETE, "started": citizen_protection.started_token()})
    assert sent.status_code == 200
    assert not Response.objects.exists() and not Sighting.objects.exists()


def test_an_unknown_code_or_an_organisation_survey_is_not_found(world: Any) -> None:
    organisations = f.town(f.launched())
    Target.objects.filter(pk=organisations.pk).update(staff_code="ABCDEFGHJK")
    assert Client().get("/s/ABCDEFGHJK/").status_code == 404
    assert Client().get("/s/NOSUCHCODE/").status_code == 404


def test_old_sightings_are_forgotten(target: Target, settings: Any) -> None:
    answer(Client(), target)
    old = Sighting.objects.create(
        campaign=target.campaign,
        device_hash="d",
        network_hash="n",
        seen_at=timezone.now() - timedelta(days=settings.CAMPAIGN_SIGHTING_DAYS + 1),
    )
    assert protection.forget_old_sightings() == 1
    assert not Sighting.objects.filter(pk=old.pk).exists()
    assert Sighting.objects.count() == 1 and Response.objects.count() == 1


# --- what a staff answer leaves behind (the hostile review's F5) ----------------------


def test_a_sighting_cannot_be_paired_with_its_answer(target: Target, caplog: Any) -> None:
    from audit.models import AuditEvent
    from notices.models import Notice

    client = Client()
    device = client.get(url(target)).cookies[citizen_protection.DEVICE_COOKIE].value
    answer(client, target)
    answer(Client(), target, **{"q-level": "advanced"})
    sightings = list(Sighting.objects.all())
    # A random key, not the answer's sequence number; the hour, not the instant.
    assert all(isinstance(s.pk, uuid.UUID) for s in sightings)
    assert all(
        s.seen_at.minute == s.seen_at.second == s.seen_at.microsecond == 0 for s in sightings
    )
    # The answer keeps its day only, and nothing records it elsewhere.
    for response in Response.objects.all():
        assert response.sent_at is None and response.updated_at is None
    assert not AuditEvent.objects.filter(object_type="campaigns.response").exists()
    assert not Notice.objects.exists()
    assert not [r for r in caplog.records if r.name.startswith("campaigns")]
    # The fingerprint cannot be recomputed from the stored answers without the secret.
    stored = Response.objects.order_by("pk").first()
    assert stored is not None
    body = json.dumps([target.staff_code, stored.answers], sort_keys=True, ensure_ascii=False)
    plain = hashlib.sha256(body.encode()).hexdigest()
    assert plain not in {s.fingerprint for s in sightings}
    # The device's code is the campaign's own: not the citizen survey's, not another's.
    mine = {s.device_hash for s in sightings}
    assert citizen_protection.salted_hash(device) not in mine
    other = f.launched(audience=Campaign.Audience.STAFF, title="อีกแบบสำรวจ")
    assert protection.sender_hash(other, device) not in mine
    assert protection.sender_hash(target.campaign, device) in mine


def test_one_phone_answering_two_campaigns_leaves_unrelated_codes(target: Target) -> None:
    other = f.town(f.launched(audience=Campaign.Audience.STAFF, title="อีกแบบสำรวจ"))
    client = Client()
    answer(client, target)
    answer(client, other)  # same phone, same network, another campaign: not suspect
    assert [r.status for r in Response.objects.order_by("pk")] == ["counted", "counted"]
    first, second = (Sighting.objects.get(campaign=t.campaign) for t in (target, other))
    assert first.device_hash != second.device_hash
    assert first.network_hash != second.network_hash


def test_the_network_rule_counts_this_hour_and_the_one_before(
    target: Target, settings: Any
) -> None:
    settings.CAMPAIGN_PER_NETWORK = 2
    campaign = target.campaign
    network = protection.sender_hash(campaign, "127.0.0.1")
    hour = protection.hour_of(timezone.now())

    def seen(at: Any) -> None:
        Sighting.objects.create(campaign=campaign, network_hash=network, seen_at=at)

    def judged() -> list[str]:
        return protection.judge(
            campaign=campaign,
            device_hash="",
            network_hash=network,
            fingerprint="x",
            now=timezone.now(),
        )

    seen(hour - timedelta(hours=2))
    seen(hour - timedelta(hours=2))
    assert judged() == []  # two hours ago is past
    seen(hour - timedelta(hours=1))
    assert judged() == []
    seen(hour)
    assert judged() == ["network_burst"]  # the hour before and this one


# --- caching (the hostile review's F6) ------------------------------------------------


def test_the_staff_pages_are_never_cached(target: Target) -> None:
    client = Client()
    page = client.get(url(target))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    sent = answer(client, target)
    assert "no-store" in sent["Cache-Control"]
    thanks = client.get(sent["Location"])
    assert "no-store" in thanks["Cache-Control"]


def test_the_public_results_are_revalidated_at_every_visit(target: Target) -> None:
    campaign = target.campaign
    unpublished = Client().get(f"/r/{campaign.public_code}/")
    assert unpublished.status_code == 200 and "no-cache" in unpublished["Cache-Control"]
    Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())
    published = Client().get(f"/r/{campaign.public_code}/")
    assert published.status_code == 200 and "no-cache" in published["Cache-Control"]
    assert "max-age" not in published["Cache-Control"]
