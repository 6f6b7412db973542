"""The printable report: the official Thai form of a submitted version (Thai digits, BE
dates), printed through saduak/printing.py like every PDF."""

from typing import Any

from django.utils import translation

from maintenance.models import Answer, ReportVersion
from saduak.printing import render_pdf

TEMPLATE = "maintenance/version_pdf.html"


def render_version(version: ReportVersion) -> bytes:
    return render_pdf(TEMPLATE, version_context(version))


def version_context(version: ReportVersion) -> dict[str, Any]:
    with translation.override("th"):  # an official document is Thai whatever the UI
        labels = {value: str(label) for value, label in Answer.Value.choices}
    items = [{**item, "label": labels.get(item["value"], "-")} for item in version.content["items"]]
    return {"version": version, "report": version.report, "items": items}
