"""The results' publication page, its publish and unpublish buttons, and the QR codes
and cards of the results' address and of each organisation's staff link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import capabilities as cap
from campaigns import publishing, qr
from campaigns.models import Campaign, Target
from saduak.problems import Incomplete
from survey.posters import file_response, qr_png, qr_svg

CONFIRMS = ("publish", "unpublish")


def _launched(request: HttpRequest, pk: int, *, need: cap.Capability) -> Campaign:
    campaign = cap.access_campaign(request.user, pk, need=need)
    if campaign.launched_at is None:
        raise Http404  # a draft has no results yet; its page is the builder's
    return campaign


@login_required
@require_safe
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the results are public, their address and QR code, the downloads, and
    (with ?confirm=publish or unpublish) the confirmation before the button."""
    campaign = _launched(request, pk, need=cap.READ_CAMPAIGNS)
    may_run = cap.can(request.user, cap.RUN_CAMPAIGNS, campaign.owner)
    confirm = request.GET.get("confirm", "")
    if confirm not in CONFIRMS or not may_run:
        confirm = ""
    targets: list[Target] = []
    if campaign.is_staff_survey:
        targets = list(campaign.targets.select_related("organisation"))
    context = {
        "campaign": campaign,
        "url": qr.results_url(campaign, request=request),
        "may_run": may_run,
        "confirm": confirm,
        "targets": [(t, qr.staff_url(t, request=request)) for t in targets if t.staff_code],
    }
    return render(request, "campaigns/publication.html", context)


def _change(request: HttpRequest, pk: int, *, publish: bool) -> HttpResponse:
    campaign = _launched(request, pk, need=cap.RUN_CAMPAIGNS)
    try:
        if publish:
            publishing.publish_results(user=request.user, campaign=campaign)
            messages.success(request, _("The results are published at their public address."))
        else:
            publishing.unpublish_results(user=request.user, campaign=campaign)
            messages.success(request, _("The results are private again."))
    except Incomplete as refusal:
        for problem in refusal.problems:
            messages.error(request, problem.message)
    return redirect("campaigns:publication", pk=campaign.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, publish=True)


@login_required
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, publish=False)


# --- the results' QR code and card: any campaign its followers read, even a draft, since
# its address never changes and a letter may print it before the results are out. ------


@login_required
@require_safe
def results_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = cap.access_campaign(request.user, pk)
    return file_response(
        qr_svg(qr.results_url(campaign, request=request)),
        content_type="image/svg+xml",
        filename=f"saduak-results-{campaign.public_code}.svg",
    )


@login_required
@require_safe
def results_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = cap.access_campaign(request.user, pk)
    return file_response(
        qr_png(qr.results_url(campaign, request=request)),
        content_type="image/png",
        filename=f"saduak-results-{campaign.public_code}.png",
    )


@login_required
@require_safe
def results_card(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = cap.access_campaign(request.user, pk)
    return file_response(
        qr.results_card(campaign, url=qr.results_url(campaign, request=request)),
        content_type="application/pdf",
        filename=f"saduak-results-{campaign.public_code}.pdf",
    )


# --- an organisation's staff link: its people and the campaign's followers ---------------


def _staff_target(request: HttpRequest, pk: int) -> Target:
    target = cap.access_target(request.user, pk)
    if not target.campaign.is_staff_survey or not target.staff_code:
        raise Http404
    return target


@login_required
@require_safe
def staff_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    target = _staff_target(request, pk)
    return file_response(
        qr_svg(qr.staff_url(target, request=request)),
        content_type="image/svg+xml",
        filename=f"saduak-staff-{target.staff_code}.svg",
    )


@login_required
@require_safe
def staff_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    target = _staff_target(request, pk)
    return file_response(
        qr_png(qr.staff_url(target, request=request)),
        content_type="image/png",
        filename=f"saduak-staff-{target.staff_code}.png",
    )


@login_required
@require_safe
def staff_card(request: HttpRequest, pk: int) -> HttpResponse:
    target = _staff_target(request, pk)
    return file_response(
        qr.staff_card(target, url=qr.staff_url(target, request=request)),
        content_type="application/pdf",
        filename=f"saduak-staff-{target.staff_code}.pdf",
    )
