"""Dashboards: one page per scope (the nation, a ministry, a department, a province, a
district, a unit) that answers, at a glance and then in detail, how far the units are
towards the standard and whom to chase today."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts import capabilities as cap
from downloads.views import start as start_download
from oversight import chase, makers, maps, reminding, sections, services
from oversight import compare as comparison
from oversight import digest as weekly
from oversight.forms import TargetForm, target_scopes
from oversight.models import Target
from oversight.scopes import own_scopes, scope_for
from thaicalendar.dates import fiscal_year, local_date


def _own_instead(request: HttpRequest, pk: Any, name: str) -> HttpResponse | None:
    """An overseer's page without an organisation is its own organisation's, not "the
    nation" (the figures would be theirs anyway, under the nation's name)."""
    if pk is None and request.method == "GET" and not cap.is_national(request.user, cap.OVERSEE):
        scope_for(request.user, None, request.GET)  # another's soil in the address: 404
        own = own_scopes(request.user)
        if own:
            # The cut and the chosen measure kept: the page asked for, under its name.
            query = request.GET.urlencode()
            return redirect(own[0].url(name) + (f"?{query}" if query else ""))
    return None


@login_required
@require_safe
def dashboard(request: HttpRequest, pk: Any = None) -> HttpResponse:
    if (own := _own_instead(request, pk, "oversight:dashboard")) is not None:
        return own
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
            "digest_on": weekly.is_on(request.user),
        },
    )


@login_required
@require_safe
def compare(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """The areas or units of a scope ranked on a measure (`?measure=`), optionally only
    units of one kind (`?peers=`), with the change since the last round."""
    if (own := _own_instead(request, pk, "oversight:compare")) is not None:
        return own
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


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """OPS PMO's yearly targets: those of the current and the next fiscal year, and a
    form to set one per scope. A programme-wide page: 403 for everyone else, as for
    the rounds' deadlines."""
    cap.require(request.user, cap.ADMINISTER)
    current = fiscal_year(local_date(timezone.now()))
    years = [current, current + 1]
    form = TargetForm(request.POST or None, years=years, initial=_target_initial(request, current))
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


def _target_initial(request: HttpRequest, year: int) -> dict[str, Any]:
    """The form as a dashboard's link opens it (?organisation=<pk>): that scope chosen,
    with its target of the year when it has one. An address naming no scope that can
    have a target opens the form as it is."""
    initial: dict[str, Any] = {"fiscal_year": year}
    raw = request.GET.get("organisation", "")
    organisation = None
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        organisation = target_scopes().filter(pk=int(raw)).first()
    if organisation is not None:
        initial["organisation"] = organisation.pk
        target = Target.objects.filter(fiscal_year=year, organisation=organisation).first()
        if target is not None:
            initial["certified"] = target.certified
    return initial


@login_required
@require_safe
def chase_list(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """Every unit of the scope to chase today, page by page, with the reminders sent
    from this scope (the notice log of chasing)."""
    if (own := _own_instead(request, pk, "oversight:chase_list")) is not None:
        return own
    scope = scope_for(request.user, pk, request.GET)
    today = local_date(timezone.now())
    figures = chase.read(scope, today)
    page = Paginator(figures.units, chase.PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/chase_list.html",
        {
            "scope": scope,
            "today": today,
            "figures": figures,
            "page": page,
            "rows": figures.rows_of(page.object_list),
            "log": chase.log(scope)[: chase.PAGE],
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """Remind every unit of the scope to chase (once a day each)."""
    scope = scope_for(request.user, pk, request.GET)
    done = reminding.remind(user=request.user, scope=scope, today=local_date(timezone.now()))
    if done.reminded:
        told = ngettext(
            "Reminded %(n)s unit in its inbox.",
            "Reminded %(n)s units in their inboxes.",
            done.reminded,
        ) % {"n": f"{done.reminded:,}"}
        if done.emails:
            told += " " + ngettext(
                "%(n)s e-mail to their administrators is on its way.",
                "%(n)s e-mails to their administrators are on their way.",
                done.emails,
            ) % {"n": f"{done.emails:,}"}
        if done.without_email:
            told += " " + ngettext(
                "%(n)s unit has no administrator with an e-mail address: its inbox alone "
                "holds the reminder.",
                "%(n)s units have no administrator with an e-mail address: their inbox alone "
                "holds the reminder.",
                done.without_email,
            ) % {"n": f"{done.without_email:,}"}
        messages.success(request, told)
    if done.already:
        messages.info(
            request,
            ngettext(
                "%(n)s unit had already been reminded today.",
                "%(n)s units had already been reminded today.",
                done.already,
            )
            % {"n": f"{done.already:,}"},
        )
    if not done.reminded and not done.already:
        messages.info(request, _("Nobody is left to chase today."))
    return redirect(scope.url("oversight:chase_list"))


def _export(request: HttpRequest, pk: Any, name: str, maker: str, kind: str) -> HttpResponse:
    """The scope's dashboard as a file of `maker`, prepared in the background."""
    if (own := _own_instead(request, pk, name)) is not None:
        return own
    scope = scope_for(request.user, pk, request.GET)
    return start_download(
        request, maker=maker, params=makers.params_of(scope), title=makers.title_of(scope, kind)
    )


@login_required
def export_xlsx(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """The scope's dashboard as an Excel workbook."""
    return _export(request, pk, "oversight:export_xlsx", makers.XLSX_MAKER, "Excel")


@login_required
def export_pdf(request: HttpRequest, pk: Any = None) -> HttpResponse:
    """The scope's dashboard as a printed Thai report."""
    return _export(request, pk, "oversight:export_pdf", makers.PDF_MAKER, "PDF")


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
