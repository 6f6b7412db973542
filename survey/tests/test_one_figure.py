"""One figure for one thing: a round's satisfaction reads the same, under the same names,
on the survey's results page, on the centre's report (its draft, its sent version) and
in the report's PDF. The percentage of a mean is worked from the unrounded mean
(DOMAIN.md §3: mean 4.6375 → 92.75 %), never from the mean rounded for display."""

import io
import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.test import Client
from pypdf import PdfReader

from downloads.tests.fetch import download
from maintenance.models import Report, Round
from maintenance.tests.conftest import complete_draft, send, shown_on_page
from registry.models import ServiceCentre
from survey import questionnaire, selectors, statistics, tallies
from survey.models import Response
from thaicalendar.dates import BANGKOK, thai_digits

PROCESS = "ด้านกระบวนการ ขั้นตอนการให้บริการ"  # the dimension's name in the questionnaire
OUTCOME = "ด้านคุณภาพการให้บริการ"


def answers_giving_4_2133(centre: ServiceCentre) -> None:
    """15 answers whose process items (P1–P5, the first five scores) sum to 316 of 75
    scores: a mean of 4.21333…, shown as 4.21; its percentage is 84.27 (84.2667), where
    the shown mean would give 84.20. Every other item is 4."""
    process = ["55555"] * 11 + ["22222"] * 3 + ["32222"]
    for i, first in enumerate(process):
        response = Response.objects.create(
            centre=centre,
            questionnaire=questionnaire.current(),
            submitted_at=datetime(2024, 11, 1 + i, 10, tzinfo=BANGKOK),
            scores=first + "4" * 11,
            status=Response.Status.COUNTED,
        )
        tallies.count(response)


def text_of(client: Client, url: str, **query: Any) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_round_shows_one_percentage_everywhere(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    answers_giving_4_2133(pattani)
    staff = client_as("staff.pattanitown")
    report = Report.objects.get(round=rnd, centre=pattani)

    # The survey's results, by dimension.
    results = text_of(staff, f"/survey/centres/{pattani.pk}/results/", round=rnd.pk)
    assert re.search(rf"{PROCESS} 75 4\.21 84\.27 %", results)
    # ... and what they give the report, on the same page.
    assert f"ค่าเฉลี่ย: {PROCESS}" not in results  # named as the dimension, no prefix
    assert f"{PROCESS} 4.21 (84.27 %)" in results
    assert f"{OUTCOME} 4.00 (80.00 %)" in results

    # The report's draft, filled from the survey.
    draft = text_of(staff, f"/reports/{report.pk}/")
    assert f"ค่าเฉลี่ย: {PROCESS}" in draft
    assert "= 84.27 %" in draft
    assert "84.20" not in draft

    # Sent as the survey gave it.
    figures = selectors.satisfaction_for_report(report)
    assert figures is not None
    posted = complete_draft(
        report,
        **{name: str(figures[name]) for name in ("respondents", "overall_percentage")},
        mean_process="4.21",
        mean_staff="4.00",
        mean_facilities="4.00",
        mean_outcome="4.00",
        **shown_on_page(staff, report),
    )
    assert send(staff, report, posted).status_code == 302
    report.refresh_from_db()
    assert report.satisfaction_source == Report.Source.SURVEY
    assert report.percentage_process == Decimal("84.27")

    version = text_of(client_as("reviewer"), f"/reports/{report.pk}/v1/")
    assert f"{PROCESS} 4.21 (84.27 %)" in version
    assert f"{OUTCOME} 4.00 (80.00 %)" in version
    assert "84.20" not in version

    pdf = download(client_as("reviewer"), f"/reports/{report.pk}/v1/pdf/").content
    printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"{PROCESS} ๔.๒๑ ๘๔.๒๗" in printed
    assert f"{OUTCOME} ๔.๐๐ ๘๐.๐๐" in printed
    assert "๘๔.๒๐" not in printed


def test_a_mean_typed_by_hand_gives_that_mean_times_20(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    answers_giving_4_2133(pattani)
    staff = client_as("staff.pattanitown")
    report = Report.objects.get(round=rnd, centre=pattani)
    # The centre corrects the process mean: nothing but the typed 4.22 is behind it.
    posted = complete_draft(
        report, mean_process="4.22", mean_staff="4.00", **shown_on_page(staff, report)
    )
    assert staff.post(f"/reports/{report.pk}/", posted).status_code == 302
    report.refresh_from_db()
    assert report.satisfaction_source == Report.Source.MANUAL
    assert (report.percentage_process, report.percentage_staff) == (
        Decimal("84.40"),
        Decimal("80.00"),  # the same as the survey's 4.00: its percentage
    )
    assert "= 84.40 %" in text_of(staff, f"/reports/{report.pk}/")


def test_a_kept_percentage_stays_while_its_mean_is_unchanged() -> None:
    survey_then = {"mean_process": Decimal("4.21"), "percentage_process": Decimal("84.27")}
    kept = {**survey_then}
    # Later answers moved the survey to 4.25; the draft still says 4.21, as it was filled.
    survey_now = {"mean_process": Decimal("4.25"), "percentage_process": Decimal("85.07")}
    means = {"mean_process": "4.21"}
    percentages = selectors.mean_percentages(means, survey=survey_now, kept=kept)
    assert percentages["percentage_process"] == Decimal("84.27")


def test_shown_figures_are_exact_from_the_counts() -> None:
    # 4.21625 exactly, so 84.325 %, half up 84.33; in floats it is 84.32499999999999,
    # which would round to 84.32.
    counts = [0, 0, 0, 627, 173]  # (4·627 + 5·173) / 800 = 4.21625
    figure = statistics.figure(counts)
    assert figure.mean is not None and statistics.dec2(figure.mean * 20) == Decimal("84.32")
    assert figure.shown_mean == Decimal("4.22")
    assert figure.shown_percentage == Decimal("84.33")
    assert thai_digits(figure.shown_percentage) == "๘๔.๓๓"
