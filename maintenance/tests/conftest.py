"""The FY2565 6-month round, opened, as the founding circular describes it: Pattani Town
Municipality's centre and Chiang Mai's owe a report (in the test world both hold a
certificate carried over from the status typed by hand, demo/certification.py)."""

import html
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from maintenance import services, survey_shown
from maintenance.models import Report, Round

DEADLINE = date(2022, 4, 15)  # 15 เมษายน 2565


@pytest.fixture
def rnd(world: Any) -> Round:
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=DEADLINE)
    services.open_round(actor=ops, rnd=rnd)
    rnd.refresh_from_db()
    return rnd


@pytest.fixture
def pattani_report(rnd: Round) -> Report:
    return Report.objects.get(round=rnd, centre__organisation__code="5940101")


@pytest.fixture
def chiangmai_report(rnd: Round) -> Report:
    return Report.objects.get(round=rnd, centre__organisation__code="3500101")


def complete_draft(report: Report, **overrides: str) -> dict[str, Any]:
    """A full draft as the form posts it: every item met, the satisfaction results."""
    data: dict[str, Any] = {
        "revision": report.revision,
        "respondents": "384",
        "mean_process": "4.52",
        "mean_staff": "4.71",
        "mean_facilities": "4.38",
        "mean_outcome": "4.60",
        "overall_percentage": "92.75",
    }
    for item in report.standard.checklist_items.all():
        data[f"item-{item.pk}-value"] = "met"
        data[f"item-{item.pk}-comment"] = ""
    data.update(overrides)
    return data


def send(client: Client, report: Report, data: dict[str, Any]) -> Any:
    """Send as the centre does: the Send button saves the draft and asks; then the
    confirmation sends. Returns the last answer (the draft page if it was not sent)."""
    asked = client.post(f"/reports/{report.pk}/submit/", data)
    if b'name="confirm"' not in asked.content:
        return asked
    report.refresh_from_db()
    return client.post(
        f"/reports/{report.pk}/submit/", {"confirm": "1", "revision": report.revision}
    )


def shown_on_page(client: Client, report: Report) -> dict[str, str]:
    """The survey's figures the draft page shows, signed, as the page's form carries
    them back with every save ({} when the page shows none)."""
    page = client.get(f"/reports/{report.pk}/").content.decode()
    found = re.search(rf'name="{survey_shown.FIELD}" value="([^"]*)"', page)
    return {survey_shown.FIELD: html.unescape(found.group(1))} if found else {}
