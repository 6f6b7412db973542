import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.sessions import SIGNED_IN_AT
from audit.models import AuditEvent
from audit.services import record


@receiver(user_logged_in)
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, action=AuditEvent.Action.LOGIN, obj=user, before=None, after={})
    if request is not None and hasattr(request, "session"):
        # When the session began, for its absolute lifetime (accounts/sessions.py).
        request.session[SIGNED_IN_AT] = int(time.time())


@receiver(user_logged_out)
def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # A session ended by its lifetime is not the person signing out (accounts/sessions.py
    # ends it without this signal); an anonymous "sign out" ends nothing.
    if user is not None and user.is_authenticated:
        record(actor=user, action=AuditEvent.Action.LOGOUT, obj=user, before=None, after={})
