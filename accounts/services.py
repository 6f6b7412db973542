"""Changes to staff accounts. Each runs in a transaction and writes the audit trail."""

from typing import Any

from django.db import transaction

from accounts.models import RoleAssignment, User
from audit.models import AuditEvent
from audit.services import record, snapshot
from registry.models import Organisation


@transaction.atomic
def create_account(*, actor: Any, data: dict[str, Any], password: str) -> User:
    account = User(**data)
    # Saved in NFKC, the form sign-in reads it in (AbstractBaseUser.normalize_username).
    account.username = User.normalize_username(account.username)
    account.set_password(password)
    account.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=account)
    return account


@transaction.atomic
def update_account(*, actor: Any, account: User, data: dict[str, Any]) -> User:
    before = snapshot(User.objects.get(pk=account.pk))
    for name, value in data.items():
        setattr(account, name, value)
    account.username = User.normalize_username(account.username)
    account.save()
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=account, before=before)
    return account


@transaction.atomic
def grant_role(
    *, actor: Any, account: User, role: str, organisation: Organisation
) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=account, role=role, organisation=organisation
    )
    if created:
        record(actor=actor, action=AuditEvent.Action.CREATE, obj=assignment)
    return assignment


@transaction.atomic
def revoke_role(*, actor: Any, assignment: RoleAssignment) -> None:
    before = snapshot(assignment)
    record(actor=actor, action=AuditEvent.Action.DELETE, obj=assignment, before=before, after={})
    assignment.delete()
