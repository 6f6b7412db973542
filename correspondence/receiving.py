"""What a recipient does with a letter: opens it, acknowledges it in its own incoming
register (ลงรับ), answers it, forwards it. Each moment is written once, never changed."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from accounts.models import User
from audit.models import AuditEvent
from audit.services import record, snapshot
from correspondence import tallies
from correspondence.models import Answer, Letter, Letterhead, Question, Recipient, Reference
from maintenance.evidence import EvidenceRejected, check_upload
from registry.models import Organisation
from saduak.problems import Incomplete, Problem
from thaicalendar import dates

# An incoming register number as offices write it: the running number, and sometimes
# the year after a slash ("1234", "1234/2569").
REGISTER_NUMBER = re.compile(r"^\d{1,7}(/\d{2,4})?$")
TEXT_ANSWER_LIMIT = 5000
# What a yes/no question takes, in either language, as a person or a form sends it.
YES = frozenset({"yes", "true", "1", "on", "ใช่", "มี"})
NO = frozenset({"no", "false", "0", "ไม่ใช่", "ไม่มี"})


def record_opening(*, copy: Recipient, user: User) -> None:
    """The first time one of the recipient's own people opens the letter: who and
    when. Overseers reading it from above, and OPS PMO, do not count as opening."""
    if copy.opened_at is not None or not cap.works_in(user, copy.organisation):
        return
    with transaction.atomic():
        now = timezone.now()
        # Only the first opening is written, even when two people open it at once.
        if Recipient.objects.filter(pk=copy.pk, opened_at__isnull=True).update(
            opened_at=now, opened_by=user
        ):
            copy.opened_at, copy.opened_by = now, user


# --- what is owed, and when it is late ---------------------------------------------------


def overdue_q(today: date, prefix: str = "") -> Q:
    """Copies whose letter's due date has passed without what the letter asked: the
    acknowledgement, or the answer (which a letter asking for an answer needs)."""
    acknowledge = Q(
        **{
            f"{prefix}letter__due_date__lt": today,
            f"{prefix}letter__action": Letter.Action.ACKNOWLEDGE,
            f"{prefix}acknowledged_at__isnull": True,
        }
    )
    return acknowledge | answer_overdue_q(today, prefix)


def answer_overdue_q(today: date, prefix: str = "") -> Q:
    """Copies overdue for their answer: the letter asks for an answer, its due date is
    before `today`, and the copy has not answered (the due date itself is still in
    time)."""
    return Q(
        **{
            f"{prefix}letter__due_date__lt": today,
            f"{prefix}letter__action": Letter.Action.ANSWER,
            f"{prefix}answered_at__isnull": True,
        }
    )


def is_overdue(copy: Recipient, today: date | None = None) -> bool:
    letter = copy.letter
    today = today or dates.bangkok_today()
    if letter.due_date is None or letter.due_date >= today:
        return False
    if letter.action == Letter.Action.ACKNOWLEDGE:
        return copy.acknowledged_at is None
    if letter.action == Letter.Action.ANSWER:
        return copy.answered_at is None
    return False


# --- acknowledging (ลงรับ) ----------------------------------------------------------------


def _require_correspond(user: Any, copy: Recipient) -> None:
    """Services check the rule again: a view forgetting `access_copy` must not open
    another organisation's register."""
    if not cap.can(user, cap.CORRESPOND, copy.organisation):
        raise Incomplete([Problem("copy", _("You do not act for this organisation's letters."))])


def _register_problems(
    copy: Recipient, register_number: str, register_date: date | None
) -> tuple[list[Problem], str]:
    problems = []
    number = dates.arabic_digits(" ".join((register_number or "").split())).replace(" ", "")
    if not number:
        problems.append(
            Problem("register_number", _("Write the number your incoming register gave."))
        )
    elif not REGISTER_NUMBER.match(number):
        problems.append(
            Problem(
                "register_number",
                _("Write the incoming register number as a number, such as 1234 or 1234/2569."),
            )
        )
    letter_date = copy.letter.date
    if register_date is None:
        problems.append(Problem("register_date", _("Write the date of the registration.")))
    elif register_date > dates.bangkok_today():
        problems.append(
            Problem("register_date", _("The registration date cannot be in the future."))
        )
    elif letter_date and register_date < letter_date:
        problems.append(
            Problem(
                "register_date",
                _("The registration date cannot be before the letter's date (%(date)s).")
                % {"date": dates.format_date(letter_date)},
            )
        )
    return problems, number


