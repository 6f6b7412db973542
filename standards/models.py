"""The GECC standard as versioned data: one `Standard` per (code, fiscal year, version),
with its levels, dimensions, criteria and maintenance checklist.

A loaded version is evidence: reports keep a foreign key to the version they were made
against, so a stored version is never changed or removed. A correction is published as
a new version (docs/standards.md).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saduak.language import in_language


class PublishedStandardIsPermanent(Exception):
    """Raised on any attempt to change or remove a loaded standard or one of its parts."""


class PublishedQuerySet(models.QuerySet[Any]):
    # Refused for the whole queryset too, not only per instance, so no ORM path
    # rewrites a version that reports point at.
    def update(self, **kwargs: Any) -> int:
        raise PublishedStandardIsPermanent("a published standard cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PublishedStandardIsPermanent("a published standard cannot be removed")


class Published(models.Model):
    """Written once when the standard is loaded; never saved again, never deleted."""

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PublishedStandardIsPermanent("a published standard cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublishedStandardIsPermanent("a published standard cannot be removed")


class Standard(Published):
    """One version of the standard of one fiscal year, as loaded from its data file."""

    class Status(models.TextChoices):
        TEMPLATE = "template", _("template")
        OFFICIAL = "official", _("official")

    code = models.CharField(_("code"), max_length=50)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    source_name = models.CharField(_("loaded from"), max_length=255, blank=True)
    # sha256 of the canonical content (standards.loader.content_hash): the same content
    # from YAML or from Excel gives the same hash.
    content_hash = models.CharField(_("content hash"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-fiscal_year", "-version", "code"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "fiscal_year", "version"], name="standard_one_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code.upper()} {self.fiscal_year} v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:detail", args=[self.pk])

    @property
    def is_template(self) -> bool:
        """A placeholder built on the programme's structure, not the official criteria."""
        return self.status == self.Status.TEMPLATE

    @property
    def name(self) -> str:
        """The title in the reader's language, falling back to Thai."""
        return in_language(self.title_th, self.title_en)


class Level(Published):
    """A level of certification; reached when the scored total (as a percentage of the
    maximum points) is at least `min_score` and every basic requirement passes."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("code"), max_length=50)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    min_score = models.DecimalField(_("minimum score (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="level_code_per_standard")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_th, self.name_en)


class Dimension(Published):
    """A group of scored criteria (input, process, output …)."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=50)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="dimension_code_per_standard")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_th, self.name_en)


class Criterion(Published):
    """A basic requirement (must pass, yes or no, no points) or a scored criterion."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("basic requirement")
        SCORED = "scored", _("scored criterion")

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria")
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
    )
    code = models.CharField(_("code"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_th = models.TextField(_("criterion (Thai)"))
    text_en = models.TextField(_("criterion (English)"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    evidence_th = models.TextField(_("evidence expected (Thai)"), blank=True)
    evidence_en = models.TextField(_("evidence expected (English)"), blank=True)
    guidance_th = models.TextField(_("guidance for assessors (Thai)"), blank=True)
    guidance_en = models.TextField(_("guidance for assessors (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "code"], name="criterion_code_per_standard"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="basic", max_points__isnull=True)
                    | models.Q(kind="scored", max_points__gt=0)
                ),
                name="criterion_points_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def is_scored(self) -> bool:
        return self.kind == self.Kind.SCORED

    @property
    def text(self) -> str:
        return in_language(self.text_th, self.text_en)

    @property
    def evidence(self) -> str:
        return in_language(self.evidence_th, self.evidence_en)

    @property
    def guidance(self) -> str:
        return in_language(self.guidance_th, self.guidance_en)


class ChecklistItem(Published):
    """An item of the maintenance Self Checklist a centre answers every 6- and 12-month
    round."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="checklist_items")
    code = models.CharField(_("code"), max_length=50)
    text_th = models.TextField(_("item (Thai)"))
    text_en = models.TextField(_("item (English)"), blank=True)
    guidance_th = models.TextField(_("guidance (Thai)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "code"], name="checklist_item_code_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        """The item in the reader's language, falling back to Thai."""
        return in_language(self.text_th, self.text_en)

    @property
    def guidance(self) -> str:
        return in_language(self.guidance_th, self.guidance_en)
