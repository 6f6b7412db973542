"""Journeys in a real Chromium (Debian's, driven by Playwright), on a phone-sized
screen: what a town-hall clerk or a provincial overseer actually does."""

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect, sync_playwright

from demo import scenario
from registry.models import District, Province
from registry.territory import load_territory
from standards.loader import DEFAULT_FILE, check_path
from standards.services import publish_checked

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the fixtures are still plain synchronous calls, so Django's guard can stand down.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    # What migrations loaded was flushed after the previous browser test.
    load_territory(Province, District)
    publish_checked(actor=None, checked=check_path(DEFAULT_FILE))
    scenario.load()
    context = browser.new_context(viewport={"width": 390, "height": 800}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    refused = policy_reports(page)
    yield page
    context.close()
    # Every journey runs under the Content-Security-Policy and Permissions-Policy: what
    # the policy refused, Chromium reports in the console, and the journey fails.
    assert refused == []


def policy_reports(page: Page) -> list[str]:
    """What Chromium says in the console about the page's policies: a refused script,
    style or image, or a Permissions-Policy it cannot read."""
    reports: list[str] = []

    def heard(message: Any) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            reports.append(message.text)

    page.on("console", heard)
    return reports


def sign_in(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(scenario.DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ยินดีต้อนรับ")


def open_menu(page: Page) -> None:
    """On a phone the menu is folded behind "Menu"."""
    page.locator("header summary", has_text="เมนู").click()


def test_an_overseer_signs_in_searches_and_switches_language(page: Page) -> None:
    sign_in(page, "overseer.pattani")
    open_menu(page)
    page.get_by_role("link", name="ทะเบียนหน่วยงาน").click()
    # Search as you type: htmx replaces the results without reloading the page.
    page.get_by_label("ค้นหาด้วยชื่อหรือรหัส").fill("ยะรัง")
    expect(page.locator("#results")).to_contain_text("เทศบาลตำบลยะรัง")
    expect(page.locator("#results")).not_to_contain_text("เทศบาลเมืองปัตตานี")
    assert "q=" in page.url  # the search is in the address, so it can be shared
    page.get_by_role("link", name="เทศบาลตำบลยะรัง").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("เทศบาลตำบลยะรัง")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yarang Subdistrict Municipality")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_on_a_phone_the_menu_folds_away_until_asked_for(page: Page) -> None:
    sign_in(page, "opsadmin")
    menu = page.locator("header nav a")
    sign_out = page.get_by_role("button", name="ออกจากระบบ")
    expect(menu.first).to_be_hidden()
    expect(menu.last).to_be_hidden()
    expect(sign_out).to_be_hidden()
    # The content starts right under a short header, not under eleven links.
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < 200
    expect(page.get_by_role("button", name="English")).to_be_visible()  # never folded
    open_menu(page)
    for link in menu.all():
        expect(link).to_be_visible()
    expect(sign_out).to_be_visible()
    page.locator("header nav").get_by_role("link", name="บันทึกการเปลี่ยนแปลง").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("บันทึกการเปลี่ยนแปลง")
    expect(menu.first).to_be_hidden()  # folded again on the next page
    # On a wide screen the menu stands unfolded, with no toggle.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu.first).to_be_visible()
    expect(page.locator("header summary")).to_be_hidden()


def test_the_keyboard_reaches_the_content_first(page: Page) -> None:
    sign_in(page, "staff.pattanitown")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="ข้ามไปยังเนื้อหา")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_unit_administrator_adds_a_counter_and_sees_the_error_for_a_duplicate(page: Page) -> None:
    sign_in(page, "admin.pattanitown")
    page.get_by_role("link", name="ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี").first.click()
    page.get_by_role("link", name="เพิ่มช่องบริการ").click()
    page.get_by_label("หมายเลขช่องบริการ").fill("2")
    page.get_by_label("งานบริการ (ภาษาไทย)").fill("งานสวัสดิการ")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".error")).to_contain_text("ศูนย์นี้มีช่องบริการหมายเลข 2 อยู่แล้ว")
    page.get_by_label("หมายเลขช่องบริการ").fill("3")
    page.get_by_role("button", name="บันทึก").click()
    counters = page.locator("table", has_text="หมายเลขช่องบริการ")
    expect(counters).to_contain_text("งานสวัสดิการ")


