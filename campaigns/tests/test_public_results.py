"""The published results at /r/<code>/: for anyone, light, no script, no inline style;
before publication a polite page with no figure; an unknown code is 404."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.tests.factories_results import dla_campaign, staff_campaign
from thaicalendar import dates

pytestmark = pytest.mark.django_db


def test_published_results_for_anyone(world: Any) -> None:
    campaign = dla_campaign(published=True)
    page = Client().get(campaign.public_path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "63.64" in html and "3.64" in html  # budget 7/11, the mean 40/11
    assert 'role="img"' in html and "<table" in html
    assert "<script" not in html and " style=" not in html
    assert re.search(r"<title>ผลการสำรวจ: .+ · สะดวก</title>", html)
    # every piece of the page's style is the citizen page's, allowed by its hash
    assert len(re.findall(r"<style>", html)) == 1
    # still open: the reader is told the figures will still move, and until when
    closes_on = dates.bangkok_today() + timedelta(days=10)
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=closes_on)
    html = Client().get(campaign.public_path).content.decode()
    closes = dates.format_date(closes_on)
    assert f"แบบสำรวจยังเปิดรับคำตอบถึงวันที่ {closes} ผลการสำรวจนี้จึงอาจเปลี่ยนแปลงได้" in html
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now())
    assert "ยังเปิดรับคำตอบ" not in Client().get(campaign.public_path).content.decode()


def test_filters_there_follow_the_minimum_too(world: Any) -> None:
    campaign = dla_campaign(published=True)
    client = Client()
    small = client.get(campaign.public_path, {"province": "50"}).content.decode()
    assert "too-few" in small and "<svg" not in small and "ไอที" not in small
    more = dla_campaign(published=True, more=True)  # Chiang Mai 5: Pattani shown apart
    pattani = client.get(more.public_path, {"province": "94"}).content.decode()
    assert "62.50" in pattani and "3.50" in pattani


def test_a_staff_survey_of_three_shows_no_figure(world: Any) -> None:
    campaign = staff_campaign(published=True)
    html = Client().get(campaign.public_path).content.decode()
    assert "too-few" in html and "อยากได้ห้องใหม่" not in html and "<svg" not in html


def test_before_publication_a_polite_page_without_figures(world: Any) -> None:
    campaign = dla_campaign()
    page = Client().get(campaign.public_path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "ยังไม่ได้เผยแพร่" in html
    assert "<svg" not in html and "63.64" not in html and "<table" not in html
    assert "ขาดบุคลากร" not in html


def test_an_unknown_code_is_404(world: Any) -> None:
    assert Client().get("/r/ZZZZZZZZZZ/").status_code == 404
    assert Client().get("/r/x/").status_code == 404


def test_the_public_page_in_english(world: Any) -> None:
    campaign = dla_campaign(published=True)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(campaign.public_path).content.decode()
    assert "Budget support" in html
