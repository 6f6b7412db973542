"""The issue's own check, in a real Chromium on a phone-sized screen: DLA sends a
letter like the founding letter to Pattani; Pattani registers it and passes it down to
its local governments; Pattani Town Municipality registers and answers; DLA sees the
cascade and who is silent, reminds them, and downloads the answers.

The background worker runs in the test's process between the steps that queue work
(saduak.background.run_queued_tasks), as `manage.py work` would beside the server."""

import io
import re

import pytest
from django.core import mail
from django.utils.translation import gettext as t
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from correspondence.models import Letter, Letterhead, Recipient
from notices.models import Notice
from registry.models import Organisation
from saduak.background import run_queued_tasks
from saduak.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)
from thaicalendar import dates

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def letterheads() -> None:
    for code, letter_code, address in [
        ("DLA", "มท 0810.7", "ถนนนครราชสีมา เขตดุสิต กรุงเทพฯ 10300"),
        ("P94", "ปน 0023.3", "ศาลากลางจังหวัดปัตตานี 94000"),
        ("5940101", "ปน 52001", "เทศบาลเมืองปัตตานี 94000"),
    ]:
        Letterhead.objects.create(
            organisation=Organisation.objects.get(code=code),
            letter_code=letter_code,
            address=address,
        )


def sign_out(tab: Page) -> None:
    tab.context.clear_cookies()


