"""Abuse protection of the anonymous staff page (/s/<code>/), the citizen page's way
(survey/protection.py: the honeypot, the minimum time, the device cookie, salted
hashes), judged against the campaign's `Sighting` rows: a repeat of the same answers
from one device or network, a second answer from one device, or more than
CAMPAIGN_PER_NETWORK answers from one network within an hour. A suspect answer is kept
and flagged until the campaign's owner decides (campaigns:suspects).

A sighting keeps the hashes and the hour, a random key and no link to the answer, so that
an answer cannot be traced to a device; every hash is keyed by the campaign
(`sender_hash`), so one phone cannot be followed from one campaign, or from the citizen
survey, to another; sightings are forgotten after CAMPAIGN_SIGHTING_DAYS
(`forget_old_sightings`, run hourly beside the citizen survey's own forgetting by the
survey_intake worker).
"""

import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Sighting
from survey import protection as citizen_protection

# Why a staff answer is suspect, as its owner reads it on the suspects page. The first
# four are judged at the door by survey/protection.py (reasons_at_the_door).
REASONS = {
    "no_device": _("The browser kept no cookie, so its device cannot be told apart"),
    "honeypot": _("A field hidden from people was filled (a robot)"),
    "no_start": _("The form was not sent from the page as served"),
    "too_fast": _("Sent faster than a person can read the questions"),
    "repeat": _("The same answers again from the same device or network"),
    "device_again": _("A second answer from the same device"),
    "network_burst": _("Many answers from one network within an hour"),
}
NETWORK_WINDOW = timedelta(hours=1)


def hour_of(moment: datetime) -> datetime:
    """The whole hour a moment falls in: all a sighting keeps of its time (Bangkok's
    offset is whole hours, so the hour is the same in UTC and in Bangkok)."""
    return moment.replace(minute=0, second=0, microsecond=0)


def sender_hash(campaign: Campaign, value: str) -> str:
    """A device id or network address as a one-way code valid within one campaign only:
    keyed by the campaign, so the same phone gives other codes in other campaigns and in
    the citizen survey (survey/protection.py hashes the bare value)."""
    return citizen_protection.salted_hash(f"campaign-{campaign.pk}:{value}" if value else "")


def reason_labels(reasons: list[str]) -> list[str]:
    return [str(REASONS.get(r, _("Other reason"))) for r in reasons]


def fingerprint(*, campaign: Campaign, code: str, answers: dict[str, Any]) -> str:
    """Of the answers given through one organisation's link, to spot the same again;
    keyed with the site's secret, so that the stored answers alone cannot be hashed
    again to find their sighting."""
    body = json.dumps([code, answers], sort_keys=True, ensure_ascii=False)
    return sender_hash(campaign, f"answers:{body}")


def judge(
    *,
    campaign: Campaign,
    device_hash: str,
    network_hash: str,
    fingerprint: str,
    now: datetime,
) -> list[str]:
    """Why an arriving staff answer is suspect, judged against the campaign's earlier
    sightings (two small queries, by the sightings' indexes). Sightings keep only their
    hour, so "within an hour" counts those of this hour and the one before: every
    sliding hour lies within those two, so the rule is never looser than a minute-exact
    one."""
    reasons = []
    senders = Q()
    if device_hash:
        senders |= Q(device_hash=device_hash)
    if network_hash:
        senders |= Q(network_hash=network_hash)
    seen = Sighting.objects.filter(campaign=campaign)
    earlier = (
        list(seen.filter(senders).values_list("device_hash", "fingerprint")) if senders else []
    )
    if any(f == fingerprint for _d, f in earlier):
        reasons.append("repeat")
    elif device_hash and any(d == device_hash for d, _f in earlier):
        reasons.append("device_again")
    if network_hash:
        recent = seen.filter(network_hash=network_hash, seen_at__gte=hour_of(now) - NETWORK_WINDOW)
        if recent.count() >= settings.CAMPAIGN_PER_NETWORK:
            reasons.append("network_burst")
    return reasons


def forget_old_sightings() -> int:
    """Delete the sightings older than CAMPAIGN_SIGHTING_DAYS, as the staff page's
    notice promises; how many were deleted."""
    limit = timezone.now() - timedelta(days=settings.CAMPAIGN_SIGHTING_DAYS)
    deleted, _kinds = Sighting.objects.filter(seen_at__lt=limit).delete()
    return deleted
