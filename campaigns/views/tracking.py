"""Following a launched campaign: the response figures (a page, and its figures as a
fragment that the page refreshes every 30 seconds), the silent list, and reminding the
silent. Thin: who may see and do what is asked of accounts.capabilities; the figures
come from campaigns.tracking, the reminder from campaigns.reminding."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts import capabilities as cap
from campaigns import reminding, tracking
from campaigns.models import Campaign
from notices import rounds
from saduak.problems import Incomplete

COLUMNS = [
    ("asked", gettext_lazy("Organisations asked")),
    ("answered", gettext_lazy("Answered")),
    ("rate", gettext_lazy("Response rate")),
]


def _launched(request: HttpRequest, pk: int, **need: Any) -> Campaign:
    """The campaign if the account follows it and it was launched: a draft has no
    targets to follow (404, as for a campaign it does not follow)."""
    campaign = cap.access_campaign(request.user, pk, **need)
    if campaign.launched_at is None:
        raise Http404
    return campaign


def _headers(sort: str) -> list[dict[str, Any]]:
    """Each column's header: its label, the address that sorts by it (descending
    first for figures, ascending for names; a second click turns it round) and the
    direction it is sorted in now, for aria-sort."""
    headers = []
    for key, label in [("name", gettext_lazy("Name")), *COLUMNS]:
        now = sort.lstrip("-") == key
        descending = sort.startswith("-")
        if now:
            following = key if descending else f"-{key}"
        else:
            following = key if key == "name" else f"-{key}"
        aria = ("descending" if descending else "ascending") if now else ""
        headers.append({"key": key, "label": str(label), "sort": following, "aria": aria})
    return headers


def _sort_choices() -> list[tuple[str, str]]:
    """The orders a figure table can take, for the form that sorts it on a phone, where
    a table shows as cards without its headings."""
    choices = [("name", _("Name, in dictionary order")), ("-name", _("Name, in reverse order"))]
    for key, label in COLUMNS:
        choices.append((f"-{key}", _("%(column)s, highest first") % {"column": label}))
        choices.append((key, _("%(column)s, lowest first") % {"column": label}))
    return choices


def _figures_context(campaign: Campaign, sort: str) -> dict[str, Any]:
    """What the figures fragment shows: the headline, then a table by province and
    one by kind of organisation, each row leading to its silent organisations."""
    figures = tracking.figures(campaign, sort=sort)
    tables = [
        {
            "id": "provinces",
            "heading": _("By province"),
            "caption": _("Response rate by province"),
            "name_label": _("Province"),
            "rows": figures.provinces,
            "filter": "province",
        },
        {
            "id": "kinds",
            "heading": _("By kind of organisation"),
            "caption": _("Response rate by kind of organisation"),
            "name_label": _("Kind of organisation"),
            "rows": figures.kinds,
            "filter": "kind",
        },
    ]
    # Translated once here, not once per cell (a lazy text is translated on each use).
    labels = {key: str(label) for key, label in COLUMNS}
    labels["staff"] = _("Staff answers counted")
    return {
        "campaign": campaign,
        "figures": figures,
        "figures_at": timezone.now(),
        "headers": _headers(figures.sort),
        "tables": tables,
        "labels": labels,
    }


@require_safe
@login_required
def tracking_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _launched(request, pk)
    sort = tracking.parse_sort(request.GET.get("sort"))
    province = tracking.parse_province(request.GET.get("province"))
    kind = tracking.parse_kind(request.GET.get("kind"))
    context = _figures_context(campaign, sort)
    figures = context["figures"]
    last, when = reminding.last_round(campaign)
    provinces = [row for row in figures.provinces if row.key]
    return render(
        request,
        "campaigns/tracking.html",
        {
            **context,
            "sort_choices": _sort_choices(),
            "silent": tracking.silent_page(
                campaign, province=province, kind=kind, number=request.GET.get("page")
            ),
            "province": province,
            "kind": kind,
            "province_choices": tracking.in_name_order(provinces),
            "kind_choices": figures.kinds,
            "may_remind": campaign.accepts_answers
            and cap.can(request.user, cap.RUN_CAMPAIGNS, campaign.owner),
            "last_round": last,
            "last_reminded": when,
            "last_round_size": reminding.last_round_size(campaign, last),
            "reminded_today": rounds.made_today(when),
        },
    )


@require_safe
@login_required
def tracking_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures alone, which the tracking page fetches every 30 seconds to stay live
    (htmx); without JavaScript the page shows them as they were when it was loaded."""
    campaign = _launched(request, pk)
    sort = tracking.parse_sort(request.GET.get("sort"))
    return render(request, "campaigns/_tracking_figures.html", _figures_context(campaign, sort))


@require_POST
@login_required
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _launched(request, pk, need=cap.RUN_CAMPAIGNS)
    try:
        reminded = reminding.remind_silent(user=request.user, campaign=campaign)
    except Incomplete as refused:
        for problem in refused.problems:
            messages.error(request, problem.message)
    else:
        messages.success(
            request,
            _("Reminded %(count)s organisations. The e-mails are on their way.")
            % {"count": f"{reminded:,}"},
        )
    return redirect("campaigns:tracking", pk=campaign.pk)
