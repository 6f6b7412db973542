from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from standards.loader import check_path
from standards.services import StandardRejected, publish_checked


class Command(BaseCommand):
    help = (
        "Check and publish standard data files (YAML or Excel). Every file is checked "
        "first; if any has an error, nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        checked = [check_path(path) for path in paths]
        errors = [error for result in checked for error in result.errors]
        if not errors:
            try:
                with transaction.atomic():
                    outcomes = [publish_checked(actor=None, checked=c) for c in checked]
            except StandardRejected as exc:
                errors = exc.errors
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(_("%(n)s error(s); nothing was loaded.") % {"n": len(errors)})
        for result, (standard, created) in zip(checked, outcomes, strict=True):
            if created:
                message = _("%(file)s: loaded %(standard)s.")
            else:
                message = _("%(file)s: %(standard)s is already loaded with this content.")
            self.stdout.write(message % {"file": result.source_name, "standard": standard})
