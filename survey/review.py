"""Deciding on suspect answers: kept out of the statistics until OPS PMO's reviewers,
or an overseer above the unit, count them or reject them. The unit whose service is
rated sees how many of its answers wait, but does not decide on them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import capabilities as cap
from saduak.http import parse_ids
from survey import intake, reasons, services
from survey.models import Response

# Only a page that was tampered with sends ids that are not numbers of answers.
UNREADABLE_CHOICE = gettext_lazy(
    "Choose: some of the chosen answers could not be read. Nothing was decided; "
    "choose the answers again from the list."
)


def decidable(user: Any) -> QuerySet[Response]:
    answers = Response.objects.filter(status=Response.Status.SUSPECT)
    return cap.scoped(user, answers, via="centre__organisation__", need=cap.DECIDE_SUSPECTS)


def waiting_for_others(user: Any) -> int:
    """Suspect answers the account sees but may not decide: its own unit's."""
    answers = Response.objects.filter(status=Response.Status.SUSPECT)
    seen = cap.scoped(user, answers, via="centre__organisation__", need=cap.SEE_SUSPECTS)
    return seen.exclude(pk__in=decidable(user).values("pk")).count()


@login_required
def suspect_list(request: HttpRequest) -> HttpResponse:
    if not cap.can(request.user, cap.SEE_SUSPECTS):
        raise PermissionDenied
    intake.catch_up()
    answers = decidable(request.user)
    if request.method == "POST":
        if not cap.can(request.user, cap.DECIDE_SUSPECTS):
            raise PermissionDenied
        ids = parse_ids(request.POST.getlist("answer"))
        if ids is None:
            messages.error(request, UNREADABLE_CHOICE)
            return redirect("survey:suspect_list")
        chosen = answers.filter(pk__in=ids)
        count = request.POST.get("decision") == "count"
        if request.POST.get("decision") not in ("count", "reject"):
            raise PermissionDenied
        decided = services.decide(actor=request.user, answers=chosen, count=count)
        messages.success(
            request,
            (_("%(n)s answers counted.") if count else _("%(n)s answers rejected."))
            % {"n": decided},
        )
        return redirect("survey:suspect_list")
    page = Paginator(
        answers.select_related("centre", "counter").order_by("-submitted_at"), 50
    ).get_page(request.GET.get("page"))
    for answer in page.object_list:
        answer.reason_text = [reasons.text(r) for r in answer.reasons]
    context = {
        "page": page,
        "may_decide": cap.can(request.user, cap.DECIDE_SUSPECTS),
        "waiting_for_others": waiting_for_others(request.user),
    }
    return render(request, "survey/suspect_list.html", context)
