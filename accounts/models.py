from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRE_STAFF = "centre_staff", _("Centre staff")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    CLERK = "clerk", _("Correspondence officer")
    OVERSEER = "overseer", _("Overseer")
    SCREENER = "screener", _("Document screener")
    ASSESSOR = "assessor", _("Assessor")
    REVIEWER = "reviewer", _("Report reviewer")
    OPS_ADMIN = "ops_admin", _("OPS PMO administrator")


class User(AbstractUser):
    """A staff account. What it may see and do comes only from its role assignments
    (accounts/scope.py); Django's is_staff/is_superuser flags are not used."""

    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            # One person, one name, also when two are sent at the same instant: the
            # form's check (accounts/forms.py) says so first, on the field.
            models.UniqueConstraint(Lower("username"), name="username_unique_in_any_case")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held on an organisation. An overseer's role covers the organisation's
    subtree and, for a province or district, every unit on its soil."""

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        ordering = ["role", "organisation__name_th"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.organisation}"


class FailedLogin(models.Model):
    """A failed sign-in, kept for throttling (accounts/throttle.py). Stored as the
    attempt begins and removed again if it is refused or succeeds, so the rows left are
    failures. The network address is stored only as a salted hash: enough to count
    attempts, not to identify anyone (PDPA)."""

    username = models.CharField(max_length=150, db_index=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
