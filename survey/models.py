from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from saduak.language import in_language


class Questionnaire(models.Model):
    """A version of the national core questionnaire (survey/data/core-vN.yaml), stored
    whole. Answers keep the version they were given on."""

    code = models.CharField(max_length=30)
    version = models.PositiveSmallIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_questionnaire_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def item_codes(self) -> list[str]:
        """The scored items in answer order: every dimension's items, then the overall."""
        return item_codes(self.content)


def item_codes(content: dict[str, Any]) -> list[str]:
    codes = [item["code"] for dim in content["dimensions"] for item in dim["items"]]
    return [*codes, content["overall"]["code"]]


class LocalQuestion(models.Model):
    """A centre's own question, asked after the core on the same 5-level scale."""

    centre = models.ForeignKey(
        "registry.ServiceCentre", on_delete=models.CASCADE, related_name="local_questions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text_th = models.CharField(_("question (Thai)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["centre", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_th, self.text_en)


class Response(models.Model):
    """One citizen's answers. Nothing in it identifies the person: the device and the
    network address are kept only as salted hashes, for abuse checks."""

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        SUSPECT = "suspect", _("Suspect, awaiting a decision")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        WEB = "web", _("QR code")
        IMPORT = "import", _("Imported")

    counter = models.ForeignKey(
        "registry.Counter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    centre = models.ForeignKey(
        "registry.ServiceCentre", on_delete=models.PROTECT, related_name="survey_responses"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(db_index=True)
    # One digit per scored item, in Questionnaire.item_codes order; 0 = not answered.
    # Compact and portable: 10 million answers stay small on SQLite and PostgreSQL alike.
    scores = models.CharField(max_length=40)
    local_scores = models.JSONField(default=dict, blank=True)  # {local question id: 1-5}
    respondent = models.JSONField(default=dict, blank=True)  # {"sex": "f", "age": "a3", …}
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COUNTED)
    reasons = models.JSONField(default=list, blank=True)  # why it is suspect
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    device_hash = models.CharField(max_length=64, blank=True)
    network_hash = models.CharField(max_length=64, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=64, blank=True)  # of the answers, for repeats

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["centre", "submitted_at"]),
            models.Index(fields=["status", "centre"]),
            models.Index(fields=["device_hash", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.submitted_at:%Y-%m-%d %H:%M} {self.scores}"


class Tally(models.Model):
    """Counted answers of one month, per score of each item, for a centre, a whole
    province (centre empty) or the whole country (centre and province empty). Kept up to
    date as answers arrive, so statistics read a few rows instead of millions of answers.
    """

    month = models.DateField()  # the first day of the month
    centre = models.ForeignKey(
        "registry.ServiceCentre", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    province = models.ForeignKey(
        "registry.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    responses = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)  # {item code: [n1, n2, n3, n4, n5]}

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "month"], name="one_centre_tally"),
            models.UniqueConstraint(
                fields=["province", "month"],
                condition=models.Q(centre__isnull=True),
                name="one_province_tally",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(centre__isnull=True, province__isnull=True),
                name="one_country_tally",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.centre_id or self.province_id}: {self.responses}"


class PeopleServed(models.Model):
    """How many people a centre served in a period, as the centre reports it: the
    population for the sample-size check (Taro Yamane)."""

    centre = models.ForeignKey(
        "registry.ServiceCentre", on_delete=models.CASCADE, related_name="people_served"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    people = models.PositiveIntegerField(_("people served"))

    class Meta:
        ordering = ["centre", "-period_start"]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.period_start}–{self.period_end}: {self.people}"
