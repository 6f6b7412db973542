"""The map of Thailand's provinces, coloured by a measure, and the breakdown table of a
scope that is not nation-wide: what the dashboard shows above its sections.

The map is drawn here as SVG from `data/provinces.json` (Natural Earth's public-domain
admin-1 polygons, simplified by tools/build_provinces.py; see data/README.md), joined to
the provinces by their official two-digit code. Each province is a link to its own
dashboard (areas.Area.url) with its name and value as a `<title>`; the same figures are
in a table beside it. Presentation attributes only (the Content-Security-Policy forbids
inline styles).

Colours: five classes of equal width between the lowest and the highest value (each
value its own class when there are five or fewer), in ColorBrewer's single-hue "Blues",
which reads for every kind of colour blindness because it varies in lightness alone.
Darker is always better: for a measure where lower is better the palette runs the other
way. An area without a value is hatched grey ("no data").
"""

import json
import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from oversight import areas, sections
from oversight.scopes import PROVINCE, Scope

DATA = Path(__file__).resolve().parent / "data" / "provinces.json"

# ColorBrewer "Blues", 5 classes, lightest first (colour-blind safe, print friendly).
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "url(#map-no-data)"
NO_DATA_SWATCH = "#d9d9d9"  # the hatch's ground, for the table's swatch
FONT_FAMILY = "Sarabun, Laksaman, 'Noto Sans Thai', sans-serif"


@cache
def shapes() -> dict[str, Any]:
    """The province outlines: {"width", "height", "provinces": {code: {"d", "name"}}}."""
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


# --- measures and their values --------------------------------------------------------


def pick(code: str | None) -> sections.Measure | None:
    """The measure an address asks for, or the first one when it names none or one that
    does not exist (an address is never an error)."""
    if code and code in sections.MEASURES:
        return sections.MEASURES[code]
    return next(iter(sections.MEASURES.values()), None)


def display(measure: sections.Measure, value: float | None) -> str:
    """A measure's value as people read it (figure)."""
    return figure(value, measure.unit)


def figure(value: int | float | str | None, unit: str) -> str:
    """A figure as people read it, on the page and in the files alike: a share as a
    percentage with one decimal ("66.7%"), a score with two ("4.31"), a count whole and
    grouped ("1,234", one decimal when it has a fraction); "–" for none; a text as it is.
    Rounded half up, as the sections round (floatformat, survey.statistics.half_up):
    4.3083 is 4.31 and 4/6 is 66.7%, never cut to 4.30 and 66%. Arabic digits; the
    PDF turns them Thai."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if unit == sections.SHARE:
        return f"{magnitude(value, unit)}%"
    return magnitude(value, unit)


def magnitude(value: int | float, unit: str) -> str:
    """The number of `figure` without its sign of unit: a share in percent (or, for a
    change, percentage points) with one decimal, a score with two, a count grouped."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if unit == sections.SHARE:
        return f"{_half_up(exact * 100, 1):,.1f}"
    if unit == sections.SCORE:
        return f"{_half_up(exact, 2):.2f}"
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{_half_up(exact, 1):,.1f}"


