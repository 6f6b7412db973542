"""Monthly tallies of counted answers, for a centre, its province and the whole country,
changed in the same transaction as the answers they count.

The country's row of the month is locked by every answer for an instant (until the
commit): a ceiling of several hundred answers a second nationally, far above the peak
DOMAIN.md §6 sizes for, and what keeps the country's figures at a dozen rows a year."""

from collections.abc import Iterable
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


def _locked(key: dict[str, object]) -> Tally:
    """The month's tally, locked; made first if it is the month's first answer. Two
    first answers at once both try to make it: one makes it, the other finds it."""
    tally = Tally.objects.select_for_update().filter(**key).first()
    if tally is None:
        Tally.objects.bulk_create([Tally(**key)], ignore_conflicts=True)
        tally = Tally.objects.select_for_update().get(**key)
    return tally


def count(response: Response, *, sign: int = 1) -> None:
    """Add a counted answer to its tallies (sign=-1 takes it out again)."""
    count_many([response], sign=sign)


@transaction.atomic
def count_many(responses: Iterable[Response], *, sign: int = 1) -> None:
    """Add many counted answers, touching each month's tally once (imports)."""
    groups: dict[tuple[int | None, str | None, date], list[Response]] = {}
    for response in responses:
        month = month_of(response)
        groups.setdefault((response.centre_id, None, month), []).append(response)
        province_id = response.centre.organisation.province_id
        if province_id:
            groups.setdefault((None, province_id, month), []).append(response)
        groups.setdefault((None, None, month), []).append(response)
    codes_of: dict[int, list[str]] = {}
    # Locked in one order, tally by tally, so that two transactions never wait on each
    # other in a circle; answers at the same centre queue here for an instant.
    for centre_id, province_id, month in sorted(
        groups, key=lambda k: (k[0] or 0, k[1] or "", k[2])
    ):
        key: dict[str, object] = {"centre_id": centre_id, "month": month}
        if centre_id is None:
            key["province_id"] = province_id  # None: the whole country
        tally = _locked(key)
        for response in groups[(centre_id, province_id, month)]:
            codes = codes_of.get(response.questionnaire_id)
            if codes is None:
                codes = codes_of[response.questionnaire_id] = response.questionnaire.item_codes
            _apply(tally, codes, response.scores, sign)
        tally.save()
