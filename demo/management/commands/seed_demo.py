from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import scenario


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="allow in production")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError("Refusing to load demo accounts in production (use --force).")
        scenario.load()
        answers = scenario.sample_answers()
        if answers:
            self.stdout.write(f"{answers} sample citizens' answers")
        for rnd in scenario.open_rounds():
            self.stdout.write(f"Open: {rnd.calendar_round.name_en}, deadline {rnd.deadline}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {scenario.DEMO_PASSWORD})")
        for account in scenario.ACCOUNTS:
            self.stdout.write(f"  {account.username:<20} {account.note}")
        self.stdout.write("")
