"""Monthly tallies of counted answers, for a centre, its province and the whole country,
changed in the same transaction as the answers they count.

Each change locks the month's rows until the commit, the country's among them: answers
are therefore counted in batches (survey/intake.py, imports), never one request at a
time, which keeps the country's figures at a dozen rows a year without making every
citizen's request wait its turn on one row."""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from itertools import zip_longest

from django.db import transaction

from registry.models import ServiceCentre
from survey.models import Arrival, Questionnaire, Response, Tally, local_code
from thaicalendar.dates import local_date

# What is counted: a stored answer, or an arrival as the intake stores it.
Counted = Response | Arrival


def month_of(moment: datetime) -> date:
    """The first day of the Bangkok month of a moment: the month a tally counts it in."""
    return local_date(moment).replace(day=1)


def _apply(tally: Tally, codes: list[str], members: list[Counted]) -> None:
    """Add answers given on one questionnaire version to a tally, item by item: each
    item's column of digits is counted at once (a fold brings a thousand answers)."""
    tally.responses += len(members)
    columns = zip_longest(*(m.scores for m in members), fillvalue="0")
    for code, column in zip(codes, columns, strict=False):
        for digit, n in Counter(column).items():
            if digit != "0":
                tally.counts.setdefault(code, [0, 0, 0, 0, 0])[int(digit) - 1] += n
    if tally.centre_id:  # a centre's own questions are counted in its own tally only
        for member in members:
            for question_id, score in member.local_scores.items():
                tally.counts.setdefault(local_code(question_id), [0, 0, 0, 0, 0])[score - 1] += 1


def _locked(key: dict[str, object]) -> Tally:
    """The month's tally, locked; made first if it is the month's first answer. Two
    first answers at once both try to make it: one makes it, the other finds it."""
    tally = Tally.objects.select_for_update().filter(**key).first()
    if tally is None:
        Tally.objects.bulk_create([Tally(**key)], ignore_conflicts=True)
        tally = Tally.objects.select_for_update().get(**key)
    return tally


def count(response: Response) -> None:
    """Add a counted answer to its tallies."""
    count_many([response])


@transaction.atomic
def count_many(responses: Iterable[Counted]) -> None:
    """Add many counted answers, touching each month's tally once (folds, imports)."""
    responses = list(responses)
    province_of = dict(
        ServiceCentre.objects.filter(pk__in={r.centre_id for r in responses}).values_list(
            "pk", "organisation__province_id"
        )
    )
    codes_of = {
        q.pk: q.item_codes
        for q in Questionnaire.objects.filter(pk__in={r.questionnaire_id for r in responses})
    }
    groups: dict[tuple[int | None, str | None, date], list[Counted]] = {}
    for response in responses:
        month = month_of(response.submitted_at)
        groups.setdefault((response.centre_id, None, month), []).append(response)
        province = province_of[response.centre_id]
        if province:
            groups.setdefault((None, province, month), []).append(response)
        groups.setdefault((None, None, month), []).append(response)
    # Locked in one order, tally by tally, so that two transactions never wait on each
    # other in a circle.
    for centre_id, province_id, month in sorted(
        groups, key=lambda k: (k[0] or 0, k[1] or "", k[2])
    ):
        key: dict[str, object] = {"centre_id": centre_id, "month": month}
        if centre_id is None:
            key["province_id"] = province_id  # None: the whole country
        tally = _locked(key)
        by_version: dict[int, list[Counted]] = {}
        for response in groups[(centre_id, province_id, month)]:
            by_version.setdefault(response.questionnaire_id, []).append(response)
        for version, members in by_version.items():
            _apply(tally, codes_of[version], members)
        tally.save()
