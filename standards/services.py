"""Publishing a version of the standard: the only way standards are written.

A published version never changes. Loading the same (code, fiscal year, version) again
with the same content is a no-op; with different content it is refused, because
reports made against that version keep pointing at it. A correction is a new version.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import record
from standards.loader import (
    Checked,
    Content,
    StandardError,
    check_content,
    content_hash,
    header_fields,
)
from standards.models import ChecklistItem, Criterion, Dimension, Level, Standard
from standards.selectors import find_version


class StandardRejected(Exception):
    """The standard was not published; `errors` says why, each with its place."""

    def __init__(self, errors: list[StandardError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class ModelSet:
    """The five model classes to write with: the current ones, or a migration's
    historical ones."""

    standard: Any
    level: Any
    dimension: Any
    criterion: Any
    checklist_item: Any


CURRENT_MODELS = ModelSet(Standard, Level, Dimension, Criterion, ChecklistItem)


def store(
    content: Content,
    *,
    source_name: str,
    loaded_by: Any = None,
    using: ModelSet = CURRENT_MODELS,
) -> Any:
    """Write a checked standard and its parts, without checks or audit. Callers:
    `publish_checked` below and the data migration that ships the default standard."""
    standard: Any = using.standard.objects.create(
        **header_fields(content),
        source_name=source_name[:255],
        content_hash=content_hash(content),
        loaded_by=loaded_by,
    )
    using.level.objects.bulk_create(
        using.level(
            standard=standard,
            order=order,
            code=level["code"],
            name_th=level["name_th"],
            name_en=level["name_en"],
            min_score=Decimal(level["min_score"]),
        )
        for order, level in enumerate(content["levels"], start=1)
    )
    dimensions = {
        dimension["code"]: using.dimension.objects.create(
            standard=standard,
            order=order,
            code=dimension["code"],
            name_th=dimension["name_th"],
            name_en=dimension["name_en"],
        )
        for order, dimension in enumerate(content["dimensions"], start=1)
    }
    using.criterion.objects.bulk_create(
        using.criterion(
            standard=standard,
            order=order,
            dimension=dimensions.get(criterion["dimension"]),
            code=criterion["code"],
            kind=criterion["kind"],
            text_th=criterion["text_th"],
            text_en=criterion["text_en"],
            max_points=_decimal(criterion["max_points"]),
            evidence_th=criterion["evidence_th"],
            evidence_en=criterion["evidence_en"],
            guidance_th=criterion["guidance_th"],
            guidance_en=criterion["guidance_en"],
        )
        for order, criterion in enumerate(content["criteria"], start=1)
    )
    using.checklist_item.objects.bulk_create(
        using.checklist_item(
            standard=standard,
            order=order,
            code=item["code"],
            text_th=item["text_th"],
            text_en=item["text_en"],
            guidance_th=item["guidance_th"],
            guidance_en=item["guidance_en"],
        )
        for order, item in enumerate(content["checklist"], start=1)
    )
    return standard


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def published_twin(checked: Checked) -> tuple[Standard | None, list[StandardError]]:
    """The stored version with the same (code, fiscal year, version), if its content is
    the same; or the error that refuses a changed one. (None, []) for a new version."""
    assert checked.content is not None
    content = checked.content
    existing = find_version(content["id"], content["fiscal_year"], content["version"])
    if existing is None:
        return None, []
    if existing.content_hash == checked.content_hash:
        return existing, []
    versions = Standard.objects.filter(code=content["id"], fiscal_year=content["fiscal_year"])
    next_version = (versions.aggregate(models.Max("version"))["version__max"] or 0) + 1
    message = _(
        "Version %(version)s of %(code)s %(fiscal_year)s is published and cannot change; "
        "publish the correction as version %(next)s."
    ) % {
        "version": content["version"],
        "code": content["id"],
        "fiscal_year": content["fiscal_year"],
        "next": next_version,
    }
    return None, [checked.error(("version",), message)]


@transaction.atomic
def publish_checked(*, actor: Any, checked: Checked) -> tuple[Standard, bool]:
    """Publish a checked file. Returns the standard and whether it is new (False: the
    same content was already loaded, nothing written). Raises StandardRejected."""
    if not checked.ok or checked.content is None:
        raise StandardRejected(checked.errors)
    existing, errors = published_twin(checked)
    if errors:
        raise StandardRejected(errors)
    if existing is not None:
        return existing, False
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    standard = store(
        checked.content,
        source_name=checked.source_name,
        loaded_by=actor if authenticated else None,
    )
    record(actor=actor, action=AuditEvent.Action.IMPORT, obj=standard)
    return standard, True


def publish(*, actor: Any, data: dict[str, Any], source_name: str) -> Standard:
    """Check `data` (a standard as plain data, the YAML's shape) and publish it.
    Publishing content that is already loaded returns the stored version unchanged."""
    standard, _created = publish_checked(
        actor=actor, checked=check_content(data, source=source_name)
    )
    return standard
