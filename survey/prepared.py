"""Statements sent apart from their values, so that PostgreSQL plans them once per
connection: for the few that run for every answer (survey/intake.py) or by the
thousand (survey/protection.py), planning cost PostgreSQL more than running them.
Django's own cursors put the values inside the statement, which is never prepared.
Settings: DB_PREPARED (off behind a pooler that cannot keep prepared statements)."""

import weakref
from typing import Any

import psycopg
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

# The cursor of each connection to PostgreSQL, kept while the connection lives: making
# one for each answer cost a tenth of the citizen's request's own work.
_cursors: "weakref.WeakKeyDictionary[Any, CursorWrapper]" = weakref.WeakKeyDictionary()


def cursor(db: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor of `db` that prepares its statements on PostgreSQL (Django's own cursor
    elsewhere), wrapped as Django wraps its own: errors are Django's, and a test or
    DEBUG counting queries sees them. Not to be closed: it is kept for the connection."""
    if db.vendor != "postgresql":
        return db.cursor()
    db.ensure_connection()
    if db.queries_logged:  # a fresh one that logs
        return db.make_debug_cursor(_psycopg_cursor(db))
    kept = _cursors.get(db.connection)
    if kept is None:
        kept = _cursors[db.connection] = db.make_cursor(_psycopg_cursor(db))
    return kept


def _psycopg_cursor(db: BaseDatabaseWrapper) -> Any:  # the stubs expect a wrapper here
    return psycopg.Cursor(db.connection)
