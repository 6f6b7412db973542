"""Abuse protection for the anonymous citizen page, with no personal data: a honeypot
field, a minimum time to fill the form, rate limits per device and per network address,
and suppression of a repeated identical answer. A suspect answer is kept and flagged,
and left out of the statistics until someone decides (survey/review.py).

Devices are told apart by a random cookie, networks by the address of the request; both
are stored only as salted hashes (keyed BLAKE2b, the key made from the site's secret),
which cannot be turned back into the cookie or the address.
"""

import base64
import functools
import hashlib
import hmac
import json
import re
import secrets
import time
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from survey import statements
from survey.models import Answered, Arrival, Response

DEVICE_COOKIE = "saduak_device"
STARTED_PURPOSE = "survey.started"


@functools.lru_cache(maxsize=4)
def _key(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"{secret}:{purpose}".encode()).digest()


def _digest(purpose: str, value: str) -> bytes:
    """A MAC of `value` keyed with the site's secret for one purpose: keyed BLAKE2b, one
    call where an HMAC costs three (every answer is hashed twice and checked once)."""
    key = _key(settings.SECRET_KEY, purpose)
    return hashlib.blake2b(value.encode(), key=key, digest_size=32).digest()


def salted_hash(value: str) -> str:
    if not value:
        return ""
    return _digest("survey", value).hex()


DEVICE_COOKIE_AGE = 365 * 24 * 3600


def with_device(response: HttpResponse, device: str, new: bool) -> HttpResponse:
    """The response, setting the device's cookie if the device is new (`device_id`)."""
    if new:
        response.set_cookie(
            DEVICE_COOKIE,
            device,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
        )
    return response


def device_id(request: HttpRequest) -> tuple[str, bool]:
    """The device's random id, and whether it is new (to be set as a cookie)."""
    known = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(known) == 32 and known.isalnum():
        return known, False
    return secrets.token_hex(16), True


# The time the page was served, carried by its form as "<seconds, base 62>:<MAC>". Made
# here rather than with django.core.signing, whose check keyed a new HMAC for every
# answer; a page served before the secret changes comes back as "no_start", a suspect
# answer for a reviewer, not a lost one.
STARTED_MAX_AGE = 24 * 3600


def _started_mac(stamp: str) -> str:
    return base64.urlsafe_b64encode(_digest(STARTED_PURPOSE, stamp)[:18]).decode()


def started_token() -> str:
    """Signed time at which the page was served, carried by the form."""
    stamp = signing.b62_encode(int(time.time()))
    return f"{stamp}:{_started_mac(stamp)}"


def seconds_taken(token: str) -> float | None:
    """Seconds since the page was served, or None if the token is missing, forged or
    older than a day."""
    stamp, _, mac = token.partition(":")
    if not stamp or not hmac.compare_digest(mac.encode(), _started_mac(stamp).encode()):
        return None
    taken = time.time() - signing.b62_decode(stamp)
    return taken if taken <= STARTED_MAX_AGE else None


def fill_seconds(token: str) -> int | None:
    """Whole seconds the citizen took, kept with the answer (survey/stream.py compares a
    counter's), or None when the page's time did not come back."""
    taken = seconds_taken(token)
    return int(taken) if taken is not None else None


