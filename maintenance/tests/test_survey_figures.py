"""The round's citizen survey fills the satisfaction part of the report; the centre sees
the figures before sending and may correct them."""

from datetime import datetime
from typing import Any

from maintenance.models import Report
from maintenance.tests.conftest import complete_draft
from survey import tallies
from survey.models import Response
from survey.questionnaire import current
from thaicalendar.dates import BANGKOK


def answer(report: Report, scores: str) -> None:
    response = Response.objects.create(
        centre=report.centre,
        questionnaire=current(),
        submitted_at=datetime(2022, 1, 10, 10, 0, tzinfo=BANGKOK),  # inside the round
        scores=scores,
    )
    tallies.count(response)


def test_the_survey_fills_the_empty_satisfaction_part(
    client_as: Any, pattani_report: Report
) -> None:
    items = len(current().item_codes)
    answer(pattani_report, "5" * items)
    answer(pattani_report, "4" * items)
    client = client_as("staff.pattanitown")
    page = client.get(f"/reports/{pattani_report.pk}/").content.decode()
    assert 'name="respondents" value="2"' in page
    assert 'name="mean_staff" value="4.50"' in page
    assert 'name="overall_percentage" value="90.00"' in page  # (5 + 4) / 2 × 20
    data = complete_draft(
        pattani_report,
        respondents="2",
        mean_process="4.50",
        mean_staff="4.50",
        mean_facilities="4.50",
        mean_outcome="4.50",
        overall_percentage="90.00",
    )
    client.post(f"/reports/{pattani_report.pk}/", data)
    pattani_report.refresh_from_db()
    assert pattani_report.satisfaction_source == "survey"
    # The centre corrects a figure: the slot says so.
    pattani_report.refresh_from_db()
    client.post(
        f"/reports/{pattani_report.pk}/",
        {**data, "revision": pattani_report.revision, "respondents": "3"},
    )
    pattani_report.refresh_from_db()
    assert pattani_report.satisfaction_source == "manual" and pattani_report.respondents == 3
