"""Background work on Django's tasks API (django-tasks, with django-tasks-db: the
database is the queue).

Every task is safe to run twice: what it writes is keyed (a letter reaches a unit once,
a notice has one key), so a task that a stopped worker left half done is simply run
again. `manage.py work` first puts such unfinished work back on the queue (the
`resume` functions below), then runs the worker.
"""

import os
from collections.abc import Callable

from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker

# Each puts its app's unfinished work back on the queue, and says how much.
RESUME = (
    "correspondence.delivery.resume",
    "notices.sending.resume",
    "downloads.preparing.resume",
)


def resume_unfinished() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in RESUME:
        try:
            resume: Callable[[], int] = import_string(path)
        except ImportError:
            continue
        found[path] = resume()
    return found


def run_queued_tasks() -> None:
    """Run every task that is due now, in this process, then return: for tests and
    benchmarks, which drive the same worker `manage.py work` runs."""
    # The worker itself, without the signal handlers its command installs: a test's
    # Ctrl+C must still stop the test run. Nor does it close "old" connections between
    # tasks, as a worker process does: inside a test's transaction the connection is
    # not in autocommit, which Django takes for unusable, and PostgreSQL's would be
    # closed under the test (SQLite's in-memory test database never is).
    original = db_worker.close_old_connections
    db_worker.close_old_connections = _keep_connections
    try:
        _worker().run()
    finally:
        db_worker.close_old_connections = original


def _keep_connections(**kwargs: object) -> None:
    """In place of django.db.close_old_connections while tasks run in-process."""


def _worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0.0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"in-process-{os.getpid()}",
        excluded_queue_names=[],
    )
