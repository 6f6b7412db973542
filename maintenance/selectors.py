"""Reading reports, always through the account's capabilities (accounts/capabilities.py)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts import capabilities as cap
from maintenance.models import Report, ReportVersion, Round
from registry.models import Organisation
from thaicalendar.dates import BANGKOK

VIA = "centre__organisation__"


def reports_for(user: Any) -> QuerySet[Report]:
    return cap.scoped(user, Report.objects.all(), via=VIA)


def access_report(user: Any, pk: Any, *, need: cap.Capability = cap.READ) -> Report:
    """The report if the account may read it (404 otherwise) and holds `need` on its
    centre (403 otherwise)."""
    queryset = Report.objects.select_related("round", "standard", "centre__organisation__province")
    report: Report = cap.access(user, queryset, pk, via=VIA, need=need)
    return report


def access_version(user: Any, report_pk: Any, number: Any) -> ReportVersion:
    report = access_report(user, report_pk)
    try:
        version = report.versions.select_related("submitted_by", "reviewed_by").get(number=number)
    except (ReportVersion.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    version.report = report
    return version


# --- completeness ------------------------------------------------------------------------

# Each figure is one conditional count, so a whole country costs one query.
FIGURES: dict[str, Q] = {
    "owed": Q(),
    "submitted": Q(first_submitted_at__isnull=False),
    "on_time": Q(first_submitted_at__isnull=False, late_by=timedelta(0)),
    "late": Q(late_by__gt=timedelta(0)),
    "missing": Q(first_submitted_at__isnull=True),
    "awaiting": Q(status=Report.Status.SUBMITTED),
    "returned": Q(status=Report.Status.RETURNED),
    "accepted": Q(status=Report.Status.ACCEPTED),
}

FIGURE_LABELS = {
    "owed": _("Owed"),
    "submitted": _("Sent"),
    "on_time": _("On time"),
    "late": _("Late"),
    "missing": _("Not sent"),
    "awaiting": _("Awaiting review"),
    "returned": _("Returned"),
    "accepted": _("Accepted"),
}


def _counts() -> dict[str, Count]:
    return {name: Count("id", filter=condition) for name, condition in FIGURES.items()}


@dataclass
class Completeness:
    round: Round
    area: Organisation | None
    totals: dict[str, int]
    # One row per province, or per district when the area is a province.
    group: str
    rows: list[dict[str, Any]]
    reports: QuerySet[Report]


PROVINCIAL = (Organisation.Kind.PROVINCE, Organisation.Kind.PROVINCIAL_OFFICE)


def completeness(user: Any, *, rnd: Round, area: Organisation | None = None) -> Completeness:
    """How the reports owed for a round stand, within the account's scope and, if given,
    within an area (an organisation's oversight: a ministry, department, province …)."""
    reports = reports_for(user).filter(round=rnd)
    if area is not None:
        reports = reports.filter(cap.oversight_of(area).q(VIA))
    totals = reports.aggregate(**_counts())
    group = "district" if area is not None and area.kind in PROVINCIAL else "province"
    place = f"centre__organisation__{group}"
    rows = list(
        reports.values(
            code=F(f"{place}__code"),
            name_th=F(f"{place}__name_th"),
            name_en=F(f"{place}__name_en"),
        )
        .annotate(**_counts())
        .order_by("name_th")
    )
    return Completeness(rnd, area, totals, group, rows, reports)


def drill_down(
    reports: QuerySet[Report], *, figure: str, group: str, place: str
) -> QuerySet[Report]:
    """The centres behind one figure of the completeness table."""
    if figure in FIGURES:
        reports = reports.filter(FIGURES[figure])
    if place and group in ("province", "district"):
        reports = reports.filter(**{f"centre__organisation__{group}__code": place})
    return reports.select_related("centre__organisation__province").order_by(
        "centre__organisation__province__name_th", "centre__name_th", "pk"
    )


# --- the current round -------------------------------------------------------------------


def _opened_by(today: date) -> QuerySet[Round]:
    """The rounds opened on or before `today` (a Bangkok date) whose period has begun: a
    round OPS PMO opens ahead of its period is not yet the one units report on."""
    tomorrow = datetime.combine(today + timedelta(days=1), time.min, tzinfo=BANGKOK)
    return Round.objects.filter(opened_at__lt=tomorrow, period_start__lte=today)


def current_round(today: date) -> Round | None:
    """The round current on `today` (a Bangkok date): the latest round (by fiscal year,
    then the 12-month after the 6-month) opened by then whose period has begun; None
    before any round opens.
    A round stays current after its deadline, until the next one opens: its missing
    reports are still owed. The one rule for "the current round" (the dashboards, the
    comparison with the last round, the reminders)."""
    return _opened_by(today).order_by("-fiscal_year", "-months").first()


def recent_rounds(today: date, count: int) -> list[Round]:
    """The `count` latest rounds opened by `today`, the current one first."""
    return list(_opened_by(today).order_by("-fiscal_year", "-months")[:count])


def round_figures(rnd: Round, where: Q, today: date, *, by: str | None = None) -> Any:
    """How the reports of a round stand (FIGURES, one conditional count each) among the
    reports `where` selects: one query. Without `by`, a dict of the figures; with it (a
    lookup from the report, such as "centre__organisation__province_id"), a list of
    dicts, each with its group under the key "area".

    "missing" follows the one overdue rule (Report.overdue_by): the reports never sent
    once the round's deadline has passed; before that they are "not yet sent"
    (`pending`), and "missing" is 0."""
    reports = Report.objects.filter(where, round=rnd).order_by()
    if by is None:
        return _overdue(rnd, today, reports.aggregate(**_counts()))
    return [_overdue(rnd, today, row) for row in reports.values(area=F(by)).annotate(**_counts())]


def _overdue(rnd: Round, today: date, row: dict[str, Any]) -> dict[str, Any]:
    # Report.overdue_by: overdue from the Bangkok day after the deadline.
    if today > rnd.deadline:
        row["pending"] = 0
    else:
        row["pending"], row["missing"] = row["missing"], 0
    return row