def test_a_clerk_fills_the_round_report_and_the_draft_saves_itself(page: Page) -> None:
    from datetime import date

    from accounts.models import User
    from maintenance import services
    from maintenance.models import Report

    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    report = Report.objects.get(centre__organisation__code="5940101")
    sign_in(page, "staff.pattanitown")
    page.get_by_role(
        "link", name="รอบ 6 เดือน ปีงบประมาณ 2565 · ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี"
    ).click()
    first = page.locator("fieldset.item").first

    def saved() -> Any:
        return page.expect_response(lambda r: r.request.method == "POST" and r.status == 200)

    with saved():
        first.get_by_label("ดำเนินการได้บางส่วน").check()
    # Typing saves by itself after a pause, one save after the other (no self-conflict).
    with saved():
        first.get_by_label("ความเห็นต่อข้อ M1").fill("ติดตั้งป้ายใหม่แล้ว")
    with saved():
        first.get_by_label("ความเห็นต่อข้อ M1").press_sequentially(" รอระบบคิว")
    expect(page.locator("#draft-status")).to_contain_text("บันทึกร่างแล้ว")
    page.reload()
    first = page.locator("fieldset.item").first
    expect(first.get_by_label("ดำเนินการได้บางส่วน")).to_be_checked()
    expect(first.get_by_label("ความเห็นต่อข้อ M1")).to_have_value("ติดตั้งป้ายใหม่แล้ว รอระบบคิว")
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_a_second_tab_is_told_its_change_was_not_saved(page: Page) -> None:
    from datetime import date

    from accounts.models import User
    from maintenance import services

    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    sign_in(page, "staff.pattanitown")
    link = "รอบ 6 เดือน ปีงบประมาณ 2565 · ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี"
    page.get_by_role("link", name=link).click()
    second = page.context.new_page()
    second.goto(page.url)
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator("fieldset.item").first.get_by_label("ดำเนินการแล้ว").check()
    with second.expect_response(lambda r: r.request.method == "POST" and r.status == 409):
        second.locator("fieldset.item").first.get_by_label("ยังไม่ได้ดำเนินการ").check()
    expect(second.locator("#draft-status")).to_contain_text("ไม่ได้บันทึก:")
    second.reload()
    expect(second.locator("fieldset.item").first.get_by_label("ดำเนินการแล้ว")).to_be_checked()


def test_a_citizen_answers_on_a_phone_without_signing_in(page: Page, settings: Any) -> None:
    from registry.models import Counter
    from survey.models import Response
    from survey.questionnaire import current

    settings.SURVEY_MIN_SECONDS = 0  # a robot-fast test is not a robot
    counter = Counter.objects.get(centre__organisation__code="5940101", number=1)
    page.goto(f"/q/{counter.survey_code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี")
    for group in page.locator("fieldset.q").all():
        group.get_by_label("5 มากที่สุด").check()
    page.get_by_label("อายุ").select_option(label="30–39 ปี")
    page.get_by_label("ข้อเสนอแนะเพิ่มเติม (ไม่ต้องระบุชื่อ)").fill("บริการดีมาก")
    page.get_by_role("button", name="ส่งคำตอบ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ขอบคุณ")
    call_command("survey_intake", "--once", stdout=io.StringIO())  # the intake process
    stored = Response.objects.get()
    assert stored.status == "counted" and stored.scores == "5" * len(current().item_codes)
    assert stored.respondent == {"age": "a3"} and stored.comment == "บริการดีมาก"


