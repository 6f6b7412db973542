"""Fold citizens' answers into the statistics as they arrive (survey/intake.py), tidy
the table of arrivals and judge the counters' streams every minute (survey/stream.py),
and forget old answers' hashed senders every hour
(survey/protection.py), with the campaigns' staff sightings (campaigns/protection.py).

    python manage.py survey_intake            # runs until stopped (SIGTERM or Ctrl+C)
    python manage.py survey_intake --once     # folds what waits, then stops

Run one beside the web server; more than one is safe (folds take turns) but no faster.
"""

import gc
import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from campaigns import protection as campaign_protection
from survey import intake, protection, stream

logger = logging.getLogger(__name__)
FORGET_EVERY = 3600  # seconds between clearing old senders (protection.forget_old_senders)
TIDY_EVERY = 60  # seconds between vacuums of the arrivals (intake.tidy)
WATCH_EVERY = 60  # seconds between judgements of the counters' streams (stream.watch)


class Command(BaseCommand):
    help = "Judge and count citizens' answers as they arrive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="fold what waits, then stop")
        parser.add_argument(
            "--idle",
            type=float,
            default=1.0,
            help="seconds to wait after a batch that was not full (default 1)",
        )

    def handle(self, *args: Any, once: bool, idle: float, **options: Any) -> None:
        if once:
            self.stdout.write(f"folded {intake.fold()} answers")
            self.stdout.write(f"made {stream.watch()} answers suspect in windows of a stream")
            self.stdout.write(f"forgot the senders of {protection.forget_old_senders()} answers")
            forgotten = campaign_protection.forget_old_sightings()
            self.stdout.write(f"forgot {forgotten} sightings of staff answers")
            intake.tidy()
            return
        stopping = False

        def stop(_signum: int, _frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # A fold makes and drops thousands of objects, and now and then the collector's
        # full pass went over all that Django had loaded too: a quarter of the fold's
        # time. What is loaded by now lives as long as the process, so it is set aside.
        gc.freeze()
        # A stop is heard between batches: a batch in progress is committed first. After
        # a batch that was not full it waits, so that at a peak each batch gathers
        # hundreds of answers: most of a fold's cost is per batch, not per answer.
        forget_at = tidy_at = watch_at = time.monotonic()  # at once, then every so often
        while not stopping:
            try:
                if time.monotonic() >= forget_at:
                    protection.forget_old_senders()
                    campaign_protection.forget_old_sightings()
                    forget_at = time.monotonic() + FORGET_EVERY
                if time.monotonic() >= tidy_at:
                    intake.tidy()
                    tidy_at = time.monotonic() + TIDY_EVERY
                if time.monotonic() >= watch_at:
                    stream.watch()
                    watch_at = time.monotonic() + WATCH_EVERY
                if intake.fold_batch() == intake.BATCH:
                    continue
            except DatabaseError:
                # The database restarting, or a deadlock: the batch rolled back and
                # waits; try again after the pause with a new connection.
                logger.exception("survey intake: folding failed; trying again")
                connection.close()
            close_old_connections()
            time.sleep(idle)
