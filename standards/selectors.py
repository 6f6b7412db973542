"""Reading standards. Every logged-in staff member may read every version: the standard
is public policy, so there is no jurisdiction to apply."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from standards.loader import TOP_FIELDS, Content, decimal_text, header_fields
from standards.models import ChecklistItem, Criterion, Dimension, Level, Standard

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Counts(TypedDict):
    criterion_count: int
    checklist_count: int


def _official_first() -> Case:
    return Case(
        When(status=Standard.Status.OFFICIAL, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def standard_for_year(fiscal_year: int) -> Standard | None:
    """The standard that applies to a fiscal year (BE): that year's highest version,
    an official one before any template; when the year has none, the same choice in
    the latest earlier year that has one. Whatever `id` OPS PMO gives the official
    criteria, they take precedence over the shipped template."""
    standards = Standard.objects.filter(fiscal_year__lte=fiscal_year)
    return (
        standards.annotate(official=_official_first())
        .order_by("-fiscal_year", "-official", "-version")
        .first()
    )


def find_version(code: str, fiscal_year: int, version: int) -> Standard | None:
    return Standard.objects.filter(code=code, fiscal_year=fiscal_year, version=version).first()


def predecessor(content: Content) -> Standard | None:
    """The version a new one follows: the same code's latest version before it."""
    return (
        Standard.objects.filter(code=content["id"])
        .filter(
            Q(fiscal_year__lt=content["fiscal_year"])
            | Q(fiscal_year=content["fiscal_year"], version__lt=content["version"])
        )
        .order_by("-fiscal_year", "-version")
        .first()
    )


def standards_with_counts() -> "QuerySet[WithAnnotations[Standard, Counts]]":
    return Standard.objects.annotate(
        criterion_count=Count("criteria", distinct=True),
        checklist_count=Count("checklist_items", distinct=True),
    ).order_by("-fiscal_year", "-version", "code")  # Meta.ordering is dropped here


def standard_with_parts(pk: int) -> Standard:
    """One version with everything its page shows, or 404."""
    return get_object_or_404(
        Standard.objects.select_related("loaded_by").prefetch_related(
            "levels", "dimensions", "criteria", "checklist_items"
        ),
        pk=pk,
    )


@dataclass
class DimensionGroup:
    dimension: Dimension | None
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((c.max_points or Decimal(0) for c in self.criteria), Decimal(0))


@dataclass
class Layout:
    """A version's parts as its page shows them: basic requirements, then the scored
    criteria grouped by dimension in the standard's order."""

    levels: list[Level]
    basic: list[Criterion]
    groups: list[DimensionGroup]
    checklist: list[ChecklistItem]

    @property
    def total_points(self) -> Decimal:
        return sum((g.points for g in self.groups), Decimal(0))


def layout(standard: Standard) -> Layout:
    """Uses the prefetched parts of `standard_with_parts` (no further queries)."""
    dimensions = {d.pk: d for d in standard.dimensions.all()}
    groups: dict[int | None, DimensionGroup] = {
        pk: DimensionGroup(d) for pk, d in dimensions.items()
    }
    basic: list[Criterion] = []
    for criterion in standard.criteria.all():
        if criterion.dimension_id is not None:
            criterion.dimension = dimensions[criterion.dimension_id]
        if not criterion.is_scored:
            basic.append(criterion)
            continue
        # A scored criterion always has a dimension in a loaded file; None is a fallback.
        groups.setdefault(criterion.dimension_id, DimensionGroup(None)).criteria.append(criterion)
    return Layout(
        levels=list(standard.levels.all()),
        basic=basic,
        groups=[g for g in groups.values() if g.dimension is not None or g.criteria],
        checklist=list(standard.checklist_items.all()),
    )


def content_of(standard: Standard) -> Content:
    """A stored version as canonical content: what was loaded, so its hash is the
    stored `content_hash`, and it can be compared or written out as Excel."""

    def number(value: Decimal | None) -> str | None:
        return None if value is None else decimal_text(value)

    dimensions = list(standard.dimensions.all())
    codes = {d.pk: d.code for d in dimensions}
    top = {
        "id": standard.code,
        "fiscal_year": standard.fiscal_year,
        "version": standard.version,
        "status": standard.status,
        "title_th": standard.title_th,
        "title_en": standard.title_en,
    }
    assert list(top) == [f.name for f in TOP_FIELDS]
    return {
        **top,
        "levels": [
            {
                "code": level.code,
                "name_th": level.name_th,
                "name_en": level.name_en,
                "min_score": number(level.min_score),
            }
            for level in standard.levels.all()
        ],
        "dimensions": [
            {"code": d.code, "name_th": d.name_th, "name_en": d.name_en} for d in dimensions
        ],
        "criteria": [
            {
                "code": c.code,
                "kind": c.kind,
                "dimension": codes.get(c.dimension_id) if c.dimension_id else None,
                "text_th": c.text_th,
                "text_en": c.text_en,
                "max_points": number(c.max_points),
                "evidence_th": c.evidence_th,
                "evidence_en": c.evidence_en,
                "guidance_th": c.guidance_th,
                "guidance_en": c.guidance_en,
            }
            for c in standard.criteria.all()
        ],
        "checklist": [
            {
                "code": item.code,
                "text_th": item.text_th,
                "text_en": item.text_en,
                "guidance_th": item.guidance_th,
                "guidance_en": item.guidance_en,
            }
            for item in standard.checklist_items.all()
        ],
    }


def unsaved_standard(content: Content) -> Standard:
    """A Standard built from content in memory, so a preview can use the same
    templates (the template notice, the name) before anything is stored."""
    return Standard(**header_fields(content))
