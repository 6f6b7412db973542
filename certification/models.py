"""GECC certification as data: the yearly call, a unit's application for one of its
centres, document screening, site assessment by numbered teams, the committee's
decision and the certificate (docs/certification.md).

A centre's standing towards the standard is derived from these rows, never typed
(`certification.selectors.standing`). Writes go through the services of each step
(`calls`, `applications`, `screening`, `assessment`, `certificates`), which run in a
transaction and write the audit trail.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saduak.language import in_language
from saduak.stored_evidence import StoredEvidence

# --- the call ---------------------------------------------------------------------------


class Call(models.Model):
    """One fiscal year's call for applications. Its standard is fixed once it opens: a
    standard version is never changed (standards.models.Published), and an open call
    never points at another one."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        unique=True,
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
    )
    standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    levels = models.ManyToManyField(
        "standards.Level", verbose_name=_("levels open"), related_name="calls", blank=True
    )
    applications_open = models.DateField(_("applications open"))
    applications_close = models.DateField(_("applications close"))
    screening_deadline = models.DateField(_("screening deadline"))
    correction_days = models.PositiveSmallIntegerField(
        _("days to correct a returned application"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    visits_from = models.DateField(_("site visits from"))
    visits_until = models.DateField(_("site visits until"))
    decision_on = models.DateField(_("decision date"))
    requires_endorsement = models.BooleanField(
        _("the supervising organisation endorses applications"), default=False
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
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
        ordering = ["-fiscal_year"]
        verbose_name = _("certification call")
        verbose_name_plural = _("certification calls")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certification:call", args=[self.pk])

    @property
    def name(self) -> str:
        return str(_("GECC certification call, fiscal year %(year)s") % {"year": self.fiscal_year})

    # The call's dates, in the order they must come (each on or after the one before).
    DATE_ORDER = (
        "applications_open",
        "applications_close",
        "screening_deadline",
        "visits_from",
        "visits_until",
        "decision_on",
    )

    def clean(self) -> None:
        """The dates come in the order of the work: applications open, close, screening
        ends, visits start and end, then the committee decides. A date out of order is
        named with the one it must follow."""
        errors: dict[str, str] = {}
        previous = None
        for name in self.DATE_ORDER:
            value = getattr(self, name)
            if value is None:
                continue
            if previous is not None and value < getattr(self, previous):
                errors[name] = str(
                    _("This date must be on or after “%(earlier)s”.")
                    % {"earlier": getattr(self._meta.get_field(previous), "verbose_name", previous)}
                )
            previous = name
        if errors:
            raise ValidationError(errors)


# --- the application --------------------------------------------------------------------


class Application(models.Model):
    """A unit's application for one of its centres at one level of one call. The draft
    lives in its items; each sending is an ApplicationVersion, frozen."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_ENDORSEMENT = "awaiting_endorsement", _("Awaiting endorsement")
        SENT = "sent", _("Sent, awaiting screening")
        IN_SCREENING = "in_screening", _("In screening")
        RETURNED = "returned", _("Returned for correction")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        PASSED = "passed", _("Passed screening, awaiting the site visit")
        VISIT_SCHEDULED = "visit_scheduled", _("Site visit scheduled")
        ASSESSED = "assessed", _("Assessed, awaiting the decision")
        CERTIFIED = "certified", _("Certified")
        NOT_CERTIFIED = "not_certified", _("Not certified")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    centre = models.ForeignKey(
        "registry.ServiceCentre",
        verbose_name=_("service centre"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    level = models.ForeignKey(
        "standards.Level",
        verbose_name=_("level applied for"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=25, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # Optimistic locking of the draft, as for maintenance reports.
    revision = models.PositiveIntegerField(_("draft revision"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_sent_at = models.DateTimeField(_("first sent"), null=True, blank=True)
    endorsed_at = models.DateTimeField(_("endorsed"), null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("screener"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="screening_assignments",
    )
    correction_due = models.DateField(_("corrections due"), null=True, blank=True)
    team = models.ForeignKey(
        "certification.AssessmentTeam",
        verbose_name=_("assessment team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    visit_on = models.DateField(_("site visit"), null=True, blank=True)
    # The chair's closing of the team's consensus; the result follows from the scores
    # and the thresholds of the call's standard (certification.scoring).
    consensus_closed_at = models.DateTimeField(_("consensus closed"), null=True, blank=True)
    consensus_total = models.DecimalField(
        _("consensus score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    consensus_basic_passed = models.BooleanField(
        _("every basic requirement met"), null=True, blank=True
    )
    consensus_level = models.ForeignKey(
        "standards.Level",
        verbose_name=_("level reached"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["call", "centre__name_th"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One live application per centre and call; a withdrawn one may be followed
            # by a new one.
            models.UniqueConstraint(
                fields=["call", "centre"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_application_per_centre",
            )
        ]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        return f"{self.centre} · {self.call.fiscal_year}"

    def get_absolute_url(self) -> str:
        return reverse("certification:application", args=[self.pk])

    @property
    def is_editable_by_unit(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_decided(self) -> bool:
        return self.state in (
            self.State.CERTIFIED,
            self.State.NOT_CERTIFIED,
            self.State.NOT_ELIGIBLE,
            self.State.WITHDRAWN,
        )


# Applications in these states owe maintenance reports (DOMAIN.md §2: "certified or
# in-certification"): sent and not yet ended.
IN_PROGRESS = (
    Application.State.AWAITING_ENDORSEMENT,
    Application.State.SENT,
    Application.State.IN_SCREENING,
    Application.State.RETURNED,
    Application.State.PASSED,
    Application.State.VISIT_SCHEDULED,
    Application.State.ASSESSED,
)


class ApplicationItem(models.Model):
    """The unit's answer to one criterion of the call's standard, in the current draft:
    met or not for a basic requirement, a self-score for a scored criterion."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="items"
    )
    criterion = models.ForeignKey(
        "standards.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    met = models.BooleanField(_("met"), null=True, blank=True)
    self_score = models.DecimalField(
        _("self-score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("application item")
        verbose_name_plural = _("application items")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_item_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} · {self.application}"


def application_evidence_path(instance: "ApplicationEvidence", filename: str) -> str:
    # The stored name is the content's hash: no user-chosen path reaches the disk.
    return f"applications/{instance.application_id}/{instance.sha256}{instance.extension}"


class ApplicationEvidence(StoredEvidence):
    """A file or a link supporting one criterion of an application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    criterion = models.ForeignKey(
        "standards.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("stored file"), upload_to=application_evidence_path, blank=True)

    class Meta(StoredEvidence.Meta):
        verbose_name = _("application evidence")
        verbose_name_plural = _("application evidence")


class ApplicationVersion(models.Model):
    """A sending, frozen: every item and its evidence as sent, by whom and when; and how
    screening judged it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting screening")
        PASSED = "passed", _("Passed to site assessment")
        RETURNED = "returned", _("Returned for correction")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    # {criterion code: {"met", "self_score", "comment", "evidence": [records]}}
    content = models.JSONField(_("content sent"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("screening outcome"),
        max_length=15,
        choices=Outcome.choices,
        default=Outcome.PENDING,
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("screened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_reasons = models.ManyToManyField(
        "certification.ScreeningReason",
        verbose_name=_("reasons"),
        blank=True,
        related_name="+",
    )
    outcome_note = models.TextField(_("screener's note"), blank=True)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="unique_application_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"


# --- document screening -----------------------------------------------------------------


class ScreeningReason(models.Model):
    """A reason from the catalogue OPS PMO keeps, reused in screening results and in
    the letters that report them."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    text_th = models.CharField(_("reason (Thai)"), max_length=255)
    text_en = models.CharField(_("reason (English)"), max_length=255, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("screening reason")
        verbose_name_plural = _("screening reasons")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_th, self.text_en)


class ItemScreening(models.Model):
    """The screener's judgement of one criterion of one sent version."""

    version = models.ForeignKey(
        ApplicationVersion,
        verbose_name=_("application version"),
        on_delete=models.CASCADE,
        related_name="item_screenings",
    )
    criterion = models.ForeignKey(
        "standards.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    complete = models.BooleanField(_("complete"))
    reasons = models.ManyToManyField(
        ScreeningReason, verbose_name=_("reasons"), blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("screening of an item")
        verbose_name_plural = _("screening of items")
        constraints = [
            models.UniqueConstraint(fields=["version", "criterion"], name="one_screening_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.criterion_id}"


# --- site assessment --------------------------------------------------------------------


class AssessmentTeam(models.Model):
    """A numbered assessment team of a call."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="teams"
    )
    number = models.PositiveSmallIntegerField(_("team number"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["call", "number"]
        verbose_name = _("assessment team")
        verbose_name_plural = _("assessment teams")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_team_number")
        ]

    def __str__(self) -> str:
        return str(_("Assessment team %(number)s") % {"number": self.number})


class TeamMember(models.Model):
    """A seat on a team: an account with the assessor role, or an outside expert
    recorded by name."""

    class Seat(models.TextChoices):
        CHAIR = "chair", _("Chair")
        EXPERT = "expert", _("Expert")
        OPDC = "opdc", _("OPDC representative")
        SECRETARY = "secretary", _("OPS PMO secretary")

    team = models.ForeignKey(
        AssessmentTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    seat = models.CharField(_("seat"), max_length=10, choices=Seat.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_seats",
    )
    outside_name = models.CharField(_("name (outside expert)"), max_length=255, blank=True)

    class Meta:
        ordering = ["team", "seat"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, outside_name="")
                | models.Q(user__isnull=True) & ~models.Q(outside_name=""),
                name="member_is_account_or_named",
            ),
            models.UniqueConstraint(
                fields=["team"], condition=models.Q(seat="chair"), name="one_chair_per_team"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user_id and self.user:
            return str(self.user)
        return self.outside_name


class ConflictOfInterest(models.Model):
    """A member's declared conflict with an applying organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_conflict_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class Score(models.Model):
    """One score of one criterion: a member's in their scorebook (member set), or the
    team's consensus (member empty), closed by the chair."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        TeamMember,
        verbose_name=_("team member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "standards.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    met = models.BooleanField(_("met"), null=True, blank=True)
    points = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("areas to improve"), blank=True)
    # Each autosave names the revision it started from (optimistic locking per field
    # group), so a tablet coming back online cannot overwrite a newer entry unseen.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member", "criterion"],
                name="one_score_per_member_and_criterion",
            ),
            models.UniqueConstraint(
                fields=["application", "criterion"],
                condition=models.Q(member__isnull=True),
                name="one_consensus_per_criterion",
            ),
        ]

    def __str__(self) -> str:
        # As the audit trail names it: the criterion, and whose score it is.
        whose = self.member.name if self.member_id and self.member else _("team consensus")
        return f"{self.criterion.code} · {whose}"


# --- decision and certificate -----------------------------------------------------------


class Decision(models.Model):
    """The committee's decision on an application."""

    class Outcome(models.TextChoices):
        CERTIFIED = "certified", _("Certified")
        NOT_CERTIFIED = "not_certified", _("Not certified")

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    outcome = models.CharField(_("decision"), max_length=15, choices=Outcome.choices)
    level = models.ForeignKey(
        "standards.Level",
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()}"


class CertificateSequence(models.Model):
    """The last certificate number issued in a fiscal year. Locked while a number is
    taken, so numbers never repeat and never leave a gap."""

    fiscal_year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate numbering")
        verbose_name_plural = _("certificate numbering")

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last}"


class Certificate(models.Model):
    """A centre's certificate. Its state changes only through certification.certificates,
    each change recorded as a CertificateEvent and in the audit trail. "Expired" is not
    stored: a certificate past its valid_until is expired, whatever its state
    (`status_on`)."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded by a new certificate")

    number = models.CharField(_("certificate number"), max_length=50, unique=True)
    centre = models.ForeignKey(
        "registry.ServiceCentre",
        verbose_name=_("service centre"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # Empty for a certificate carried over from the status typed by hand before
    # certification lived in Saduak (migration 0003).
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    level = models.ForeignKey(
        "standards.Level",
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    suspended_until = models.DateField(_("to be fixed by"), null=True, blank=True)
    under_watch = models.BooleanField(_("under watch"), default=False)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    # The states in which a certificate counts until its end date (a suspended one is
    # still held; it is fixed or revoked).
    LIVE_STATES = (State.ACTIVE, State.SUSPENDED)

    class Meta:
        ordering = ["-valid_from", "number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="certificate_valid_until_after_from",
            )
        ]
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certification:certificate", args=[self.pk])

    def public_url(self) -> str:
        return reverse("register:verify", args=[self.number])

    def is_expired_on(self, today: date) -> bool:
        return today > self.valid_until

    def status_on(self, today: date) -> str:
        """What the public register says of it on `today`: its state, or "expired"."""
        if self.state in self.LIVE_STATES and self.is_expired_on(today):
            return "expired"
        return self.state


class CertificateEvent(models.Model):
    """A change of a certificate's state: never edited."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")
        WATCHED = "watched", _("Put under watch")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("change"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    deadline = models.DateField(_("to be fixed by"), null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["certificate", "at", "id"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self) -> str:
        return f"{self.certificate} {self.kind}"
