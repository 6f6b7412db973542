"""Letters already sent, made directly with the models (sending is another part's): the
founding letter, DLA's to the Governor of Pattani, and the province's circular passing
it down to Pattani's local governments, with their copies and party rows."""

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pikepdf
from django.utils import timezone

from accounts.models import User
from correspondence import tallies
from correspondence.models import Letter, Letterhead, Party, Question, Recipient
from registry.models import Organisation
from thaicalendar import dates

PATTANI_LAOS = ("5940101", "5941001", "6940100", "6940103")
SUBJECT = "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก"


@dataclass
class Founding:
    dla_letter: Letter
    province_copy: Recipient  # Pattani province's copy of DLA's letter
    circular: Letter  # the province's covering circular to its local governments
    town_copy: Recipient  # Pattani Town Municipality's copy of the circular
    copies: dict[str, Recipient]  # the circular's copies by organisation code


def letterheads(world: dict[str, Organisation]) -> None:
    Letterhead.objects.get_or_create(
        organisation=world["DLA"],
        defaults={"letter_code": "มท 0810.7", "address": "ถนนนครราชสีมา กรุงเทพฯ 10300"},
    )
    Letterhead.objects.get_or_create(
        organisation=world["P94"],
        defaults={"letter_code": "ปน 0023.3", "address": "ศาลากลางจังหวัดปัตตานี"},
    )


def questions(letter: Letter) -> list[Question]:
    return [
        Question.objects.create(
            letter=letter,
            position=1,
            kind=Question.Kind.YES_NO,
            label="หน่วยงานมีศูนย์บริการแล้วหรือไม่",
        ),
        Question.objects.create(
            letter=letter, position=2, kind=Question.Kind.NUMBER, label="จำนวนช่องบริการ"
        ),
        Question.objects.create(
            letter=letter,
            position=3,
            kind=Question.Kind.TEXT,
            label="ผู้ประสานงาน",
            required=False,
        ),
        Question.objects.create(
            letter=letter,
            position=4,
            kind=Question.Kind.FILE,
            label="แผนการดำเนินงาน",
            required=False,
        ),
    ]


def sent_letter(
    *,
    sender: Organisation,
    to: list[Organisation],
    number: int,
    letter_date: date,
    subject: str = SUBJECT,
    kind: str = Letter.Kind.CIRCULAR,
    action: str = Letter.Action.ANSWER,
    due_date: date | None = None,
    code: str = "ปน 0023.3",
    forwards: Recipient | None = None,
    parties_above: list[Organisation] = (),  # type: ignore[assignment]
    delivered_at: Any = None,
) -> Letter:
    author = User.objects.get(username="clerk.pattani")
    root = None
    if forwards is not None:
        root = forwards.letter.root or forwards.letter
    letter = Letter.objects.create(
        sender=sender,
        kind=kind,
        letter_code=code,
        year=dates.be_year(letter_date.year),
        number=number,
        date=letter_date,
        subject=subject,
        salutation="ผู้ว่าราชการจังหวัดปัตตานี",
        body="ด้วยกรมส่งเสริมการปกครองท้องถิ่น …",
        signatory_name="ชื่อ นามสกุล",
        signatory_position="อธิบดี",
        action=action,
        due_date=due_date,
        forwards=forwards,
        root=root,
        depth=(forwards.letter.depth + 1) if forwards else 0,
        recipient_count=len(to),
        state=Letter.State.SENT,
        created_by=author,
        sent_by=author,
        sent_at=delivered_at or timezone.now(),
        delivered_at=delivered_at or timezone.now(),
    )
    if action == Letter.Action.ANSWER:
        questions(letter)
    for organisation in to:
        Recipient.objects.create(
            letter=letter, organisation=organisation, delivered_at=delivered_at or timezone.now()
        )
    tallies.changed(organisation.pk for organisation in to)  # as the delivery does
    for organisation in [sender, *to, *parties_above]:
        Party.objects.get_or_create(letter=letter, organisation=organisation)
    return letter


def founding(world: dict[str, Organisation], *, due_in_days: int = 30) -> Founding:
    """DLA's letter to Pattani (a letter to one, asking for an answer), and Pattani's
    circular passing it to its four local governments."""
    letterheads(world)
    due = dates.bangkok_today() + timedelta(days=due_in_days)
    dla_letter = sent_letter(
        sender=world["DLA"],
        to=[world["P94"]],
        number=7555,
        letter_date=date(2022, 6, 22),
        kind=Letter.Kind.SINGLE,
        code="มท 0810.7",
        due_date=due,
    )
    province_copy = Recipient.objects.get(letter=dla_letter, organisation=world["P94"])
    laos = [world[code] for code in PATTANI_LAOS]
    circular = sent_letter(
        sender=world["P94"],
        to=laos,
        number=123,
        letter_date=date(2022, 6, 25),
        due_date=due,
        forwards=province_copy,
        parties_above=[world["DLA"]],
    )
    # The units it was passed down to are parties of DLA's letter too.
    for organisation in laos:
        Party.objects.get_or_create(letter=dla_letter, organisation=organisation)
    copies = {c.organisation.code: c for c in circular.recipients.select_related("organisation")}
    return Founding(dla_letter, province_copy, circular, copies["5940101"], copies)


def pdf() -> bytes:
    buffer = io.BytesIO()
    with pikepdf.new() as document:
        document.add_blank_page()
        document.save(buffer)
    return buffer.getvalue()


def today_typed(offset: int = 0) -> str:
    """A date as a clerk types it: 3/12/2569."""
    return dates.format_date(dates.bangkok_today() + timedelta(days=offset), style="numeric")
