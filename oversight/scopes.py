"""A dashboard's scope: the units an overseer looks at on one dashboard, cut to what the
viewer oversees. Every section, the map, the charts, the comparison, every export and
the digest read their rows through `Scope.q` (organisations) or `Scope.centres_q`
(anything of a centre), so that nothing outside the viewer's oversight reaches a page.

A scope is the nation (everything the viewer oversees), or an organisation the viewer
oversees (a ministry, a department, a province, a district, a unit), optionally cut to
one province's or one district's soil: the Department of Local Administration's view of
Pattani is DLA's units on Pattani's soil, not the province's whole.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from maintenance.selectors import PROVINCIAL
from registry.models import District, Organisation, Province

# How a scope breaks down, from the widest: by province, by district, by unit, and a
# unit's dashboard by its centres.
PROVINCE, DISTRICT, UNIT, CENTRE = "province", "district", "unit", "centre"

_DISTRICT = (Organisation.Kind.DISTRICT, Organisation.Kind.DISTRICT_OFFICE)
# The units that serve the public themselves, which a centre belongs to.
UNIT_KINDS = (Organisation.Kind.LOCAL_GOVERNMENT, Organisation.Kind.OTHER)


@dataclass(frozen=True)
class Scope:
    """The units of one dashboard, as seen by one viewer."""

    viewer: Any
    organisation: Organisation | None  # None: the nation (all the viewer oversees)
    province: Province | None = None  # cut to this province's soil
    district: District | None = None  # cut to this district's soil

    # --- what it covers ---------------------------------------------------------------

    def q(self, prefix: str = "") -> Q:
        """A filter for the organisations of the scope (or, with a prefix such as
        "centre__organisation__", for anything that belongs to one)."""
        if prefix:
            # Anything that belongs to one of the scope's organisations: a semi-join on
            # the organisation's id, which PostgreSQL answers through the foreign key's
            # index (a province's 121 units among 785,000 letter copies), where the
            # conditions on the joined organisation made it read every copy.
            return Q(**{f"{prefix[:-2]}__in": self.organisations().values("pk")})
        return cap.where(self.viewer, cap.OVERSEE).q() & self.territory()

    def territory(self) -> Q:
        """The organisations the scope names, before the viewer's oversight cuts them:
        the organisation's, on the province's or district's soil."""
        condition = Q()
        if self.organisation is not None:
            condition &= cap.overseen_by(self.organisation)
        if self.province is not None:
            condition &= Q(province_id=self.province.code)
        if self.district is not None:
            condition &= Q(district_id=self.district.code)
        return condition

    def centres_q(self, prefix: str = "") -> Q:
        """A filter for service centres (prefix "" ) or anything with a centre (prefix
        "centre__"), within the scope."""
        return self.q(f"{prefix}organisation__")

    def organisations(self) -> Any:
        return Organisation.objects.filter(self.q())

    # --- how it is named and broken down ----------------------------------------------

    @property
    def kind(self) -> str:
        """nation, ministry, department, province, district or unit: what the page calls
        itself."""
        if self.district is not None:
            return "district"
        if self.province is not None:
            return "province"
        if self.organisation is None:
            return "nation"
        kind = self.organisation.kind
        if kind in PROVINCIAL:
            return "province"
        if kind in _DISTRICT:
            return "district"
        if kind in (Organisation.Kind.MINISTRY, Organisation.Kind.DEPARTMENT):
            return str(kind)
        if kind == Organisation.Kind.OPS_PMO:
            return "nation"
        return "unit"

    @property
    def group(self) -> str:
        """How the scope's figures break down: by PROVINCE (the nation, a ministry, a
        department), by DISTRICT (a province), by UNIT (a district) or by CENTRE (a
        unit)."""
        return {
            "nation": PROVINCE,
            "ministry": PROVINCE,
            "department": PROVINCE,
            "province": DISTRICT,
            "district": UNIT,
            "unit": CENTRE,
        }[self.kind]

    @property
    def title(self) -> str:
        parts = [str(self.organisation) if self.organisation is not None else _("The nation")]
        if self.province is not None:
            parts.append(str(self.province))
        if self.district is not None:
            parts.append(str(self.district))
        return " · ".join(parts)

    def query(self) -> str:
        """The address's query string that names the territorial cut ("" or
        "?province=94")."""
        params = QueryDict(mutable=True)
        if self.province is not None:
            params["province"] = self.province.code
        if self.district is not None:
            params["district"] = self.district.code
        return f"?{params.urlencode()}" if params else ""

    def url(self, name: str = "oversight:dashboard") -> str:
        """The address of this scope's page `name` (the dashboard, the comparison …)."""
        if self.organisation is None:
            return reverse(name) + self.query()
        return reverse(name, args=[self.organisation.pk]) + self.query()

    def narrowed(
        self, *, province: Province | None = None, district: District | None = None
    ) -> "Scope":
        """The same scope cut to a province's or a district's soil (for the map's and the
        breakdown's links)."""
        return Scope(
            self.viewer, self.organisation, province or self.province, district or self.district
        )


