"""A campaign's files prepared in the background (downloads/): its answers and its
results, as Excel, CSV or (results) a Thai PDF. Made as the account that asked, whose
right to follow the campaign is asked again when the file is made and at each download
(downloads/preparing.py)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import capabilities as cap
from campaigns import exports
from campaigns.models import Campaign
from campaigns.results import Filters, read, shown_live
from downloads.preparing import Made, Progress, register
from saduak.exports import XLSX

ANSWERS = "campaigns.answers"
RESULTS = "campaigns.results"
ANSWER_FORMATS = ("xlsx", "csv")
RESULT_FORMATS = ("xlsx", "csv", "pdf")
CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"


def followed(user: Any, params: dict[str, Any]) -> Campaign:
    """The launched campaign the account follows (Http404 otherwise)."""
    campaign = cap.access_campaign(user, params.get("campaign"))
    if campaign.launched_at is None:
        raise Http404
    return campaign


def too_few_to_export(campaign: Campaign) -> bool:
    """A staff survey's answers are handed out only once it is closed (before, two
    files would differ by one person's answer) and when there are enough of them that
    no one's can be singled out (the minimum group)."""
    return campaign.is_staff_survey and (
        not shown_live(campaign) or len(read(campaign)) < campaign.min_group
    )


def check_answers(user: Any, params: dict[str, Any]) -> None:
    campaign = followed(user, params)
    if params.get("format") not in ANSWER_FORMATS:
        raise Http404
    if too_few_to_export(campaign):
        raise PermissionDenied


def check_results(user: Any, params: dict[str, Any]) -> None:
    campaign = followed(user, params)
    if params.get("format") not in RESULT_FORMATS:
        raise Http404
    if not shown_live(campaign):
        raise PermissionDenied  # a staff survey's results wait until it closes


def filters_of(params: dict[str, Any]) -> Filters:
    return Filters(province=str(params.get("province") or ""), kind=str(params.get("kind") or ""))


@register(ANSWERS, check=check_answers)
def answers(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    campaign = followed(user, params)
    progress(0, 1)
    found = read(campaign)
    if params["format"] == "csv":
        return f"campaign-{campaign.pk}-answers.csv", CSV, exports.answers_csv(campaign, found)
    content = exports.answers_workbook(campaign, found, progress)
    return f"campaign-{campaign.pk}-answers.xlsx", XLSX, content


@register(RESULTS, check=check_results)
def results(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    campaign = followed(user, params)
    progress(0, 1)
    found = exports.results_for(campaign, filters_of(params))
    name = f"campaign-{campaign.pk}-results"
    if params["format"] == "csv":
        return f"{name}.csv", CSV, exports.results_csv(found)
    if params["format"] == "pdf":
        return f"{name}.pdf", PDF, exports.results_pdf(found)
    return f"{name}.xlsx", XLSX, exports.results_workbook(found)
