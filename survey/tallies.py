"""Monthly tallies of counted answers, for a centre and for its province, changed in the
same transaction as the answers they count."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from survey.models import Response, Tally


def month_of(response: Response) -> date:
    return timezone.localtime(response.submitted_at).date().replace(day=1)


def _apply(tally: Tally, codes: list[str], scores: str, sign: int) -> None:
    tally.responses += sign
    for code, digit in zip(codes, scores, strict=False):
        score = int(digit)
        if score:
            counts = tally.counts.setdefault(code, [0, 0, 0, 0, 0])
            counts[score - 1] += sign


@transaction.atomic
def count(response: Response, *, sign: int = 1) -> None:
    """Add a counted answer to its tallies (sign=-1 takes it out again)."""
    codes = response.questionnaire.item_codes
    month = month_of(response)
    province_id = response.centre.organisation.province_id
    keys = [{"centre_id": response.centre_id, "month": month}]
    if province_id:
        keys.append({"centre_id": None, "province_id": province_id, "month": month})
    for key in keys:
        # Locked row by row: two answers at the same centre queue here for an instant.
        tally = Tally.objects.select_for_update().filter(**key).first()
        if tally is None:
            tally = Tally(**key)
        _apply(tally, codes, response.scores, sign)
        tally.save()
