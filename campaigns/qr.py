"""QR codes and printable cards of a campaign: its results' public address
(`Campaign.public_path`, /r/<public_code>/) and, for a staff survey, each organisation's
own anonymous link (/s/<staff_code>/).

The codes are survey/posters.py's (error correction M, a standard QR code, SVG and PNG)
and the addresses follow its rule for what is printed (`public_url`: SURVEY_BASE_URL
where it is set). The card is an A6 page in Thai for a notice board or a meeting table:
the campaign, who runs it, what scanning opens, the QR code and the short address.
"""

import base64
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from campaigns.models import Campaign, Target
from saduak.printing import render_pdf
from survey.posters import public_url, qr_png

CARD_TEMPLATE = "campaigns/card.html"


def results_url(campaign: Campaign, *, request: HttpRequest | None = None) -> str:
    """The results' public address, absolute, as encoded and printed."""
    return public_url(campaign.public_path, request=request)


def staff_path(target: Target) -> str:
    return reverse("campaigns:staff_answer", args=[target.staff_code])


def staff_url(target: Target, *, request: HttpRequest | None = None) -> str:
    return public_url(staff_path(target), request=request)


def _png_uri(url: str) -> str:
    # A PNG, never an SVG, in a PDF: WeasyPrint draws it exactly (survey/posters.py).
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")


def render_card(*, heading: str, lines: list[str], how: str, url: str) -> bytes:
    context: dict[str, Any] = {
        "heading": heading,
        "lines": [line for line in lines if line],
        "how": how,
        "url": url,
        "qr_data_uri": _png_uri(url),
    }
    return render_pdf(CARD_TEMPLATE, context)


def results_card(campaign: Campaign, *, url: str) -> bytes:
    """The results' card: printed in Thai whatever the reader's language."""
    return render_card(
        heading="ผลการสำรวจ",
        lines=[campaign.title_th, f"โดย {campaign.owner.name_th}"],
        how="สแกน QR Code เพื่อดูผลการสำรวจ",
        url=url,
    )


def staff_card(target: Target, *, url: str) -> bytes:
    """An organisation's staff card: its own link, so answers count for it."""
    return render_card(
        heading="ขอเชิญเจ้าหน้าที่ตอบแบบสำรวจ",
        lines=[
            target.campaign.title_th,
            f"สำหรับเจ้าหน้าที่ของ{target.organisation.name_th}",
            f"โดย {target.campaign.owner.name_th}",
        ],
        how="สแกน QR Code เพื่อตอบแบบสำรวจ ไม่ต้องระบุชื่อ",
        url=url,
    )
