"""What every piece of evidence is, whatever it supports (a maintenance report's
checklist item, an application's criterion): a file checked by saduak/uploads.py, or a
link. Never changed once stored; a removed piece stays while a sent version lists it."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredEvidence(models.Model):
    link = models.URLField(_("link"), max_length=500, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    # What the content is (pdf, png, docx …), found from the bytes, never from the name;
    # downloads are served as this type under this extension.
    kind = models.CharField(_("kind of file"), max_length=20, blank=True)
    extension = models.CharField(_("file extension"), max_length=10, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("fingerprint (SHA-256)"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn = models.BooleanField(_("removed from the draft"), default=False)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.link

    @property
    def download_name(self) -> str:
        """The uploader's name for the file, with the extension of what it really is."""
        stem = Path(self.original_name).stem or "evidence"
        return f"{stem}{self.extension}"

    def as_record(self) -> dict[str, Any]:
        """How a sent version lists this piece of evidence."""
        return {
            "id": self.pk,
            "name": self.original_name,
            "link": self.link,
            "kind": self.kind,
            "size": self.size,
            "sha256": self.sha256,
        }
