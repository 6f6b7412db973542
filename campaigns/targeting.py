"""Whom a campaign asks: the groups of correspondence/recipients.py (every local
government of a province, of a type, every unit the owner oversees, one by one, a saved
list of the owner's), cut to the organisations the owner may ask
(`capabilities.may_target`).

What was chosen is kept on the draft as described (`Campaign.selection`) and resolved to
organisations only at launch: a province that gains a local government before the
launch is asked too.
"""

from typing import Any

from django.db.models import Q, QuerySet

from accounts import capabilities as cap
from correspondence import recipients
from correspondence.recipients import Group
from registry.models import Organisation

# How many names the targets page and the launch confirmation spell out.
SAMPLE = 20


def groups_of(selection: dict[str, Any]) -> list[Group]:
    """The groups a stored selection describes."""
    groups = []
    for data in selection.get("groups", []):
        groups.append(
            Group(
                kind=data.get("kind", ""),
                province=data.get("province", ""),
                lao_type=data.get("lao_type", ""),
                list_id=data.get("list_id"),
                ids=tuple(data.get("ids", [])),
            )
        )
    return groups


def organisations(groups: list[Group], *, owner: Organisation) -> QuerySet[Organisation]:
    """Every organisation the groups hold that the owner may ask, each once: ONE query,
    however many groups and organisations."""
    if not groups:
        return Organisation.objects.none()
    chosen = Q()
    for group in groups:
        chosen |= Q(pk__in=recipients.members(group, sender=owner).values("pk"))
    return Organisation.objects.filter(cap.may_target(owner)).filter(chosen)


def resolve(groups: list[Group], *, owner: Organisation) -> list[int]:
    return sorted(organisations(groups, owner=owner).values_list("pk", flat=True))


def sample(groups: list[Group], *, owner: Organisation) -> list[Organisation]:
    """The first names, alphabetically, to show what the groups hold."""
    return list(organisations(groups, owner=owner).order_by("name_th")[:SAMPLE])


def stored(groups: list[Group], *, owner: Organisation) -> dict[str, Any]:
    """What `Campaign.selection` keeps: the groups and their description in Thai."""
    return recipients.stored_selection(groups, sender=owner)
