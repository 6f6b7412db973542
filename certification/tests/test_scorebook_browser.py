"""The scorebook on a tablet whose connection drops: what is typed offline is kept,
shown as not saved, and saved when the connection returns, even across a reload."""

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from certification.models import Score
from certification.tests.factories_assess import criteria, visited
from saduak.tests.test_browser import browser, page, sign_in  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _state(tab: Page, criterion: Any) -> Any:
    return tab.locator(f"#c{criterion.pk} [data-save-state]")


def _points(criterion: Any) -> Decimal | None:
    score = Score.objects.filter(criterion=criterion, member__user__username="assessor").first()
    return score.points if score else None


def test_nothing_typed_is_lost_when_the_connection_drops_and_returns(page: Page) -> None:  # noqa: F811
    application = visited()
    s11, s12, s13 = [c for c in criteria(application) if c.is_scored][:3]
    basic = criteria(application)[0]
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet
    sign_in(page, "assessor")
    page.goto(f"/certification/applications/{application.pk}/scorebook/")
    expect(_state(page, s11)).to_have_text("ยังไม่ได้กรอก")

    # Online: each change saves as it is made.
    page.locator(f"#c{s11.pk}-points").fill("6")
    expect(_state(page, s11)).to_contain_text("บันทึกแล้ว")
    met = page.locator(f"#c{basic.pk}").get_by_label("ผ่าน", exact=True)
    met.click()
    expect(met).to_be_checked()
    expect(_state(page, basic)).to_contain_text("บันทึกแล้ว")
    assert _points(s11) == Decimal("6")

    # The connection drops; the assessor goes on typing.
    page.context.set_offline(True)
    page.locator(f"#c{s12.pk}-points").fill("7.5")
    page.locator(f"#c{s12.pk}-strengths").fill("ป้ายบอกทางชัดเจน มีที่นั่งพอ")
    expect(_state(page, s12)).to_have_text("ยังไม่บันทึก – จะส่งเมื่อกลับมาออนไลน์")
    expect(page.locator("#book-banner")).to_contain_text(s12.code)
    assert _points(s12) is None

    # It returns: what was typed is sent, and the page says so.
    page.context.set_offline(False)
    expect(_state(page, s12)).to_contain_text("บันทึกแล้ว")
    expect(page.locator("#book-banner")).to_be_hidden()
    score = Score.objects.get(criterion=s12, member__user__username="assessor")
    assert (score.points, score.strengths) == (Decimal("7.5"), "ป้ายบอกทางชัดเจน มีที่นั่งพอ")

    # Typed offline, then the page is reloaded before anything could be sent (the save
    # address still unreachable): the device kept it, puts it back, sends it later.
    page.context.set_offline(True)
    page.locator(f"#c{s13.pk}-points").fill("5")
    page.locator(f"#c{s13.pk}-improvements").fill("ควรเพิ่มช่องทางออนไลน์")
    expect(_state(page, s13)).to_contain_text("ยังไม่บันทึก")
    save_url = f"**/applications/{application.pk}/scorebook/save/"
    page.route(save_url, lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(False)
    page.reload()
    expect(page.locator(f"#c{s13.pk}-points")).to_have_value("5")
    expect(page.locator(f"#c{s13.pk}-improvements")).to_have_value("ควรเพิ่มช่องทางออนไลน์")
    expect(_state(page, s13)).to_have_text("ยังไม่บันทึก – จะส่งเมื่อกลับมาออนไลน์")
    assert _points(s13) is None
    page.unroute(save_url)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(_state(page, s13)).to_contain_text("บันทึกแล้ว")
    score = Score.objects.get(criterion=s13, member__user__username="assessor")
    assert (score.points, score.improvements) == (Decimal("5"), "ควรเพิ่มช่องทางออนไลน์")
    # Nothing typed was lost, nothing saved twice.
    assert _points(s11) == Decimal("6") and _points(s12) == Decimal("7.5")
    assert Score.objects.filter(member__user__username="assessor").count() == 4


def test_a_score_outside_the_range_is_shown_beside_the_criterion(page: Page) -> None:  # noqa: F811
    application = visited()
    s11 = next(c for c in criteria(application) if c.is_scored)
    sign_in(page, "assessor")
    page.goto(f"/certification/applications/{application.pk}/scorebook/")
    page.locator(f"#c{s11.pk}-points").fill("9")
    expect(_state(page, s11)).to_have_text(
        f"คะแนนของ {s11.code}: ตัวเลขตั้งแต่ 0 ถึง 8 ทศนิยมไม่เกินสองตำแหน่ง"
    )
    assert _points(s11) is None


def test_a_change_typed_after_the_session_ended_is_kept_until_signed_in_again(
    page: Page,  # noqa: F811
) -> None:
    application = visited()
    s11 = next(c for c in criteria(application) if c.is_scored)
    url = f"/certification/applications/{application.pk}/scorebook/"
    sign_in(page, "assessor")
    page.goto(url)
    page.context.clear_cookies()  # the session ends (signed out elsewhere, expired)
    page.locator(f"#c{s11.pk}-points").fill("4")
    expect(_state(page, s11)).to_have_text("ยังไม่บันทึก: ระบบไม่รับ โหลดหน้าใหม่")
    assert _points(s11) is None
    sign_in(page, "assessor")
    page.goto(url)
    expect(page.locator(f"#c{s11.pk}-points")).to_have_value("4")
    expect(_state(page, s11)).to_contain_text("บันทึกแล้ว")
    assert _points(s11) == Decimal("4")
