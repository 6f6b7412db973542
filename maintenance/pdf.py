"""The printable report: the official Thai form of a submitted version (Thai digits, BE
dates), printed through saduak/printing.py like every PDF."""

from django.utils import translation

from maintenance.models import Answer, ReportVersion
from saduak.printing import render_pdf


def render_version(version: ReportVersion) -> bytes:
    with translation.override("th"):  # an official document is Thai whatever the UI
        labels = {value: str(label) for value, label in Answer.Value.choices}
    items = [{**item, "label": labels.get(item["value"], "-")} for item in version.content["items"]]
    return render_pdf(
        "maintenance/version_pdf.html",
        {"version": version, "report": version.report, "items": items},
    )
