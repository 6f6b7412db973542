"""The survey intake's hand-written SQL, every statement in one place and named.

The intake (survey/intake.py), its judge (survey/protection.py) and the tallies
(survey/tallies.py) keep their logic and call these by name. A statement is written by
hand only where building it through the ORM cost more than the database's work to run
it (the citizen's insert, the fold's look-ups, the figure read most), or where the ORM
cannot say it (a copy inside the database, a conflict that creates or locks). Each
says why, and which index it reads through. What they cost, and what was tried instead,
is in docs/survey.md ("The intake's SQL").

They are sent with their values apart, and those run for every answer or every fold
take the same text whatever the values, so that PostgreSQL plans each once per
connection (`cursor`): a list of values is one array parameter (`any_of`), never a list
of placeholders.
"""

import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import CharField, Field, JSONField, TextField

from registry.models import Counter, ServiceCentre
from survey.models import Arrival, Questionnaire, Response, Tally


def cursor() -> CursorWrapper:
    """Django's cursor. The site runs with server-side binding (settings.py): values go
    apart from the statement, and psycopg prepares a statement once one connection has
    run it `prepare_threshold` times, which the statements here that run for every
    answer or every fold soon have."""
    return connections[DEFAULT_DB_ALIAS].cursor()


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def any_of(column: str) -> str:
    """`column` is one of the values of one parameter (`values` gives it): one statement
    whatever their number. PostgreSQL reads an array through the column's index (one
    descent per value); SQLite reads the list as JSON."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)"
    return f"{column} IN (SELECT value FROM json_each(%s))"


def values(items: Sequence[Any]) -> Any:
    """The parameter of `any_of`: a list for PostgreSQL's array, JSON text for SQLite."""
    return list(items) if connection.vendor == "postgresql" else orjson.dumps(list(items)).decode()


def _json() -> str:
    return connection.data_types["JSONField"]  # jsonb, or SQLite's text


# --- the citizen's answer ---------------------------------------------------------------

_FROM_THE_COUNTER = ("counter_id", "centre_id", "questionnaire_id")


@functools.cache
def _arrival_insert() -> "tuple[str, list[tuple[Field[Any, Any], Any, str]]]":
    """The insert of an arrival, and the fields whose values it takes (all but the
    counter's, centre's and questionnaire's ids, which it finds itself), each with its
    default and how its value is sent: "text" as it is, "json" as JSON text that the
    statement casts, "field" prepared by the model field."""
    fields = [
        f
        for f in Arrival._meta.concrete_fields
        if not f.primary_key and f.attname not in _FROM_THE_COUNTER
    ]
    sent = [
        "text"
        if isinstance(f, (CharField, TextField))
        else "json"
        if isinstance(f, JSONField)
        else "field"
        for f in fields
    ]
    casts = ", ".join(f"CAST(%s AS {_json()})" if how == "json" else "%s" for how in sent)
    sql = (
        f"INSERT INTO {_q(Arrival._meta.db_table)}"
        f" ({', '.join(_q(name) for name in _FROM_THE_COUNTER)},"
        f" {', '.join(_q(f.column) for f in fields)})"
        f" SELECT c.id, c.centre_id, v.id, {casts}"
        f" FROM {_q(Counter._meta.db_table)} c"
        f" JOIN {_q(ServiceCentre._meta.db_table)} s ON s.id = c.centre_id"
        f" JOIN (SELECT id FROM {_q(Questionnaire._meta.db_table)}"
        f" ORDER BY version DESC LIMIT 1) v ON v.id = %s"
        f" WHERE c.survey_code = %s AND c.is_active AND s.is_active"
    )
    return sql, [(f, f.get_default(), how) for f, how in zip(fields, sent, strict=True)]


