"""A file prepared in the background for one account: an export too long to make while
the person waits (docs/downloads.md)."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def download_path(instance: "Download", filename: str) -> str:
    # A random stored name: nothing the person chose reaches the disk, and the path
    # cannot be guessed even where MEDIA is served by mistake. The name the person sees
    # is `filename` (the download name), given when the file is sent.
    return f"downloads/{instance.user_id}/{secrets.token_hex(16)}"


class Download(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting its turn")
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")
        # The file was removed after settings.DOWNLOADS_KEEP_DAYS; the record stays, so
        # an old link says what happened rather than "not found".
        EXPIRED = "expired", _("Removed after its time")

    class Failure(models.TextChoices):
        # What the person reads; the technical cause goes to the log, not to them.
        ERROR = (
            "error",
            _(
                "The file could not be prepared because of a fault in the system. Please ask "
                "for it again; if it fails again, tell the system's administrator."
            ),
        )
        REFUSED = (
            "refused",
            _("You may no longer read what this file would hold, or it no longer exists."),
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    # A name in downloads.preparing's registry, and what it is given.
    maker = models.CharField(_("maker"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300)
    # Where the file was asked for: "ask again" posts there once more.
    again_url = models.CharField(max_length=1000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    file = models.FileField(_("file"), upload_to=download_path, blank=True, max_length=200)
    filename = models.CharField(_("download name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    failure = models.CharField(_("error"), max_length=10, choices=Failure.choices, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    # The worker that prepares it: who (a random token per attempt) and when it last
    # showed a sign of life. A claim without a sign of life for CLAIM_TIMEOUT is taken
    # to be a stopped worker's (downloads/preparing.py).
    claim = models.CharField(max_length=32, blank=True)
    worked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["state", "finished_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("downloads:download", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.PREPARING)

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def keep_days(self) -> int:
        return int(settings.DOWNLOADS_KEEP_DAYS)

    def as_seen_now(self) -> "Download":
        """The download as its account sees it now: a file past its time reads as
        removed, whether or not the worker has deleted it yet (reading never writes)."""
        if self.state == self.State.READY and self.expires_at and self.expires_at <= timezone.now():
            self.state = self.State.EXPIRED
        return self

    @property
    def expires_at(self) -> datetime | None:
        if self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=settings.DOWNLOADS_KEEP_DAYS)
