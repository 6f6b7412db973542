"""Writing the audit trail. Every service that changes data calls `record` inside its
transaction, so the change and its record commit or roll back together."""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from audit.models import AuditEvent

Snapshot = dict[str, Any]


def plain(value: Any) -> Any:
    """A value as the audit trail stores it (JSON): empty stays None."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> Snapshot:
    """The stored values of a model instance's concrete fields, JSON-ready."""
    values: Snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"password", "last_login"} or getattr(field, "auto_now", False):
            continue  # secrets and noise stay out of the trail
        values[field.attname] = plain(field.value_from_object(obj))
    return values


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, list[Any]]:
    """{field: [before, after]} for each field whose value differs."""
    before = before or {}
    after = after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
) -> AuditEvent:
    """Store one audit event for `obj`. `after` defaults to the object's current values
    (for a delete, pass after={}); `before` is None for a creation."""
    if after is None:
        after = snapshot(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:255],
        changes=diff(before, after),
    )
