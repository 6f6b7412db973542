from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.services import record


@receiver(user_logged_in)
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, action=AuditEvent.Action.LOGIN, obj=user, before=None, after={})


@receiver(user_logged_out)
def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # An anonymous "sign out" ends nothing.
    if user is not None and user.is_authenticated:
        record(actor=user, action=AuditEvent.Action.LOGOUT, obj=user, before=None, after={})
