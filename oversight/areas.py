"""The areas a scope breaks down into (scopes.Scope.group): provinces, districts, units
or centres, each with the key its figures are grouped by and the address of its own
dashboard. Sections group their rows by `field(scope, ...)`, so that the map, the
breakdown table and the comparison read one figure per area in one query.

A province's units that are in no district (the provincial office, the Provincial
Administrative Organisation) are an area of their own in its breakdown, "not in a
district" (key NO_DISTRICT), so that the district rows add up to the sections' totals.
Its figures are read through `Unplaced`, the same scope narrowed to those units and
grouped by province: every measure's `by_area` reads it unchanged (`values`).

Names are listed in Thai dictionary order (pythainlp's collate: เชียงใหม่ among the ช,
not after ฮ), or alphabetically in English (`in_order`)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from oversight.scopes import CENTRE, DISTRICT, PROVINCE, UNIT, UNIT_KINDS, Scope
from registry.models import District, Organisation, Province, ServiceCentre

if TYPE_CHECKING:
    from oversight.sections import Measure

T = TypeVar("T")

NO_DISTRICT = "none"  # the key of a province's units in no district


@dataclass(frozen=True)
class Area:
    key: str  # a province's or a district's code, a unit's or a centre's id, as text
    name: str
    url: str  # its own dashboard (a centre: its page); "" when it has none


def in_order(items: Iterable[T], name: Callable[[T], str], *, thai: bool | None = None) -> list[T]:
    """`items` by name as people look for them: Thai dictionary order when the page is
    Thai (pythainlp.util.collate: a leading vowel after its consonant, so เชียงใหม่ is
    with the ช and ไม้แก่น with the ม, not after ฮ), alphabetical in any other language.
    Equal names keep their order. `thai` forces Thai order (the files are Thai)."""
    listed = list(items)
    if thai is None:
        thai = (translation.get_language() or "th").startswith("th")
    if not thai:
        return sorted(listed, key=lambda item: name(item).casefold())
    from pythainlp.util import collate  # slow to import: only when there is a list

    rank = {text: n for n, text in enumerate(collate(sorted({name(i) for i in listed})))}
    return sorted(listed, key=lambda item: rank[name(item)])


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
    """Every area of the scope, in the order people look for them (in_order). Every
    province for a nation-wide scope (the map draws all 77; those with no unit of the
    scope have no figures); the districts of the province, then its units in no
    district; the units of the district; the centres of the unit."""
    group = scope.group
    if group == PROVINCE:
        provinces = [
            Area(p.code, str(p), scope.narrowed(province=p).url()) for p in Province.objects.all()
        ]
        return in_order(provinces, _name)
    if group == DISTRICT:
        province = scope.province.code if scope.province else _province_of(scope)
        districts = [
            Area(d.code, str(d), scope.narrowed(district=d).url())
            for d in District.objects.filter(province_id=province)
        ]
        return [*in_order(districts, _name), Area(NO_DISTRICT, _("Not in a district"), "")]
    if group == UNIT:
        units = [
            Area(str(o.pk), str(o), Scope(scope.viewer, o).url())
            for o in scope.organisations().filter(kind__in=UNIT_KINDS)
        ]
        return in_order(units, _name)
    centres = [
        Area(str(c.pk), str(c), c.get_absolute_url())
        for c in ServiceCentre.objects.filter(scope.centres_q())
    ]
    return in_order(centres, _name)


def _name(area: Area) -> str:
    return area.name


@dataclass(frozen=True)
class Unplaced(Scope):
    """A province's scope narrowed to its units in no district, read as one area (by
    province). `peers` keeps the sections' kept figures apart from the scope's own."""

    peers: str = NO_DISTRICT

    @property
    def group(self) -> str:
        return PROVINCE

    def q(self, prefix: str = "") -> Q:
        if prefix:  # a semi-join on self.organisations(), which is narrowed below
            return super().q(prefix)
        return super().q() & Q(district__isnull=True)


def values(measure: "Measure", scope: Scope, day: date) -> dict[str, float | None]:
    """The measure's value for each area of the scope (Area.key: value): its `by_area`,
    and for a province broken down by district, its units in no district (one query
    more)."""
    found = dict(measure.by_area(scope, day))
    if scope.group == DISTRICT:
        province = scope.province.code if scope.province else _province_of(scope)
        unplaced = Unplaced(scope.viewer, scope.organisation, scope.province, scope.district)
        found[NO_DISTRICT] = measure.by_area(unplaced, day).get(str(province))
    return found


def _province_of(scope: Scope) -> str | None:
    organisation: Organisation | None = scope.organisation
    return organisation.province_id if organisation is not None else None