def fingerprint(*, counter: str, answer: dict[str, Any]) -> str:
    """Of the answers given at a counter (its survey code), to spot the same again."""
    body = json.dumps([counter, answer], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def reasons_at_the_door(*, honeypot: str, token: str, device_hash: str) -> list[str]:
    """What the answer itself shows, judged as it arrives without asking the database.
    `device_hash` is empty when the device did not send back the cookie its page set: a
    person's browser does."""
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
    return reasons


def _sender(answer: Answered) -> tuple[str, str]:
    # A device that keeps no cookie is told apart only by its network.
    return ("d", answer.device_hash) if answer.device_hash else ("n", answer.network_hash)


def judge(arrivals: Sequence[Arrival]) -> dict[int, list[str]]:
    """Why each arrival is suspect, by arrival id (empty: counted), judged in order
    against the answers of the last SURVEY_WINDOW_MINUTES and the arrivals before it:
    a repeat of the same answers from the same sender, or more counted answers from one
    device or one network than the limits allow.

    The window is measured back from the batch's first arrival, and a batch spans at
    most a minute (intake.SPAN): an answer near the window's edge may count up to a
    minute's answers too many against the limits, never too few.
    """
    if not arrivals:
        return {}
    since = min(a.submitted_at for a in arrivals) - timedelta(
        minutes=settings.SURVEY_WINDOW_MINUTES
    )
    devices = {a.device_hash for a in arrivals if a.device_hash}
    networks = {a.network_hash for a in arrivals if a.network_hash}
    counted = Response.Status.COUNTED
    # Only counted answers use up a limit: junk sent from a centre's Wi-Fi must not make
    # the genuine answers after it suspect. A device without a cookie is told apart by
    # its network alone.
    by_device = statements.recent_answers("device_hash", devices, since)
    by_network = statements.recent_answers("network_hash", networks, since)
    seen = {(("d", d), f) for d, _n, f, _s in by_device}
    seen |= {(("n", n), f) for d, n, f, _s in by_network if not d}
    per_device = Counter(d for d, _n, _f, status in by_device if status == counted)
    per_network = Counter(n for _d, n, _f, status in by_network if status == counted)
    verdicts = {}
    device_limit, network_limit = settings.SURVEY_PER_DEVICE, settings.SURVEY_PER_NETWORK
    for arrival in arrivals:
        reasons = list(arrival.reasons)
        key = (_sender(arrival), arrival.fingerprint)
        if key in seen:
            reasons.append("repeat")
        elif arrival.device_hash and per_device[arrival.device_hash] >= device_limit:
            reasons.append("device_burst")
        if arrival.network_hash and per_network[arrival.network_hash] >= network_limit:
            reasons.append("network_burst")
        seen.add(key)
        if not reasons:
            per_device[arrival.device_hash] += 1
            per_network[arrival.network_hash] += 1
        verdicts[arrival.pk] = reasons
    return verdicts


def forget_old_senders() -> int:
    """Clear the hashed device and network address of answers older than
    SURVEY_SENDER_DAYS, as the PDPA notice promises; returns how many were cleared.

    Walks back a day at a time from the limit, and stops at a day whose answers from
    the page were all cleared already (by the hourly run before), or when no older one
    is left: a day's answers, not the whole history, are read each hour. (Imported
    answers never had a sender.)"""
    end = timezone.now() - timedelta(days=settings.SURVEY_SENDER_DAYS)
    cleared = 0
    web = Response.objects.filter(source=Response.Source.WEB)
    while True:
        start = end - timedelta(days=1)
        day = web.filter(submitted_at__gte=start, submitted_at__lt=end)
        now_cleared = day.exclude(device_hash="", network_hash="").update(
            device_hash="", network_hash=""
        )
        cleared += now_cleared
        done_before = not now_cleared and day.exists()
        if done_before or not web.filter(submitted_at__lt=start).exists():
            return cleared
        end = start


# Contact details a citizen may type into a comment, in Arabic or Thai digits: e-mail
# addresses, 13-digit ID numbers (1-2345-67890-12-3) and Thai phone numbers (0x-xxx-xxxx,
# 08x-xxx-xxxx, +66 …). The notice promises none are kept.
_DIGIT = "[0-9๐-๙]"
_SEP = r"[\s.-]?"
CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|(?<![0-9๐-๙]){_DIGIT}(?:{_SEP}{_DIGIT}){{12}}(?![0-9๐-๙])"
    rf"|(?:\+66{_SEP}|(?<![0-9๐-๙])[0๐]){_DIGIT}{{1,2}}{_SEP}{_DIGIT}{{3}}{_SEP}{_DIGIT}{{3,4}}(?![0-9๐-๙])"
)
REMOVED = "[…]"


def without_contacts(comment: str) -> str:
    """The comment with any e-mail address, ID number or phone number replaced by [...]:
    the page tells the citizen so, and nothing that identifies them is kept."""
    return CONTACT.sub(REMOVED, comment)
