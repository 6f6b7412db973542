"""Pattani Town Municipality's administrator applies in a real Chromium on a phone-sized
screen: from the open call to a draft that saves itself as it is typed, then told what
is still missing when it tries to send."""

import pytest
from playwright.sync_api import Page, expect

from certification.models import Application, ApplicationItem
from certification.tests.factories_apply import make_call
from saduak.tests.test_browser import browser, page, sign_in  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_unit_applies_and_its_draft_saves_itself(page: Page) -> None:  # noqa: F811
    call = make_call()
    sign_in(page, "admin.pattanitown")
    page.goto("/certification/calls/")
    expect(page.get_by_role("heading", level=2)).to_contain_text("ปีงบประมาณ 2565")
    page.get_by_role("link", name="สมัครขอรับรองมาตรฐาน").first.click()
    page.get_by_label("ระดับพื้นฐาน", exact=False).first.check()
    page.get_by_role("button", name="เริ่มใบสมัคร").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ปีงบประมาณ 2565")
    application = Application.objects.get(call=call)

    first = application.call.standard.criteria.order_by("order")[0]
    page.locator(f"#item-{first.pk} input[type=radio][value=yes]").check()
    page.get_by_label(f"คำอธิบายของ {first.code}").fill("มีจุดบริการแบบเบ็ดเสร็จแล้ว")
    expect(page.locator("#draft-status")).to_contain_text("บันทึกร่างแล้ว")
    page.wait_for_timeout(500)
    item = ApplicationItem.objects.get(application=application, criterion=first)
    assert item.met is True

    page.get_by_role("button", name="ส่งใบสมัคร").click()
    expect(page.get_by_role("alert").first).to_contain_text("ยังไม่ได้ส่งใบสมัคร")
    assert not application.versions.exists()
