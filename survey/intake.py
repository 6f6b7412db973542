"""The intake: how a citizen's answer goes from the page into the statistics.

Taking an answer is one insert into Arrival, durable when the thank-you page is sent;
that is all the citizen's request does. Folding then moves arrivals into Response in
batches, in order of arrival: it judges them against the answers before them (repeats,
limits per device and per network; survey/protection.py), stores them counted or
suspect, and adds the counted ones to the monthly tallies, all in one transaction, so
an answer is either still waiting or stored and counted, never lost or counted twice.

Folding in batches is what lets the page keep up with a national peak: a batch of a
thousand answers touches each month's tallies once, where answer-by-answer every
submission waited its turn on the country's row (see survey/tallies.py).

Folds run in `manage.py survey_intake` (a process beside the web server; `make run`
starts one), within a second or two of an answer. Nothing that reads figures folds:
pages say how many answers are still waiting instead (survey.selectors.still_counting).
"""

from datetime import timedelta
from itertools import takewhile
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from survey import protection, statements, tallies
from survey.models import Arrival, IntakeLock, Questionnaire

BATCH = 1000


def receive(*, code: str, questionnaire: Questionnaire, **answer: Any) -> bool:
    """Keep a citizen's answer to the counter of `code` until it is folded: one insert,
    committed at once. False, and nothing kept, unless the counter and its centre are
    open and `questionnaire` is the version in force: the insert checks both itself.
    `answer` holds Arrival's other fields by attribute name (scores, comment, …)."""
    answer["submitted_at"] = timezone.now()
    return statements.insert_arrival(code, questionnaire.pk, answer)


def _lock() -> None:
    # An update takes the row's lock on PostgreSQL (and the write lock on SQLite) until
    # the commit: a second fold waits here, then finds what the first left.
    if not IntakeLock.objects.filter(pk=1).update(taken_at=timezone.now()):
        IntakeLock.objects.bulk_create([IntakeLock(pk=1)], ignore_conflicts=True)
        IntakeLock.objects.filter(pk=1).update(taken_at=timezone.now())


# A batch spans at most this much time, so that judging it against a window measured
# from its first answer counts at most this much too long (after a backlog).
SPAN = timedelta(minutes=1)


@transaction.atomic
def fold_batch(size: int = BATCH, *, upto: int | None = None) -> int:
    """Judge, store and count the oldest arrivals (at most `size`, sent within SPAN of
    the first, and none after arrival `upto`); returns how many there were."""
    _lock()
    waiting = Arrival.objects.order_by("pk")
    if upto is not None:
        waiting = waiting.filter(pk__lte=upto)
    arrivals = list(waiting.defer("respondent", "comment")[:size])  # copied in SQL, not read
    if not arrivals:
        return 0
    last = arrivals[0].submitted_at + SPAN
    arrivals = list(takewhile(lambda a: a.submitted_at <= last, arrivals))
    verdicts = protection.judge(arrivals)
    judged = [a for a in arrivals if verdicts[a.pk] != a.reasons]  # beyond the door's
    for arrival in judged:
        arrival.reasons = verdicts[arrival.pk]
    Arrival.objects.bulk_update(judged, ["reasons"])  # one statement, however many
    ids = [a.pk for a in arrivals]
    statements.move_arrivals(ids, [a.pk for a in arrivals if verdicts[a.pk]])
    Arrival.objects.filter(pk__in=ids).delete()
    tallies.count_many([a for a in arrivals if not verdicts[a.pk]])
    return len(arrivals)


def fold(size: int = BATCH, *, upto: int | None = None) -> int:
    """Fold the arrivals waiting (up to arrival `upto`), batch by batch; returns how
    many were folded."""
    folded = 0
    while done := fold_batch(size, upto=upto):
        folded += done
    return folded


def tidy() -> None:
    """Give back the room of folded arrivals, on PostgreSQL (the intake process does it
    every minute). The table is emptied as fast as it fills, and until a vacuum its
    deleted rows stay in the way of every fold (docs/survey.md, "Folding"). Autovacuum
    comes too rarely for such a table at its defaults, and some servers run without it.
    Nothing inside a transaction, where PostgreSQL cannot vacuum."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        statements.vacuum_arrivals()
