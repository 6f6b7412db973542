"""Abuse protection for the anonymous citizen page, with no personal data: a honeypot
field, a minimum time to fill the form, rate limits per device and per network address,
and suppression of a repeated identical answer. A suspect answer is kept and flagged,
and left out of the statistics until someone decides (survey/review.py).

Devices are told apart by a random cookie, networks by the address of the request; both
are stored only as salted hashes (HMAC with the site's secret), which cannot be turned
back into the cookie or the address.
"""

import hashlib
import hmac
import json
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from survey.models import Response

DEVICE_COOKIE = "saduak_device"
STARTED_SALT = "survey.started"


def salted_hash(value: str) -> str:
    if not value:
        return ""
    key = f"{settings.SECRET_KEY}:survey".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def device_id(request: HttpRequest) -> tuple[str, bool]:
    """The device's random id, and whether it is new (to be set as a cookie)."""
    known = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(known) == 32 and known.isalnum():
        return known, False
    return secrets.token_hex(16), True


def started_token() -> str:
    """Signed time at which the page was served, carried by the form."""
    return signing.TimestampSigner(salt=STARTED_SALT).sign("page")


def seconds_taken(token: str) -> float | None:
    """Seconds since the page was served, or None if the token is missing or forged."""
    try:
        signing.TimestampSigner(salt=STARTED_SALT).unsign(token, max_age=24 * 3600)
        served = signing.b62_decode(token.split(":")[-2])  # value:timestamp:signature
    except (signing.BadSignature, ValueError, IndexError):
        return None
    return timezone.now().timestamp() - served


def fingerprint(*, counter_id: int, scores: str, extra: dict[str, Any]) -> str:
    body = json.dumps([counter_id, scores, extra], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _at_least(answers: QuerySet[Response], limit: int) -> bool:
    # Counts no further than the limit: a busy network must not cost a long count.
    return answers.values("pk")[:limit].count() >= limit


def reasons_to_doubt(
    *, honeypot: str, token: str, device_hash: str, network_hash: str, print_: str
) -> list[str]:
    """Why an answer is suspect; empty when it is counted. `device_hash` is empty when
    the device did not send back the cookie its page set: a person's browser does."""
    reasons = []
    if not device_hash:
        reasons.append("no_device")
    if honeypot.strip():
        reasons.append("honeypot")
    taken = seconds_taken(token)
    if taken is None:
        reasons.append("no_start")
    elif taken < settings.SURVEY_MIN_SECONDS:
        reasons.append("too_fast")
    since = timezone.now() - timedelta(minutes=settings.SURVEY_WINDOW_MINUTES)
    recent = Response.objects.filter(submitted_at__gte=since)
    # Only counted answers use up a limit: junk sent from a centre's Wi-Fi must not
    # make the genuine answers after it suspect.
    counted = recent.filter(status=Response.Status.COUNTED)
    same_sender = Q(device_hash=device_hash) if device_hash else Q(network_hash=network_hash)
    if recent.filter(same_sender, fingerprint=print_).exists():
        reasons.append("repeat")
    elif device_hash and _at_least(
        counted.filter(device_hash=device_hash), settings.SURVEY_PER_DEVICE
    ):
        reasons.append("device_burst")
    if network_hash and _at_least(
        counted.filter(network_hash=network_hash), settings.SURVEY_PER_NETWORK
    ):
        reasons.append("network_burst")
    return reasons