def test_the_policy_is_enforced_and_the_pages_keep_working_under_it(page: Page) -> None:
    from registry.models import Counter

    counter = Counter.objects.get(centre__organisation__code="5940101", number=1)
    # The citizen's page: its inline stylesheet applies (allowed by its hash).
    page.goto(f"/q/{counter.survey_code}/")
    header = page.locator("header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 79, 138)"
    # The staff's pages: the stylesheet file and htmx load and run.
    page.goto("/login/")
    page.wait_for_function("typeof window.htmx === 'object'")
    skip = page.locator(".skip")
    assert skip.evaluate("e => getComputedStyle(e).position") == "absolute"
    # A script written into a page is refused, and reported: the policy is on. (Another
    # tab, so that the fixture's check of this journey stays clean.)
    other = page.context.new_page()
    refused = policy_reports(other)
    other.goto("/login/")
    other.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.injected = true";
            document.head.appendChild(s);
        }"""
    )
    other.wait_for_timeout(200)  # the console message comes a moment later
    assert other.evaluate("window.injected === undefined")
    assert any("script-src" in text for text in refused), refused


def test_a_long_file_name_in_the_audit_trail_stays_on_the_screen(page: Page) -> None:
    """An evidence file named with no space in it (a scanner's name, a pasted link)
    breaks inside its cell; the changes beside it stay in sight, at 390 and 1280 px."""
    from accounts.models import User
    from audit.models import AuditEvent

    AuditEvent.objects.create(
        actor=User.objects.get(username="admin.pattanitown"),
        actor_label="admin.pattanitown",
        action=AuditEvent.Action.CREATE,
        object_type="maintenance.evidence",
        object_id="1",
        object_repr="scan" + "x" * 240 + ".pdf",
        changes={"link": [None, "https://drive.example/" + "y" * 200]},
    )
    sign_in(page, "opsadmin")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/audit/")
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"{width} px: the page is {wider} px wider than the screen"
        table = page.evaluate(
            "(() => { const w = document.querySelector('.table-wrap');"
            " return w.scrollWidth - w.clientWidth; })()"
        )
        assert table <= 0, f"{width} px: the table scrolls sideways by {table} px"


def test_an_overseer_asks_for_the_completeness_workbook_and_the_page_follows_it(
    page: Page,
) -> None:
    from datetime import date

    from openpyxl import load_workbook

    from accounts.models import User
    from maintenance import services
    from saduak.background import run_queued_tasks

    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    sign_in(page, "overseer.pattani")
    open_menu(page)
    page.locator("header nav").get_by_role("link", name="ความครบถ้วน").click()
    page.get_by_role("button", name="ดาวน์โหลดเป็นไฟล์ Excel").click()
    # The download's own page: the file waits for the worker, the bar says so in words.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ความครบถ้วนของรายงาน รอบ 6 เดือน ปีงบประมาณ 2565"
    )
    status = page.get_by_role("status")
    expect(status).to_contain_text("รอคิว")
    expect(page.locator("progress")).to_be_visible()
    address = page.url
    # The worker runs (in this process, on the same database) while the page stays open:
    # the page learns by itself that the file is ready, without being reloaded.
    run_queued_tasks()
    expect(status).to_contain_text("ไฟล์พร้อมแล้ว", timeout=8_000)
    assert page.url == address
    with page.expect_download() as arrived:
        page.get_by_role("link", name="ดาวน์โหลด completeness-2565-6.xlsx").click()
    saved = arrived.value
    assert saved.suggested_filename == "completeness-2565-6.xlsx"
    book = load_workbook(io.BytesIO(Path(saved.path()).read_bytes()))
    assert book.worksheets[0]["A1"].value == "ความครบถ้วนของรายงาน รอบ 6 เดือน ปีงบประมาณ 2565"
    # Listed under My downloads, for this account only.
    open_menu(page)
    page.locator("header .tools").get_by_role("link", name="ไฟล์ดาวน์โหลดของฉัน").click()
    expect(page.locator("table")).to_contain_text("ความครบถ้วนของรายงาน")


def test_a_table_of_figures_lays_out_as_a_table_with_its_caption_on_top(page: Page) -> None:
    """The tables of figures (`table.stack.figures`: the campaign's, the letters' and
    the completeness tracking) are tables: the campaign results' list of figures
    (`dl.figures`, a grid) once made them a grid too, the caption a column beside the
    rows, the header row off to the right; on a phone the cards were pushed off-screen."""
    from campaigns.tests.factories_tracking import launched

    campaign = launched()
    sign_in(page, "overseer.dla")
    page.goto(f"/campaigns/{campaign.pk}/tracking/")
    tables = page.locator("table.figures")
    expect(tables).to_have_count(2)  # by province, by kind of organisation
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for table in tables.all():
            assert table.evaluate("t => getComputedStyle(t).display") == "table"
            wrap = table.locator("xpath=..").bounding_box()
            caption = table.locator("caption").bounding_box()
            first_row = table.locator("tbody tr").first.bounding_box()
            assert wrap and caption and first_row
            assert caption["y"] + caption["height"] <= first_row["y"], width
            assert first_row["width"] >= wrap["width"] - 1, (width, first_row, wrap)
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"{width} px: the page is {wider} px wider than the screen"
