import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from standards.diff import compare
from standards.loader import Content, check_path
from standards.selectors import content_of, find_version

REFERENCE = re.compile(r"^(?P<code>[^:\s]+):(?P<fiscal_year>\d{4}):(?P<version>\d+)$")


def _content(reference: str) -> Content:
    """A stored version named CODE:FISCAL_YEAR:VERSION, or a YAML or Excel file."""
    match = REFERENCE.match(reference)
    if match and not Path(reference).exists():
        standard = find_version(match["code"], int(match["fiscal_year"]), int(match["version"]))
        if standard is None:
            raise CommandError(_("No standard %(ref)s is loaded.") % {"ref": reference})
        return content_of(standard)
    checked = check_path(reference)
    if not checked.ok or checked.content is None:
        raise CommandError("\n".join(str(e) for e in checked.errors))
    return checked.content


class Command(BaseCommand):
    help = (
        "Show what changed between two versions of a standard, field by field. Each "
        "argument is a loaded version (gecc:2565:1) or a data file (YAML or Excel)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("before", metavar="BEFORE")
        parser.add_argument("after", metavar="AFTER")

    def handle(self, *args: Any, before: str, after: str, **options: Any) -> None:
        changes = compare(_content(before), _content(after))
        if not changes:
            self.stdout.write(_("No differences."))
        for change in changes:
            self.stdout.write(str(change))
