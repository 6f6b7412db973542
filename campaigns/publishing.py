"""Publishing a campaign's results at its public address, /r/<public_code>/ (issue 13 §4).

Results stay private until the campaign's owner publishes them. Publishing is allowed
once the campaign is launched, also while it is still open: a letter that carries the
results' QR code may go out before the close, and the public page then shows the
results as they stand (every group under the campaign's minimum still shown only as
"too few answers"). Unpublishing takes the page down again; the address and its QR
code stay the same, so a printed letter or card points at the results again when they
are published again.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.capabilities import RUN_CAMPAIGNS, can
from audit.models import AuditEvent
from audit.services import record, snapshot
from campaigns.models import Campaign
from saduak.problems import Incomplete, Problem


def _locked(campaign: Campaign, user: Any) -> Campaign:
    current = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
    if not can(user, RUN_CAMPAIGNS, current.owner):
        raise PermissionDenied
    return current


@transaction.atomic
def publish_results(*, user: Any, campaign: Campaign) -> Campaign:
    """Show the results at the public address. Refused for a draft (nothing asked yet).
    Publishing what is published already changes nothing (a second click, two people
    at once): the first publication's time and person stay."""
    current = _locked(campaign, user)
    if current.launched_at is None:
        raise Incomplete(
            [
                Problem(
                    "__all__", _("The campaign is not launched: there are no results to publish.")
                )
            ]
        )
    if current.published_at is not None:
        return current
    before = snapshot(current)
    current.published_at = timezone.now()
    current.published_by = user
    current.save(update_fields=["published_at", "published_by"])
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current


@transaction.atomic
def unpublish_results(*, user: Any, campaign: Campaign) -> Campaign:
    """Take the public page down (the address stays the campaign's)."""
    current = _locked(campaign, user)
    if current.published_at is None:
        return current
    before = snapshot(current)
    current.published_at = None
    current.published_by = None
    current.save(update_fields=["published_at", "published_by"])
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current
