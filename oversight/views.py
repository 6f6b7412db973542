"""Dashboards: one page per scope (the nation, a ministry, a department, a province, a
district, a unit) that answers, at a glance and then in detail, how far the units are
towards the standard and whom to chase today."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from oversight import sections, services
from oversight.forms import TargetForm
from oversight.models import Target
from oversight.scopes import own_scopes, scope_for
from thaicalendar.dates import fiscal_year, local_date


@login_required
@require_safe
def dashboard(request: HttpRequest, pk: Any = None) -> HttpResponse:
    if pk is None and not cap.is_national(request.user, cap.OVERSEE):
        # An overseer's dashboard is its own organisation's, not "the nation".
        own = own_scopes(request.user)
        if own:
            return redirect(own[0].url())
    scope = scope_for(request.user, pk, request.GET)
    today = local_date(timezone.now())
    shown = [{"section": s, "figures": s.read(scope, today)} for s in sections.SECTIONS]
    return render(
        request,
        "oversight/dashboard.html",
        {"scope": scope, "today": today, "sections": shown},
    )


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """OPS PMO's yearly targets: those of the current and the next fiscal year, and a
    form to set one per scope. A programme-wide page: 403 for everyone else, as for
    the rounds' deadlines."""
    cap.require(request.user, cap.ADMINISTER)
    current = fiscal_year(local_date(timezone.now()))
    years = [current, current + 1]
    form = TargetForm(request.POST or None, years=years, initial={"fiscal_year": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_target(
                actor=request.user,
                fiscal_year=form.cleaned_data["fiscal_year"],
                organisation=form.cleaned_data["organisation"],
                certified=form.cleaned_data["certified"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Target saved."))
            return redirect("oversight:targets")
    listed = (
        Target.objects.filter(fiscal_year__in=years)
        .select_related("organisation")
        .order_by(
            "fiscal_year",
            F("organisation__kind").asc(nulls_first=True),  # the nation first
            "organisation__name_th",
        )
    )
    return render(
        request, "oversight/targets.html", {"form": form, "targets": listed, "years": years}
    )