def scope_for(user: Any, pk: Any = None, params: QueryDict | None = None) -> Scope:
    """The scope of a dashboard address: the nation (pk None) or the organisation `pk`,
    cut by the address's `province` or `district`. Outside what the account oversees,
    or a territory that does not exist: 404, so nothing is revealed."""
    if not cap.can(user, cap.OVERSEE):
        raise Http404
    organisation = None
    if pk is not None:
        organisation = cap.access_organisation(user, pk, need=cap.OVERSEE)
    params = params or QueryDict()
    province = district = None
    if params.get("province"):
        province = Province.objects.filter(code=_code(params["province"], 2)).first()
        if province is None:
            raise Http404
    if params.get("district"):
        district = District.objects.filter(code=_code(params["district"], 4)).first()
        if district is None:
            raise Http404
    scope = Scope(user, organisation, province, district)
    if (province or district) and not _on_its_soil(scope):
        raise Http404
    return scope


def _code(value: Any, length: int) -> str:
    """A province's (2) or district's (4) official code as the address gives it; 404 for
    anything else (a NUL byte would reach PostgreSQL as an error)."""
    code = str(value)
    if len(code) != length or not (code.isascii() and code.isdigit()):
        raise Http404
    return code


def _on_its_soil(scope: Scope) -> bool:
    """Whether a scope's cut lies on soil the scope reaches: its own province's or
    district's for a province, a district or a unit (Chiang Mai's overseer naming
    Pattani in the address is answered 404, not shown an empty page named after it);
    anywhere for the nation, a ministry or a department, whose units are everywhere; for
    "everything" of an account that does not oversee the nation, where its units are."""
    province, district = scope.province, scope.district
    if district is not None and province is not None and district.province_id != province.code:
        return False
    organisation = scope.organisation
    if organisation is None:
        if cap.is_national(scope.viewer, cap.OVERSEE):
            return True
        return scope.organisations().exists()
    if organisation.kind in PROVINCIAL:
        return (province is None or province.code == organisation.province_id) and (
            district is None or district.province_id == organisation.province_id
        )
    if organisation.kind in _DISTRICT or organisation.kind in UNIT_KINDS:
        return (province is None or province.code == organisation.province_id) and (
            district is None or district.code == organisation.district_id
        )
    return True


def own_scopes(user: Any) -> list[Scope]:
    """The dashboards an account starts from, for its home page: the nation for OPS
    PMO's people, otherwise one per organisation on which it oversees."""
    if cap.is_national(user, cap.OVERSEE):
        return [Scope(user, None)]
    seen: dict[int, Scope] = {}
    for held in cap.assignments(user):
        if cap.grants(held.role, cap.OVERSEE) and held.organisation_id not in seen:
            seen[held.organisation_id] = Scope(user, held.organisation)
    return list(seen.values())
