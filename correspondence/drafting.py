"""Writing a letter: a draft, its references (อ้างถึง), enclosures (สิ่งที่ส่งมาด้วย) and
reply form; an organisation's letterhead; the emblem printed at the top of every letter.

Every change runs in a transaction with its audit record. Only a draft changes: a
letter once sent is never changed, so each service locks the draft and refuses
anything else. Refusals are `Incomplete` problems, each on its field.
"""

import unicodedata
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.capabilities import ADMINISTER, CORRESPOND, can, letters_for
from audit.models import AuditEvent
from audit.services import record, snapshot
from correspondence.models import (
    REFERENCE_NUMBER,
    Emblem,
    Enclosure,
    Letter,
    Letterhead,
    Question,
    Reference,
    normalise_number,
    validate_reference_number,
)
from maintenance.evidence import EvidenceRejected, check_upload
from registry.models import Organisation
from saduak import uploads
from saduak.problems import DraftConflict, Incomplete, Problem
from thaicalendar import dates

# What a draft may leave empty: `Letter.missing()` lists them before sending.
DRAFT_MAY_BE_BLANK = ("subject", "salutation", "body", "signatory_name", "signatory_position")
# What the draft form sets; the rest (number, date, state, recipients) belongs to sending.
# Fields printed on a line of their own (and the subject in e-mail headers): a line
# break or another control character in them would break the letter or its e-mails.
ONE_LINE = ("subject", "salutation", "closing", "signatory_name", "signatory_position")
DRAFT_FIELDS = (
    "kind",
    "urgency",
    "subject",
    "salutation",
    "body",
    "closing",
    "signatory_name",
    "signatory_position",
    "action",
    "due_date",
    "results_campaign",
)
# What a draft may leave empty as nothing at all (None), not as an empty text.
MAY_BE_NONE = ("due_date", "results_campaign")
# The emblem is printed about 3 cm high: 4,000 pixels is far more than print needs.
EMBLEM_MAX_SIDE = 4000


class NotADraft(PermissionDenied):
    """The letter is sent (or being sent): it never changes again."""


def _refuse(field: str, message: str) -> Incomplete:
    return Incomplete([Problem(field, message)])


