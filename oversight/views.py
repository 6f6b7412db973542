"""Dashboards: one page per scope (the nation, a ministry, a department, a province, a
district, a unit) that answers, at a glance and then in detail, how far the units are
towards the standard and whom to chase today."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from oversight import compare as comparison
from oversight import maps, sections
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
        {
            "scope": scope,
            "today": today,
            "sections": shown,
            "overview": maps.overview(scope, today, request.GET),
            "compare_url": scope.url("oversight:compare"),
        },
    )


@login_required
@require_safe
def compare(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """The areas or units of a scope ranked on a measure (`?measure=`), optionally only
    units of one kind (`?peers=`), with the change since the last round."""
    if pk is None and not cap.is_national(request.user, cap.OVERSEE):
        own = own_scopes(request.user)
        if own:
            return redirect(own[0].url("oversight:compare"))
    scope = scope_for(request.user, pk, request.GET)
    today = local_date(timezone.now())
    measure = maps.pick(request.GET.get("measure"))
    ranked, peers = comparison.ranked_scope(scope, request.GET.get("peers"))
    places, since = comparison.ranking(ranked, measure, today) if measure else ([], today)
    page = Paginator(places, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/compare.html",
        {
            "scope": scope,
            "today": today,
            "since": since,
            "measure": measure,
            "measures": list(sections.MEASURES.values()),
            "peers": peers,
            "peer_choices": comparison.peer_choices(),
            "page": page,
            "ranked_group": ranked.group,
        },
    )
