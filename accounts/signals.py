from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.services import record


@receiver(user_logged_in)
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, action=AuditEvent.Action.LOGIN, obj=user, before=None, after={})
