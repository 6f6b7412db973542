"""Background work on Django's tasks API (django-tasks, with django-tasks-db: the
database is the queue).

Every task is safe to run twice: what it writes is keyed (a letter reaches a unit once,
a notice has one key), so a task that a stopped worker left half done is simply run
again. `manage.py work` first puts such unfinished work back on the queue (the
`resume` functions below), then runs the worker.
"""

import os
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

# Each puts its app's unfinished work back on the queue, and says how much.
RESUME = (
    "correspondence.delivery.resume",
    "notices.sending.resume",
    "downloads.preparing.resume",
    "campaigns.launching.resume",
    # Not unfinished work: the weekly digest's job, waiting for its next Monday.
    "oversight.digest.resume",
)


def resume_unfinished() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in RESUME:
        resume: Callable[[], int] = import_string(path)
        found[path] = resume()
    return found


def waiting(path: str) -> list[Any]:
    """The first argument of every task of that path still waiting in the queue: what
    a `resume` must not queue a second time."""
    from django_tasks_db.models import DBTaskResult

    found = DBTaskResult.objects.filter(status="READY", task_path=path).values_list(
        "args_kwargs", flat=True
    )
    return [arguments["args"][0] for arguments in found if arguments.get("args")]


def run_queued_tasks() -> None:
    """Run every task that is due now, in this process, then return: for tests and
    benchmarks, which drive the same worker `manage.py work` runs."""
    # Between tasks the worker checks its connection as a request would
    # (close_old_connections), which closes a connection found inside a transaction: in
    # a test, the test's own (PostgreSQL; SQLite's in-memory database ignores the close).
    # The caller's transaction is kept; outside one, the check runs as it always does.
    check = db_worker.close_old_connections

    def keep_a_transaction(**kwargs: object) -> None:
        if not connection.in_atomic_block:
            check(**kwargs)

    db_worker.close_old_connections = keep_a_transaction
    try:
        # The worker itself, without the signal handlers its command installs: a
        # test's Ctrl+C must still stop the test run.
        db_worker.Worker(
            queue_names=["default"],
            interval=0.0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"in-process-{os.getpid()}",
            excluded_queue_names=[],
        ).run()
    finally:
        db_worker.close_old_connections = check
