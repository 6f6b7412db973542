import re
from collections.abc import Iterable
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django_htmx.middleware import HtmxDetails

# Ids are BigAutoField: at most 2⁶³ − 1 on every database.
ID_MAX = 2**63 - 1
# Only the digits 0–9: str.isdigit() also accepts "²" and "①", which int() and the
# database then refuse with a server error. 19 digits are enough for ID_MAX.
_ID = re.compile(r"[0-9]{1,19}")


class HtmxHttpRequest(HttpRequest):
    """A request as HtmxMiddleware leaves it, for type checking."""

    htmx: HtmxDetails


def parse_id(value: object) -> int | None:
    """An id sent by a form or a link, or None when it cannot be one (other digits,
    signs, spaces, zero, past 2⁶³ − 1). Every id read from user input goes through here,
    so a bad one is answered by the view, not by the database."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= ID_MAX else None


def parse_ids(values: Iterable[object]) -> list[int] | None:
    """The ids of a multiple choice, or None when any of them cannot be an id."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else [i for i in ids if i is not None]


def stored_file(evidence: Any) -> FileResponse:
    """A piece of evidence's stored file as a download: under the uploader's name with
    the extension of what the content really is, never shown inline (the browser does
    not guess the type). 404 for a link, which has no file."""
    if not evidence.file:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.download_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
