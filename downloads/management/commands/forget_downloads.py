"""python manage.py forget_downloads: remove the prepared files whose time is over
(settings.DOWNLOADS_KEEP_DAYS). The worker does it too when it starts, and a download
opened after its time removes its own file; a daily cron job keeps the disk tidy."""

from typing import Any

from django.core.management.base import BaseCommand

from downloads.preparing import forget_old


class Command(BaseCommand):
    help = "Remove prepared files older than DOWNLOADS_KEEP_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = forget_old()
        self.stdout.write(f"{count} file(s) removed")
