"""Telling the organisations a launched campaign asks: one inbox notice per target, one
e-mail per administrator with an address; run twice, the same notices."""

from typing import Any

import pytest

from accounts.models import User
from campaigns import launching
from campaigns.models import Target
from campaigns.tests import factories_build as make
from notices.models import Notice
from registry.models import Organisation
from saduak.background import run_queued_tasks

pytestmark = pytest.mark.django_db


def _notices() -> list[tuple[str, str, int, int | None]]:
    return sorted(
        Notice.objects.filter(kind=Notice.Kind.NEW_CAMPAIGN).values_list(
            "key", "channel", "organisation_id", "account_id"
        )
    )


def test_a_launch_tells_every_target_once(world: Any) -> None:
    campaign = make.launched(make.draft())
    run_queued_tasks()
    targets = Target.objects.filter(campaign=campaign)
    town = Organisation.objects.get(code="5940101")
    admin = User.objects.get(username="admin.pattanitown")
    made = _notices()
    inbox = [n for n in made if n[1] == Notice.Channel.INBOX]
    assert len(inbox) == targets.count()
    assert (f"new-campaign:{campaign.pk}:{town.pk}", "inbox", town.pk, None) in made
    assert (
        f"new-campaign:{campaign.pk}:{town.pk}:{admin.pk}",
        "email",
        town.pk,
        admin.pk,
    ) in made
    mail = Notice.objects.get(account=admin, kind=Notice.Kind.NEW_CAMPAIGN)
    target = targets.get(organisation=town)
    assert mail.subject.startswith("แบบสำรวจที่ขอให้ตอบ")
    assert f"/campaigns/asked/{target.pk}/" in mail.body
    assert "กรมส่งเสริมการปกครองท้องถิ่น" in mail.body
    assert launching.progress(campaign) == targets.count()
    # Run again (a second worker, a restart): nothing new.
    assert launching.announce.call(campaign.pk) == {"told": 0}
    assert launching.resume() == 0
    assert _notices() == made


def test_an_interrupted_announcement_is_finished_by_resume(world: Any) -> None:
    campaign = make.launched(make.draft())
    run_queued_tasks()
    complete = _notices()
    first = Target.objects.filter(campaign=campaign).order_by("pk").first()
    assert first is not None
    # As if the worker stopped after telling some: one target's notices are missing.
    Notice.objects.filter(campaign=campaign, organisation=first.organisation).delete()
    assert launching.resume() == 1
    run_queued_tasks()
    assert _notices() == complete


def test_the_notices_go_out_in_chunks(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(launching, "CHUNK", 1)
    campaign = make.launched(make.draft())
    run_queued_tasks()
    assert launching.progress(campaign) == campaign.target_count