def _half_up(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- classes and colours --------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """One class of the legend: values from `low` up to `high` (the last one included)."""

    index: int
    low: float
    high: float
    colour: str
    label: str


def bands(measure: sections.Measure, values: list[float]) -> list[Band]:
    """The legend's classes for these values, lowest values first."""
    if not values:
        return []
    distinct = sorted(set(values))
    if len(distinct) <= len(PALETTE):
        edges = [(v, v) for v in distinct]
    else:
        low, high = distinct[0], distinct[-1]
        step = (high - low) / len(PALETTE)
        cuts = [low + step * i for i in range(len(PALETTE))] + [high]
        edges = [(cuts[i], cuts[i + 1]) for i in range(len(PALETTE))]
    count = len(edges)
    # Spread the classes over the palette; darker is better.
    # With fewer classes the palette's near-white first shade is left out, to stand
    # apart from the page and from "no data".
    if count >= len(PALETTE):
        shades = list(range(len(PALETTE)))
    else:
        shades = [round(1 + i * 3 / (count - 1)) if count > 1 else 2 for i in range(count)]
    if not measure.higher_is_better:
        shades.reverse()
    result = []
    for i, (low, high) in enumerate(edges):
        if low == high:
            label = display(measure, low)
        elif measure.unit == sections.COUNT:
            top = high if i == count - 1 else math.ceil(high) - 1
            label = f"{display(measure, math.ceil(low))} – {display(measure, top)}"
        else:
            label = f"{display(measure, low)} – {display(measure, high)}"
        result.append(Band(i, low, high, PALETTE[shades[i]], label))
    return result


def band_of(legend: list[Band], value: float | None) -> Band | None:
    if value is None or not legend:
        return None
    for band in legend:
        if band.low == band.high == value:
            return band
        if band.low <= value < band.high:
            return band
    last = legend[-1]
    return last if value == last.high else None


# --- the map --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One area as the map and its table show it."""

    area: areas.Area
    value: float | None
    text: str  # the value as people read it
    band: Band | None

    @property
    def fill(self) -> str:
        return self.band.colour if self.band else NO_DATA

    @property
    def swatch(self) -> str:
        return self.band.colour if self.band else NO_DATA_SWATCH


def shown(
    measure: sections.Measure, places: list[areas.Area], values: dict[str, float | None]
) -> tuple[list[Shown], list[Band]]:
    present = [v for v in (values.get(a.key) for a in places) if v is not None]
    legend = bands(measure, present)
    rows = []
    for area in places:
        value = values.get(area.key)
        rows.append(Shown(area, value, display(measure, value), band_of(legend, value)))
    return rows, legend


def svg(measure: sections.Measure, rows: list[Shown], legend: list[Band]) -> SafeString:
    """The map: every province with a shape, coloured and linked, and its legend."""
    data = shapes()
    width, height = data["width"], data["height"]
    title = escape(_("Map of the provinces: %(measure)s") % {"measure": measure.label})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="province-map" aria-labelledby="province-map-title">',
        f'<title id="province-map-title">{title}</title>',
        '<defs><pattern id="map-no-data" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<rect width="4" height="4" fill="{NO_DATA_SWATCH}"/>'
        '<path d="M0 4L4 0" stroke="#737373" stroke-width="0.6"/></pattern></defs>',
        '<g stroke="#737373" stroke-width="0.4" stroke-linejoin="round">',
    ]
    for row in rows:
        shape = data["provinces"].get(row.area.key)
        if shape is None:
            continue
        label = escape(f"{row.area.name}: {row.text}")
        out.append(
            f'<a href="{escape(row.area.url)}" data-province="{escape(row.area.key)}">'
            f'<path d="{shape["d"]}" fill="{row.fill}"><title>{label}</title></path></a>'
        )
    out.append("</g>")
    out.append(_legend(measure, legend, x=258, y=height - 200))
    out.append("</svg>")
    return mark_safe("".join(out))  # every text in it is escaped above


def _legend(measure: sections.Measure, legend: list[Band], *, x: int, y: int) -> str:
    """The classes and "no data", bottom right. The measure's name is not drawn here but
    above the picture, in HTML (_overview.html): SVG text does not wrap, and cutting a
    Thai label by characters breaks its words."""
    parts = [
        f'<g class="map-legend" font-family="{escape(FONT_FAMILY)}" font-size="14" fill="#1b1f24">'
    ]
    line = y
    note = _("darker is better")
    parts.append(f'<text x="{x}" y="{line}" font-weight="bold">{escape(note)}</text>')
    line += 8
    entries = [(b.colour, b.label, str(b.index)) for b in reversed(legend)]
    entries.append((NO_DATA, _("No data"), "none"))
    for colour, text, key in entries:
        parts.append(
            f'<rect x="{x}" y="{line}" width="16" height="16" fill="{colour}" '
            f'stroke="#737373" stroke-width="0.5" data-band="{key}"/>'
            f'<text x="{x + 22}" y="{line + 13}">{escape(text)}</text>'
        )
        line += 21
    parts.append("</g>")
    return "".join(parts)


# --- what the dashboard shows above its sections ---------------------------------------


def overview(scope: Scope, today: date, params: QueryDict) -> dict[str, Any] | None:
    """The dashboard's map (a scope grouped by province) or breakdown table (any other),
    or None when no measure is registered. The tables list the areas with a figure; the
    others are named after them in one sentence (`empty`), which the map hatches."""
    measure = pick(params.get("measure"))
    if measure is None:
        return None
    places = areas.areas(scope)
    if scope.group == PROVINCE:
        rows, legend = shown(measure, places, areas.values(measure, scope, today))
        return {
            "kind": "map",
            "measure": measure,
            "measures": list(sections.MEASURES.values()),
            "rows": [r for r in rows if r.value is not None],
            "empty": [r.area for r in rows if r.value is None],
            "legend": legend,
            "svg": svg(measure, rows, legend),
        }
    measures = list(sections.MEASURES.values())
    readings = [areas.values(m, scope, today) for m in measures]
    table, empty = [], []
    for area in places:
        found = [r.get(area.key) for r in readings]
        if all(v is None for v in found):
            empty.append(area)
            continue
        cells = [(m.label, display(m, v)) for m, v in zip(measures, found, strict=True)]
        table.append({"area": area, "cells": cells})
    return {"kind": "breakdown", "measures": measures, "table": table, "empty": empty}