def _problems(error: ValidationError) -> list[Problem]:
    if hasattr(error, "error_dict"):
        return [
            Problem(name, str(message))
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [Problem("__all__", str(message)) for message in error.messages]


def _lock_draft(letter: Letter) -> Letter:
    current = Letter.objects.select_for_update().get(pk=letter.pk)
    if current.state != Letter.State.DRAFT:
        raise NotADraft
    return current


def _touch(letter: Letter) -> None:
    """A change to a draft's references, enclosures or questions is a new revision too:
    a copy of the form loaded before it is stale."""
    Letter.objects.filter(pk=letter.pk).update(revision=F("revision") + 1)


# --- the draft ------------------------------------------------------------------------


@transaction.atomic
def start_letter(*, user: Any, sender: Organisation) -> Letter:
    """A new draft of the sender's, with its letter code from the letterhead. Refused
    (on the field "letterhead") while the organisation has none."""
    if not can(user, CORRESPOND, sender):
        raise PermissionDenied
    letterhead = Letterhead.of(sender.pk)
    if letterhead is None:
        raise _refuse(
            "letterhead",
            _("%(organisation)s has no letterhead yet: write its letter code and address first.")
            % {"organisation": sender.name_th},
        )
    letter = Letter.objects.create(
        sender=sender,
        kind=Letter.Kind.SINGLE,
        letter_code=letterhead.letter_code,
        subject="",
        salutation="",
        body="",
        signatory_name="",
        signatory_position="",
        created_by=user,
    )
    letter.root = letter
    letter.save(update_fields=["root"])
    record(actor=user, action=AuditEvent.Action.CREATE, obj=letter)
    return letter


def _check_due_date(letter: Letter, today: date) -> list[Problem]:
    if letter.due_date and letter.due_date < (letter.date or today):
        return [Problem("due_date", _("The due date cannot be before the letter's date."))]
    return []


def _check_results_campaign(letter: Letter) -> list[Problem]:
    # A letter prints the QR code of its own organisation's campaign only: the sender
    # vouches for what the code opens.
    campaign = letter.results_campaign
    if campaign is not None and campaign.owner_id != letter.sender_id:
        message = _("Choose a campaign survey run by %(organisation)s.") % {
            "organisation": letter.sender.name_th
        }
        return [Problem("results_campaign", message)]
    return []


@transaction.atomic
def save_draft(
    *,
    user: Any,
    letter: Letter,
    data: dict[str, Any],
    revision: int,
    today: date | None = None,
) -> Letter:
    """Store the draft as typed (`data`: any of DRAFT_FIELDS). Refused with
    DraftConflict when someone saved since `revision` and this save would change
    something; with Incomplete when a value is wrong (each problem on its field)."""
    current = _lock_draft(letter)
    before = snapshot(current)
    for name in DRAFT_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip() if name != "body" else value.strip("\n").rstrip()
            setattr(current, name, value if value is not None or name in MAY_BE_NONE else "")
    changed = snapshot(current) != before
    if not changed:
        return current
    if current.revision != revision:
        raise DraftConflict(Letter.objects.get(pk=current.pk))
    problems: list[Problem] = []
    try:
        current.clean_fields(exclude=[*DRAFT_MAY_BE_BLANK, "sender", "created_by"])
    except ValidationError as error:
        problems += _problems(error)
    for name in DRAFT_MAY_BE_BLANK:
        limit = getattr(current._meta.get_field(name), "max_length", None)
        if limit and len(getattr(current, name)) > limit:
            problems.append(Problem(name, _("At most %(limit)s characters.") % {"limit": limit}))
    problems += _check_due_date(current, today or dates.bangkok_today())
    problems += _check_results_campaign(current)
    problems += [
        Problem(name, _("Write it on one line: it is printed, and sent in e-mail subjects."))
        for name in ONE_LINE
        if any(unicodedata.category(c) == "Cc" for c in getattr(current, name))
    ]
    if problems:
        raise Incomplete(problems)
    current.revision = F("revision") + 1
    current.save()
    current.refresh_from_db()
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current


@transaction.atomic
def delete_draft(*, user: Any, letter: Letter) -> None:
    current = _lock_draft(letter)
    files = [(e.file.storage, e.file.name) for e in current.enclosures.all() if e.file]
    record(
        actor=user,
        action=AuditEvent.Action.DELETE,
        obj=current,
        before=snapshot(current),
        after={},
    )
    current.root = None
    current.save(update_fields=["root"])
    current.delete()
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files: list[tuple[Any, str]]) -> None:
    """After the commit: a file of a draft that is gone (never sent to anyone)."""
    for storage, name in files:
        storage.delete(name)


# --- references (อ้างถึง) ----------------------------------------------------------------


