"""Dashboards: one page per scope (the nation, a ministry, a department, a province, a
district, a unit) that answers, at a glance and then in detail, how far the units are
towards the standard and whom to chase today."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from oversight import sections
from oversight.scopes import own_scopes, scope_for
from thaicalendar.dates import local_date


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
