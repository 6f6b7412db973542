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

import orjson
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from registry.models import ServiceCentre
from survey import questionnaire, statements
from survey.models import Arrival, Response, Tally, local_code
from thaicalendar.dates import local_date

# What is counted: a stored answer, or an arrival as the intake stores it.
Counted = Response | Arrival


def month_of(moment: datetime) -> date:
    """The first day of the Bangkok month of a moment: the month a tally counts it in."""
    return local_date(moment).replace(day=1)


Counts = dict[str, list[int]]  # {item code: [n1, n2, n3, n4, n5]}
Key = tuple[int | None, str | None, date]  # (centre, province, month); both None: country


def _apply(
    counts: Counts, codes: list[str], members: list[Counted], *, local: bool, sign: int = 1
) -> None:
    """Add answers given on one questionnaire version to a tally's counts, item by item.
    A fold brings the country's tally a thousand answers and most centres' one: a big
    group is counted a column of digits at a time, a small one answer by answer.
    `local`: a centre's tally, which alone counts its own questions. `sign` -1 takes
    them away again."""
    scored: Iterable[tuple[str, str, int]]  # (item code, digit, how many)
    if len(members) > 20:
        columns = zip_longest(*(m.scores for m in members), fillvalue="0")
        scored = (
            (code, digit, n)
            for code, column in zip(codes, columns, strict=False)
            for digit, n in Counter(column).items()
        )
    else:
        scored = (
            (code, digit, 1)
            for member in members
            for code, digit in zip(codes, member.scores, strict=False)
        )
    for code, digit, n in scored:
        if digit != "0":
            counts.setdefault(code, [0, 0, 0, 0, 0])[int(digit) - 1] += sign * n
    if local:
        for member in members:
            for question_id, score in member.local_scores.items():
                counts.setdefault(local_code(question_id), [0, 0, 0, 0, 0])[score - 1] += sign


def _where(keys: Iterable[Key]) -> Q:
    """The tallies of these keys, a few conditions per month whatever their number."""
    months: dict[date, tuple[set[int], set[str], bool]] = {}
    for centre, province, month in keys:
        centres, provinces, _country = months.setdefault(month, (set(), set(), False))
        if centre:
            centres.add(centre)
        elif province:
            provinces.add(province)
        else:
            months[month] = (centres, provinces, True)
    where = Q(pk__in=[])
    for month, (centres, provinces, country) in months.items():
        if centres:
            where |= Q(month=month, centre_id__in=centres)
        if provinces:
            where |= Q(month=month, centre__isnull=True, province_id__in=provinces)
        if country:
            where |= Q(month=month, centre__isnull=True, province__isnull=True)
    return where


def _locked(keys: set[Key]) -> dict[Key, tuple[int, int, Counts]]:
    """The tallies of these keys, locked, as {key: (id, responses, counts)}. Those that
    exist are locked by one statement in the order of their ids, so that two
    transactions never wait on each other in a circle; those missing (a month's first
    answers) are then made, or locked if someone made them meanwhile, in the order of
    their keys (statements.make_tallies)."""
    rows = (
        Tally.objects.select_for_update()
        .filter(_where(keys))
        .order_by("pk")
        .values_list(
            "pk", "centre_id", "province_id", "month", "responses", Cast("counts", TextField())
        )
    )
    found = {
        (c, p if not c else None, m): (pk, n, _from_text(counts)) for pk, c, p, m, n, counts in rows
    }
    if missing := keys - found.keys():
        for pk, c, p, m, n, counts in statements.make_tallies(missing):
            found[(c, p if not c else None, _date(m))] = (pk, n, _from_text(counts))
    return found


def _date(month: date | str) -> date:
    # Dates come back as text from SQLite's hand-written statements.
    return month if isinstance(month, date) else date.fromisoformat(month)


# Counts go to and from the database as JSON text through orjson: a fold reads and
# writes a thousand tallies (docs/survey.md).
def _as_text(counts: Counts) -> str:
    return orjson.dumps(counts).decode()


def _from_text(text: str) -> Counts:
    counts: Counts = orjson.loads(text)
    return counts


def of_centre(centre_id: int, first: date, last: date) -> list[tuple[date, int, Counts]]:
    """(month, responses, counts) of a centre's tallies from month `first` to `last`."""
    return [
        (_date(month), n, _from_text(counts))
        for month, n, counts in statements.centre_tallies(centre_id, first, last)
    ]


def count(response: Response) -> None:
    """Add a counted answer to its tallies."""
    count_many([response])


def uncount_many(responses: Iterable[Counted]) -> None:
    """Take counted answers out of their tallies again: a window of a counter's stream
    found stuffed after its first answers were counted (survey/stream.py)."""
    count_many(responses, sign=-1)


@transaction.atomic
def count_many(responses: Iterable[Counted], *, sign: int = 1) -> None:
    """Add many counted answers to their centres', provinces' and the country's monthly
    tallies: a few statements, however many tallies (folds, imports, decisions).
    `sign` -1 takes them away (`uncount_many`)."""
    responses = list(responses)
    if not responses:
        return
    province_of = dict(
        ServiceCentre.objects.filter(pk__in={r.centre_id for r in responses}).values_list(
            "pk", "organisation__province_id"
        )
    )
    codes_of = {
        q.pk: q.item_codes
        for q in questionnaire.versions(pks={r.questionnaire_id for r in responses})
    }
    groups: dict[Key, list[Counted]] = {}
    for response in responses:
        month = month_of(response.submitted_at)
        groups.setdefault((response.centre_id, None, month), []).append(response)
        province = province_of[response.centre_id]
        if province:
            groups.setdefault((None, province, month), []).append(response)
        groups.setdefault((None, None, month), []).append(response)
    tallies = _locked(set(groups))
    rows = []
    for key, members in groups.items():
        pk, responses_before, counts = tallies[key]
        by_version: dict[int, list[Counted]] = {}
        for member in members:
            by_version.setdefault(member.questionnaire_id, []).append(member)
        for version, same in by_version.items():
            _apply(counts, codes_of[version], same, local=key[0] is not None, sign=sign)
        rows.append((pk, responses_before + sign * len(members), _as_text(counts)))
    statements.write_tallies(rows)
