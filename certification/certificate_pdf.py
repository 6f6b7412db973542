"""The certificate as a PDF: A4 landscape, in Thai with Thai digits and BE dates, with a
QR code that opens the certificate's public verification page (saduak/printing.py)."""

import base64
import io

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from certification.models import Certificate
from certification.selectors import certificate_status_label
from saduak.printing import render_pdf
from thaicalendar import dates

TEMPLATE = "certification/certificate_pdf.html"


def verify_url(certificate: Certificate, *, request: HttpRequest) -> str:
    """The public verification page of the certificate, absolute. A certificate hangs
    on a wall for years, so where the public address is set (SURVEY_BASE_URL, as for
    the counters' posters) it is the one encoded; otherwise the request's."""
    path = reverse("register:verify", args=[certificate.number])
    base: str = getattr(settings, "SURVEY_BASE_URL", "") or ""
    if base:
        return base.rstrip("/") + path
    return request.build_absolute_uri(path)


def qr_data_uri(url: str) -> str:
    """The QR code as a PNG data URI (error correction M, a standard QR code)."""
    out = io.BytesIO()
    segno.make_qr(url, error="m", boost_error=False).save(out, kind="png", scale=10, border=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def render_certificate(certificate: Certificate, *, url: str) -> bytes:
    return render_pdf(
        TEMPLATE,
        {
            "certificate": certificate,
            "centre": certificate.centre,
            "organisation": certificate.centre.organisation,
            "level": certificate.level,
            "url": url,
            "qr_data_uri": qr_data_uri(url),
            # A copy printed after the certificate stopped counting must say so on its
            # face, not only behind its QR code.
            "not_valid": certificate.status_on(dates.bangkok_today()) != "active",
            "status": certificate_status_label(certificate, dates.bangkok_today()),
        },
    )
