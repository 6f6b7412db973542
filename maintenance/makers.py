"""The reports' files prepared in the background (downloads/): the completeness
workbook and a sent version's printable PDF. Each is made as the account that asked,
and its check is asked again when the file is made and each time it is downloaded."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from downloads.preparing import Made, Progress, register
from maintenance import exports, pdf, selectors
from maintenance.models import Report, ReportVersion, Round
from registry.models import Organisation
from saduak.exports import XLSX
from saduak.http import parse_id

COMPLETENESS = "maintenance.completeness"
VERSION_PDF = "maintenance.version_pdf"


# --- the completeness workbook ------------------------------------------------------------


def completeness_params(
    user: Any, *, rnd: Round, area: Organisation | None, figure: str, place: str
) -> dict[str, Any]:
    """What the workbook is about, and the account's reach now: the file holds only what
    the account reads, so it is handed over only while the account still reads it."""
    return {
        "round": rnd.pk,
        "area": area.pk if area else None,
        "figure": figure if figure in selectors.FIGURES else "",
        "place": place[:10],
        "reach": cap.reach(user),
    }


def completeness_title(rnd: Round, area: Organisation | None) -> str:
    """The download's name in the reader's language (the file itself is Thai)."""
    title = _("Completeness of the reports, %(round)s") % {"round": rnd.calendar_round.name}
    return f"{title} · {area.name}" if area else title


def _completeness_subject(user: Any, params: dict[str, Any]) -> tuple[Round, Organisation | None]:
    number = parse_id(str(params.get("round")))
    rnd = Round.objects.filter(pk=number, opened_at__isnull=False).first() if number else None
    if rnd is None:
        raise Http404
    area = cap.access_organisation(user, params["area"]) if params.get("area") else None
    return rnd, area


def check_completeness(user: Any, params: dict[str, Any]) -> None:
    rnd, area = _completeness_subject(user, params)
    reports = Report.objects.filter(round=rnd)
    if area is not None:
        reports = reports.filter(cap.oversight_of(area).q(selectors.VIA))
    if cap.lost_reach(user, params.get("reach"), reports, via=selectors.VIA):
        raise Http404


@register(COMPLETENESS, check=check_completeness)
def completeness_workbook(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    rnd, area = _completeness_subject(user, params)
    result = selectors.completeness(user, rnd=rnd, area=area)
    listed = selectors.drill_down(
        result.reports, figure=params["figure"], group=result.group, place=params["place"]
    )
    content = exports.completeness_workbook(result, listed, progress=progress)
    return f"completeness-{rnd.fiscal_year}-{rnd.months}.xlsx", XLSX, content


# --- a version's printable PDF ------------------------------------------------------------


def version_params(version: ReportVersion) -> dict[str, Any]:
    return {"report": version.report_id, "number": version.number}


def version_title(version: ReportVersion) -> str:
    report = version.report
    return _("Maintenance report of %(centre)s, %(round)s, version %(number)s (PDF)") % {
        "centre": report.centre.name,
        "round": report.round.calendar_round.name,
        "number": version.number,
    }


def check_version(user: Any, params: dict[str, Any]) -> None:
    selectors.access_version(user, params.get("report"), params.get("number"))


@register(VERSION_PDF, check=check_version)
def version_pdf(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    version = selectors.access_version(user, params["report"], params["number"])
    progress(0, 1)
    content = pdf.render_version(version)
    return f"report-{version.report_id}-v{version.number}.pdf", "application/pdf", content
