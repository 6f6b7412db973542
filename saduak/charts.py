"""Charts drawn on the server: a horizontal bar chart as SVG, for any page or dashboard.

Why SVG written here rather than a script library: pages must read without JavaScript,
on slow links and in a PDF. A chart is always placed with its numbers as a table
beside it (the template does that), so a screen reader reads the table and the chart is
one image with a title (`role="img"`, `aria-labelledby`).

The Content-Security-Policy forbids inline styles, so everything is a presentation
attribute (fill, font-size …), never `style=`. The page's stylesheet may size the
picture through its class (`chart`): it keeps its proportions (viewBox).

Thai text: the width of a label is estimated from its characters (the combining vowels
and tone marks take no width), generously, since the browser's font is not known here;
a label too long for the width is wrapped onto the next line at a space or, failing
that, between characters.

In a PDF, WeasyPrint draws Thai text inside an SVG one character at a time, vowels and
tone marks apart (dotted circles): `BarChart.printable` gives rows whose bar is an SVG
WITHOUT text, for a table whose cells carry the words (campaigns' results PDF does so).
"""

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

WIDTH = 400
FONT_SIZE = 14
LINE = 18  # a label line's height
BAR = 16  # a bar's thickness
GAP = 10  # between one bar and the next label
VALUE_ROOM = 110  # room kept right of the longest bar for its value
FONT_FAMILY = "Sarabun, Laksaman, 'Noto Sans Thai', sans-serif"
BAR_COLOUR = "#0b4f8a"  # the citizen page's blue: 8.6:1 against white
TEXT_COLOUR = "#1b1f24"
# An average Thai or Latin character is about 0.55 em wide in these faces; 0.62 is the
# generous estimate, so that a label is wrapped rather than cut off.
EM_PER_CHARACTER = 0.62


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """The estimated width of a line of text: characters that take room (not Thai
    vowels above or below, nor tone marks) × a generous average width."""
    spacing = sum(
        1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn"
    )
    return spacing * font_size * EM_PER_CHARACTER


