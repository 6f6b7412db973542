from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from standards.selectors import standards_with_counts
from thaicalendar.dates import format_datetime


class Command(BaseCommand):
    help = "List the loaded versions of the standards, newest first."

    def handle(self, *args: Any, **options: Any) -> None:
        standards = list(standards_with_counts())
        if not standards:
            self.stdout.write(_("No standard is loaded."))
            return
        for s in standards:
            self.stdout.write(
                "\t".join(
                    [
                        f"{s.code}:{s.fiscal_year}:{s.version}",
                        s.get_status_display(),
                        _("%(n)s criteria") % {"n": s.criterion_count},
                        _("%(n)s checklist items") % {"n": s.checklist_count},
                        s.content_hash[:12],
                        format_datetime(s.loaded_at),
                        s.source_name,
                    ]
                )
            )
