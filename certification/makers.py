"""Certification's files prepared in the background (downloads/): the results of a
call's document screening, as an Excel sheet and as the PDF sent down the chain. Each
is made as the account that asked, and its check is asked again when the file is made
and each time it is downloaded."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from certification import screening_exports as exports
from certification import screening_selectors as selectors
from certification.models import Application, Call
from downloads.preparing import Made, Progress, register
from saduak.exports import XLSX
from saduak.http import parse_id

RESULTS_SHEET = "certification.screening_results_sheet"
RESULTS_PDF = "certification.screening_results_pdf"


def results_params(user: Any, call: Call, *, province: str, outcome: str) -> dict[str, Any]:
    """What the file is about, and the account's reach now: the file holds only the
    results the account reads, so it is handed over only while it still reads them."""
    return {"call": call.pk, "province": province, "outcome": outcome, "reach": cap.reach(user)}


def results_title(call: Call, *, pdf: bool) -> str:
    """The download's name in the reader's language (the file itself is Thai)."""
    if pdf:
        return _("Screening results of the applications, fiscal year %(year)s (PDF)") % {
            "year": call.fiscal_year
        }
    return _("Screening results of the applications, fiscal year %(year)s (Excel)") % {
        "year": call.fiscal_year
    }


def _call(user: Any, params: dict[str, Any]) -> Call:
    if not cap.can(user, cap.OVERSEE):
        raise PermissionDenied
    number = parse_id(str(params.get("call")))
    call = Call.objects.select_related("standard").filter(pk=number).first() if number else None
    if call is None:
        raise Http404
    return call


def check_results(user: Any, params: dict[str, Any]) -> None:
    call = _call(user, params)
    applications = Application.objects.filter(call=call)
    if cap.lost_reach(user, params.get("reach"), applications, via="centre__organisation__"):
        raise Http404


def _rows(
    user: Any, params: dict[str, Any], progress: Progress
) -> tuple[Call, Any, dict[str, str]]:
    call = _call(user, params)
    chosen = {
        "province": str(params.get("province") or ""),
        "outcome": str(params.get("outcome") or ""),
    }
    versions = list(selectors.results(user, call, **chosen))
    progress(0, len(versions) or 1)
    return call, versions, chosen


@register(RESULTS_SHEET, check=check_results)
def results_sheet(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    call, versions, chosen = _rows(user, params, progress)
    content = exports.results_workbook(call, versions, **chosen)
    return f"screening-results-{call.fiscal_year}.xlsx", XLSX, content


@register(RESULTS_PDF, check=check_results)
def results_pdf(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    call, versions, chosen = _rows(user, params, progress)
    content = exports.results_pdf(call, versions, **chosen)
    return f"screening-results-{call.fiscal_year}.pdf", "application/pdf", content