def wrap(text: str, width: float, font_size: float = FONT_SIZE) -> list[str]:
    """The text cut into lines no wider than `width` (estimated)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font_size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        # A word too long for a line (Thai writes no spaces between words): cut it
        # between characters, never before a combining mark.
        for ch in word:
            if (
                text_width(current + ch, font_size) > width
                and current
                and unicodedata.category(ch) != "Mn"
            ):
                lines.append(current)
                current = ""
            current += ch
    if current:
        lines.append(current)
    return lines or [""]


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as written beside the bar ("12 (40.00 %)")


@dataclass
class BarChart:
    """A horizontal bar chart: each bar under its label, its value written after it.
    `maximum` is the value of a full-length bar (100 for percentages); by default the
    largest value."""

    title: str
    bars: list[Bar]
    ident: str
    maximum: float | None = None
    width: int = WIDTH
    description: str = ""
    lines: list[list[str]] = field(default_factory=list, init=False)

    @classmethod
    def of(
        cls,
        title: str,
        values: Iterable[tuple[str, float, str]],
        *,
        ident: str,
        maximum: float | None = None,
    ) -> "BarChart":
        return cls(title=title, bars=[Bar(*v) for v in values], ident=ident, maximum=maximum)

    @property
    def top(self) -> float:
        largest = max((b.value for b in self.bars), default=0.0)
        top = self.maximum if self.maximum is not None else largest
        return max(top, largest, 0.0) or 1.0

    def length(self, value: float, room: float) -> float:
        return round(max(0.0, value) / self.top * room, 2)

    def svg(self) -> SafeString:
        """The chart as an SVG element to put into a page."""
        room = self.width - VALUE_ROOM
        parts: list[str] = []
        y = 0.0
        for bar in self.bars:
            for line in wrap(bar.label, self.width):
                y += LINE
                parts.append(
                    f'<text x="0" y="{y - 4:g}" font-size="{FONT_SIZE}">{_escape(line)}</text>'
                )
            length = self.length(bar.value, room)
            parts.append(
                f'<rect x="0" y="{y + 2:g}" width="{length:g}" height="{BAR}" fill="{BAR_COLOUR}"/>'
            )
            parts.append(
                f'<text x="{length + 6:g}" y="{y + BAR - 1:g}" font-size="{FONT_SIZE - 1}">'
                f"{_escape(bar.shown)}</text>"
            )
            y += BAR + 2 + GAP
        height = max(y, 1.0)
        title_id = f"{self.ident}-title"
        return mark_safe(  # every text above is escaped
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'aria-labelledby="{_escape(title_id)}" width="{self.width}" height="{height:g}" '
            f'viewBox="0 0 {self.width} {height:g}" font-family="{_escape(FONT_FAMILY)}" '
            f'fill="{TEXT_COLOUR}"><title id="{_escape(title_id)}">{_escape(self.title)}</title>'
            + "".join(parts)
            + "</svg>"
        )

    def printable(self, width: int = 160, height: int = 10) -> list[tuple[Bar, SafeString]]:
        """Each bar with a picture of its bar alone (no text: see the module's note),
        for a printed table whose cells carry the label and the value."""
        rows = []
        for bar in self.bars:
            length = self.length(bar.value, width)
            rows.append(
                (
                    bar,
                    mark_safe(  # numbers only
                        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
                        f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
                        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eeeeee"/>'
                        f'<rect x="0" y="0" width="{length:g}" height="{height}" '
                        f'fill="{BAR_COLOUR}"/></svg>'
                    ),
                )
            )
        return rows


# --- a line chart -------------------------------------------------------------------------

PLOT_HEIGHT = 180  # the plotting area, between the highest and the lowest value
AXIS_ROOM = 40  # left of the plot, for the values of the grid lines
VALUE_LINE = 22  # above the plot, for the value written over the highest point
LABEL_LINES = 3  # a point's label is wrapped onto at most this many lines below it
GRID_COLOUR = "#c9ced4"
INTERVAL_COLOUR = "#5b6672"  # 5.9:1 against white


@dataclass(frozen=True)
class Point:
    """One point of a line: its label under it (a round, a month), its value (None for
    nothing to show: the line breaks there), the value as written above it, and an
    interval drawn as a whisker (a mean's 95 % interval), if any."""

    label: str
    value: float | None
    shown: str
    low: float | None = None
    high: float | None = None


@dataclass
class LineChart:
    """A line chart of values over time, from `minimum` to `maximum` (1 to 5 for a mean
    on the satisfaction scale): the points from left to right, each with its value
    written above it and its label below, and its interval as a whisker. As the bar
    chart: one image with a title, its numbers in a table beside it (the template's),
    presentation attributes only, Thai labels wrapped by their estimated width."""

    title: str
    points: list[Point]
    ident: str
    minimum: float
    maximum: float
    width: int = WIDTH
    step: float = 1.0  # between two grid lines
    description: str = ""

    def y(self, value: float) -> float:
        clipped = min(max(value, self.minimum), self.maximum)
        share = (clipped - self.minimum) / ((self.maximum - self.minimum) or 1.0)
        return round(VALUE_LINE + (1 - share) * PLOT_HEIGHT, 2)

    def x(self, index: int) -> float:
        return round(AXIS_ROOM + (index + 0.5) * self.column, 2)

    @property
    def column(self) -> float:
        return (self.width - AXIS_ROOM) / max(len(self.points), 1)

    def svg(self, *, words: bool = True) -> SafeString:
        """The chart as an SVG element to put into a page. words=False leaves out the
        points' labels (Thai, which a PDF cannot draw inside an SVG: see the module's
        note), keeping only digits: for a printed page whose table names the points."""
        small = FONT_SIZE - 2
        bottom = VALUE_LINE + PLOT_HEIGHT
        parts: list[str] = []
        grid = self.minimum
        while grid <= self.maximum + 1e-9:
            y = self.y(grid)
            parts.append(
                f'<line x1="{AXIS_ROOM}" y1="{y:g}" x2="{self.width}" y2="{y:g}" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
                f'<text x="{AXIS_ROOM - 6}" y="{y + 4:g}" font-size="{small}" '
                f'text-anchor="end">{_escape(f"{grid:g}")}</text>'
            )
            grid += self.step
        # The line, broken where a point has no value.
        runs: list[list[str]] = [[]]
        for i, point in enumerate(self.points):
            if point.value is None:
                runs.append([])
            else:
                runs[-1].append(f"{self.x(i):g},{self.y(point.value):g}")
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{BAR_COLOUR}" '
                    f'stroke-width="2.5"/>'
                )
        lowest_label = bottom
        for i, point in enumerate(self.points):
            x = self.x(i)
            if point.value is not None:
                top = self.y(point.value)
                if point.low is not None and point.high is not None:
                    y1, y2 = self.y(point.high), self.y(point.low)
                    top = min(top, y1)
                    parts.append(
                        f'<path d="M{x - 5:g} {y1:g}H{x + 5:g}M{x:g} {y1:g}V{y2:g}'
                        f'M{x - 5:g} {y2:g}H{x + 5:g}" stroke="{INTERVAL_COLOUR}" '
                        f'stroke-width="1.5" fill="none"/>'
                    )
                parts.append(
                    f'<circle cx="{x:g}" cy="{self.y(point.value):g}" r="4.5" fill="{BAR_COLOUR}"/>'
                )
                parts.append(
                    f'<text x="{x:g}" y="{max(top - 8, small):g}" font-size="{small}" '
                    f'text-anchor="middle">{_escape(point.shown)}</text>'
                )
            lines = wrap(point.label, self.column - 4, small)[:LABEL_LINES] if words else []
            for n, line in enumerate(lines):
                y = bottom + (n + 1) * LINE
                lowest_label = max(lowest_label, y)
                parts.append(
                    f'<text x="{x:g}" y="{y:g}" font-size="{small}" text-anchor="middle">'
                    f"{_escape(line)}</text>"
                )
        height = lowest_label + 6
        title_id = f"{self.ident}-title"
        return mark_safe(  # every text above is escaped
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'aria-labelledby="{_escape(title_id)}" width="{self.width}" height="{height:g}" '
            f'viewBox="0 0 {self.width} {height:g}" font-family="{_escape(FONT_FAMILY)}" '
            f'fill="{TEXT_COLOUR}"><title id="{_escape(title_id)}">{_escape(self.title)}</title>'
            + "".join(parts)
            + "</svg>"
        )
