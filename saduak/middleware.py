import base64
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the person chose English with the switch (a cookie). The browser's
    Accept-Language is ignored on purpose: many office computers in Thai town halls run
    an English Windows, and their users still expect the Thai system."""

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language


# Stylesheets written into a page rather than linked: the citizen's page, so that a
# cheap phone on a slow link makes one request (docs/survey.md). The policy allows
# exactly their text, by hash.
INLINE_STYLESHEETS = ("survey/_citizen.css",)

# What no page of Saduak uses; a page or a script injected into one cannot ask for it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def _style_hash(template: str) -> str:
    text = render_to_string(template)
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy() -> str:
    """The one policy of every page: scripts and stylesheets only from Saduak's own
    files (no inline script, no event-handler attribute, no eval), the inline
    stylesheets above by their hash, images from Saduak or drawn into the page (QR codes
    as data: addresses), and no framing, plugins or foreign form targets."""
    styles = " ".join(_style_hash(t) for t in INLINE_STYLESHEETS)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, built once per
    process: the citizen's answer pays a dictionary look-up and two header writes.

    Not on a PDF: Chromium shows a PDF in a page of its own making, which the policy
    would stop (crbug.com/271452); a PDF runs no script of ours. Nor on Django's debug
    error pages (DEBUG only), which are made of inline script and style."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        headers = response.headers
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if headers.get("Content-Type", "").startswith("application/pdf"):
            return response
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        headers.setdefault("Content-Security-Policy", self.policy)
        return response
