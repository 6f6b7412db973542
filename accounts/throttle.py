"""Throttling of sign-ins, counted in the database so that every web process sees the
same counts.

The rule (docs/architecture.md, "Accounts and sessions"): within the window, at most
LOGIN_FAILURE_LIMIT failed sign-ins for one username *from one network address*, and at
most LOGIN_FAILURE_LIMIT_PER_ADDRESS from one address whatever the usernames; past
either, further attempts from that address are refused without their password being
checked, even the right one. Failures from one address never lock the account for
another address, so a stranger cannot lock a colleague out. A successful sign-in clears
the account's failures from its address; a password reset clears them from everywhere.

Counting and checking are one step, so the limit holds when guesses arrive at once: an
attempt first stores its row (committed on its own), and only then counts the rows in
the window. Of attempts arriving together, the k-th to store its row counts at least k,
so no more than the limit are let through to the password check. A refused attempt
removes its row again (it used up nothing), and so does a successful one; a failed
one's row stays and counts as a failure. This needs no lock and no SQL of its own, and
reads the same on SQLite and PostgreSQL.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import FailedLogin
from saduak.network import client_address


def address_hash(request: HttpRequest | None) -> str:
    address = (client_address(request) if request else "") or "unknown"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt, counted. `allowed`: its password may be checked."""

    username: str
    address_hash: str
    allowed: bool


def begin(username: str, request: HttpRequest | None) -> Attempt:
    """Count an attempt before its password is checked, and say whether it may be."""
    # Counted by the name as typed (the form has put it in NFKC): signing in compares
    # names exactly, so "OPSADMIN" never opens "opsadmin", and a success as one account
    # must never forgive the failures against another whose name differs only in
    # capitals (an old account might: new ones are refused such a name).
    name, address = username, address_hash(request)
    row = FailedLogin.objects.create(username=name, address_hash=address)
    recent = FailedLogin.objects.filter(at__gte=_window_start(), address_hash=address)
    allowed = (
        recent.filter(username=name).count() <= settings.LOGIN_FAILURE_LIMIT
        and recent.count() <= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    )
    if not allowed:
        row.delete()
    return Attempt(username=name, address_hash=address, allowed=allowed)


def failed(attempt: Attempt) -> None:
    """The password was wrong: the attempt's row stays, as a failure."""
    # Old rows are useless once outside the window; trim them as we go.
    FailedLogin.objects.filter(at__lt=_window_start() - timedelta(days=1)).delete()


def succeeded(attempt: Attempt) -> None:
    """Signed in: the account's failures from this address are forgiven."""
    mine = FailedLogin.objects.filter(username=attempt.username)
    mine.filter(address_hash=attempt.address_hash).delete()


def clear(username: str) -> None:
    """Forget every failure of the username, from every address (a password reset)."""
    FailedLogin.objects.filter(username=username).delete()