def insert_arrival(code: str, questionnaire_id: int, answer: dict[str, Any]) -> bool:
    """ARRIVAL INSERT: keep an answer (Arrival's fields by attribute name) for the
    counter of `code`, if the counter and its centre are open and `questionnaire_id`
    is the version in force; whether it was kept.

    By hand: the busiest statement of the system, run for every answer sent. Through
    the ORM, building it and looking the counter up first cost more than the database's
    own work; here the insert finds the counter itself. Index: the counter's unique
    survey code, then the centre's and questionnaire's keys. Texts go as they are and
    JSON as text that the statement casts (the driver's JSON adapter cost more than the
    other values); others are prepared by their model fields."""
    sql, fields = _arrival_insert()
    db = connections[DEFAULT_DB_ALIAS]  # `connection` finds it again on each use
    params = []
    for f, default, how in fields:
        value = answer.get(f.attname, default)
        if how == "json":
            value = orjson.dumps(value).decode()
        elif how == "field":
            value = f.get_db_prep_value(value, db, prepared=True)  # the answer's time, aware
        elif not isinstance(value, str):
            value = f.get_db_prep_save(value, db)
        params.append(value)
    with cursor() as c:
        c.execute(sql, [*params, questionnaire_id, code])
        return c.rowcount == 1


# --- the fold ---------------------------------------------------------------------------


def vacuum_arrivals() -> None:
    """VACUUM ARRIVALS (PostgreSQL, outside a transaction): give back the room of the
    folded arrivals. By hand: the ORM has no VACUUM."""
    with cursor() as c:
        c.execute(f"VACUUM {_q(Arrival._meta.db_table)}")


@functools.cache
def _move_arrivals() -> str:
    columns = ", ".join(_q(f.column) for f in Arrival._meta.concrete_fields if not f.primary_key)
    return (
        f"INSERT INTO {_q(Response._meta.db_table)} ({columns}, status, source)"
        f" SELECT {columns}, CASE WHEN {any_of('id')} THEN %s ELSE %s END, %s"
        f" FROM {_q(Arrival._meta.db_table)} WHERE {any_of('id')}"
        # In the order they came, so that answers keep it as ids (a plain SELECT may
        # hand rows over in the order of whichever index the planner takes).
        f" ORDER BY id"
    )


def move_arrivals(ids: Sequence[int], suspect: Sequence[int]) -> None:
    """ARRIVALS INTO RESPONSES: copy the arrivals `ids` into Response, those of
    `suspect` as suspect, the others as counted, from the page.

    By hand: the copy stays inside the database, where building a batch's thousand
    rows in Python cost more than the copy; the ORM has no INSERT … SELECT. Index: the
    arrivals' key."""
    with cursor() as c:
        c.execute(
            _move_arrivals(),
            [
                values(suspect),
                Response.Status.SUSPECT,
                Response.Status.COUNTED,
                Response.Source.WEB,
                values(ids),
            ],
        )


@functools.cache
def _recent_answers(column: str) -> str:
    return (
        f"SELECT device_hash, network_hash, fingerprint, status"
        f" FROM {_q(Response._meta.db_table)}"
        f" WHERE {any_of(_q(column))} AND submitted_at >= %s"
    )


# Senders asked about per statement: few enough that PostgreSQL reads each one's answers
# through its own index rather than every answer of the window through the time's.
PROBES = 50


def recent_answers(
    column: str, senders: Iterable[str], since: datetime
) -> list[tuple[str, str, str, str]]:
    """RECENT ANSWERS OF SENDERS: (device, network, fingerprint, status) of the answers
    since `since` from these senders, `column` being device_hash or network_hash.

    By hand: a fold asks it for a thousand senders, PROBES at a time, always in the
    same statement with one array, where the ORM would make a new statement for every
    number of senders. Index: (device_hash, submitted_at) or (network_hash,
    submitted_at), one descent per sender. The index on the time alone would read
    every answer of the window, which the planner takes for few: the window's answers
    are the newest, which the table's statistics always underestimate."""
    ordered = sorted(senders)
    db = connections[DEFAULT_DB_ALIAS]
    after = Response._meta.get_field("submitted_at").get_db_prep_value(since, db)
    rows: list[tuple[str, str, str, str]] = []
    with cursor() as c:
        for first in range(0, len(ordered), PROBES):
            c.execute(_recent_answers(column), [values(ordered[first : first + PROBES]), after])
            rows += c.fetchall()
    return rows


# --- tallies ------------------------------------------------------------------------------

# A tally's key: (centre, province, month); a centre's has no province, the country's
# neither. Each kind has its own unique constraint, two of them partial (survey/models.py).
TallyKey = tuple[int | None, str | None, date]
TallyRow = tuple[int, int | None, str | None, Any, int, str]
_ARBITERS = {
    "centre": "(centre_id, month)",
    "province": "(province_id, month) WHERE centre_id IS NULL",
    "country": "(month) WHERE centre_id IS NULL AND province_id IS NULL",
}


