"""python manage.py work: the background worker. `make run` starts one beside the
server; production runs any number, on any machine that reaches the database."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from saduak.background import resume_unfinished


class Command(BaseCommand):
    help = "Put unfinished background work back on the queue, then run the tasks worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args: Any, batch: bool = False, **options: Any) -> None:
        for path, count in resume_unfinished().items():
            if count:
                self.stdout.write(f"{path}: {count} put back on the queue")
        # No autoreload: a worker reloaded in the middle of a send would stop it.
        call_command(
            "db_worker", batch=batch, interval=1.0, reload=False, verbosity=options["verbosity"]
        )
