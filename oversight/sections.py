"""The sections of a dashboard, in the order the page shows them, and the measures an
area can be coloured, ranked and compared by. Each section lives in its own module
named after its domain (pipeline, rounds, satisfaction, letters, campaigns, chase),
which adds itself here; the dashboard, the exports and the digest read them all through
this one list, so that what a person sees on the page, in a file and in an e-mail is
the same reading.

A section's `read(scope, today)` returns its figures for the whole scope, in a number of
queries that does not grow with the scope's units; its `rows(figures)` gives the same
figures as labelled rows, for the Excel and PDF exports and the weekly digest.

A measure's `by_area(scope, day)` returns one value per area of the scope
(areas.Area.key: value), likewise, as things stood on `day` where the data allows it
(certificates in force that day, the round current that day): the comparison reads it
for today and for the last round, to show the change."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise

from oversight.scopes import Scope

SHARE, COUNT, SCORE = "share", "count", "score"  # a measure's unit: 0..1, a number, 1..5


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    template: str  # included with `figures` (what read gave) and `scope`
    read: Callable[[Scope, date], Any]
    rows: Callable[[Any], list["Row"]]


@dataclass(frozen=True)
class Row:
    """One figure of a section as a line of a file or an e-mail: "Certified, level
    gold: 12". `value` is a number (a share is 0..1, with unit SHARE), a text, or None
    when there is nothing to show."""

    label: str
    value: int | float | str | None
    unit: str = "count"  # SHARE, COUNT or SCORE


@dataclass(frozen=True)
class Measure:
    code: str  # in addresses (?measure=certified_share)
    label: Promise
    unit: str  # SHARE, COUNT or SCORE
    higher_is_better: bool
    by_area: Callable[[Scope, date], dict[str, float | None]]


# The order the page, the files and the e-mail show the sections in: the way to the
# standard first, whom to chase last (it gathers what the others found).
ORDER = ("pipeline", "rounds", "satisfaction", "letters", "campaigns", "chase")

SECTIONS: list[Section] = []
MEASURES: dict[str, Measure] = {}


def section(item: Section) -> Section:
    SECTIONS.append(item)
    SECTIONS.sort(key=lambda s: ORDER.index(s.key))
    return item


def measure(item: Measure) -> Measure:
    MEASURES[item.code] = item
    return item