def _kind(key: TallyKey) -> str:
    return "centre" if key[0] else "province" if key[1] else "country"


def make_tallies(keys: Iterable[TallyKey]) -> list[TallyRow]:
    """MAKE TALLIES: make the tallies of `keys` that do not exist yet, empty, and lock
    them with those someone made meanwhile; returns (id, centre, province, month,
    responses, counts as JSON text) of each.

    By hand: `INSERT … ON CONFLICT … DO UPDATE` both makes a missing row and locks and
    returns one made by another transaction since it was found missing, in one
    statement per kind of tally (the ORM's ignore_conflicts returns neither). The
    conflict names each kind's unique index, two of them partial. Rows are made in the
    order of their keys, kind after kind, so that two transactions making the same
    tallies never wait on each other in a circle. Run for a month's first answers only:
    its text varies with the number of keys."""
    table = _q(Tally._meta.db_table)
    found = []
    by_kind: dict[str, list[TallyKey]] = {}
    for key in keys:
        by_kind.setdefault(_kind(key), []).append(key)
    with cursor() as c:
        for kind, arbiter in _ARBITERS.items():
            some = sorted(by_kind.get(kind, []), key=lambda k: (k[0] or 0, k[1] or "", k[2]))
            if not some:
                continue
            rows = ", ".join([f"(%s, %s, %s, 0, CAST(%s AS {_json()}))"] * len(some))
            c.execute(
                f"INSERT INTO {table} AS t (centre_id, province_id, month, responses, counts)"
                f" VALUES {rows} ON CONFLICT {arbiter} DO UPDATE SET responses = t.responses"
                f" RETURNING id, centre_id, province_id, month, responses,"
                f" CAST(counts AS text)",
                [value for c_, p, m in some for value in (c_, p, m, "{}")],
            )
            found += c.fetchall()
    return found


def write_tallies(rows: Sequence[tuple[int, int, str]]) -> None:
    """WRITE TALLIES: store tallies' new figures, (id, responses, counts as JSON text),
    locked before by the same transaction.

    By hand: one statement per thousand tallies, where the ORM's bulk_update makes a
    CASE of every id for each column. Index: the tallies' key. The counts are worked
    in Python from the locked rows: adding them up inside the database instead (an
    upsert merging JSON) cost far more (docs/survey.md)."""
    table = _q(Tally._meta.db_table)
    as_json = f"CAST(%s AS {_json()})"
    with cursor() as c:
        for first in range(0, len(rows), 1000):
            chunk = rows[first : first + 1000]
            c.execute(
                f"WITH v (id, responses, counts) AS"
                f" (VALUES {', '.join([f'(%s, %s, {as_json})'] * len(chunk))})"
                f" UPDATE {table} SET responses = v.responses, counts = v.counts"
                f" FROM v WHERE {table}.id = v.id",
                [value for row in chunk for value in row],
            )


@functools.cache
def _centre_tallies() -> str:
    return (
        f"SELECT month, responses, CAST(counts AS text) FROM {_q(Tally._meta.db_table)}"
        f" WHERE centre_id = %s AND month >= %s AND month <= %s"
    )


def centre_tallies(centre_id: int, first: date, last: date) -> list[tuple[Any, int, str]]:
    """A CENTRE'S TALLIES: (month, responses, counts as JSON text) of a centre's tallies
    from month `first` to `last` (months come back as text from SQLite).

    By hand: a centre's round is the figure asked most, and through the ORM building
    this query cost more than running it. Index: the unique (centre, month)."""
    with cursor() as c:
        c.execute(_centre_tallies(), [centre_id, first, last])
        return c.fetchall()


# --- the questionnaire ------------------------------------------------------------------


@functools.cache
def _questionnaire_versions() -> str:
    return f"SELECT id, version FROM {_q(Questionnaire._meta.db_table)} ORDER BY version DESC"


def questionnaire_versions() -> list[tuple[int, int]]:
    """QUESTIONNAIRE VERSIONS: (id, version) of every stored version, newest first.

    By hand: read before every figure and every fold, a few rows, where building the
    query through the ORM cost more than running it. No index: a table of a few rows."""
    with cursor() as c:
        c.execute(_questionnaire_versions())
        return c.fetchall()
