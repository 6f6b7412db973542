"""Throttling of failed sign-ins, counted in the database so that every web process
sees the same counts. Locks the username after LOGIN_FAILURE_LIMIT failures, and a
network address after LOGIN_FAILURE_LIMIT_PER_ADDRESS, within the window."""

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import FailedLogin


def address_hash(request: HttpRequest | None) -> str:
    address = (request.META.get("REMOTE_ADDR", "") if request else "") or "unknown"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def is_locked(username: str, request: HttpRequest | None) -> bool:
    recent = FailedLogin.objects.filter(at__gte=_window_start())
    if recent.filter(username=username.lower()).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    by_address = recent.filter(address_hash=address_hash(request)).count()
    return by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


def record_failure(username: str, request: HttpRequest | None) -> None:
    FailedLogin.objects.create(username=username.lower(), address_hash=address_hash(request))
    # Old rows are useless once outside the window; trim them as we go.
    FailedLogin.objects.filter(at__lt=_window_start() - timedelta(days=1)).delete()


def clear(username: str) -> None:
    FailedLogin.objects.filter(username=username.lower()).delete()
