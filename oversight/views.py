"""Dashboards: one page per scope (the nation, a ministry, a department, a province, a
district, a unit) that answers, at a glance and then in detail, how far the units are
towards the standard and whom to chase today."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import capabilities as cap
from downloads.views import start as start_download
from oversight import digest as weekly
from oversight import makers, sections
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
            "digest_on": weekly.is_on(request.user),
        },
    )


@login_required
def export_xlsx(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """The scope's dashboard as an Excel workbook, prepared in the background."""
    scope = scope_for(request.user, pk, request.GET)
    return start_download(
        request,
        maker=makers.XLSX_MAKER,
        params=makers.params_of(scope),
        title=makers.title_of(scope, "Excel"),
    )


@login_required
def export_pdf(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """The scope's dashboard as a printed Thai report, prepared in the background."""
    scope = scope_for(request.user, pk, request.GET)
    return start_download(
        request,
        maker=makers.PDF_MAKER,
        params=makers.params_of(scope),
        title=makers.title_of(scope, "PDF"),
    )


@login_required
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    """Turn the weekly digest on ("on=1") or off, then back to the dashboard."""
    if not cap.can(request.user, cap.OVERSEE):
        raise Http404
    on = request.POST.get("on") == "1"
    weekly.turn(request.user, on=on)
    if on and not getattr(request.user, "email", ""):
        messages.warning(
            request,
            _(
                "Your account has no e-mail address: ask your administrator to add one, "
                "or the weekly digest cannot reach you."
            ),
        )
    elif on:
        messages.success(request, _("You will receive the weekly digest by e-mail."))
    else:
        messages.success(request, _("The weekly digest is stopped."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not back.startswith("/oversight/"):
        back = "/oversight/"
    return redirect(back)