def _already_acknowledged(copy: Recipient) -> Problem:
    return Problem(
        "register_number",
        _(
            "This letter is already registered as received: number %(number)s of %(date)s. "
            "A registration is never changed."
        )
        % {
            "number": copy.register_number,
            "date": dates.format_date(copy.register_date) if copy.register_date else "",
        },
    )


def _lock(copy: Recipient) -> Recipient:
    return Recipient.objects.select_for_update().select_related("letter").get(pk=copy.pk)


def _write_acknowledgement(
    *, user: Any, current: Recipient, number: str, register_date: date
) -> None:
    before = snapshot(current)
    now = timezone.now()
    current.acknowledged_at, current.acknowledged_by = now, user
    current.register_number, current.register_date = number, register_date
    fields = ["acknowledged_at", "acknowledged_by", "register_number", "register_date"]
    # Registering a letter is opening it, for whoever had not yet.
    if current.opened_at is None and cap.works_in(user, current.organisation):
        current.opened_at, current.opened_by = now, user
        fields += ["opened_at", "opened_by"]
    current.save(update_fields=fields)
    tallies.changed([current.organisation_id])
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=current, before=before)


def acknowledge(
    *, user: Any, copy: Recipient, register_number: str, register_date: date | None
) -> Recipient:
    """Register the letter in the recipient's own incoming register (ลงรับ): its number
    and date, and who did it. Once only: a second registration is refused."""
    _require_correspond(user, copy)
    problems, number = _register_problems(copy, register_number, register_date)
    with transaction.atomic():
        current = _lock(copy)
        if current.acknowledged_at is not None:
            raise Incomplete([_already_acknowledged(current)])
        if problems:
            raise Incomplete(problems)
        assert register_date is not None
        _write_acknowledgement(
            user=user, current=current, number=number, register_date=register_date
        )
    return current


# --- answering ------------------------------------------------------------------------------


@dataclass
class _Reply:
    question: Question
    yes: bool | None = None
    number: Decimal | None = None
    text: str = ""
    upload: UploadedFile | None = None
    content: bytes = b""
    kind: Any = None


def field_name(question: Question) -> str:
    """The name of a question's field in the reply form, and of its problems."""
    return f"question-{question.pk}"


def _number(raw: str) -> Decimal | None:
    text = dates.arabic_digits(raw).replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?\d{1,12}(\.\d{1,2})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _reply_to(
    question: Question, raw: Any, upload: UploadedFile | None
) -> tuple[_Reply | None, str | None]:
    """One question's reply, checked against its kind: (reply, None), (None, None) when
    left empty, or (None, the problem's message)."""
    label = question.label
    text = raw.strip() if isinstance(raw, str) else ""
    kinds = Question.Kind
    if question.kind != kinds.FILE and upload is not None:
        return None, _("%(q)s: this question takes no file.") % {"q": label}
    if question.kind == kinds.FILE:
        if text:
            return None, _("%(q)s: attach a file; this question takes no text.") % {"q": label}
        if upload is None:
            return None, None
        try:
            content, found, _digest = check_upload(upload)
        except EvidenceRejected as error:
            return None, f"{label}: {error}"
        return _Reply(question, upload=upload, content=content, kind=found), None
    if not text:
        return None, None
    if question.kind == kinds.YES_NO:
        if text.lower() in YES:
            return _Reply(question, yes=True), None
        if text.lower() in NO:
            return _Reply(question, yes=False), None
        return None, _("%(q)s: answer yes or no.") % {"q": label}
    if question.kind == kinds.NUMBER:
        number = _number(text)
        if number is None:
            return None, _("%(q)s: write a number, such as 12 or 3.5.") % {"q": label}
        return _Reply(question, number=number), None
    if len(text) > TEXT_ANSWER_LIMIT:
        return None, _("%(q)s: write at most %(n)s characters.") % {
            "q": label,
            "n": TEXT_ANSWER_LIMIT,
        }
    return _Reply(question, text=text), None


