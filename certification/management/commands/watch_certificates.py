from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from certification.watch import watch_certificates
from thaicalendar import dates


class Command(BaseCommand):
    help = (
        "Put under watch the certificates whose centre has missed or had rejected "
        "CERTIFICATE_WATCH_AFTER_ROUNDS maintenance rounds in a row (for cron, nightly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        marked = watch_certificates(actor=None, today=dates.bangkok_today())
        self.stdout.write(
            ngettext(
                "%(n)s certificate put under watch.",
                "%(n)s certificates put under watch.",
                len(marked),
            )
            % {"n": len(marked)}
        )
        for certificate in marked:
            self.stdout.write(f"  {certificate.number} {certificate.centre}")
