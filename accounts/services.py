"""Changes to staff accounts. Each runs in a transaction and writes the audit trail."""

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

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
    """Change an account's details. A new e-mail address is also told to the old one:
    password resets go to the address on file, so a changed address could hand the
    account to someone else, and its owner must hear of it."""
    stored = User.objects.get(pk=account.pk)
    before = snapshot(stored)
    for name, value in data.items():
        setattr(account, name, value)
    account.username = User.normalize_username(account.username)
    account.save()
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=account, before=before)
    if stored.email and stored.email != account.email:
        old_address, context = stored.email, {"account": account, "actor": actor}
        transaction.on_commit(lambda: _tell_old_address(old_address, context))
    return account


def _tell_old_address(address: str, context: dict[str, Any]) -> None:
    send_mail(
        subject=_("Saduak: the e-mail address of your account was changed"),
        message=render_to_string("accounts/email_changed.txt", context),
        from_email=None,
        recipient_list=[address],
    )


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


def record_failed_sign_in(*, username: str) -> None:
    """Put a failed sign-in in the audit trail, against the account if the username
    names one, else against the name as typed; nothing else is stored or created."""
    account = User.objects.filter(username=username).first() or User(username=username[:150])
    record(actor=None, action=AuditEvent.Action.LOGIN_FAILED, obj=account, after={})
