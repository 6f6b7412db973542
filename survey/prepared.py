"""Statements sent apart from their values, so that PostgreSQL plans them once per
connection: for the few that run for every answer (survey/intake.py) or by the
thousand (survey/protection.py), planning cost PostgreSQL more than running them.
Django's own cursors put the values inside the statement, which is never prepared.
Settings: DB_PREPARED (off behind a pooler that cannot keep prepared statements)."""

from typing import Any

import psycopg
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


def cursor(db: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor of `db` that prepares its statements on PostgreSQL (Django's own cursor
    elsewhere), wrapped as Django wraps its own: errors are Django's, and a test or
    DEBUG counting queries sees them."""
    if db.vendor != "postgresql":
        return db.cursor()
    db.ensure_connection()
    prepares: Any = psycopg.Cursor(db.connection)  # the stubs expect a wrapper here
    return db.make_debug_cursor(prepares) if db.queries_logged else db.make_cursor(prepares)
