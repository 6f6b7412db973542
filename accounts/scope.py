"""Jurisdiction: the one rule that decides what an account may see and change.

Every HTML view, export and API call asks this module, never the role table directly.
An object outside the caller's scope answers 404 (not 403), so a guessed id reveals
nothing about what exists.

The rule, per role held on an organisation X:
- OPS PMO administrator: everything, read and change.
- Document screener, assessor, report reviewer: read everything (they must find any
  applicant or report); change nothing in the registry.
- Overseer: read X's administrative subtree and, when X is a province or a district,
  every organisation on that soil (a province sees every unit on its territory; a
  department sees its own units nationwide).
- Unit administrator: read and change X, its centres, counters and staff.
- Centre staff: read X and its centres and counters.

Maintenance reports follow the same reading rule through their centre's organisation;
only the unit's own staff (unit administrator, centre staff) fill and submit them, and
only OPS PMO (administrator, report reviewer) returns or accepts them.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, RoleAssignment, User
from registry.models import Counter, Organisation, OrganisationQuerySet, ServiceCentre

NATIONAL_READ_ROLES = {Role.OPS_ADMIN, Role.SCREENER, Role.ASSESSOR, Role.REVIEWER}
# Roles a unit administrator may hand out, on their own organisation only.
ROLES_A_UNIT_ADMIN_GRANTS = {Role.CENTRE_STAFF, Role.UNIT_ADMIN}


@dataclass(frozen=True)
class Scope:
    """The organisations an account reaches, as lookups that compose into one query."""

    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    district_codes: tuple[str, ...] = ()
    organisation_ids: tuple[int, ...] = field(default=())

    def q(self, prefix: str = "") -> Q:
        """A filter for organisations (or, with a prefix such as "organisation__",
        for anything that belongs to one)."""
        if self.everything:
            return Q()
        condition = Q(**{f"{prefix}pk__in": list(self.organisation_ids)})
        for path in self.subtree_paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        if self.province_codes:
            condition |= Q(**{f"{prefix}province_id__in": list(self.province_codes)})
        if self.district_codes:
            condition |= Q(**{f"{prefix}district_id__in": list(self.district_codes)})
        return condition

    def contains(self, org: Organisation) -> bool:
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


def _assignments(user: Any) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    # Cached on the user object: a request asks for the scope many times.
    cached: list[RoleAssignment] | None = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("organisation"))
        user._role_assignments = cached
    return cached


def roles_of(user: Any) -> set[str]:
    return {a.role for a in _assignments(user)}


def read_scope(user: Any) -> Scope:
    """What the account may see."""
    assignments = _assignments(user)
    if any(a.role in NATIONAL_READ_ROLES for a in assignments):
        return Scope(everything=True)
    overseen = [oversight_of(a.organisation) for a in assignments if a.role == Role.OVERSEER]
    return Scope(
        subtree_paths=tuple(p for s in overseen for p in s.subtree_paths),
        province_codes=tuple(c for s in overseen for c in s.province_codes),
        district_codes=tuple(c for s in overseen for c in s.district_codes),
        organisation_ids=tuple(a.organisation_id for a in assignments),
    )


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


def change_scope(user: Any) -> Scope:
    """What the account may change in the registry and among staff accounts."""
    assignments = _assignments(user)
    if any(a.role == Role.OPS_ADMIN for a in assignments):
        return Scope(everything=True)
    ids = tuple(a.organisation_id for a in assignments if a.role == Role.UNIT_ADMIN)
    return Scope(organisation_ids=ids)


def is_ops_admin(user: Any) -> bool:
    return Role.OPS_ADMIN in roles_of(user)


def _scope(user: Any, change: bool) -> Scope:
    return change_scope(user) if change else read_scope(user)


# --- organisations, centres, counters -------------------------------------------------


def organisations_for(user: Any, *, change: bool = False) -> OrganisationQuerySet:
    return Organisation.objects.filter(_scope(user, change).q())


# Organisations whose centres make an area worth reading together: the ones an overseer
# picks from on the completeness and survey results pages.
AREA_KINDS = (
    Organisation.Kind.MINISTRY,
    Organisation.Kind.DEPARTMENT,
    Organisation.Kind.PROVINCE,
    Organisation.Kind.PROVINCIAL_OFFICE,
    Organisation.Kind.DISTRICT,
    Organisation.Kind.DISTRICT_OFFICE,
)


def areas_for(user: Any) -> OrganisationQuerySet:
    """The areas the account sees, kind by kind, for a page's area picker."""
    return organisations_for(user).filter(kind__in=AREA_KINDS).order_by("kind", "name_th")


def centres_for(user: Any, *, change: bool = False) -> QuerySet[ServiceCentre]:
    return ServiceCentre.objects.filter(_scope(user, change).q("organisation__"))


def counters_for(user: Any, *, change: bool = False) -> QuerySet[Counter]:
    return Counter.objects.filter(_scope(user, change).q("centre__organisation__"))


def access_organisation(user: Any, pk: Any, *, change: bool = False) -> Organisation:
    """The organisation, if the account may see it (or change it); 404 otherwise."""
    try:
        return (
            organisations_for(user, change=change)
            .select_related("parent", "province", "district")
            .get(pk=pk)
        )
    except (Organisation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def access_centre(user: Any, pk: Any, *, change: bool = False) -> ServiceCentre:
    try:
        return centres_for(user, change=change).select_related("organisation").get(pk=pk)
    except (ServiceCentre.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def access_counter(user: Any, pk: Any, *, change: bool = False) -> Counter:
    try:
        return counters_for(user, change=change).select_related("centre__organisation").get(pk=pk)
    except (Counter.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def scoped(user: Any, queryset: QuerySet[Any], *, via: str, change: bool = False) -> QuerySet[Any]:
    """Any queryset of things that belong to an organisation, reached through the lookup
    `via` (e.g. "centre__organisation__"), cut to the account's scope."""
    return queryset.filter(_scope(user, change).q(via))


def fill_scope(user: Any) -> Scope:
    """The organisations whose reports the account fills in and submits."""
    ids = tuple(
        a.organisation_id
        for a in _assignments(user)
        if a.role in (Role.UNIT_ADMIN, Role.CENTRE_STAFF)
    )
    return Scope(organisation_ids=ids)


def can_review(user: Any) -> bool:
    return bool(roles_of(user) & {Role.OPS_ADMIN, Role.REVIEWER})


# --- staff accounts --------------------------------------------------------------------


def users_for(user: Any, *, change: bool = False) -> QuerySet[User]:
    """Accounts holding a role inside the scope. For changes, every one of the
    account's roles must be inside the change scope: a unit administrator cannot take
    over an account that also holds a role elsewhere."""
    scope = _scope(user, change)
    if scope.everything:
        return User.objects.all()
    inside = User.objects.filter(scope.q("roles__organisation__")).values("pk")
    accounts = User.objects.filter(pk__in=inside)
    if change:
        outside = RoleAssignment.objects.exclude(scope.q("organisation__")).values("user_id")
        accounts = accounts.exclude(pk__in=outside)
    return accounts


def access_user(user: Any, pk: Any, *, change: bool = False) -> User:
    try:
        return users_for(user, change=change).get(pk=pk)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def grantable_roles(user: Any) -> set[str]:
    if is_ops_admin(user):
        return {r.value for r in Role}
    if Role.UNIT_ADMIN in roles_of(user):
        return {r.value for r in ROLES_A_UNIT_ADMIN_GRANTS}
    return set()
