"""Campaign surveys (issue 13): one-off surveys that an organisation (OPS PMO, DLA, a
province) runs of the organisations it oversees or of their staff.

A campaign asks its targets (organisations chosen from the registry) through a
questionnaire version. Two audiences:
- organisations: each target gives ONE response, filled by its unit administrator, kept
  as a draft until it is sent;
- staff: anyone at a target answers anonymously through the target's own link and QR
  code (`Target.staff_code`). The answer is attributed to the organisation only, never
  to a person; the device and network are seen only by `Sighting`, which is not linked
  to any answer and is forgotten (campaigns/protection.py).
"""

import secrets
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saduak.language import in_language
from thaicalendar import dates

# Public codes: 10 letters and digits without look-alikes (0/O, 1/I/L), for a short
# address printed under a QR code and typed by hand from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Questionnaire(models.Model):
    """A stored version of a campaign questionnaire (format: campaigns/questionnaire.py).
    Never changed once stored: a change is the next version."""

    code = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("campaign questionnaire")
        verbose_name_plural = _("campaign questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="one_campaign_questionnaire_version"
            )
        ]

    def __str__(self) -> str:
        return in_language(self.content.get("title_th", ""), self.content.get("title_en"))


class Campaign(models.Model):
    class Audience(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations: one answer each, by its administrator")
        STAFF = "staff", _("Staff: anonymous answers through a link and QR code")

    class State(models.TextChoices):
        # Derived from the dates (`state`), never stored.
        DRAFT = "draft", _("Draft")
        # Not "Open"/"Closed": their Thai is certification's, for calls for applications.
        SCHEDULED = "scheduled", _("Not open for answers yet")
        OPEN = "open", _("Taking answers")
        CLOSED = "closed", _("Closed to answers")

    owner = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    purpose_th = models.TextField(_("purpose (Thai)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    audience = models.CharField(
        _("who answers"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.ORGANISATIONS,
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Results of a group with fewer answers are shown only as "too few answers".
    min_group = models.PositiveSmallIntegerField(
        _("fewest answers shown as a group"), default=settings.CAMPAIGN_MIN_GROUP
    )
    # What was chosen as targets, described as it was when the campaign was launched
    # (correspondence/recipients.py groups).
    selection = models.JSONField(default=dict, blank=True)
    target_count = models.PositiveIntegerField(default=0)
    # Bumped by every saved change of the draft: a stale form is refused, not applied.
    revision = models.PositiveIntegerField(default=0)
    # The results' stable public address, /r/<public_code>/, drawn at creation so that
    # a letter can print its QR code before the results are published.
    public_code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Closed before closes_on by its owner (the close date is then that day).
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("campaign survey")
        verbose_name_plural = _("campaign surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.pk])

    @property
    def title(self) -> str:
        return in_language(self.title_th, self.title_en)

    @property
    def purpose(self) -> str:
        return in_language(self.purpose_th, self.purpose_en)

    @property
    def public_path(self) -> str:
        return reverse("campaigns:public_results", args=[self.public_code])

    @property
    def is_staff_survey(self) -> bool:
        return self.audience == self.Audience.STAFF

    def state_on(self, day: date) -> str:
        if self.launched_at is None:
            return self.State.DRAFT
        if self.closed_at is not None or day > self.closes_on:
            return self.State.CLOSED
        if day < self.opens_on:
            return self.State.SCHEDULED
        return self.State.OPEN

    @property
    def state(self) -> str:
        return self.state_on(dates.bangkok_today())

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def accepts_answers(self) -> bool:
        """Answers are taken from opens_on to closes_on, Bangkok days, both included."""
        return self.state == self.State.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


def open_on(day: date, prefix: str = "") -> models.Q:
    """Campaigns taking answers on `day` (the filter `Campaign.state_on` says OPEN to):
    launched, not closed early, and `day` from opens_on to closes_on, both included.
    With a prefix such as "campaign__", for anything of a campaign."""
    return models.Q(
        **{
            f"{prefix}launched_at__isnull": False,
            f"{prefix}closed_at__isnull": True,
            f"{prefix}opens_on__lte": day,
            f"{prefix}closes_on__gte": day,
        }
    )


class Target(models.Model):
    """An organisation a launched campaign asks."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Staff surveys: the organisation's own anonymous link, /s/<staff_code>/.
    staff_code = models.CharField(max_length=CODE_LENGTH, unique=True, null=True, blank=True)
    # Organisation surveys: when its one response was sent (kept here so that response
    # rates are counted from this table alone). Staff surveys: its first staff answer.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "organisation__name_th"]
        verbose_name = _("organisation asked")
        verbose_name_plural = _("organisations asked")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="one_target_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:answer", args=[self.pk])


class Response(models.Model):
    """Answers to a campaign: an organisation's one response (a draft, then sent), or
    one anonymous staff answer (sent when it arrives; counted, or suspect until its
    campaign's owner decides)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        SUSPECT = "suspect", _("Suspect, awaiting a decision")
        REJECTED = "rejected", _("Rejected")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    anonymous = models.BooleanField(default=False)  # a staff answer
    answers = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    reasons = models.JSONField(default=list, blank=True)  # why a staff answer is suspect
    revision = models.PositiveIntegerField(default=0)
    # Organisation responses only: who saved and who sent. A staff answer keeps no
    # account, no time finer than its day, nothing that points at a person.
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("campaign answer")
        verbose_name_plural = _("campaign answers")
        constraints = [
            # One response per organisation asked, also when two of its administrators
            # send at the same instant (campaigns/answering.py says so to the second).
            models.UniqueConstraint(
                fields=["target"],
                condition=models.Q(anonymous=False),
                name="one_response_per_organisation",
            )
        ]
        indexes = [models.Index(fields=["campaign", "state", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"

    @property
    def is_sent(self) -> bool:
        return self.state == self.State.SENT


class Sighting(models.Model):
    """A staff answer's device and network, as salted hashes, for the abuse checks of
    the anonymous page only: not linked to the answer, and deleted after
    CAMPAIGN_SIGHTING_DAYS (campaigns/protection.py). Its key is random and its time
    the hour, so that neither its order nor its time pairs it with the answer taken in
    the same instant; its hashes are keyed by the campaign, so that one phone cannot be
    followed from one campaign (or the citizen survey) to another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    device_hash = models.CharField(max_length=64, blank=True)
    network_hash = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField(db_index=True)  # the hour, never finer

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "device_hash"]),
            models.Index(fields=["campaign", "network_hash", "seen_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.seen_at:%Y-%m-%d}"


def kind_of(organisation: Any) -> str:
    """The kind an organisation is counted under in response rates and result filters:
    a local government by its type (เทศบาลตำบล, อบต. …), others by their kind."""
    return organisation.lao_type or organisation.kind
