"""Saved lists of recipients: an organisation's correspondence officers keep them, and
choose one as a group on the send page. Each change is audited."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from audit.models import AuditEvent
from audit.services import record, snapshot
from correspondence.models import RecipientList, RecipientListMember
from registry.models import Organisation
from saduak.problems import Incomplete, Problem

MAX_MEMBERS = 10_000


@transaction.atomic
def save_list(
    *,
    user: Any,
    owner: Organisation,
    name: str,
    organisation_ids: list[int],
    recipient_list: RecipientList | None = None,
) -> RecipientList:
    """Create a list (recipient_list None) or change its name and members. Refused, each
    problem on its field: no name, a name the owner already uses, no member. Members
    are active organisations other than the owner; any other id is left out."""
    if not cap.can(user, cap.CORRESPOND, owner):
        raise Incomplete([Problem("owner", _("You do not write letters for this organisation."))])
    name = " ".join(name.split())[:200]
    ids = list(
        Organisation.objects.filter(pk__in=organisation_ids[:MAX_MEMBERS], is_active=True)
        .exclude(pk=owner.pk)
        .values_list("pk", flat=True)
    )
    problems = []
    if not name:
        problems.append(Problem("name", _("Give the list a name.")))
    else:
        taken = RecipientList.objects.filter(owner=owner, name=name)
        if recipient_list is not None:
            taken = taken.exclude(pk=recipient_list.pk)
        if taken.exists():
            problems.append(
                Problem("name", _("Your organisation already has a list of that name."))
            )
    if not ids:
        problems.append(Problem("org", _("Choose at least one organisation for the list.")))
    if problems:
        raise Incomplete(problems)
    if recipient_list is None:
        recipient_list = RecipientList.objects.create(owner=owner, name=name, created_by=user)
        before = None
        action = AuditEvent.Action.CREATE
    else:
        recipient_list = RecipientList.objects.select_for_update().get(pk=recipient_list.pk)
        before = {**snapshot(recipient_list), "members": _members(recipient_list)}
        recipient_list.name = name
        recipient_list.save(update_fields=["name"])
        action = AuditEvent.Action.UPDATE
    RecipientListMember.objects.filter(recipient_list=recipient_list).exclude(
        organisation_id__in=ids
    ).delete()
    RecipientListMember.objects.bulk_create(
        [RecipientListMember(recipient_list=recipient_list, organisation_id=pk) for pk in ids],
        ignore_conflicts=True,
        batch_size=1000,
    )
    after = {**snapshot(recipient_list), "members": sorted(ids)}
    record(actor=user, action=action, obj=recipient_list, before=before, after=after)
    return recipient_list


def _members(recipient_list: RecipientList) -> list[int]:
    return sorted(
        RecipientListMember.objects.filter(recipient_list=recipient_list).values_list(
            "organisation_id", flat=True
        )
    )


@transaction.atomic
def delete_list(*, user: Any, recipient_list: RecipientList) -> None:
    """Remove a list. Letters sent to it keep their recipients (fixed when sent)."""
    if not cap.can(user, cap.CORRESPOND, recipient_list.owner):
        raise Incomplete([Problem("owner", _("You do not write letters for this organisation."))])
    before = {**snapshot(recipient_list), "members": _members(recipient_list)}
    record(actor=user, action=AuditEvent.Action.DELETE, obj=recipient_list, before=before, after={})
    recipient_list.delete()
