from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditTrailIsPermanent(Exception):
    """Raised on any attempt to change or remove an audit record."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # The trail is evidence: bulk edits and deletes are refused here too, not only
    # on single instances, so no code path through the ORM can rewrite history.
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsPermanent("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsPermanent("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One change made through the system: who, what, when, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        PASSWORD = "password", _("Password changed")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the record still reads right if the account is renamed.
    actor_label = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditTrailIsPermanent("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsPermanent("audit events cannot be deleted")

    @property
    def object_type_label(self) -> str:
        return type_label(self.object_type)


def type_label(object_type: str) -> str:
    """The model's name in the reader's language ("registry.organisation" → หน่วยงาน)."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
