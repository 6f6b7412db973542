"""Jurisdiction: which organisations a role reaches, as lookups that compose into one
query. What an account may *do* with what it reaches is decided in
`accounts/capabilities.py`, which every view, export and API call asks; nothing else
imports this module.

The reach of a role held on an organisation X is one of three shapes: every
organisation; X alone; or what X oversees, which is X's administrative subtree and,
when X is a province or a district, every organisation on that soil (a province sees
every unit on its territory; a department sees its own units nationwide).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from accounts.models import RoleAssignment
from registry.models import Organisation


@dataclass(frozen=True)
class Scope:
    """A set of organisations, as lookups that compose into one query. `excluded_ids`
    are taken out of whatever the other fields cover."""

    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    district_codes: tuple[str, ...] = ()
    organisation_ids: tuple[int, ...] = field(default=())
    excluded_ids: tuple[int, ...] = ()

    def q(self, prefix: str = "") -> Q:
        """A filter for organisations (or, with a prefix such as "organisation__",
        for anything that belongs to one)."""
        if self.everything:
            condition = Q()
        else:
            condition = Q(**{f"{prefix}pk__in": list(self.organisation_ids)})
            for path in self.subtree_paths:
                condition |= Q(**{f"{prefix}path__startswith": path})
            if self.province_codes:
                condition |= Q(**{f"{prefix}province_id__in": list(self.province_codes)})
            if self.district_codes:
                condition |= Q(**{f"{prefix}district_id__in": list(self.district_codes)})
        if self.excluded_ids:
            condition &= ~Q(**{f"{prefix}pk__in": list(self.excluded_ids)})
        return condition

    def contains(self, org: Organisation) -> bool:
        if org.pk in self.excluded_ids:
            return False
        return (
            self.everything
            or org.pk in self.organisation_ids
            or any(org.path.startswith(path) for path in self.subtree_paths)
            or org.province_id in self.province_codes
            or org.district_id in self.district_codes
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything
            or self.subtree_paths
            or self.province_codes
            or self.district_codes
            or self.organisation_ids
        )

    def __or__(self, other: "Scope") -> "Scope":
        return Scope(
            everything=self.everything or other.everything,
            subtree_paths=self.subtree_paths + other.subtree_paths,
            province_codes=self.province_codes + other.province_codes,
            district_codes=self.district_codes + other.district_codes,
            organisation_ids=self.organisation_ids + other.organisation_ids,
            excluded_ids=self.excluded_ids + other.excluded_ids,
        )


NOTHING = Scope()


def assignments(user: Any) -> list[RoleAssignment]:
    """The account's roles; none for an anonymous or inactive account."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    # Cached on the user object: a request asks for the scope many times.
    cached: list[RoleAssignment] | None = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("organisation"))
        user._role_assignments = cached
    return cached


def oversight_of(org: Organisation) -> Scope:
    """What overseeing `org` covers: its administrative subtree and, for a province or a
    district, every organisation on that soil."""
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    if org.kind == Organisation.Kind.PROVINCE and org.province_id:
        provinces = (org.province_id,)
    elif org.kind == Organisation.Kind.DISTRICT and org.district_id:
        districts = (org.district_id,)
    return Scope(
        subtree_paths=(org.path,),
        province_codes=provinces,
        district_codes=districts,
        organisation_ids=(org.pk,),
    )
