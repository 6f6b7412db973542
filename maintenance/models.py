from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saduak.stored_evidence import StoredEvidence
from thaicalendar import dates

# The largest number an integer column holds on PostgreSQL (SQLite would take more, up
# to 2⁶³): a count past it is refused by the form and by full_clean, with the field
# named, instead of by the database with a server error.
INTEGER_MAX = 2**31 - 1


class Round(models.Model):
    """A 6- or 12-month maintenance round of a fiscal year. OPS PMO sets its deadline;
    opening it fixes which centres owe a report and against which standard."""

    class Months(models.IntegerChoices):
        SIX = 6, _("6-month round")
        TWELVE = 12, _("12-month round")

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    months = models.PositiveSmallIntegerField(_("round"), choices=Months.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    deadline = models.DateField(_("deadline"))
    standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-fiscal_year", "-months"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "months"], name="one_round_per_kind")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("maintenance:completeness") + f"?round={self.pk}"

    @property
    def name(self) -> str:
        return self.calendar_round.name

    @property
    def calendar_round(self) -> dates.Round:
        return dates.Round(
            self.fiscal_year, self.months, self.period_start, self.period_end, self.deadline
        )

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def due(self) -> datetime:
        """The last moment a report is on time: the end of the deadline day in Bangkok."""
        return dates.deadline_moment(self)


class Report(models.Model):
    """What one centre owes for one round: a Self Checklist with evidence and the round's
    satisfaction results. The draft lives here; each submission is a ReportVersion."""

    class Status(models.TextChoices):
        OWED = "owed", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        RETURNED = "returned", _("Returned for correction")
        ACCEPTED = "accepted", _("Accepted")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by the centre")
        SURVEY = "survey", _("Computed from the citizen survey")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="reports"
    )
    centre = models.ForeignKey(
        "registry.ServiceCentre",
        verbose_name=_("service centre"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    standard = models.ForeignKey(
        "standards.Standard", verbose_name=_("standard"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OWED, db_index=True
    )
    # Optimistic locking of the draft: every save names the revision it started from,
    # so a second tab (or a colleague) cannot overwrite it unseen.
    revision = models.PositiveIntegerField(_("draft revision"), default=0)
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("draft saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The first submission decides on time or late; later versions answer a return.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    late_by = models.DurationField(_("late by"), null=True, blank=True)

    # The round's satisfaction results. Entered by hand for now; the citizen-survey
    # module fills the same slot (source = survey).
    satisfaction_source = models.CharField(
        _("source of the satisfaction results"),
        max_length=10,
        choices=Source.choices,
        default=Source.MANUAL,
    )
    respondents = models.PositiveIntegerField(
        _("number of respondents"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(INTEGER_MAX)],
    )
    mean_process = models.DecimalField(
        _("mean: process and steps"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    mean_staff = models.DecimalField(
        _("mean: staff"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    mean_facilities = models.DecimalField(
        _("mean: facilities"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    mean_outcome = models.DecimalField(
        _("mean: outcome"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    overall_percentage = models.DecimalField(
        _("overall satisfaction (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Each mean's percentage (mean × 20), kept beside it and never typed: from the round's
    # survey it is worked from the unrounded mean (4.2135 → 84.27, as the survey's results
    # show it, where the mean shown, 4.21, would give 84.20); from a mean typed by hand it
    # is that mean × 20. services.save_draft sets them (PERCENTAGE_FIELDS).
    percentage_process = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    percentage_staff = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    percentage_facilities = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    percentage_outcome = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["round", "centre__name_th"]
        verbose_name = _("maintenance report")
        verbose_name_plural = _("maintenance reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "centre"], name="one_report_per_round")
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.centre} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("maintenance:report", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.OWED, self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_late(self) -> bool:
        return self.late_by is not None and self.late_by > timedelta(0)

    def overdue_by(self, today: date) -> int:
        """Whole days past the round's deadline that a report never sent has waited, on
        `today` (a Bangkok date, e.g. `dates.bangkok_today()`); 0 when it is not overdue.

        The one overdue rule of the system. A report is due by the end of the deadline
        day in Bangkok, so it is overdue from the next Bangkok day on. Once sent it is no
        longer overdue, even if returned for correction: its first sending already
        decided whether it was late (`late_by`)."""
        if self.first_submitted_at is not None or self.status not in (
            self.Status.OWED,
            self.Status.DRAFT,
        ):
            return 0
        return max((today - self.round.deadline).days, 0)


SATISFACTION_FIELDS = (
    "respondents",
    "mean_process",
    "mean_staff",
    "mean_facilities",
    "mean_outcome",
    "overall_percentage",
)

# The percentage kept beside each mean (see Report.percentage_process).
PERCENTAGE_FIELDS = {
    "mean_process": "percentage_process",
    "mean_staff": "percentage_staff",
    "mean_facilities": "percentage_facilities",
    "mean_outcome": "percentage_outcome",
}


class Answer(models.Model):
    """The centre's answer to one checklist item, in the current draft."""

    class Value(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "na", _("Not applicable")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        "standards.ChecklistItem",
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.CharField(_("answer"), max_length=10, choices=Value.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name is the content's hash: no user-chosen path reaches the disk.
    return f"evidence/{instance.report_id}/{instance.sha256}{instance.extension}"


class Evidence(StoredEvidence):
    """A file or a link supporting one checklist item of a maintenance report."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="evidence"
    )
    item = models.ForeignKey(
        "standards.ChecklistItem",
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("stored file"), upload_to=evidence_path, blank=True)

    class Meta(StoredEvidence.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")


class ReportVersion(models.Model):
    """A submission, frozen: what was sent, by whom and when, and how it was reviewed."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        RETURNED = "returned", _("Returned for correction")
        ACCEPTED = "accepted", _("Accepted")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content sent"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    late_by = models.DurationField(_("late by"), null=True, blank=True)
    outcome = models.CharField(
        _("review"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    # {checklist item code: the reviewer's comment on it}
    item_comments = models.JSONField(_("comments on items"), default=dict, blank=True)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("maintenance:version", args=[self.report_id, self.number])
