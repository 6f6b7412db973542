"""What changed between two versions of a standard, field by field.

Works on canonical content (standards.loader), so a stored version, a YAML file and a
workbook compare alike. Entries are matched by their code within each section.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from standards.loader import SECTIONS, TOP_FIELDS, Content

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    section: str  # "standard" for the standard's own fields, else levels, criteria …
    code: str  # the entry's code; "" for the standard's own fields
    change: str  # added | removed | changed
    field: str = ""
    before: Any = None
    after: Any = None

    @property
    def label(self) -> str:
        return {ADDED: _("added"), REMOVED: _("removed"), CHANGED: _("changed")}[self.change]

    def __str__(self) -> str:
        subject = f"{self.section} {self.code}".strip()
        if self.change == CHANGED:
            return f"{subject}: {self.field}: {_shown(self.before)} → {_shown(self.after)}"
        return f"{subject}: {self.label}"


def _shown(value: Any) -> str:
    return "–" if value is None or value == "" else str(value)


def compare(before: Content, after: Content) -> list[Change]:
    """Every difference from `before` to `after`, in the standard's order."""
    changes = [
        Change("standard", "", CHANGED, spec.name, before[spec.name], after[spec.name])
        for spec in TOP_FIELDS
        if before[spec.name] != after[spec.name]
    ]
    for section, fields in SECTIONS.items():
        old = {entry["code"]: entry for entry in before[section]}
        new = {entry["code"]: entry for entry in after[section]}
        # Position among the entries both versions share, so that one insertion does
        # not report every later entry as moved.
        shared_old = [code for code in old if code in new]
        shared_new = [code for code in new if code in old]
        for code in old:
            if code not in new:
                changes.append(Change(section, code, REMOVED))
        for code, entry in new.items():
            if code not in old:
                changes.append(Change(section, code, ADDED))
                continue
            for spec in fields:
                if old[code][spec.name] != entry[spec.name]:
                    changes.append(
                        Change(
                            section,
                            code,
                            CHANGED,
                            spec.name,
                            old[code][spec.name],
                            entry[spec.name],
                        )
                    )
            was, now = shared_old.index(code) + 1, shared_new.index(code) + 1
            if was != now:
                changes.append(Change(section, code, CHANGED, "position", was, now))
    return changes
