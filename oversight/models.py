"""What oversight keeps of its own: the yearly targets OPS PMO sets per scope."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The organisations whose scope a target may be set for (or the nation: none).
TARGET_KINDS = ("ministry", "department", "province", "district")


class Target(models.Model):
    """How many centres a scope should have certified by the end of a fiscal year, as
    OPS PMO sets it: for the nation (no organisation) or for an organisation's scope (a
    ministry, a department, a province, a district)."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("scope"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    certified = models.PositiveIntegerField(_("centres certified by the end of the year"))

    class Meta:
        verbose_name = _("yearly target")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "organisation"], name="oversight_target_one_per_scope"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=models.Q(organisation__isnull=True),
                name="oversight_target_one_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.certified}"

    def clean(self) -> None:
        """A target is the nation's or a ministry's, a department's, a province's or a
        district's: a unit's own centres are not a scope OPS PMO sets targets for."""
        if self.organisation is not None and self.organisation.kind not in TARGET_KINDS:
            raise ValidationError(
                {
                    "organisation": _(
                        "A target is set for the nation, a ministry, a department, a "
                        "province or a district."
                    )
                }
            )


class Digest(models.Model):
    """An overseer who asked for the weekly digest by e-mail (oversight/digest.py): the
    figures of their own dashboards and whom to chase, as they would see them. No row:
    no e-mail. Turned on and off from the dashboard."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="oversight_digest",
    )
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest")

    def __str__(self) -> str:
        return str(self.user)