def _answer_problems(
    copy: Recipient, values: Mapping[Any, Any], files: Mapping[Any, UploadedFile]
) -> tuple[list[Problem], list[_Reply]]:
    letter = copy.letter
    questions = list(letter.questions.all())
    if letter.action != Letter.Action.ANSWER or not questions:
        return [Problem("answers", _("This letter asks for no answer."))], []
    problems, replies = [], []
    known = {q.pk for q in questions}
    for key in list(values) + list(files):
        if _question_id(key) not in known:
            problems.append(Problem("answers", _("The reply names a question this letter lacks.")))
            break
    by_id = {_question_id(k): v for k, v in values.items()}
    uploads = {_question_id(k): v for k, v in files.items()}
    for question in questions:
        reply, message = _reply_to(question, by_id.get(question.pk), uploads.get(question.pk))
        if message:
            problems.append(Problem(field_name(question), message))
        elif reply is None and question.required:
            problems.append(
                Problem(
                    field_name(question),
                    _("%(q)s: this question must be answered.") % {"q": question.label},
                )
            )
        elif reply is not None:
            replies.append(reply)
    return problems, replies


def _question_id(key: Any) -> int | None:
    if isinstance(key, int):
        return key
    match = re.fullmatch(r"(?:question-)?([0-9]{1,18})", str(key))
    return int(match.group(1)) if match else None


def _already_answered(copy: Recipient) -> Problem:
    return Problem(
        "answers",
        _("This letter was already answered on %(date)s. An answer is never changed.")
        % {"date": dates.format_date(copy.answered_at) if copy.answered_at else ""},
    )


def _write_answers(*, user: Any, current: Recipient, replies: list[_Reply]) -> None:
    for reply in replies:
        answer = Answer(
            recipient=current,
            question=reply.question,
            yes=reply.yes,
            number=reply.number,
            text=reply.text,
        )
        if reply.upload is not None:
            answer.original_name = (reply.upload.name or "")[:255]
            answer.extension = reply.kind.extension
            answer.content_type = reply.kind.content_type
            answer.file.save("answer", ContentFile(reply.content), save=False)
        answer.save()
        record(actor=user, action=AuditEvent.Action.CREATE, obj=answer)
    before = snapshot(current)
    current.answered_at, current.answered_by = timezone.now(), user
    current.save(update_fields=["answered_at", "answered_by"])
    tallies.changed([current.organisation_id])
    record(actor=user, action=AuditEvent.Action.UPDATE, obj=current, before=before)


def answer(
    *,
    user: Any,
    copy: Recipient,
    values: Mapping[Any, Any],
    files: Mapping[Any, UploadedFile],
) -> Recipient:
    """Answer the reply form the sender defined, all questions at once or none: each
    reply checked against its question's kind, required ones present, files through
    the upload check. Once only. `values` and `files` are keyed by question id (or the
    form's field name, "question-<id>")."""
    return register_and_answer(user=user, copy=copy, register=None, values=values, files=files)


def register_and_answer(
    *,
    user: Any,
    copy: Recipient,
    register: tuple[str, date | None] | None,
    values: Mapping[Any, Any],
    files: Mapping[Any, UploadedFile],
) -> Recipient:
    """The answer page's one visit: the registration (ลงรับ) when the letter is not yet
    registered, and the answer, both or neither. Every problem of both is told at once."""
    _require_correspond(user, copy)
    problems: list[Problem] = []
    number = ""
    if register is not None and copy.acknowledged_at is None:
        problems, number = _register_problems(copy, *register)
    answer_problems, replies = _answer_problems(copy, values, files)
    problems += answer_problems
    with transaction.atomic():
        current = _lock(copy)
        if current.answered_at is not None:
            raise Incomplete([_already_answered(current)])
        if problems:
            raise Incomplete(problems)
        if register is not None and current.acknowledged_at is None:
            assert register[1] is not None
            _write_acknowledgement(
                user=user, current=current, number=number, register_date=register[1]
            )
        _write_answers(user=user, current=current, replies=replies)
    return current


# --- forwarding -------------------------------------------------------------------------------


def _short_name(organisation: Organisation) -> str:
    """A province's name without "จังหวัด", as in ผู้ว่าราชการจังหวัดปัตตานี."""
    return organisation.name_th.removeprefix("จังหวัด")


