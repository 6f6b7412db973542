"""The published results of a campaign, for anyone, at the address its QR code carries.

Before publication the address already exists (a letter may print its QR code first):
it says politely that the results are not published yet, with status 200 and no
figure. An unknown code is 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from campaigns.models import CODE_LENGTH, Campaign
from campaigns.views.results import results_context


# Revalidated at every visit: a page withdrawn from publication is never served stale.
@require_safe
@cache_control(no_cache=True)
def public_results(request: HttpRequest, code: str) -> HttpResponse:
    campaign = (
        Campaign.objects.select_related("owner", "questionnaire")
        .filter(public_code=code.upper()[:CODE_LENGTH])
        .first()
        if len(code) == CODE_LENGTH
        else None
    )
    if campaign is None:
        raise Http404
    if not campaign.is_published or campaign.launched_at is None:
        return render(request, "campaigns/public_unpublished.html", {"campaign": campaign})
    context = results_context(campaign, request.GET)
    return render(request, "campaigns/public_results.html", context)
