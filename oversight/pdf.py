"""A dashboard as a printed Thai report (Thai digits, BE dates), printed through
saduak/printing.py like every PDF: the scope's sections, then its areas by every
measure."""

from datetime import date
from typing import Any

from django.utils import timezone, translation

from oversight.exports import Progress, Reading, read, shown
from oversight.scopes import Scope
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
                "rows": [{"label": r.label, "shown": shown(r.value, r.unit)} for r in rows],
            }
            for title, rows in reading.sections
        ],
        "measures": [str(m.label) for m in reading.measures],
        "areas": [
            {
                "name": area.name,
                "values": [shown(v, m.unit) for m, v in zip(reading.measures, values, strict=True)],
            }
            for area, values in reading.table()
        ],
    }
