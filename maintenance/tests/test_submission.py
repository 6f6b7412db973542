"""Submission is final and versioned; a reviewer returns it with comments and accepts
the next version; lateness is measured against the deadline in Bangkok."""

from datetime import datetime
from typing import Any

import time_machine

from maintenance.models import Report, ReportVersion
from maintenance.tests.conftest import complete_draft, send
from thaicalendar.dates import BANGKOK

ON_TIME = datetime(2022, 4, 15, 23, 59, tzinfo=BANGKOK)  # the last minute of the deadline day
LATE = datetime(2022, 4, 18, 10, 30, tzinfo=BANGKOK)


def submit(client_as: Any, report: Report, *, at: datetime, **overrides: str) -> Any:
    """The centre's clerk sends the report at the given moment. Signed in then and there:
    a session renewed in the past would have expired by the time the test goes on."""
    report.refresh_from_db()
    with time_machine.travel(at, tick=False):
        client = client_as("staff.pattanitown")
        return send(client, report, complete_draft(report, **overrides))


def test_an_incomplete_report_is_not_sent_and_says_what_is_missing(
    client_as: Any, pattani_report: Report
) -> None:
    item = pattani_report.standard.checklist_items.first()
    data = complete_draft(pattani_report, respondents="", **{f"item-{item.pk}-value": "not_met"})
    page = (
        client_as("staff.pattanitown")
        .post(f"/reports/{pattani_report.pk}/submit/", data)
        .content.decode()
    )
    assert "ยังไม่ได้ส่งรายงาน" in page
    assert f"{item.code}" in page and "อธิบายในช่องความเห็น" in page
    assert "จำนวนผู้ตอบแบบสำรวจ" in page
    assert not ReportVersion.objects.exists()
    pattani_report.refresh_from_db()
    assert pattani_report.answers.get(item=item).value == "not_met"  # typed work is kept


def test_a_report_on_the_last_minute_is_on_time(client_as: Any, pattani_report: Report) -> None:
    response = submit(client_as, pattani_report, at=ON_TIME)
    assert response.status_code == 302
    pattani_report.refresh_from_db()
    assert pattani_report.status == "submitted" and not pattani_report.is_late
    version = pattani_report.versions.get()
    assert version.number == 1 and version.late_by.total_seconds() == 0
    assert version.content["satisfaction"]["overall_percentage"] == "92.75"


def test_a_late_report_is_accepted_and_says_how_late(
    client_as: Any, pattani_report: Report
) -> None:
    response = submit(client_as, pattani_report, at=LATE)
    assert response.status_code == 302
    pattani_report.refresh_from_db()
    assert pattani_report.is_late
    # Due at the end of 15 April in Bangkok; sent 18 April 10:30.
    assert round(pattani_report.late_by.total_seconds()) == 2 * 86400 + 10 * 3600 + 30 * 60
    page = client_as("staff.pattanitown").get(f"/reports/{pattani_report.pk}/v1/").content.decode()
    assert "2 วัน 10 ชั่วโมง หลังกำหนดส่ง" in page


def test_return_resubmit_accept_and_every_version_stays_readable(
    client_as: Any, pattani_report: Report
) -> None:
    item = pattani_report.standard.checklist_items.first()
    submit(
        client_as,
        pattani_report,
        at=ON_TIME,
        **{f"item-{item.pk}-value": "partly", f"item-{item.pk}-comment": "กำลังปรับปรุง"},
    )
    staff, reviewer = client_as("staff.pattanitown"), client_as("reviewer")
    # A submitted report cannot be changed by the centre.
    assert (
        staff.post(f"/reports/{pattani_report.pk}/", complete_draft(pattani_report)).status_code
        == 403
    )

    response = reviewer.post(
        f"/reports/{pattani_report.pk}/v1/",
        {"return": "1", "comment": "โปรดแนบภาพถ่าย", f"item-{item.code}": "แนบคำสั่งแต่งตั้ง"},
    )
    assert response.status_code == 302
    pattani_report.refresh_from_db()
    assert pattani_report.status == "returned"
    page = staff.get(f"/reports/{pattani_report.pk}/").content.decode()
    assert "โปรดแนบภาพถ่าย" in page and "แนบคำสั่งแต่งตั้ง" in page

    submit(client_as, pattani_report, at=LATE, **{f"item-{item.pk}-comment": "แก้ไขแล้ว"})
    reviewer = client_as("reviewer")
    pattani_report.refresh_from_db()
    assert pattani_report.status == "submitted"
    assert not pattani_report.is_late  # the first submission was on time
    reviewer.post(f"/reports/{pattani_report.pk}/v2/", {"accept": "1", "comment": "ครบถ้วน"})
    pattani_report.refresh_from_db()
    assert pattani_report.status == "accepted"

    v1, v2 = pattani_report.versions.order_by("number")
    assert (v1.outcome, v2.outcome) == ("returned", "accepted")
    assert (
        v1.content["items"][0]["value"] == "partly"
        and v1.content["items"][0]["comment"] == "กำลังปรับปรุง"
    )
    assert (
        v2.content["items"][0]["value"] == "met" and v2.content["items"][0]["comment"] == "แก้ไขแล้ว"
    )
    assert v2.late_by.total_seconds() > 0  # the second version itself came after the deadline
    old = client_as("overseer.pattani").get(f"/reports/{pattani_report.pk}/v1/").content.decode()
    assert "กำลังปรับปรุง" in old and "โปรดแนบภาพถ่าย" in old


def test_returning_needs_a_comment_and_only_reviewers_review(
    client_as: Any, pattani_report: Report
) -> None:
    submit(client_as, pattani_report, at=ON_TIME)
    page = (
        client_as("reviewer")
        .post(f"/reports/{pattani_report.pk}/v1/", {"return": "1"})
        .content.decode()
    )
    assert "เขียนความเห็น" in page
    for username in ["overseer.pattani", "admin.pattanitown"]:
        response = client_as(username).post(f"/reports/{pattani_report.pk}/v1/", {"accept": "1"})
        assert response.status_code == 403, username
    # A screener reads only the applications assigned to it: the report is not there.
    response = client_as("screener").post(f"/reports/{pattani_report.pk}/v1/", {"accept": "1"})
    assert response.status_code == 404
    assert ReportVersion.objects.get().outcome == "pending"
