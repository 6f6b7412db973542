"""The survey's figures as the report's draft page showed them, carried by the page.

Saving a draft needs two things from the round's survey: whether the figures typed are
the survey's (the report's `satisfaction_source`) and the survey's percentages, worked
from its unrounded means (`survey.selectors.mean_percentages`). The draft saves itself
as the centre types, so working the survey out again for each save would make every
keystroke read the survey's tallies and answers. Instead the page signs the figures it
showed and the saves compare with those: what the centre was shown is what "taken from
the survey" means. A value forged, made for another report or round, or older than
MAX_AGE is ignored, and the save then keeps the source as it was (see
maintenance.services.save_draft); the next page load signs fresh figures. Storing the
figures on the report when the page shows them was the other way: it would make showing
a page write, which is what this avoids. docs/survey.md, "Reading never writes".
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing

from maintenance.models import PERCENTAGE_FIELDS, SATISFACTION_FIELDS, Report

FIELD = "survey_shown"  # the hidden field of the draft page that carries them
SALT = "maintenance.survey-shown"
# A draft page open for longer still saves what is typed; only the source is no longer
# decided again until the page is loaded afresh.
MAX_AGE = timedelta(days=1)
_NAMES = (*SATISFACTION_FIELDS, *PERCENTAGE_FIELDS.values())


def sign(report: Report, figures: dict[str, Any] | None) -> str:
    """The figures the page shows (`survey.selectors.satisfaction_for_report`) for the
    page to carry; "" without figures."""
    if figures is None:
        return ""
    shown = {name: None if figures[name] is None else str(figures[name]) for name in _NAMES}
    return signing.dumps(
        {"report": report.pk, "round": report.round_id, "figures": shown}, salt=SALT
    )


def read(report: Report, value: str) -> dict[str, Any] | None:
    """The figures signed for this report's page, as `sign` was given them (respondents
    an int, the rest Decimals); None for no value, a forged or stale one."""
    if not value:
        return None
    try:
        payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also an expired one
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("report") != report.pk
        or payload.get("round") != report.round_id
    ):
        return None
    shown = payload.get("figures")
    if not isinstance(shown, dict) or set(shown) != set(_NAMES):
        return None  # signed by an older page with other figures
    try:
        return {name: _figure(name, shown[name]) for name in _NAMES}
    except (InvalidOperation, TypeError, ValueError):
        return None


def _figure(name: str, value: Any) -> int | Decimal | None:
    if value is None:
        return None
    return int(value) if name == "respondents" else Decimal(value)
