"""Changes to the registry. Each runs in a transaction and writes the audit trail."""

from typing import Any, TypeVar

from django.db import models, transaction

from audit.models import AuditEvent
from audit.services import record, snapshot
from registry.models import Organisation

M = TypeVar("M", bound=models.Model)


def save_audited(*, actor: Any, obj: M, action: str | None = None) -> M:
    """Save a new or changed object and record what changed, in one transaction."""
    with transaction.atomic():
        before = None
        if obj.pk is not None:
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk))
        obj.save()
        if isinstance(obj, Organisation):
            obj.refresh_from_db(fields=["path"])
        if action is None:
            action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
        record(actor=actor, action=action, obj=obj, before=before)
    return obj


def save_organisation(*, actor: Any, org: Organisation, action: str | None = None) -> Organisation:
    """Save an organisation; when its supervisor changed, move its whole subtree."""
    with transaction.atomic():
        old_path = org.path
        save_audited(actor=actor, obj=org, action=action)
        if old_path and old_path != org.path:
            rehang_subtree(old_path=old_path, new_path=org.path)
    return org


def rehang_subtree(*, old_path: str, new_path: str) -> None:
    moved = list(Organisation.objects.filter(path__startswith=old_path))
    for descendant in moved:
        descendant.path = new_path + descendant.path[len(old_path) :]
    Organisation.objects.bulk_update(moved, ["path"], batch_size=500)
