"""Sent letters made directly with the models, for following them: sending itself is
another part's (correspondence/sending); here only what a sent letter leaves behind
matters: the letter with its number, its recipients' copies and its parties. Like the
services, each write marks the unit's kept counts changed (correspondence/tallies.py).

Parties, as the sending writes them: the sender and every recipient of a letter; for a
forward, its recipients are parties of every letter above it too (so the first sender
and the province read what went down), and the senders above it are parties of it."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from correspondence import tallies
from correspondence.models import Answer, Letter, Party, Question, Recipient
from registry.models import Organisation


def _next_number(sender: Organisation) -> int:
    taken = Letter.objects.filter(sender=sender, year=2569).order_by("-number").first()
    return (taken.number or 0) + 1 if taken else 1


def sent_letter(
    *,
    sender: Organisation,
    recipients: Iterable[Organisation],
    action: str = Letter.Action.ACKNOWLEDGE,
    forwards: Recipient | None = None,
    due_date: date | None = None,
    questions: Iterable[tuple[str, str]] = (),
    sent_at: datetime | None = None,
    subject: str = "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก",
    letter_code: str = "มท 0810.7",
) -> Letter:
    """A letter as it stands once sent and delivered to every recipient."""
    clerk = User.objects.filter(roles__organisation=sender).first() or User.objects.get(
        username="opsadmin"
    )
    sent_at = sent_at or timezone.now() - timedelta(days=3)
    parent = forwards.letter if forwards else None
    letter = Letter.objects.create(
        sender=sender,
        kind=Letter.Kind.CIRCULAR,
        letter_code=letter_code,
        year=2569,
        number=_next_number(sender),
        date=timezone.localdate(sent_at),
        subject=subject,
        salutation="ผู้ว่าราชการจังหวัด",
        body="ตามที่ …",
        signatory_name="นายทดสอบ ระบบ",
        signatory_position="อธิบดี",
        action=action,
        due_date=due_date,
        forwards=forwards,
        root=parent.root if parent else None,
        depth=parent.depth + 1 if parent else 0,
        state=Letter.State.SENT,
        created_by=clerk,
        sent_by=clerk,
        sent_at=sent_at,
        delivered_at=sent_at,
    )
    if parent is None:
        letter.root = letter
        letter.save(update_fields=["root"])
    for position, (kind, label) in enumerate(questions):
        Question.objects.create(letter=letter, position=position, kind=kind, label=label)
    orgs = list(recipients)
    Recipient.objects.bulk_create(
        [Recipient(letter=letter, organisation=org, delivered_at=sent_at) for org in orgs]
    )
    tallies.changed(org.pk for org in orgs)
    letter.recipient_count = len(orgs)
    letter.save(update_fields=["recipient_count"])
    above = _ancestors(letter)
    parties = {(letter.pk, sender.pk)} | {(letter.pk, org.pk) for org in orgs}
    parties |= {(up.pk, org.pk) for up in above for org in orgs}
    parties |= {(letter.pk, up.sender_id) for up in above}
    Party.objects.bulk_create(
        [Party(letter_id=lt, organisation_id=org) for lt, org in parties], ignore_conflicts=True
    )
    return letter


def _ancestors(letter: Letter) -> list[Letter]:
    found = []
    current = letter
    while current.forwards_id:
        current = Letter.objects.get(pk=Recipient.objects.get(pk=current.forwards_id).letter_id)
        found.append(current)
    return found


def copy_of(letter: Letter, org: Organisation) -> Recipient:
    return Recipient.objects.get(letter=letter, organisation=org)


def worker_of(org: Organisation) -> User:
    user = (
        User.objects.filter(roles__organisation=org, roles__role__in=["clerk", "unit_admin"])
        .order_by("pk")
        .first()
    )
    if user is None:
        user = User.objects.create_user(
            f"clerk.{org.code.lower()}", email=f"clerk.{org.code.lower()}@example.go.th"
        )
        user.roles.create(role="clerk", organisation=org)
    return user


def opened(copy: Recipient, *, after: timedelta = timedelta(minutes=30)) -> Recipient:
    copy.opened_at = copy.delivered_at + after
    copy.opened_by = worker_of(copy.organisation)
    copy.save(update_fields=["opened_at", "opened_by"])
    return copy


def acknowledged(
    copy: Recipient, *, after: timedelta = timedelta(hours=1), register_number: str = "1234"
) -> Recipient:
    if copy.opened_at is None:
        opened(copy, after=min(after, timedelta(minutes=30)))
    copy.acknowledged_at = copy.delivered_at + after
    copy.acknowledged_by = worker_of(copy.organisation)
    copy.register_number = register_number
    copy.register_date = timezone.localdate(copy.acknowledged_at)
    copy.save(
        update_fields=["acknowledged_at", "acknowledged_by", "register_number", "register_date"]
    )
    tallies.changed([copy.organisation_id])
    return copy


def answered(
    copy: Recipient, values: dict[str, Any], *, after: timedelta = timedelta(hours=5)
) -> Recipient:
    """Answer the letter's questions, by label: bool, number, text, or (name, bytes)."""
    if copy.acknowledged_at is None:
        acknowledged(copy, after=min(after, timedelta(hours=1)))
    for question in copy.letter.questions.all():
        if question.label not in values:
            continue
        value = values[question.label]
        answer = Answer(recipient=copy, question=question)
        if question.kind == Question.Kind.YES_NO:
            answer.yes = value
        elif question.kind == Question.Kind.NUMBER:
            answer.number = Decimal(value)
        elif question.kind == Question.Kind.FILE:
            answer.file.name = f"answers/2569/{value}"
            answer.original_name = value
        else:
            answer.text = value
        answer.save()
    copy.answered_at = copy.delivered_at + after
    copy.answered_by = worker_of(copy.organisation)
    copy.save(update_fields=["answered_at", "answered_by"])
    tallies.changed([copy.organisation_id])
    return copy
