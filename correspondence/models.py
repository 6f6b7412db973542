"""Official letters (หนังสือราชการ) as data, after the Saraban regulation (DOMAIN.md §4).

A letter is written by an organisation and sent to organisations. Each recipient's copy
(`Recipient`) carries what happened to it: delivered, first opened, acknowledged in the
recipient's own incoming register (ลงรับ), answered. Those moments are written once, by
the services (drafting, sending, delivery, receiving), and never changed. A recipient
passes a letter down with its own covering letter (`Letter.forwards`), so a letter and
its forwards make a cascade whose first letter is `root`.

Numbers are kept with Arabic digits and shown with Thai digits on official documents.
"""

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saduak.problems import Problem
from saduak.stored_evidence import StoredEvidence
from thaicalendar import dates

# A letter code: the ministry's letters (มท, สธ, นร) or a province's two (ปน), a space,
# then the owner unit's number with its dotted parts (0810.7, 0023.3).
LETTER_CODE = re.compile(r"^[ก-ฮ]{1,4} ?\d{2,5}(\.\d{1,4})*$")
# A whole letter number as written on the letter: code, "/", "ว" for a circular, number.
REFERENCE_NUMBER = re.compile(
    r"^(?P<code>[ก-ฮ]{1,4} ?\d{2,5}(\.\d{1,4})*)/ ?(?P<circular>ว ?)?(?P<number>\d{1,6})$"
)


def normalise_number(text: str) -> str:
    """A letter number as typed (Thai or Arabic digits, spaces as people type them) in
    the one stored form: Arabic digits, one space after the letters and after ว."""
    text = " ".join(dates.arabic_digits(text).split())
    match = REFERENCE_NUMBER.match(text)
    if not match:
        return text
    code = re.sub(r"^([ก-ฮ]+) ?", r"\1 ", match["code"])
    circular = "ว " if match["circular"] else ""
    return f"{code}/{circular}{int(match['number'])}"


def validate_letter_code(value: str) -> None:
    if not LETTER_CODE.match(dates.arabic_digits(value).strip()):
        raise ValidationError(
            _("Write the letter code as the Saraban rules do, such as มท 0810.7 or ปน 0023.3."),
            code="letter_code",
        )


def validate_reference_number(value: str) -> None:
    if not REFERENCE_NUMBER.match(normalise_number(value)):
        raise ValidationError(
            _(
                "Write the letter's number as it is written on the letter, such as "
                "มท 0810.7/ว 1408 or มท 0810.7/7555."
            ),
            code="reference_number",
        )


class Letterhead(models.Model):
    """What an organisation prints at the top of its letters: its letter code and its
    address. Kept by the organisation's correspondence officers."""

    organisation = models.OneToOneField(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="letterhead",
    )
    letter_code = models.CharField(
        _("letter code"),
        max_length=40,
        validators=[validate_letter_code],
        help_text=_("The code before the number on every letter, such as มท 0810.7."),
    )
    address = models.TextField(
        _("address"), help_text=_("Printed under the emblem, on the right of the letter.")
    )
    # The owner unit and its telephone, printed at the foot of the first page.
    contact = models.TextField(_("contact unit and telephone"), blank=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.letter_code

    def clean(self) -> None:
        self.letter_code = normalise_number(self.letter_code + "/1").rsplit("/", 1)[0]

    @classmethod
    def of(cls, organisation_id: int) -> "Letterhead | None":
        """The organisation's letterhead, or None while none is written."""
        return cls.objects.filter(organisation_id=organisation_id).first()


class Emblem(models.Model):
    """The image at the top of every letter (ตราครุฑ). The newest one is used; OPS PMO
    replaces the placeholder the system ships with by the official file."""

    image = models.FileField(_("image"), upload_to="emblem/")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("emblem")
        verbose_name_plural = _("emblems")

    def __str__(self) -> str:
        return f"{self.image.name}"


class RegisterYear(models.Model):
    """The last number an organisation's outgoing register gave in a calendar year, for
    one kind of letter (circulars run their own series, Saraban regulation §15). Locked
    while a number is taken, so numbers never repeat and never leave a gap."""

    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year (BE)"))
    kind = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "kind"], name="one_register_per_year_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} {self.kind}: {self.last}"


