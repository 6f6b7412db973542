"""The audit trail as people read it. `record()` keeps what a change was in the terms of
the database (field names, primary keys, ISO UTC times, Python's text of a duration),
so that the record stays exact whatever the language. This turns it, at reading time,
into the field's label in the reader's language and values as the pages show them:
choices by their label, dates in BE and Bangkok time, durations in words, related
objects by their name."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.dateparse import parse_duration
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from thaicalendar import dates

EMPTY = "–"

# Keys a service records that are not fields of the model (survey/imports.py).
EXTRA_LABELS = {
    "imported_answers": gettext_lazy("answers imported"),
    "file": gettext_lazy("file"),
    "file_sha256": gettext_lazy("fingerprint of the file (SHA-256)"),
    "questionnaire": gettext_lazy("questionnaire"),
    # certification.calls records the levels open by name under this key.
    "levels": gettext_lazy("levels open"),
}
# Bookkeeping the trail keeps but nobody reads: the draft's optimistic-locking counter.
NOT_SHOWN = {
    ("maintenance.report", "revision"),
    ("certification.application", "revision"),
    # Each mean's percentage follows its mean (never typed): the mean's change says it.
    *(
        ("maintenance.report", f"percentage_{d}")
        for d in ("process", "staff", "facilities", "outcome")
    ),
}
# maintenance.services.save_draft records an answer to a checklist item under this key
# with the item's id, the value being [answer, comment].
ITEM_KEY = "item:"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _lang() -> str:
    return "en" if (get_language() or "th").split("-")[0] == "en" else "th"


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _fields(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {field.attname: field for field in model._meta.concrete_fields}


class _Names:
    """Names of the related objects that a page of events mentions, fetched with one
    query per model rather than one per value."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[str, str]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            self.found[model] = {
                str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=pks)
            }

    def name(self, model: type[models.Model], pk: Any) -> str:
        # An object deleted since keeps its number: the record must still say which.
        return self.found.get(model, {}).get(str(pk), f"#{pk}")


def _related(field: models.Field[Any, Any]) -> type[models.Model] | None:
    model = field.related_model if field.is_relation else None
    return model if isinstance(model, type) else None


def _is_empty(value: Any, field: models.Field[Any, Any] | None) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    # Saves of the draft before 4 December 2569 kept an empty figure as the text "None".
    return value == "None" and not isinstance(field, models.CharField | models.TextField)


def _value(value: Any, field: models.Field[Any, Any] | None, names: _Names) -> str:
    if _is_empty(value, field):
        return EMPTY
    if field is None:
        return _plain_text(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    related = _related(field)
    if related is not None:
        return names.name(related, value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(str(value))
            return dates.format_datetime(moment, lang=_lang())
        if isinstance(field, models.DateField):
            return dates.format_date(datetime.date.fromisoformat(str(value)), lang=_lang())
        if isinstance(field, models.DurationField):
            length = parse_duration(str(value))
            if length is not None:
                return dates.format_duration(length, lang=_lang())
    except (TypeError, ValueError):
        pass  # a value of another shape than the field's: shown as it was kept
    return _plain_text(value)


def _plain_text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_plain_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_plain_text(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _answer(value: Any) -> str:
    from maintenance.models import Answer

    if not isinstance(value, list) or not value or _is_empty(value[0], None):
        return EMPTY
    answer = str(dict(Answer.Value.choices).get(value[0], value[0]))
    comment = value[1] if len(value) > 1 and value[1] else ""
    return f"{answer} ({comment})" if comment else answer


def _in_reading_order(entry: tuple[str, Any]) -> tuple[int, int, str]:
    # The trail keeps keys sorted as text (item:10 before item:2); items read in order.
    key = entry[0]
    number = key.removeprefix(ITEM_KEY)
    if key.startswith(ITEM_KEY) and number.isdigit():
        return (1, int(number), "")
    return (0, 0, key)


def describe(events: Iterable[AuditEvent]) -> None:
    """Give each event `readable_changes`: a Change (label, before, after) for each
    value it records, in the reader's language."""
    from standards.models import ChecklistItem

    events = list(events)
    names = _Names()
    for event in events:
        fields = _fields(_model(event.object_type))
        for key, pair in (event.changes or {}).items():
            field = fields.get(key)
            related = _related(field) if field is not None else None
            if related is not None and isinstance(pair, list):
                for pk in pair:
                    names.want(related, pk)
            if key.startswith(ITEM_KEY):
                names.want(ChecklistItem, key.removeprefix(ITEM_KEY))
    names.fetch()
    for event in events:
        fields = _fields(_model(event.object_type))
        changes = []
        for key, pair in sorted((event.changes or {}).items(), key=_in_reading_order):
            if (event.object_type, key) in NOT_SHOWN:
                continue
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            field = fields.get(key)
            if key.startswith(ITEM_KEY):
                code = names.name(ChecklistItem, key.removeprefix(ITEM_KEY))
                label = _("checklist item %(item)s") % {"item": code}
                changes.append(Change(capfirst(label), _answer(before), _answer(after)))
                continue
            if field is not None:
                label = str(field.verbose_name)
            else:
                label = str(EXTRA_LABELS.get(key, key.replace("_", " ")))
            changes.append(
                Change(capfirst(label), _value(before, field, names), _value(after, field, names))
            )
        event.readable_changes = changes  # type: ignore[attr-defined]
