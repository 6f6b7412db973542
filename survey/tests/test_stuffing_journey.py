"""The issue's own check of stuffing, in a real Chromium: a centre's genuine morning,
then twenty fresh browsers on the town hall's network that answer the real page with
scores varied a little (mostly 5, a 4 here and there: none of the benchmark's kinds
exactly). The intake process judges the counter's stream; OPS PMO's reviewer sees the
window with its reasons in Thai, rejects it as a whole after a confirmation, and the
centre's results say what was left out and why, while the genuine answers still count.
"""

import io
import random
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from registry.models import Counter
from saduak.tests.test_browser import browser, page, sign_in  # noqa: F401
from survey import intake, protection, questionnaire, reasons
from survey.models import Response, SuspectWindow
from thaicalendar.dates import BANGKOK

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A Tuesday that is no holiday, mid-morning: the centre is open.
MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK)
STUFFED = 20
GENUINE = 12


def genuine_morning(counter: Counter) -> None:
    """Citizens of the morning, as the page hands them to the intake: their own phones,
    on mobile networks or the centre's Wi-Fi, scores of every kind, a minute or more."""
    rng = random.Random(14)
    version = questionnaire.current()
    for n in range(GENUINE):
        with time_machine.travel(MORNING - timedelta(minutes=90 - 7 * n), tick=False):
            scores = "".join(rng.choices("2345", weights=[1, 3, 5, 4], k=len(version.item_codes)))
            assert intake.receive(
                code=counter.survey_code,
                questionnaire=version,
                scores=scores,
                device_hash=protection.salted_hash(f"citizen {n}"),
                network_hash=protection.salted_hash(f"carrier {n % 3}"),
                fingerprint=protection.fingerprint(counter=counter.survey_code, answer={"n": n}),
                fill_seconds=rng.randint(45, 240),
            )


def stuff(chromium: Browser, base_url: str, counter: Counter) -> None:
    """Twenty fresh browsers (new devices) on one network, each a little different."""
    rng = random.Random(7)
    for _ in range(STUFFED):
        context = chromium.new_context(viewport={"width": 390, "height": 800}, base_url=base_url)
        phone = context.new_page()
        phone.goto(f"/q/{counter.survey_code}/")
        for group in phone.locator("fieldset.q").all():
            group.get_by_label("4 มาก" if rng.random() < 0.1 else "5 มากที่สุด").check()
        phone.get_by_role("button", name="ส่งคำตอบ").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("ขอบคุณ")
        context.close()


def test_stuffing_through_the_page_is_caught_and_rejected_as_a_whole(
    page: Page,  # noqa: F811
    browser: Browser,  # noqa: F811
    live_server: Any,
    settings: Any,
) -> None:
    settings.SURVEY_MIN_SECONDS = 0  # a robot-fast test is not a robot
    counter = Counter.objects.get(centre__organisation__code="5940101", number=1)
    genuine_morning(counter)
    with time_machine.travel(MORNING, tick=True):
        stuff(browser, live_server.url, counter)
        call_command("survey_intake", "--once", stdout=io.StringIO())  # the intake process

        window = SuspectWindow.objects.get()
        stuffed = Response.objects.filter(window=window)
        assert stuffed.count() >= STUFFED
        assert not Response.objects.filter(submitted_at__gte=MORNING, window__isnull=True)
        genuine = Response.objects.filter(submitted_at__lt=MORNING - timedelta(minutes=5))
        assert genuine.count() == GENUINE
        assert set(genuine.values_list("status", flat=True)) == {Response.Status.COUNTED}

        # The reviewer reads why, in Thai, and rejects the window as a whole.
        sign_in(page, "reviewer")
        page.goto("/survey/suspect/")
        card = page.locator("article", has_text="ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี")
        expect(card).to_contain_text("เหตุที่คำตอบเหล่านี้ดูเหมือนการปั่นคะแนน")
        expect(card.locator("li").first).not_to_be_empty()
        n = stuffed.count()
        card.get_by_role("button", name=f"ปฏิเสธคำตอบทั้ง {n} คำตอบ").click()
        expect(page.get_by_role("alert")).to_contain_text(str(n))
        page.get_by_role("button", name=f"ยืนยัน ปฏิเสธคำตอบทั้ง {n} คำตอบ").click()
        window.refresh_from_db()
        assert window.status == SuspectWindow.Status.REJECTED
        assert set(stuffed.values_list("status", flat=True)) == {Response.Status.REJECTED}

        # The centre's results: the genuine answers count; the rejected ones are named.
        page.context.clear_cookies()  # signed out
        sign_in(page, "overseer.pattani")
        page.goto(f"/survey/centres/{counter.centre_id}/results/?start=1/11/2569&end=30/11/2569")
        stats = page.get_by_role("region", name="สรุปผล")
        counted = stats.locator("dt", has_text="จำนวนคำตอบที่นับรวม").locator("+ dd")
        expect(counted).to_have_text(str(GENUINE))
        expect(stats).to_contain_text(f"ไม่นับ {n} คำตอบ")
        expect(stats).to_contain_text(f"ปฏิเสธแล้ว {n}")
        expect(stats).to_contain_text(reasons.text(window.codes[0]))
