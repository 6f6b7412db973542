"""The printable report: Thai official style (Laksaman, the free TH Sarabun New; BE
dates and Thai digits), rendered by WeasyPrint, whose Pango engine breaks Thai lines."""

from django.template.loader import render_to_string
from django.utils import translation

from maintenance.models import Answer, ReportVersion


def render_version(version: ReportVersion) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    labels = dict(Answer.Value.choices)
    with translation.override("th"):  # an official document is Thai whatever the UI
        items = [
            {**item, "label": str(labels.get(item["value"], "-"))}
            for item in version.content["items"]
        ]
        html = render_to_string(
            "maintenance/version_pdf.html",
            {"version": version, "report": version.report, "items": items},
        )
    return HTML(string=html).write_pdf()