def cited_letter(*, user: Any, number: str, day: date, exclude: int | None = None) -> Letter | None:
    """The sent letter in the system with that number, of that date's year, if the
    account may read it; None otherwise (a letter it may not read stays unlinked, so
    the link reveals nothing)."""
    match = REFERENCE_NUMBER.match(normalise_number(number))
    if not match:
        return None
    code = normalise_number(f"{match['code']}/1").rsplit("/", 1)[0]
    kind = Letter.Kind.CIRCULAR if match["circular"] else Letter.Kind.SINGLE
    found = (
        letters_for(user)
        .exclude(state=Letter.State.DRAFT)
        .filter(
            letter_code=code,
            kind=kind,
            number=int(match["number"]),
            year=dates.be_year(day.year),
        )
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("pk").first()


@transaction.atomic
def add_reference(
    *,
    user: Any,
    letter: Letter,
    issuer: str,
    number: str,
    day: date | None,
    today: date | None = None,
) -> Reference:
    current = _lock_draft(letter)
    issuer = issuer.strip()
    # "หนังสือ" is printed before the issuer: typed again, it would be printed twice.
    if issuer.startswith("หนังสือ"):
        issuer = issuer.removeprefix("หนังสือ").strip()
    problems = []
    if not issuer:
        problems.append(Problem("issuer", _("Write who issued the letter referred to.")))
    if len(issuer) > Reference._meta.get_field("issuer").max_length:  # type: ignore[operator]
        problems.append(Problem("issuer", _("At most %(limit)s characters.") % {"limit": 300}))
    try:
        validate_reference_number(number)
    except ValidationError as error:
        problems.append(Problem("number", error.messages[0]))
    if day is None:
        problems.append(Problem("date", _("Write the date of the letter referred to.")))
    elif day > (today or dates.bangkok_today()):
        problems.append(Problem("date", _("A letter referred to cannot be dated in the future.")))
    if problems:
        raise Incomplete(problems)
    assert day is not None
    reference = Reference(
        letter=current,
        issuer=issuer,
        number=normalise_number(number),
        date=day,
        position=current.references.count() + 1,
        cites=cited_letter(user=user, number=number, day=day, exclude=current.pk),
    )
    reference.full_clean()
    reference.save()
    _touch(current)
    record(actor=user, action=AuditEvent.Action.CREATE, obj=reference)
    return reference


@transaction.atomic
def remove_reference(*, user: Any, reference: Reference) -> None:
    current = _lock_draft(reference.letter)
    record(
        actor=user,
        action=AuditEvent.Action.DELETE,
        obj=reference,
        before=snapshot(reference),
        after={},
    )
    reference.delete()
    _touch(current)


# --- enclosures (สิ่งที่ส่งมาด้วย) ----------------------------------------------------------


@transaction.atomic
def add_enclosure(
    *, user: Any, letter: Letter, description: str, upload: UploadedFile | None
) -> Enclosure:
    """An enclosure as printed on the letter, with its file (checked by content and
    size, saduak/uploads.py) when there is one: a printed book may go by post."""
    current = _lock_draft(letter)
    description = " ".join(description.split())
    if not description:
        raise _refuse(
            "description", _("Describe the enclosure as it is to be printed on the letter.")
        )
    if len(description) > 500:
        raise _refuse("description", _("At most %(limit)s characters.") % {"limit": 500})
    enclosure = Enclosure(
        letter=current,
        description=description,
        uploaded_by=user,
        position=current.enclosures.count() + 1,
    )
    if upload is not None:
        try:
            content, kind, digest = check_upload(upload)
        except EvidenceRejected as exc:
            raise _refuse("file", str(exc)) from exc
        enclosure.original_name = (upload.name or "")[:255]
        enclosure.kind, enclosure.extension = kind.kind, kind.extension
        enclosure.content_type = kind.content_type
        enclosure.size, enclosure.sha256 = len(content), digest
        enclosure.file.save("enclosure", ContentFile(content), save=False)
    enclosure.save()
    _touch(current)
    record(actor=user, action=AuditEvent.Action.CREATE, obj=enclosure)
    return enclosure


@transaction.atomic
def remove_enclosure(*, user: Any, enclosure: Enclosure) -> None:
    """Off the draft, file and all: a draft's enclosure was never sent to anyone."""
    current = _lock_draft(enclosure.letter)
    record(
        actor=user,
        action=AuditEvent.Action.DELETE,
        obj=enclosure,
        before=snapshot(enclosure),
        after={},
    )
    name, storage = enclosure.file.name, enclosure.file.storage
    enclosure.delete()
    _touch(current)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- the reply form -------------------------------------------------------------------


@transaction.atomic
def add_question(
    *, user: Any, letter: Letter, kind: str, label: str, required: bool = True
) -> Question:
    current = _lock_draft(letter)
    if current.action != Letter.Action.ANSWER:
        raise _refuse(
            "kind",
            _("Only a letter that asks for an answer carries a reply form."),
        )
    label = " ".join(label.split())
    problems = []
    if kind not in Question.Kind.values:
        problems.append(Problem("kind", _("Choose the kind of answer.")))
    if not label:
        problems.append(Problem("label", _("Write the question.")))
    elif len(label) > 300:
        problems.append(Problem("label", _("At most %(limit)s characters.") % {"limit": 300}))
    if problems:
        raise Incomplete(problems)
    question = Question.objects.create(
        letter=current,
        kind=kind,
        label=label,
        required=required,
        position=current.questions.count() + 1,
    )
    _touch(current)
    record(actor=user, action=AuditEvent.Action.CREATE, obj=question)
    return question


@transaction.atomic
def remove_question(*, user: Any, question: Question) -> None:
    current = _lock_draft(question.letter)
    record(
        actor=user,
        action=AuditEvent.Action.DELETE,
        obj=question,
        before=snapshot(question),
        after={},
    )
    question.delete()
    _touch(current)


# --- the letterhead ---------------------------------------------------------------------


@transaction.atomic
def save_letterhead(
    *, user: Any, organisation: Organisation, letter_code: str, address: str, contact: str
) -> Letterhead:
    """An organisation's letter code and address, kept by its correspondence officers.
    Letters already sent keep the code they were sent with."""
    if not can(user, CORRESPOND, organisation):
        raise PermissionDenied
    letterhead = Letterhead.objects.select_for_update().filter(organisation=organisation).first()
    before = snapshot(letterhead) if letterhead else None
    if letterhead is None:
        letterhead = Letterhead(organisation=organisation)
    letterhead.letter_code = dates.arabic_digits(" ".join(letter_code.split()))
    letterhead.address = address.strip()
    letterhead.contact = contact.strip()
    try:
        letterhead.full_clean()
    except ValidationError as error:
        raise Incomplete(_problems(error)) from error
    letterhead.save()
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    record(actor=user, action=action, obj=letterhead, before=before)
    # Drafts print the code of the letterhead they will be sent under.
    Letter.objects.filter(sender=organisation, state=Letter.State.DRAFT).update(
        letter_code=letterhead.letter_code
    )
    return letterhead


# --- the emblem -----------------------------------------------------------------------


def check_emblem(upload: UploadedFile) -> tuple[bytes, uploads.Kind]:
    """The emblem's bytes if they are a PNG or a JPEG picture (from the content, never
    the name), within the size cap, with no page or script hidden in them."""
    content = uploads.read_upload(upload, limit=settings.EMBLEM_MAX_BYTES)
    kind = uploads.check_evidence(upload.name or "", content)
    if kind not in (uploads.PNG, uploads.JPEG):
        raise uploads.FileRefused(_("The emblem must be a PNG or JPEG picture."))
    from PIL import Image, UnidentifiedImageError

    too_large = _("The picture is too large: at most %(side)s pixels on each side.") % {
        "side": EMBLEM_MAX_SIDE
    }
    try:
        with Image.open(ContentFile(content)) as image:
            # Read from the header before anything is decoded: a small file may claim
            # a picture of billions of pixels, which every letter's PDF would unpack.
            if max(image.size) > EMBLEM_MAX_SIDE:
                raise uploads.FileRefused(too_large)
            image.verify()
    except Image.DecompressionBombError as exc:
        raise uploads.FileRefused(too_large) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise uploads.FileRefused(_("The picture is damaged and cannot be read.")) from exc
    return content, kind


@transaction.atomic
def upload_emblem(*, user: Any, upload: UploadedFile) -> Emblem:
    """A new emblem; the newest is printed on every letter from now on."""
    if not can(user, ADMINISTER):
        raise PermissionDenied
    try:
        content, kind = check_emblem(upload)
    except uploads.FileRefused as exc:
        raise _refuse("image", str(exc)) from exc
    emblem = Emblem(uploaded_by=user)
    emblem.image.save(f"emblem{kind.extension}", ContentFile(content), save=False)
    emblem.save()
    record(actor=user, action=AuditEvent.Action.CREATE, obj=emblem)
    return emblem
