"""QR codes, short links and printable posters for the counters' survey.

Every counter answers citizens at a short address, `/q/<survey_code>/` (the page
"survey:answer"). The code is drawn once, when the counter is created, and never changes:
renaming, renumbering or closing the counter keeps it, so a printed poster stays good
for as long as the counter exists.

For each counter, staff who may read its centre (`accounts.scope`) get the QR code as
SVG (vector, for designers) and PNG (10 pixels a module, for office printers), and an
A4 poster in Thai (WeasyPrint) with the centre, the counter, the QR code and the short
address. The centre's page of codes lists them all.

Setting:

``SURVEY_BASE_URL``
    Scheme and host written into QR codes, posters and the codes page, such as
    ``"https://saduak.example.go.th"`` (no path after the host; a trailing slash is
    ignored). Posters are printed once and hang for years, so they must point at the
    public address even when staff reach Saduak through an internal one. Empty (the
    default): the scheme and host of the request that makes them.
"""

import base64
import io
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from registry.models import Counter
from saduak.printing import render_pdf

# Error correction M (15% of the code may be lost): a laminated poster gets scratched and
# reflects light, and M keeps the code small enough for an old phone camera.
ERROR_LEVEL = "m"
BORDER = 4  # the quiet zone the QR standard asks for, in modules
PNG_SCALE = 10  # pixels a module: 370 px or more, sharp on an A4 print
SVG_SCALE = 10

# On the poster the address is set in one line of monospace as large as the page allows:
# the usable width in points, over the width of one character (0.6 em in DejaVu Sans Mono).
_POSTER_LINE_PT = 160 / 25.4 * 72  # 16 cm
_MONO_ADVANCE_EM = 0.6


def public_url(path: str, *, request: HttpRequest | None = None) -> str:
    """A public page's address, absolute, as printed and encoded on paper:
    SURVEY_BASE_URL where it is set; otherwise the request's scheme and host; without a
    request (a document made away from a page), SITE_URL."""
    base: str = getattr(settings, "SURVEY_BASE_URL", "") or ""
    if base:
        return base.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return str(settings.SITE_URL).rstrip("/") + path


def survey_url(counter: Counter, *, request: HttpRequest) -> str:
    """The counter's public short address, absolute, as printed and encoded."""
    return public_url(reverse("survey:answer", args=[counter.survey_code]), request=request)


def qr_code(url: str) -> segno.QRCode:
    # make_qr, never a Micro QR: many phone cameras do not read those.
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def qr_svg(url: str) -> bytes:
    """The QR code as SVG: dark modules only, no text."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", scale=SVG_SCALE, border=BORDER, title=url)
    return out.getvalue()


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=PNG_SCALE, border=BORDER)
    return out.getvalue()


def render_poster(counter: Counter, *, url: str) -> bytes:
    """The A4 poster in Thai (saduak/printing.py). The QR code goes in as a PNG: WeasyPrint
    draws it exactly, and no Thai text ever sits inside an SVG (WeasyPrint breaks Thai
    there)."""
    qr = base64.b64encode(qr_png(url)).decode("ascii")
    url_pt = max(12.0, min(28.0, _POSTER_LINE_PT / (_MONO_ADVANCE_EM * len(url))))
    return render_pdf(
        "survey/poster.html",
        {
            "counter": counter,
            "centre": counter.centre,
            "organisation": counter.centre.organisation,
            "url": url,
            "url_pt": f"{url_pt:.1f}",
            "qr_data_uri": f"data:image/png;base64,{qr}",
        },
    )


# --- views -----------------------------------------------------------------------------


def file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_safe
def counter_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    counter = cap.access_counter(request.user, pk)
    return file_response(
        qr_svg(survey_url(counter, request=request)),
        content_type="image/svg+xml",
        filename=f"saduak-qr-{counter.survey_code}.svg",
    )


@login_required
@require_safe
def counter_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    counter = cap.access_counter(request.user, pk)
    return file_response(
        qr_png(survey_url(counter, request=request)),
        content_type="image/png",
        filename=f"saduak-qr-{counter.survey_code}.png",
    )


@login_required
@require_safe
def counter_poster(request: HttpRequest, pk: int) -> HttpResponse:
    counter = cap.access_counter(request.user, pk)
    return file_response(
        render_poster(counter, url=survey_url(counter, request=request)),
        content_type="application/pdf",
        filename=f"saduak-poster-{counter.survey_code}.pdf",
    )


@login_required
@require_safe
def centre_codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every counter of a centre with its short address, QR code and downloads."""
    centre = cap.access_centre(request.user, pk)
    rows: list[dict[str, Any]] = []
    for counter in centre.counters.order_by("number"):
        url = survey_url(counter, request=request)
        # Drawn into the page, so a centre with many counters costs no extra requests.
        qr = qr_code(url).svg_data_uri(scale=4, border=BORDER)
        rows.append({"counter": counter, "url": url, "qr": qr})
    return render(request, "survey/counter_codes.html", {"centre": centre, "rows": rows})
