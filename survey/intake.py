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

import functools
from datetime import timedelta
from itertools import takewhile
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import CharField, Field, JSONField, TextField
from django.utils import timezone

from registry.models import Counter, ServiceCentre
from survey import prepared, protection, tallies
from survey.models import Arrival, IntakeLock, Questionnaire, Response

BATCH = 1000
_FROM_THE_COUNTER = ("counter_id", "centre_id", "questionnaire_id")


@functools.cache
def _insert() -> "tuple[str, list[tuple[Field[Any, Any], Any, str]]]":
    """The insert of an arrival, and the fields whose values it takes (everything but
    the counter's, centre's and questionnaire's ids, which it finds itself), each with
    its default and how its value is sent: "text" as it is, "json" as JSON text that the
    statement casts, "field" prepared by the model field."""
    fields = [
        f
        for f in Arrival._meta.concrete_fields
        if not f.primary_key and f.attname not in _FROM_THE_COUNTER
    ]
    q = connection.ops.quote_name
    json_type = connection.data_types["JSONField"]  # jsonb, or SQLite's text
    sent = [
        "text"
        if isinstance(f, (CharField, TextField))
        else "json"
        if isinstance(f, JSONField)
        else "field"
        for f in fields
    ]
    counter, centre = Counter._meta.db_table, ServiceCentre._meta.db_table
    sql = (
        f"INSERT INTO {q(Arrival._meta.db_table)}"
        f" ({', '.join(q(name) for name in _FROM_THE_COUNTER)},"
        f" {', '.join(q(f.column) for f in fields)})"
        f" SELECT c.id, c.centre_id, v.id,"
        f" {', '.join(f'CAST(%s AS {json_type})' if how == 'json' else '%s' for how in sent)}"
        f" FROM {q(counter)} c JOIN {q(centre)} s ON s.id = c.centre_id"
        f" JOIN (SELECT id FROM {q(Questionnaire._meta.db_table)}"
        f" ORDER BY version DESC LIMIT 1) v ON v.id = %s"
        f" WHERE c.survey_code = %s AND c.is_active AND s.is_active"
    )
    return sql, [(f, f.get_default(), how) for f, how in zip(fields, sent, strict=True)]


def receive(*, code: str, questionnaire: Questionnaire, **answer: Any) -> bool:
    """Keep a citizen's answer to the counter of `code` until it is folded: one insert,
    committed at once. False, and nothing kept, unless the counter and its centre are
    open and `questionnaire` is the version in force: the insert checks both itself.
    `answer` holds Arrival's other fields by attribute name (scores, comment, …).

    Written without the ORM on purpose: this is the busiest statement of the system, and
    building it through the ORM, with the look-up of the counter before it, cost more
    than the database's own work. Texts go as they are and JSON as text (the driver's
    JSON adapter cost more than the rest of the values); others are prepared by their
    model fields."""
    sql, fields = _insert()
    answer["submitted_at"] = timezone.now()
    db = connections[DEFAULT_DB_ALIAS]  # `connection` finds it again on each use
    values = []
    for f, default, how in fields:
        value = answer.get(f.attname, default)
        if how == "json":
            value = orjson.dumps(value).decode()
        elif how == "field":
            value = f.get_db_prep_value(value, db, prepared=True)  # the answer's time, aware
        elif not isinstance(value, str):
            value = f.get_db_prep_save(value, db)
        values.append(value)
    with prepared.cursor(db) as cursor:
        cursor.execute(sql, [*values, questionnaire.pk, code])
        return cursor.rowcount == 1


def _lock() -> None:
    # An update takes the row's lock on PostgreSQL (and the write lock on SQLite) until
    # the commit: a second fold waits here, then finds what the first left.
    if not IntakeLock.objects.filter(pk=1).update(taken_at=timezone.now()):
        IntakeLock.objects.bulk_create([IntakeLock(pk=1)], ignore_conflicts=True)
        IntakeLock.objects.filter(pk=1).update(taken_at=timezone.now())


def _move(ids: list[int], suspect: list[int]) -> None:
    """Copy arrivals into Response inside the database, suspect or counted: building
    a thousand rows in Python cost the intake five times what the copy costs."""
    q = connection.ops.quote_name
    columns = ", ".join(q(f.column) for f in Arrival._meta.concrete_fields if not f.primary_key)
    status = "%s"
    params: list[Any] = [Response.Status.COUNTED]
    if suspect:
        status = f"CASE WHEN id IN ({', '.join(['%s'] * len(suspect))}) THEN %s ELSE %s END"
        params = [*suspect, Response.Status.SUSPECT, Response.Status.COUNTED]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(Response._meta.db_table)} ({columns}, status, source)"
            f" SELECT {columns}, {status}, %s FROM {q(Arrival._meta.db_table)}"
            # In the order they came, so answers keep it as ids (a plain SELECT may hand
            # rows over in the order of whichever index the planner takes).
            f" WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id",
            [*params, Response.Source.WEB, *ids],
        )


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
    _move(ids, [a.pk for a in arrivals if verdicts[a.pk]])
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
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(Arrival._meta.db_table)}")
