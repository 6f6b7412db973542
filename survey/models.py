from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saduak.language import in_language
from thaicalendar import dates


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
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
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
        verbose_name = _("local question")
        verbose_name_plural = _("local questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_th, self.text_en)

    @property
    def code(self) -> str:
        """Its name in the form and in the centre's tallies."""
        return local_code(self.pk)


LOCAL_PREFIX = "local-"


def local_code(question_id: int | str) -> str:
    return f"{LOCAL_PREFIX}{question_id}"


class Answered(models.Model):
    """What a citizen sent, as both an arrival and a stored answer keep it. Nothing in
    it identifies the person: the device and the network address are kept only as
    salted hashes, for abuse checks."""

    submitted_at = models.DateTimeField(db_index=True)
    # One digit per scored item, in Questionnaire.item_codes order; 0 = not answered.
    # Compact and portable: 10 million answers stay small on SQLite and PostgreSQL alike.
    scores = models.CharField(max_length=40)
    local_scores = models.JSONField(default=dict, blank=True)  # {local question id: 1-5}
    respondent = models.JSONField(default=dict, blank=True)  # {"sex": "f", "age": "a3", …}
    comment = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True)  # why it is suspect
    device_hash = models.CharField(max_length=64, blank=True)
    network_hash = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)  # of the answers, for repeats
    # Seconds from the page being served to the answer being sent, when the page's
    # signed time came back: how alike the fill times of a counter's answers are.
    fill_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Also the audit trail's name for it, so a Bangkok time read as Thai people do.
        return f"#{self.pk} · {dates.format_datetime(self.submitted_at)}"


class Arrival(Answered):
    """An answer just sent from the citizen's page, waiting to be judged and counted
    (survey/intake.py). Kept narrow, without indexes or foreign-key checks, so that
    taking an answer is one cheap insert: the insert itself finds the counter, its
    centre and the questionnaire (a database check would lock their rows for every
    answer), and Django still refuses to delete a counter with answers waiting. The
    intake moves arrivals into Response in batches, within seconds."""

    counter = models.ForeignKey(
        "registry.Counter",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    centre = models.ForeignKey(
        "registry.ServiceCentre",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    submitted_at = models.DateTimeField()


class Response(Answered):
    """One citizen's answers, judged: counted, suspect or rejected."""

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
    # No index of its own: the (centre, submitted_at) one serves. Every index is paid
    # for by every answer stored, ten million a year.
    centre = models.ForeignKey(
        "registry.ServiceCentre",
        on_delete=models.PROTECT,
        related_name="survey_responses",
        db_index=False,
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    # The window of the counter's stream that made it suspect (survey/stream.py), decided
    # as a whole; empty for an answer judged alone.
    window = models.ForeignKey(
        "SuspectWindow",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        db_index=False,
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [
            models.Index(fields=["centre", "submitted_at"]),
            # Only suspect answers are looked up by status (the suspect list): a partial
            # index, which counted answers, nearly all of them, never touch.
            models.Index(
                fields=["centre"],
                condition=models.Q(status="suspect"),
                name="survey_response_suspect",
            ),
            # Rejected answers are counted per centre and period for what the figures
            # leave out (survey.selectors.left_out): partial too, and rare.
            models.Index(
                fields=["centre", "submitted_at"],
                condition=models.Q(status="rejected"),
                name="survey_response_rejected",
            ),
            models.Index(fields=["device_hash", "submitted_at"]),
            models.Index(fields=["network_hash", "submitted_at"]),
            # Few answers are in a window: a partial index, which the rest never touch.
            models.Index(
                fields=["window"],
                condition=models.Q(window__isnull=False),
                name="survey_response_window",
            ),
        ]


class IntakeLock(models.Model):
    """One row, taken (updated) first by whoever folds arrivals, so that folds run one
    at a time on PostgreSQL and SQLite alike: the abuse checks judge each answer
    against every answer judged before it."""

    taken_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"intake lock, last taken {self.taken_at}"


class StreamWatch(models.Model):
    """One row: how far the stream's watch has judged (survey/stream.py), as the id of
    the last answer from the page it saw. Answers are stored in order of id by folds
    that take turns, so every answer after it is new to the watch."""

    judged_upto = models.BigIntegerField(default=0)
    watched_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"stream watched up to answer {self.judged_upto}, at {self.watched_at}"


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
    # {item code: [n1, n2, n3, n4, n5]}; a centre's own also holds its local questions'
    # (under local_code), which are nobody else's.
    counts = models.JSONField(default=dict)

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
        "registry.ServiceCentre",
        verbose_name=_("service centre"),
        on_delete=models.CASCADE,
        related_name="people_served",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    people = models.PositiveIntegerField(_("people served"))

    class Meta:
        ordering = ["centre", "-period_start"]
        verbose_name = _("people served")
        verbose_name_plural = _("people served")

    def __str__(self) -> str:
        # Also the audit trail's name for it: dates in BE, as Thai people read them.
        start, end = dates.format_date(self.period_start), dates.format_date(self.period_end)
        return f"{start} – {end}: {self.people:,}"


class SuspectWindow(models.Model):
    """A stretch of one counter's answers that looks stuffed as a whole (survey/stream.py):
    every answer in it is suspect, out of the statistics, until someone decides on the
    window at once. `signals` says why, with the figures a reviewer weighs:
    [{"code": a survey.reasons.STREAM code, "seen": …, "usual": …, …}]."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting a decision")
        COUNTED = "counted", _("Counted")
        REJECTED = "rejected", _("Rejected")

    counter = models.ForeignKey("registry.Counter", on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey("registry.ServiceCentre", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    signals = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    flagged_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("suspect window")
        verbose_name_plural = _("suspect windows")
        indexes = [models.Index(fields=["counter", "starts_at"])]

    def __str__(self) -> str:
        # Also the audit trail's name for it.
        start, end = dates.format_datetime(self.starts_at), dates.format_datetime(self.ends_at)
        return f"{start} – {end}"

    @property
    def codes(self) -> list[str]:
        return [signal["code"] for signal in self.signals]


class OpeningHours(models.Model):
    """When a centre serves people on one day of the week (survey/opening.py). A centre
    without any row keeps weekday office hours; a day without a row is closed. Thai
    public holidays are closed whatever the rows say (thaicalendar/holidays.py)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    centre = models.ForeignKey(
        "registry.ServiceCentre", on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["centre", "weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(fields=["centre", "weekday"], name="one_opening_per_day"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="opens_before_closing"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
