"""Sending freezes a version, so the Send button asks first, without JavaScript: it
saves what was typed and shows a confirmation; only the confirmation sends."""

from datetime import datetime
from typing import Any

import time_machine

from maintenance.models import Report, ReportVersion
from maintenance.tests.conftest import complete_draft
from thaicalendar.dates import BANGKOK

ON_TIME = datetime(2022, 4, 10, 9, 0, tzinfo=BANGKOK)
LATE = datetime(2022, 4, 18, 10, 30, tzinfo=BANGKOK)


def test_send_saves_the_draft_and_asks_before_freezing_a_version(
    client_as: Any, pattani_report: Report
) -> None:
    item = pattani_report.standard.checklist_items.first()
    data = complete_draft(pattani_report, **{f"item-{item.pk}-comment": "ป้ายใหม่ติดตั้งแล้ว"})
    with time_machine.travel(ON_TIME, tick=False):
        staff = client_as("staff.pattanitown")
        asked = staff.post(f"/reports/{pattani_report.pk}/submit/", data)
        assert asked.status_code == 200
        page = asked.content.decode()
        assert "<title>ส่งรายงานหรือไม่ · สะดวก</title>" in page
        assert "ฉบับที่ 1 ของ" in page and "ไม่สามารถแก้ไขได้อีก" in page
        assert 'name="confirm" value="1"' in page
        assert "onclick" not in page and "confirm(" not in page  # no script involved
        assert "ส่งช้า" not in page
        # Nothing is sent yet, and nothing typed is lost.
        assert not ReportVersion.objects.exists()
        pattani_report.refresh_from_db()
        assert pattani_report.status == "draft"
        assert pattani_report.answers.get(item=item).comment == "ป้ายใหม่ติดตั้งแล้ว"

        sent = staff.post(
            f"/reports/{pattani_report.pk}/submit/",
            {"confirm": "1", "revision": pattani_report.revision},
        )
    assert sent.status_code == 302
    version = pattani_report.versions.get()
    assert sent["Location"] == version.get_absolute_url()
    assert version.content["items"][0]["comment"] == "ป้ายใหม่ติดตั้งแล้ว"


def test_the_question_says_when_the_version_will_be_late(
    client_as: Any, pattani_report: Report
) -> None:
    with time_machine.travel(LATE, tick=False):
        page = (
            client_as("staff.pattanitown")
            .post(f"/reports/{pattani_report.pk}/submit/", complete_draft(pattani_report))
            .content.decode()
        )
    assert "เลยกำหนดส่งแล้ว" in page


def test_a_draft_changed_after_the_question_is_not_sent_unseen(
    client_as: Any, pattani_report: Report
) -> None:
    staff = client_as("staff.pattanitown")
    staff.post(f"/reports/{pattani_report.pk}/submit/", complete_draft(pattani_report))
    pattani_report.refresh_from_db()
    asked_at = pattani_report.revision
    # Meanwhile a colleague changes the draft in another tab.
    staff.post(f"/reports/{pattani_report.pk}/", complete_draft(pattani_report, respondents="400"))
    sent = staff.post(
        f"/reports/{pattani_report.pk}/submit/", {"confirm": "1", "revision": asked_at}, follow=True
    )
    assert not ReportVersion.objects.exists()
    assert "ยังไม่ได้ส่ง: ร่างมีการเปลี่ยนแปลงหลังจากที่ถาม" in sent.content.decode()


def test_an_incomplete_report_says_what_is_missing_without_asking(
    client_as: Any, pattani_report: Report
) -> None:
    data = complete_draft(pattani_report, respondents="")
    page = (
        client_as("staff.pattanitown")
        .post(f"/reports/{pattani_report.pk}/submit/", data)
        .content.decode()
    )
    assert "ยังไม่ได้ส่งรายงาน" in page and 'name="confirm"' not in page


def test_confirming_twice_sends_one_version(client_as: Any, pattani_report: Report) -> None:
    staff = client_as("staff.pattanitown")
    staff.post(f"/reports/{pattani_report.pk}/submit/", complete_draft(pattani_report))
    pattani_report.refresh_from_db()
    confirm = {"confirm": "1", "revision": pattani_report.revision}
    assert staff.post(f"/reports/{pattani_report.pk}/submit/", confirm).status_code == 302
    again = staff.post(f"/reports/{pattani_report.pk}/submit/", confirm, follow=True)
    assert again.status_code == 200 and "ส่งรายงานนี้แล้ว" in again.content.decode()
    assert pattani_report.versions.count() == 1


def test_only_the_centre_confirms(client_as: Any, pattani_report: Report) -> None:
    staff = client_as("staff.pattanitown")
    staff.post(f"/reports/{pattani_report.pk}/submit/", complete_draft(pattani_report))
    pattani_report.refresh_from_db()
    confirm = {"confirm": "1", "revision": pattani_report.revision}
    for username in ("overseer.pattani", "reviewer", "overseer.chiangmai"):
        response = client_as(username).post(f"/reports/{pattani_report.pk}/submit/", confirm)
        assert response.status_code in (403, 404), username
    assert not ReportVersion.objects.exists()


def test_a_post_of_the_draft_with_the_confirmation_saves_then_sends_what_was_posted(
    client_as: Any, pattani_report: Report
) -> None:
    item = pattani_report.standard.checklist_items.first()
    data = complete_draft(pattani_report, **{f"item-{item.pk}-comment": "ส่งพร้อมยืนยัน"})
    response = client_as("staff.pattanitown").post(
        f"/reports/{pattani_report.pk}/submit/", {**data, "confirm": "1"}
    )
    assert response.status_code == 302
    version = pattani_report.versions.get()
    assert version.content["items"][0]["comment"] == "ส่งพร้อมยืนยัน"
