from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import scope
from accounts.models import Role
from maintenance import selectors
from maintenance.models import Report
from thaicalendar.dates import local_date


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One home page, with a panel for each role the account holds."""
    user = request.user
    assignments = list(user.roles.select_related("organisation", "organisation__province"))  # type: ignore[union-attr]
    organisations = scope.organisations_for(user)
    context = {
        "today": local_date(timezone.now()),
        "assignments": assignments,
        "roles": {a.role for a in assignments},
        "Role": Role,
        "organisation_count": organisations.count(),
        "centre_count": scope.centres_for(user).count(),
        "own_centres": scope.centres_for(user)
        .filter(
            organisation__in=[
                a.organisation_id
                for a in assignments
                if a.role in (Role.UNIT_ADMIN, Role.CENTRE_STAFF)
            ]
        )
        .select_related("organisation")
        .prefetch_related("counters"),
        "own_reports": selectors.reports_for(user)
        .filter(scope.fill_scope(user).q(selectors.VIA))
        .exclude(status=Report.Status.ACCEPTED)
        .select_related("round", "centre")
        .order_by("round__deadline")[:20],
        "awaiting_review": selectors.reports_for(user)
        .filter(status=Report.Status.SUBMITTED)
        .count()
        if Role.REVIEWER in scope.roles_of(user)
        else 0,
    }
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