def default_salutation(organisation: Organisation) -> str:
    if organisation.kind == Organisation.Kind.PROVINCE:
        return (
            f"นายกองค์การบริหารส่วนจังหวัด{_short_name(organisation)} "
            "นายกเทศมนตรี และนายกองค์การบริหารส่วนตำบล ทุกแห่ง"
        )
    return "หัวหน้าหน่วยงานในสังกัดทุกแห่ง"


def default_signatory_position(organisation: Organisation) -> str:
    if organisation.kind == Organisation.Kind.PROVINCE:
        return f"ผู้ว่าราชการจังหวัด{_short_name(organisation)}"
    return ""


def default_forward_body(copy: Recipient) -> str:
    """The covering letter's body as Thai offices write it when they pass a letter
    down: who informed us of what, what the units must do, and the closing request."""
    letter, receiver = copy.letter, copy.organisation
    paragraphs = [
        f"ด้วย{receiver.name_th}ได้รับแจ้งจาก{letter.sender.name_th} ตามหนังสือที่อ้างถึง "
        f"เรื่อง {letter.subject}",
        f"{receiver.name_th}พิจารณาแล้ว เพื่อให้การดำเนินการเป็นไปด้วยความเรียบร้อย "
        "จึงขอแจ้งให้หน่วยงานทราบและถือปฏิบัติ รายละเอียดปรากฏตามหนังสือที่อ้างถึง",
    ]
    if letter.action == Letter.Action.ANSWER and letter.due_date:
        paragraphs.append(
            f"ทั้งนี้ ขอให้ตอบแบบตอบกลับในระบบภายในวันที่ {dates.format_date(letter.due_date)}"
        )
    elif letter.action == Letter.Action.ACKNOWLEDGE:
        paragraphs.append("ทั้งนี้ ขอให้ลงรับหนังสือฉบับนี้ในระบบ")
    paragraphs.append("จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการ")
    return "\n\n".join(paragraphs)


def start_forward(*, user: Any, copy: Recipient) -> Letter:
    """Start the recipient's covering letter that passes the received letter down: a
    draft from the recipient, linked to the copy it forwards, referring to the received
    letter, asking what it asked (the same reply form, by the same due date at the
    latest). A draft already started for this copy is returned rather than a second."""
    _require_correspond(user, copy)
    organisation = copy.organisation
    if Letterhead.of(organisation.pk) is None:
        raise Incomplete(
            [
                Problem(
                    "letterhead",
                    _(
                        "%(org)s has no letterhead yet (its letter code and address): "
                        "its correspondence officer must set it before it writes a letter."
                    )
                    % {"org": organisation.name_th},
                )
            ]
        )
    received = copy.letter
    with transaction.atomic():
        started = (
            Letter.objects.select_for_update()
            .filter(forwards=copy, state=Letter.State.DRAFT)
            .order_by("pk")
            .first()
        )
        if started is not None:
            return started
        draft = Letter(
            sender=organisation,
            kind=Letter.Kind.CIRCULAR,
            urgency=received.urgency,
            subject=received.subject,
            salutation=default_salutation(organisation),
            body=default_forward_body(copy),
            signatory_name="",
            signatory_position=default_signatory_position(organisation),
            action=received.action,
            due_date=received.due_date,
            forwards=copy,
            root=received.root or received,
            depth=received.depth + 1,
            created_by=user,
        )
        draft.full_clean(exclude=["signatory_name", "signatory_position"])
        draft.save()
        record(actor=user, action=AuditEvent.Action.CREATE, obj=draft)
        if received.number is not None and received.date is not None:
            reference = Reference(
                letter=draft,
                position=0,
                issuer=received.sender.name_th,
                number=received.reference,
                date=received.date,
                cites=received,
            )
            reference.full_clean()
            reference.save()
            record(actor=user, action=AuditEvent.Action.CREATE, obj=reference)
        if received.action == Letter.Action.ANSWER:
            for question in received.questions.all():
                copied = Question.objects.create(
                    letter=draft,
                    position=question.position,
                    kind=question.kind,
                    label=question.label,
                    required=question.required,
                )
                record(actor=user, action=AuditEvent.Action.CREATE, obj=copied)
    return draft
