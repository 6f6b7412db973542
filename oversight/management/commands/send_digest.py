"""python manage.py send_digest: this week's digest for every overseer who asked for it
(oversight/digest.py). The worker runs it each Monday by itself; run by hand or from
cron, it sends nobody a second e-mail in the same week."""

from typing import Any

from django.core.management.base import BaseCommand

from oversight.digest import send_week
from thaicalendar.dates import bangkok_today


class Command(BaseCommand):
    help = "Queue this week's dashboard digest for every overseer who asked for it."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_week(bangkok_today())
        self.stdout.write(f"{count} digest(s) queued")
