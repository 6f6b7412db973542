"""The anonymous staff page of a campaign, /s/<code>/: public, no sign-in, as light as
the citizen's page (no script, the citizen page's stylesheet written in and allowed by
its hash), protected the citizen page's way (campaigns/protection.py); and the campaign
owner's page of suspect staff answers."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from campaigns import answering, protection, questionnaire
from campaigns.models import Campaign, Target
from saduak.language import in_language
from saduak.network import client_address
from saduak.problems import Incomplete
from survey import protection as citizen_protection

HONEYPOT = "website"


def _target(staff_code: str) -> Target:
    found = (
        Target.objects.filter(staff_code=staff_code.upper(), campaign__launched_at__isnull=False)
        .select_related("campaign__questionnaire", "organisation")
        .first()
    )
    if found is None or not found.campaign.is_staff_survey:
        raise Http404
    return found


# No CSRF token, as the citizen's page: no session, no authority to borrow. Never
# cached: the form carries the time it was served (`started`), and a shared phone's
# browser or a proxy must not keep a page that was answered.
@csrf_exempt
@never_cache
def staff_answer(request: HttpRequest, staff_code: str) -> HttpResponse:
    target = _target(staff_code)
    campaign = target.campaign
    if not campaign.accepts_answers:
        return render(
            request,
            "campaigns/staff_closed.html",
            {"target": target, "message": answering.closed_message(campaign)},
        )
    content = campaign.questionnaire.content
    device, new_device = citizen_protection.device_id(request)
    errors: dict[str, str] = {}
    data: Any = {}
    if request.method == "POST":
        data = request.POST
        reading = questionnaire.read_answers(content, data, complete=True)
        errors = reading.errors
        if reading.ok:
            # Keyed by the campaign: the same phone is another code in another survey.
            device_hash = protection.sender_hash(campaign, device if not new_device else "")
            taken = answering.take_staff_answer(
                target=target,
                answers=reading.answers,
                at_the_door=citizen_protection.reasons_at_the_door(
                    honeypot=data.get(HONEYPOT, ""),
                    token=data.get("started", ""),
                    device_hash=device_hash,
                ),
                device_hash=device_hash,
                network_hash=protection.sender_hash(campaign, client_address(request)),
            )
            if taken is None:  # closed while the page was open
                return render(
                    request,
                    "campaigns/staff_closed.html",
                    {"target": target, "message": answering.closed_message(campaign)},
                )
            # The same thank-you whatever the verdict: a robot learns nothing from it.
            thanks = reverse("campaigns:staff_thanks", args=[target.staff_code])
            return citizen_protection.with_device(HttpResponseRedirect(thanks), device, new_device)
    sections = answering.form_of(content, data, errors)
    page = render(
        request,
        "campaigns/staff_answer.html",
        {
            "target": target,
            "campaign": campaign,
            "intro": in_language(content.get("intro_th", ""), content.get("intro_en")),
            "sections": sections,
            "question_errors": [
                (q.name, q.label, q.error) for s in sections for q in s.questions if q.error
            ],
            "started": data.get("started") or citizen_protection.started_token(),
            "days": settings.CAMPAIGN_SIGHTING_DAYS,
        },
        status=400 if errors else 200,
    )
    return citizen_protection.with_device(page, device, new_device)


@never_cache
def staff_thanks(request: HttpRequest, staff_code: str) -> HttpResponse:
    target = _target(staff_code)
    return render(request, "campaigns/staff_thanks.html", {"target": target})


# --- the owner's decision on suspect staff answers -----------------------------------


def _suspects_page(
    request: HttpRequest,
    campaign: Campaign,
    *,
    confirming: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "campaigns/suspects.html",
        {
            "campaign": campaign,
            "count": answering.count_suspects(campaign),
            "confirming": confirming,
            "error": error,
        },
        status=status,
    )


@login_required
def suspects(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = cap.access_campaign(request.user, pk, need=cap.RUN_CAMPAIGNS)
    return _suspects_page(request, campaign)


@login_required
@require_POST
def decide_suspects(request: HttpRequest, pk: int) -> HttpResponse:
    """All the campaign's suspect answers at once: the first POST asks to confirm, the
    second (`confirm=1`, with the number confirmed) decides."""
    campaign = cap.access_campaign(request.user, pk, need=cap.RUN_CAMPAIGNS)
    decision = request.POST.get("decision", "")
    if decision not in (answering.COUNT, answering.REJECT):
        return _suspects_page(
            request, campaign, error=_("Choose to count or to reject them."), status=400
        )
    if request.POST.get("confirm") != "1":
        return _suspects_page(request, campaign, confirming=decision)
    expected = request.POST.get("expected", "")
    try:
        answering.decide_suspects(
            user=request.user,
            campaign=campaign,
            decision=decision,
            expected=int(expected) if expected.isdigit() else -1,
        )
    except Incomplete as refused:
        return _suspects_page(request, campaign, error=refused.problems[0].message, status=409)
    return redirect("campaigns:suspects", campaign.pk)
