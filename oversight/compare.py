"""Comparison: the areas of a scope (its provinces, districts, units or centres) or its
units of one kind, ranked on a measure, with the change since the last round.

"Peers" narrows the ranking to units of one kind (city municipalities with city
municipalities, SAOs with SAOs …): a `Peers` scope is the same scope, broken down by
unit and filtered by the kind, so every measure's `by_area` reads it unchanged.

The change since the last round compares the measure today with the measure on the
last day of the period of the last round (30 September or 31 March, from the rounds'
calendar): what has moved since the units last reported. On that day the round current
is the one whose period it closes (when it had been opened), not the next one, whose
period begins the day after: a measure of the current round (satisfaction, reports) is
compared with the round before it, not with itself.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from oversight import areas, sections
from oversight.maps import display, magnitude
from oversight.scopes import UNIT, Scope
from registry.models import Organisation
from thaicalendar import dates

ALL_UNITS = "units"
OTHER = "other"


def peer_choices() -> list[tuple[str, str | Promise]]:
    """What the ranking can be narrowed to, as (value, label); "" ranks the areas."""
    return [
        (ALL_UNITS, _("Every unit")),
        *Organisation.LaoType.choices,
        (OTHER, Organisation.Kind.OTHER.label),
    ]


@dataclass(frozen=True)
class Peers(Scope):
    """A scope's units of one kind (or all its units), ranked one by one."""

    peers: str = ALL_UNITS

    @property
    def group(self) -> str:
        return UNIT

    def q(self, prefix: str = "") -> Q:
        condition = super().q(prefix)
        if self.peers == OTHER:
            condition &= Q(**{f"{prefix}kind": Organisation.Kind.OTHER})
        elif self.peers in Organisation.LaoType.values:
            condition &= Q(**{f"{prefix}lao_type": self.peers})
        return condition


def ranked_scope(scope: Scope, peers: str | None) -> tuple[Scope, str]:
    """The scope to rank and the peers value in force ("" when the address names none
    or one that does not exist: the scope's own areas)."""
    valid = {value for value, _label in peer_choices()}
    if peers not in valid:
        return scope, ""
    return Peers(scope.viewer, scope.organisation, scope.province, scope.district, peers), peers


def last_round_end(today: date) -> date:
    """The last day of the period of the most recent round that has ended before
    `today`."""
    fiscal_year = dates.fiscal_year(today)
    ends = [
        rnd.end
        for year in (fiscal_year - 1, fiscal_year)
        for rnd in dates.rounds(year)
        if rnd.end < today
    ]
    return max(ends)


@dataclass(frozen=True)
class Place:
    rank: int | None
    area: areas.Area
    value: float | None
    text: str
    change: float | None
    change_text: str


def ranking(scope: Scope, measure: sections.Measure, today: date) -> tuple[list[Place], date]:
    """Every area of the scope, best first by the measure, with its rank (equal values
    share a rank) and its change since the last round (read on the day returned); areas
    without a value last, unranked, in name order. Three queries for any number of areas
    (five for a province, whose units in no district are an area: areas.values)."""
    since = last_round_end(today)
    now = areas.values(measure, scope, today)
    before = areas.values(measure, scope, since)
    places = areas.areas(scope)
    sign = -1 if measure.higher_is_better else 1
    order = {area.key: n for n, area in enumerate(places)}  # by name (areas.in_order)
    with_value = sorted(
        (a for a in places if now.get(a.key) is not None),
        key=lambda a: (sign * float(now[a.key] or 0), order[a.key]),
    )
    without = [a for a in places if now.get(a.key) is None]
    result = []
    rank, previous = 0, None
    for position, area in enumerate(with_value, start=1):
        value = now[area.key]
        if value != previous:
            rank, previous = position, value
        result.append(_place(measure, rank, area, value, before.get(area.key)))
    result.extend(_place(measure, None, a, None, before.get(a.key)) for a in without)
    return result, since


def _place(
    measure: sections.Measure,
    rank: int | None,
    area: areas.Area,
    value: float | None,
    earlier: float | None,
) -> Place:
    if value is None or earlier is None:
        change, text = None, "–"
    else:
        change = value - earlier
        text = _change(measure, change)
    return Place(rank, area, value, display(measure, value), change, text)


def _change(measure: sections.Measure, change: float) -> str:
    """A change as people read it: signed ("+3", "−0.14", "±0"), rounded as the values
    are; a share's change in percentage points ("+16.7 points"), since "−100%" of a
    share reads as the share halved to nothing."""
    size = magnitude(abs(change), measure.unit)
    if float(size.replace(",", "")) == 0:
        return "±0"
    sign = "+" if change > 0 else "−"
    if measure.unit == sections.SHARE:
        return gettext("%(change)s points") % {"change": f"{sign}{size}"}
    return f"{sign}{size}"
