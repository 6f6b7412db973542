"""A campaign's results for those who follow it, with filters by province and kind, and
its files (answers and results) prepared in the background."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import capabilities as cap
from campaigns import makers
from campaigns.models import Campaign
from campaigns.results import (
    CROSSED,
    STAFF_OPEN,
    Results,
    filters_from,
    left_out,
    read,
    results,
    shown_live,
)
from downloads import views as downloads
from saduak.charts import BarChart


def charts_of(found: Results) -> list[tuple[Any, Any]]:
    """Each question's result with its chart (None for those without bars)."""
    return [
        (
            q,
            BarChart.of(
                q.text,
                q.chart_values,
                ident=f"chart-{q.code}",
                maximum=None if q.is_ranking else 100,
            )
            if q.rows
            else None,
        )
        for q in found.questions
    ]


def results_context(campaign: Campaign, data: Any) -> dict[str, Any]:
    """What `_results.html` shows, for the staff page and the public one alike: one
    read of the answers, the filters checked against them."""
    answers = read(campaign)
    found = results(campaign, filters_from(data, answers), answers=answers)
    return {
        "campaign": campaign,
        "results": found,
        "questions": charts_of(found),
        "breakdowns": [
            (_("Answers by province"), found.by_province),
            (_("Answers by kind of organisation"), found.by_kind),
        ],
    }


def launched(request: HttpRequest, pk: int) -> Campaign:
    campaign = cap.access_campaign(request.user, pk)
    if campaign.launched_at is None:
        raise Http404
    return campaign


@login_required
@require_safe
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = launched(request, pk)
    context = results_context(campaign, request.GET)
    found: Results = context["results"]
    context["left_out"] = left_out(campaign)
    context["query"] = urlencode(found.filters.as_params())
    context["result_files"] = [
        ("campaigns:export_results_xlsx", _("Results (Excel)")),
        ("campaigns:export_results_csv", _("Results (CSV)")),
        ("campaigns:export_results_pdf", _("Results (PDF)")),
    ]
    context["answers_too_few"] = campaign.is_staff_survey and found.total < campaign.min_group
    # A staff survey's files wait until it closes, as its figures do (results.shown_live).
    context["files_withheld"] = not shown_live(campaign)
    return render(request, "campaigns/results.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def export_answers(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    campaign = launched(request, pk)
    if not shown_live(campaign):
        messages.error(request, results(campaign, answers=[], breakdowns=False).why)
        return redirect(reverse("campaigns:results", args=[campaign.pk]))
    if makers.too_few_to_export(campaign):
        messages.error(
            request,
            _(
                "The answers cannot be exported yet: fewer than %(n)s staff answers are "
                "counted, so one person's answers could be singled out."
            )
            % {"n": campaign.min_group},
        )
        return redirect(reverse("campaigns:results", args=[campaign.pk]))
    title = _("Answers to the campaign %(title)s") % {"title": campaign.title}
    return downloads.start(
        request,
        maker=makers.ANSWERS,
        params={"campaign": campaign.pk, "format": format},
        title=title,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def export_results(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    campaign = launched(request, pk)
    back = reverse("campaigns:results", args=[campaign.pk])
    chosen = filters_from(request.GET, read(campaign))
    found = results(campaign, chosen, answers=[], breakdowns=False)
    if found.reason in (STAFF_OPEN, CROSSED):
        # Refused with the reason rather than a file that says nothing.
        messages.error(request, found.why)
        return redirect(back)
    title = _("Results of the campaign %(title)s") % {"title": campaign.title}
    return downloads.start(
        request,
        maker=makers.RESULTS,
        params={"campaign": campaign.pk, "format": format, **chosen.as_params()},
        title=title,
    )
