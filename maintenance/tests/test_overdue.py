"""A report not sent by its round's deadline shows as overdue, and by how long, on the
report list and the home page. The rule is Report.overdue_by, counted in Bangkok days."""

from datetime import date, datetime
from typing import Any

import time_machine

from maintenance.models import Report
from maintenance.tests.conftest import complete_draft, send
from thaicalendar.dates import BANGKOK

# The round's deadline is 15 April 2565 (2022).


def pages_on(client_as: Any, moment: datetime, username: str = "staff.pattanitown") -> str:
    with time_machine.travel(moment, tick=False):
        client = client_as(username)
        return client.get("/reports/").content.decode() + client.get("/").content.decode()


def test_the_rule_counts_whole_bangkok_days_after_the_deadline(pattani_report: Report) -> None:
    assert pattani_report.overdue_by(date(2022, 4, 15)) == 0
    assert pattani_report.overdue_by(date(2022, 4, 16)) == 1
    assert pattani_report.overdue_by(date(2022, 4, 18)) == 3
    pattani_report.status = Report.Status.DRAFT
    assert pattani_report.overdue_by(date(2022, 4, 18)) == 3


def test_an_unsent_report_past_its_deadline_says_by_how_long(
    client_as: Any, pattani_report: Report
) -> None:
    page = pages_on(client_as, datetime(2022, 4, 18, 9, 0, tzinfo=BANGKOK))
    # Once in the report list, once on the home page.
    assert page.count("เกินกำหนด 3 วัน") == 2


def test_a_report_overdue_for_years_says_years_and_months_not_days(
    client_as: Any, pattani_report: Report
) -> None:
    page = pages_on(client_as, datetime(2026, 12, 3, 9, 0, tzinfo=BANGKOK))
    assert page.count("เกินกำหนด 4 ปี 7 เดือน") == 2
    assert "1693" not in page


def test_the_deadline_day_ends_at_midnight_in_bangkok(
    client_as: Any, pattani_report: Report
) -> None:
    last_minute = datetime(2022, 4, 15, 23, 59, tzinfo=BANGKOK)
    assert "เกินกำหนด" not in pages_on(client_as, last_minute)
    # 16 April 00:30 in Bangkok is still 15 April in UTC.
    just_after = datetime(2022, 4, 16, 0, 30, tzinfo=BANGKOK)
    assert pages_on(client_as, just_after).count("เกินกำหนด 1 วัน") == 2


def test_a_sent_report_is_no_longer_overdue_even_when_returned(
    client_as: Any, pattani_report: Report
) -> None:
    with time_machine.travel(datetime(2022, 4, 17, 10, 0, tzinfo=BANGKOK), tick=False):
        send(client_as("staff.pattanitown"), pattani_report, complete_draft(pattani_report))
    pattani_report.refresh_from_db()
    assert pattani_report.status == "submitted"
    later = datetime(2022, 5, 1, 9, 0, tzinfo=BANGKOK)
    assert "เกินกำหนด" not in pages_on(client_as, later)
    assert "เกินกำหนด" not in pages_on(client_as, later, "reviewer")
    pattani_report.status = Report.Status.RETURNED
    assert pattani_report.overdue_by(date(2022, 5, 1)) == 0
