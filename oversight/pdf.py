"""A dashboard as a printed Thai report (Thai digits, BE dates), printed through
saduak/printing.py like every PDF: the scope's sections, then its areas by every
measure."""

from datetime import date
from typing import Any

from django.utils import timezone, translation

from oversight import sections
from oversight.exports import Progress, Reading, read
from oversight.maps import figure
from oversight.scopes import Scope
from saduak import charts
from saduak.printing import render_pdf

TEMPLATE = "oversight/report_pdf.html"


def render_report(scope: Scope, today: date, progress: Progress | None = None) -> bytes:
    reading = read(scope, today, progress, extra=1)
    content = render_pdf(TEMPLATE, report_context(reading))
    if progress is not None:
        steps = len(reading.sections) + len(reading.measures) + 1
        progress(steps, steps)
    return content


def report_context(reading: Reading) -> dict[str, Any]:
    with translation.override("th"):  # an official document is Thai whatever the UI
        title = reading.scope.title
    return {
        "scope_title": title,
        "today": reading.today,
        "made_at": timezone.now(),
        "sections": [
            {
                "title": title,
                "rows": [
                    {
                        "label": r.label,
                        "shown": figure(r.value, r.unit),
                        "words": isinstance(r.value, str),  # not a figure: it wraps
                    }
                    for r in rows
                ],
            }
            for title, rows in reading.sections
        ],
        "measures": [str(m.label) for m in reading.measures],
        "charts": printable_charts(reading),
        # The areas with a figure; those with none are named in one sentence after.
        "areas": [
            {
                "name": area.name,
                "values": [
                    figure(v, m.unit) for m, v in zip(reading.measures, values, strict=True)
                ],
            }
            for area, values in reading.table()
            if any(v is not None for v in values)
        ],
        "empty": ", ".join(
            area.name for area, values in reading.table() if all(v is None for v in values)
        ),
    }


# A full-length bar: a share's 100 %, a score's 5; a count's largest value.
MAXIMUM = {sections.SHARE: 1.0, sections.SCORE: 5.0}


def printable_charts(reading: Reading) -> list[dict[str, Any]]:
    """Per measure, the areas that have a value, best first, each with the picture of
    its bar (charts in a PDF are drawn without text: saduak/charts.py) beside its name
    and its value."""
    printed = []
    for number, item in enumerate(reading.measures):
        values = [
            (area.name, value, figure(value, item.unit))
            for area, value in ((a, v[number]) for a, v in reading.table())
            if isinstance(value, int | float)
        ]
        # Best first; equal values in name order (the areas' own, areas.in_order).
        if item.higher_is_better:
            values.sort(key=lambda v: -v[1])
        else:
            values.sort(key=lambda v: v[1])
        if not values:
            continue
        chart = charts.BarChart.of(
            str(item.label), values, ident=f"m-{item.code}", maximum=MAXIMUM.get(item.unit)
        )
        printed.append(
            {
                "label": str(item.label),
                "rows": [
                    {"name": bar.label, "picture": picture, "shown": bar.shown}
                    for bar, picture in chart.printable()
                ],
            }
        )
    return printed
