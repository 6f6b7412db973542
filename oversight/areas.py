"""The areas a scope breaks down into (scopes.Scope.group): provinces, districts, units
or centres, each with the key its figures are grouped by and the address of its own
dashboard. Sections group their rows by `field(scope, ...)`, so that the map, the
breakdown table and the comparison read one figure per area in one query."""

from dataclasses import dataclass

from oversight.scopes import CENTRE, DISTRICT, PROVINCE, UNIT, UNIT_KINDS, Scope
from registry.models import District, Organisation, Province, ServiceCentre


@dataclass(frozen=True)
class Area:
    key: str  # a province's or a district's code, a unit's or a centre's id, as text
    name: str
    url: str  # its own dashboard (a centre: its page)


def field(scope: Scope, *, organisation: str, centre: str) -> str:
    """The lookup that gives a row's area: `organisation` is the path to the row's
    organisation ("centre__organisation__"), `centre` the path to its centre's id
    ("centre_id")."""
    return {
        PROVINCE: f"{organisation}province_id",
        DISTRICT: f"{organisation}district_id",
        UNIT: f"{organisation}id",
        CENTRE: centre,
    }[scope.group]


def areas(scope: Scope) -> list[Area]:
    """Every area of the scope, in the order people look for them (by Thai name). Every
    province for a nation-wide scope (the map draws all 77; those with no unit of the
    scope have no figures); the districts of the province; the units of the district;
    the centres of the unit."""
    group = scope.group
    if group == PROVINCE:
        return [
            Area(p.code, str(p), scope.narrowed(province=p).url())
            for p in Province.objects.order_by("name_th")
        ]
    if group == DISTRICT:
        province = scope.province.code if scope.province else _province_of(scope)
        return [
            Area(d.code, str(d), scope.narrowed(district=d).url())
            for d in District.objects.filter(province_id=province).order_by("name_th")
        ]
    if group == UNIT:
        return [
            Area(str(o.pk), str(o), Scope(scope.viewer, o).url())
            for o in scope.organisations().filter(kind__in=UNIT_KINDS).order_by("name_th")
        ]
    return [
        Area(str(c.pk), str(c), c.get_absolute_url())
        for c in ServiceCentre.objects.filter(scope.centres_q()).order_by("name_th")
    ]


def _province_of(scope: Scope) -> str | None:
    organisation: Organisation | None = scope.organisation
    return organisation.province_id if organisation is not None else None
