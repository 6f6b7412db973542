from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import capabilities as cap
from campaigns import answering
from certification.models import Application, Call
from certification.selectors import certificates_under_watch
from correspondence import selectors as letters
from maintenance import selectors
from maintenance.models import Report
from thaicalendar.dates import local_date


def _panel_kind(role: str) -> str:
    """Which of the home page's panels a role gets: the work its capabilities give it."""
    for kind, capability in (
        ("administer", cap.ADMINISTER),
        ("review", cap.REVIEW_REPORTS),
        ("oversee", cap.OVERSEE),
        ("fill", cap.FILL),
        ("screen", cap.SCREEN),
        ("assess", cap.ASSESS),
        ("correspond", cap.CORRESPOND),
    ):
        if cap.grants(role, capability):
            return kind
    return "read"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One home page, with a panel for each role the account holds."""
    user = request.user
    panels = [
        {
            "assignment": a,
            "kind": _panel_kind(a.role),
            "keeps_unit": cap.grants(a.role, cap.CHANGE),
            "lists_staff": cap.grants(a.role, cap.LIST_STAFF),
            "applies": cap.grants(a.role, cap.APPLY),
        }
        for a in cap.assignments(user)
    ]
    kinds = {str(panel["kind"]) for panel in panels}
    context = {
        "today": local_date(timezone.now()),
        "panels": panels,
        # OPS PMO's people who oversee the nation without administering it (the
        # reviewer) find its dashboard in their own panel too.
        "sees_the_nation": cap.is_national(user, cap.OVERSEE),
        "organisation_count": cap.organisations_for(user).count(),
        "centre_count": cap.centres_for(user).count(),
        "own_centres": cap.centres_for(user, need=cap.FILL)
        .select_related("organisation")
        .prefetch_related("counters"),
        "own_reports": cap.scoped(user, Report.objects.all(), via=selectors.VIA, need=cap.FILL)
        .exclude(status=Report.Status.ACCEPTED)
        .select_related("round", "centre")
        .order_by("round__deadline")[:20],
        "awaiting_review": selectors.reports_for(user)
        .filter(status=Report.Status.SUBMITTED)
        .count()
        if cap.can(user, cap.REVIEW_REPORTS)
        else 0,
        # The unread and overdue letters of each inbox the account works in.
        "letter_boxes": letters.box_counts(user),
        # Open campaign surveys that ask the account's own organisations.
        "campaigns_to_answer": [
            {"target": t, "response": answering.response_of(t)}
            for t in answering.open_for(user)[:20]
        ],
        **_certification(user, kinds, any(p["applies"] for p in panels)),
    }
    return render(request, "home.html", context)


def _certification(user: Any, kinds: set[str], applies: bool) -> dict[str, Any]:
    """What the home page says of certification, for the panels the account has."""
    context: dict[str, Any] = {}
    if applies:
        context["open_calls"] = Call.objects.filter(state=Call.State.OPEN).order_by("-fiscal_year")
        context["own_applications"] = (
            cap.applications_for(user, need=cap.APPLY)
            .select_related("call", "centre", "level")
            .order_by("-call__fiscal_year", "centre__name_th")[:20]
        )
    if "screen" in kinds:
        context["screening_queue"] = (
            cap.applications_for(user, need=cap.SCREEN)
            .filter(state__in=(Application.State.SENT, Application.State.IN_SCREENING))
            .count()
        )
    if "assess" in kinds:
        context["team_applications"] = (
            cap.applications_for(user, need=cap.ASSESS)
            .select_related("call", "centre__organisation", "team", "level")
            .order_by("-call__fiscal_year", "visit_on")[:20]
        )
    if "administer" in kinds and cap.can(user, cap.RUN_CERTIFICATION):
        context["under_watch"] = list(certificates_under_watch()[:10])
    return context


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