class Letter(models.Model):
    class Kind(models.TextChoices):
        CIRCULAR = "circular", _("Circular to many (ว)")
        SINGLE = "single", _("Letter to one recipient")

    class Urgency(models.TextChoices):
        NONE = "", _("Not urgent")
        URGENT = "urgent", _("Urgent")
        VERY_URGENT = "very_urgent", _("Very urgent")
        MOST_URGENT = "most_urgent", _("Most urgent")

    class Action(models.TextChoices):
        READ = "read", _("For information only")
        ACKNOWLEDGE = "acknowledge", _("Acknowledge receipt")
        ANSWER = "answer", _("Answer by the due date")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Being delivered")
        SENT = "sent", _("Sent")

    sender = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="letters_sent",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Copied from the letterhead when the letter is sent: a later change of code does
    # not renumber letters already out.
    letter_code = models.CharField(_("letter code"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("register year (BE)"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, blank=True, default=""
    )
    subject = models.CharField(_("subject"), max_length=300)
    salutation = models.CharField(
        _("salutation"),
        max_length=300,
        help_text=_("After เรียน: whom the letter addresses, such as ผู้ว่าราชการจังหวัดปัตตานี."),
    )
    body = models.TextField(_("body"), help_text=_("A blank line starts a new paragraph."))
    closing = models.CharField(_("closing"), max_length=100, default="ขอแสดงความนับถือ")
    signatory_name = models.CharField(_("signatory's name"), max_length=200)
    signatory_position = models.CharField(_("signatory's position"), max_length=300)
    action = models.CharField(
        _("what recipients must do"), max_length=12, choices=Action.choices, default=Action.READ
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # A campaign survey whose published results the letter's PDF points to with a QR
    # code at its foot (as the founding letter points to the incentive-needs survey).
    results_campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("QR code of a campaign's results"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )

    # A covering letter that passes a received letter down: the copy it passes on.
    forwards = models.ForeignKey(
        "Recipient",
        verbose_name=_("forwards"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    # The first letter of the cascade (itself for a letter that forwards nothing).
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="cascade"
    )
    depth = models.PositiveSmallIntegerField(default=0)

    # What the sender chose ("every local government of Pattani", three units …), as
    # correspondence/recipients.py reads it; the organisations are fixed when it is sent.
    selection = models.JSONField(default=dict, blank=True)
    chosen_ids = models.JSONField(default=list, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered to every recipient"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "year", "kind", "number"], name="one_number_per_register"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="draft") | models.Q(number__isnull=True),
                name="draft_has_no_number",
            ),
        ]
        indexes = [models.Index(fields=["sender", "state", "-sent_at"])]

    def __str__(self) -> str:
        return self.reference or self.subject

    def get_absolute_url(self) -> str:
        return reverse("correspondence:letter", args=[self.pk])

    @property
    def reference(self) -> str:
        """The number as written after ที่, with Arabic digits: มท 0810.7/ว 1408."""
        if self.number is None:
            return ""
        circular = "ว " if self.kind == self.Kind.CIRCULAR else ""
        return f"{self.letter_code}/{circular}{self.number}"

    @property
    def official_reference(self) -> str:
        return dates.thai_digits(self.reference)

    def missing(self) -> list[Problem]:
        """What must still be written before the letter can be sent, each on its field
        (the recipients are checked by the sending itself)."""
        problems = []
        for name in ("subject", "salutation", "body", "signatory_name", "signatory_position"):
            if not getattr(self, name).strip():
                label = self._meta.get_field(name).verbose_name  # type: ignore[union-attr]
                problems.append(Problem(name, str(_("Fill in %(field)s.") % {"field": label})))
        if self.action == self.Action.ANSWER:
            if not self.due_date:
                message = _("A letter that asks for an answer needs a due date.")
                problems.append(Problem("due_date", str(message)))
            if not self.questions.exists():
                message = _("Add at least one question to the reply form.")
                problems.append(Problem("questions", str(message)))
        received = self.forwards.letter if self.forwards_id and self.forwards else None
        if received and received.due_date and self.due_date and self.due_date > received.due_date:
            late = _(
                "A forwarded letter's due date cannot be after the due date of the letter "
                "it passes on (%(date)s)."
            ) % {"date": dates.format_date(received.due_date)}
            problems.append(Problem("due_date", str(late)))
        return problems

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.action == self.Action.ANSWER and not self.due_date:
            errors["due_date"] = _("A letter that asks for an answer needs a due date.")
        if self.due_date and self.date and self.due_date < self.date:
            errors["due_date"] = _("The due date cannot be before the letter's date.")
        if errors:
            raise ValidationError(errors)


class Reference(models.Model):
    """อ้างถึง: an earlier letter, linked when it is in the system."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(default=0)
    issuer = models.CharField(
        _("issuing organisation"),
        max_length=300,
        help_text=_("The organisation that issued it, such as กรมส่งเสริมการปกครองท้องถิ่น."),
    )
    number = models.CharField(
        _("letter number"), max_length=60, validators=[validate_reference_number]
    )
    date = models.DateField(_("dated"))
    cites = models.ForeignKey(
        Letter,
        verbose_name=_("the letter in the system"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        self.number = normalise_number(self.number)


class Enclosure(StoredEvidence):
    """สิ่งที่ส่งมาด้วย: a description as printed on the letter and, usually, the file."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="enclosures")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(
        _("description"),
        max_length=500,
        help_text=_("As it is printed: สำเนาหนังสือกระทรวงมหาดไทย … จำนวน 1 ชุด."),
    )
    file = models.FileField(_("file"), upload_to="letters/%Y/", blank=True)

    class Meta(StoredEvidence.Meta):
        ordering = ["position", "id"]
        verbose_name = _("enclosure")
        verbose_name_plural = _("enclosures")


class Question(models.Model):
    """One question of the short reply form a letter that asks for an answer carries."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        NUMBER = "number", _("A number")
        TEXT = "text", _("A text")
        FILE = "file", _("A file")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label


class Recipient(models.Model):
    """One recipient's copy of a letter and what happened to it. Each moment is written
    once and never changed (correspondence/receiving.py)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="letters_received",
    )
    delivered_at = models.DateTimeField(_("delivered"))
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The recipient's own incoming register (ลงรับ): its number and date.
    register_number = models.CharField(_("incoming register number"), max_length=30, blank=True)
    register_date = models.DateField(_("incoming register date"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["letter", "organisation__name_th"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "organisation"], name="a_letter_reaches_a_unit_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "-delivered_at"])]

    def __str__(self) -> str:
        return f"{self.letter} → {self.organisation}"


class UnitTally(models.Model):
    """One unit's copies of letters, counted as of one day (Bangkok): what an overseer's
    dashboard sums over thousands of units instead of reading every copy
    (correspondence/tallies.py). `changes` goes up with every write to one of the unit's
    copies (a delivery, an acknowledgement, an answer); the counts are those of the
    moment `changes` was `counted`, and are current only while the two are equal and
    `day` is today (a copy becomes late with the days alone)."""

    organisation = models.OneToOneField(
        "registry.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="letter_tally",
    )
    day = models.DateField(null=True)  # None: never counted
    changes = models.PositiveIntegerField(default=0)
    counted = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    acknowledged = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    # Copies of letters asking for an answer, past their due date and not answered.
    answers_overdue = models.PositiveIntegerField(default=0)
    # Copies of letters asking for acknowledgement, not acknowledged in time.
    unacknowledged = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.day}"


class Answer(models.Model):
    """A recipient's answer to one question of the reply form."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    yes = models.BooleanField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to="answers/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.question_id}"


class Party(models.Model):
    """An organisation a letter concerns, so its people (and those who oversee it) may
    read it: the sender, every recipient, the units it was forwarded to further down
    and, for a forward, the senders above it in the cascade. Written only by
    correspondence/sending.py and delivery.py; `accounts.capabilities.letters_for` reads it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "organisation"], name="one_party_row")
        ]
        indexes = [models.Index(fields=["organisation", "letter"])]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.organisation_id}"


class RecipientList(models.Model):
    """A group of organisations an organisation writes to often, kept under a name (the
    provinces of the south, the units of a pilot), chosen as one on the send page. The
    members are fixed when a letter is sent (`Letter.chosen_ids`): changing a list later
    changes no letter already out."""

    owner = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("kept by"),
        on_delete=models.CASCADE,
        related_name="recipient_lists",
    )
    name = models.CharField(_("name"), max_length=200)
    members: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("organisations"),
        through="RecipientListMember",
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved list of recipients")
        verbose_name_plural = _("saved lists of recipients")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="one_list_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


class RecipientListMember(models.Model):
    recipient_list = models.ForeignKey(
        RecipientList, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_list", "organisation"], name="a_unit_is_listed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_list_id} → {self.organisation_id}"
