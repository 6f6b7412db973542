"""Every notice the system sends, stored: who, what, when, by which channel, and whether
it arrived (DESIGN.md, Reminders). "Was this unit reminded of that letter, and when?"
is a query on this table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    class Kind(models.TextChoices):
        NEW_LETTER = "new_letter", _("A new letter in the inbox")
        REMINDER = "reminder", _("Reminder of a letter")
        NEW_CAMPAIGN = "new_campaign", _("A campaign survey to answer")
        CAMPAIGN_REMINDER = "campaign_reminder", _("Reminder of a campaign survey")
        # From a dashboard's whom to chase: what the unit is late or silent on.
        CHASE = "chase", _("Reminder of what the unit owes")
        DIGEST = "digest", _("Weekly digest of a dashboard")

    class Channel(models.TextChoices):
        # Shown in the organisation's inbox in the system itself.
        INBOX = "inbox", _("In the system")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        # Claimed by a worker that is sending it now (notices/sending.py).
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation notified"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person notified"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    address = models.EmailField(_("e-mail address"), blank=True)
    letter = models.ForeignKey(
        "correspondence.Letter",
        verbose_name=_("letter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign survey"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    # Makes a second notice of the same thing impossible, however often a task runs:
    # "<kind>:<what>:<to whom>", built by the service that creates the notice.
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["letter", "organisation", "kind"]),
            models.Index(fields=["status", "channel"]),
            models.Index(fields=["campaign", "organisation", "kind"]),
        ]

    def __str__(self) -> str:
        return self.subject