def test_a_letter_goes_down_the_chain_and_dla_follows_it(page: Page) -> None:  # noqa: F811
    letterheads()
    due = dates.bangkok_today().replace(year=dates.bangkok_today().year + 1)
    typed_due = f"{due.day}/{due.month}/{due.year + 543}"

    # 1. DLA's correspondence officer writes the letter and sends it to Pattani.
    sign_in(page, "clerk.dla")
    page.goto("/letters/new/")
    page.get_by_role("button", name=t("Start the draft")).click()
    page.get_by_label(t("Kind of letter")).select_option("single")
    page.get_by_label(t("Subject (เรื่อง)"), exact=True).fill("การขับเคลื่อนนโยบายศูนย์ราชการสะดวก")
    page.get_by_label(t("Salutation (เรียน)")).fill("ผู้ว่าราชการจังหวัดปัตตานี")
    page.get_by_label(t("Body"), exact=True).fill(
        "ขอความร่วมมือจังหวัดแจ้งองค์กรปกครองส่วนท้องถิ่นรายงานผลการดำเนินการ"
    )
    page.get_by_label(t("Signatory's name")).fill("นายประยูร รัตนเสนีย์")
    page.get_by_label(t("Signatory's position")).fill("อธิบดีกรมส่งเสริมการปกครองท้องถิ่น")
    page.get_by_label(t("What recipients must do")).select_option("answer")
    page.get_by_label(t("Due date"), exact=True).fill(typed_due)
    page.get_by_role("button", name=t("Save draft")).first.click()
    page.get_by_label(t("Question"), exact=True).fill("รับทราบมติคณะรัฐมนตรีแล้ว")
    page.get_by_label(t("Kind of answer")).select_option("yes_no")
    page.get_by_role("button", name=t("Add the question")).click()
    expect(page.get_by_text(t("Nothing is missing: the letter can be sent."))).to_be_visible()

    page.get_by_role("link", name=t("Send…")).click()
    page.get_by_label(t("Search by name or code")).fill("จังหวัดปัตตานี")
    page.get_by_role("button", name=t("Search"), exact=True).click()
    page.get_by_role("checkbox", name=re.compile("^จังหวัดปัตตานี")).check()
    page.get_by_role("button", name=t("Continue")).click()
    page.get_by_role("button", name=t("Yes, send it")).click()
    run_queued_tasks()  # the worker delivers it and e-mails Pattani's officers
    letter = Letter.objects.get(sender__code="DLA", subject__startswith="การขับเคลื่อน")
    assert letter.state == Letter.State.SENT
    page.goto(f"/letters/{letter.pk}/")
    expect(page.locator("body")).to_contain_text(f"มท ๐๘๑๐.๗/{dates.thai_digits(letter.number)}")
    assert any("clerk.pattani" in m.to[0] for m in mail.outbox)

    # 2. Pattani's officer finds it in the inbox, registers it and passes it down.
    sign_out(page)
    sign_in(page, "clerk.pattani")
    expect(page.locator("main")).to_contain_text(t("Inbox"))
    page.goto("/letters/inbox/")
    page.get_by_role("link", name="การขับเคลื่อนนโยบายศูนย์ราชการสะดวก").click()
    page.get_by_label(t("Incoming register number")).fill("4321")
    page.get_by_role("button", name=t("Register as received")).click()
    expect(page.locator("body")).to_contain_text("4321")
    page.get_by_role("button", name=t("Pass it down with a covering letter")).click()
    # The covering letter is written for the province; its signatory signs it.
    page.get_by_label(t("Signatory's name")).fill("นายปัตตานี ผู้ว่าราชการ")
    page.get_by_label(t("Signatory's position")).fill("ผู้ว่าราชการจังหวัดปัตตานี")
    page.get_by_role("button", name=t("Save draft")).first.click()
    expect(page.get_by_text(t("Nothing is missing: the letter can be sent."))).to_be_visible()
    page.get_by_role("link", name=t("Send…")).click()
    oversees = t("Every unit %(sender)s oversees").split("%")[0]
    page.get_by_role("checkbox", name=re.compile("^" + oversees)).check()
    page.get_by_role("button", name=t("Continue")).click()
    page.get_by_role("button", name=t("Yes, send it")).click()
    run_queued_tasks()
    forward = Letter.objects.get(sender__code="P94", forwards__letter=letter)
    town = Recipient.objects.get(letter=forward, organisation__code="5940101")

    # 3. Pattani Town Municipality registers and answers in one visit.
    sign_out(page)
    sign_in(page, "admin.pattanitown")
    page.goto(f"/letters/{forward.pk}/")
    page.get_by_role("link", name=t("Register and answer in one step")).click()
    page.get_by_label(t("Incoming register number")).fill("1875")
    page.get_by_label(t("Yes"), exact=True).check()
    page.get_by_role("button", name=t("Send the answer")).click()
    expect(page.locator("main")).to_contain_text(t("The answer sent"))
    town.refresh_from_db()
    assert town.acknowledged_at and town.answered_at

    # 4. DLA follows the cascade, reminds the silent and downloads the answers.
    sign_out(page)
    sign_in(page, "clerk.dla")
    page.goto(f"/letters/{letter.pk}/tracking/")
    cascade = page.locator("#cascade")
    expect(cascade).to_contain_text("จังหวัดปัตตานี")
    expect(page.locator("#answers")).to_contain_text("เทศบาลเมืองปัตตานี")
    page.goto(f"/letters/{forward.pk}/tracking/")
    expect(page.locator("#silent")).to_contain_text("เทศบาลตำบลยะรัง")
    assert "เทศบาลเมืองปัตตานี" not in page.locator("#silent").inner_text()

    sign_out(page)
    sign_in(page, "clerk.pattani")  # the province reminds its own local governments
    page.goto(f"/letters/{forward.pk}/tracking/remind/")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(f"/letters/{forward.pk}/tracking/$"))
    reminded = Notice.objects.filter(letter=forward, kind=Notice.Kind.REMINDER)
    assert "5941001" in set(reminded.values_list("organisation__code", flat=True))
    assert "5940101" not in set(reminded.values_list("organisation__code", flat=True))

    sign_out(page)
    sign_in(page, "clerk.dla")
    page.goto(f"/letters/{letter.pk}/tracking/")
    page.get_by_role("button", name=t("Download the answers as Excel")).click()
    # The file's own page follows the worker, which prepares it in the background.
    run_queued_tasks()
    name = f"answers-{letter.year}-{letter.number}.xlsx"
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(name)).click()
    with open(download.value.path(), "rb") as xlsx:
        sheet = load_workbook(io.BytesIO(xlsx.read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any("เทศบาลเมืองปัตตานี" in row and "ใช่" in row for row in rows), rows
