"""The round's citizen survey fills the satisfaction part of the report; the centre sees
the figures before sending and may correct them."""

from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maintenance import survey_shown
from maintenance.models import Report
from maintenance.tests.conftest import complete_draft, send, shown_on_page
from survey import intake, tallies
from survey.models import Arrival, Response, Tally
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
        **shown_on_page(client, pattani_report),
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


def _figures_typed(report: Report, **overrides: str) -> dict[str, Any]:
    """The draft with the survey's figures of `answers_4_and_5` as the page fills them."""
    means = dict.fromkeys(("mean_process", "mean_staff", "mean_facilities", "mean_outcome"), "4.50")
    figures = {"respondents": "2", **means, "overall_percentage": "90.00"}
    return complete_draft(report, **{**figures, **overrides})


def answers_4_and_5(report: Report) -> None:
    items = len(current().item_codes)
    answer(report, "5" * items)
    answer(report, "4" * items)


def test_an_autosave_reads_nothing_of_the_survey(client_as: Any, pattani_report: Report) -> None:
    answers_4_and_5(pattani_report)
    client = client_as("staff.pattanitown")
    shown = shown_on_page(client, pattani_report)
    assert shown, "the page carries the figures it shows"
    survey_tables = [Tally._meta.db_table, Response._meta.db_table, Arrival._meta.db_table]
    for typed, source in (({}, "survey"), ({"mean_staff": "4.40"}, "manual")):
        pattani_report.refresh_from_db()
        data = {**_figures_typed(pattani_report, **typed), **shown}
        with CaptureQueriesContext(connection) as queries:
            saved = client.post(f"/reports/{pattani_report.pk}/", data, HTTP_HX_REQUEST="true")
        assert saved.status_code == 200 and "บันทึกร่างแล้ว" in saved.content.decode()
        read = [q["sql"] for q in queries if any(t in q["sql"] for t in survey_tables)]
        assert read == []
        pattani_report.refresh_from_db()
        assert pattani_report.satisfaction_source == source


def test_a_forged_or_stale_signed_figure_is_ignored(
    client_as: Any, pattani_report: Report, chiangmai_report: Report
) -> None:
    """Whatever the value claims, a save that cannot trust it decides nothing about the
    source: it stays as it was (here "manual", as typed by hand before)."""
    answers_4_and_5(pattani_report)
    client = client_as("staff.pattanitown")
    shown = shown_on_page(client, pattani_report)[survey_shown.FIELD]
    figures = survey_shown.read(pattani_report, shown)
    assert figures is not None and figures["respondents"] == 2
    payload = {
        "report": pattani_report.pk,
        "round": pattani_report.round_id,
        "figures": {k: None if v is None else str(v) for k, v in figures.items()},
    }
    with time_machine.travel(timezone.now() - survey_shown.MAX_AGE - timedelta(minutes=1)):
        expired = survey_shown.sign(pattani_report, figures)
    untrusted = {
        "tampered": shown[:-2] + ("AA" if not shown.endswith("AA") else "BB"),
        "unsalted": signing.dumps(payload),  # signed, but not by the draft page
        "another report's": survey_shown.sign(chiangmai_report, figures),
        "expired": expired,
        "not signed at all": "respondents=2",
    }
    for why, value in untrusted.items():
        assert survey_shown.read(pattani_report, value) is None, why
        pattani_report.refresh_from_db()
        data = {**_figures_typed(pattani_report), survey_shown.FIELD: value}
        assert client.post(f"/reports/{pattani_report.pk}/", data).status_code == 302, why
        pattani_report.refresh_from_db()
        assert pattani_report.satisfaction_source == "manual", why
        assert pattani_report.respondents == 2  # what was typed is saved all the same
    # The page's own value, kept: the survey's.
    data = {**_figures_typed(pattani_report, revision=str(pattani_report.revision))}
    client.post(f"/reports/{pattani_report.pk}/", {**data, survey_shown.FIELD: shown})
    pattani_report.refresh_from_db()
    assert pattani_report.satisfaction_source == "survey"


def test_the_draft_says_how_many_answers_are_still_being_counted(
    client_as: Any, pattani_report: Report
) -> None:
    answers_4_and_5(pattani_report)
    version = current()
    counter = pattani_report.centre.counters.first()
    inside, after = datetime(2022, 1, 11, 9, tzinfo=BANGKOK), datetime(2022, 5, 2, tzinfo=BANGKOK)
    for n, moment in enumerate([inside, inside, after]):  # the last after the round
        with time_machine.travel(moment, tick=False):
            assert intake.receive(
                code=counter.survey_code,
                questionnaire=version,
                scores="3" * len(version.item_codes),
                fingerprint=f"f{n}",
            )
    client = client_as("staff.pattanitown")
    page = client.get(f"/reports/{pattani_report.pk}/").content.decode()
    assert "อีก 2 คำตอบที่ส่งมาแล้วกำลังนับ" in page
    assert 'name="respondents" value="2"' in page  # the counted ones; nothing was folded
    assert Arrival.objects.count() == 3
    intake.fold()
    page = client.get(f"/reports/{pattani_report.pk}/").content.decode()
    assert "กำลังนับ" not in page


def test_figures_the_survey_no_longer_gives_are_sent_as_the_centres_own(
    client_as: Any, pattani_report: Report
) -> None:
    """A page loaded while an answer still counted signs figures that the survey no
    longer gives once the answer is rejected: saved with that page, the draft says
    "from the survey", but the version sent says what the figures now are."""
    answers_4_and_5(pattani_report)
    client = client_as("staff.pattanitown")
    shown = shown_on_page(client, pattani_report)
    top = Response.objects.get(centre=pattani_report.centre, scores__startswith="5")
    tallies.uncount_many([top])
    Response.objects.filter(pk=top.pk).update(status=Response.Status.REJECTED)
    pattani_report.refresh_from_db()
    send(client, pattani_report, {**_figures_typed(pattani_report), **shown})
    version = pattani_report.versions.get()
    assert version.content["satisfaction"]["source"] == "manual"
    assert version.content["satisfaction"]["respondents"] == "2"  # as typed, not changed
    assert version.content["satisfaction"]["left_out"] is None
