"""The demo's official letters (issue 12 §10): the founding letter and its cascade.

- 18 May 2565: DLA's circular มท 0810.7/ว 1408 to the provinces (Pattani, Chiang Mai)
  on the results of screening the FY2565 applications.
- 15 June 2565: the Ministry's circular มท 0218/ว 4252 to DLA on the Cabinet
  resolution of 3 May 2565.
- 22 June 2565: the founding letter, มท 0810.7/7555 (a letter to one recipient, no ว),
  DLA to the Governor of Pattani; it refers to ว 1408, encloses the Ministry's ว 4252
  and asks for an answer by 15 July 2565. Pattani's correspondence officer registers
  it as incoming number 4321 on 24 June.
- 28 June 2565: Pattani forwards it with its own circular ปน 0023.3/ว 2110 to four of
  its local governments, asking for an answer by 10 July. Pattani Town Municipality
  opens, acknowledges and answers; Yarang opens it and stops there; the Provincial
  Administrative Organisation and Bana stay silent.
- This month: a current DLA circular to Pattani and Chiang Mai asking for
  acknowledgement. Pattani has opened it, not yet registered it; Chiang Mai has not
  opened it.

Rows are built directly with the models (each `full_clean()`), not through the
services: this is a record of what happened, dated in the past, as in
demo/certification.py. The Party rows follow the rule `accounts.capabilities.letters_for`
reads (correspondence.models.Party): a letter's sender and recipients, the units of every
forward below it, and for a forward the senders above it. The registers' last numbers
(RegisterYear) are those of the letters told here, so the next number is the one after.
Running it again changes nothing: each letter is found by its register number first.

Letters of an organisation without a demo account (the Ministry) are recorded by
OPS PMO's administrator. The enclosure of the founding letter is its description
alone: the Ministry's circular it copies is in the system as a letter of its own.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from accounts.models import User
from correspondence.models import (
    Answer,
    Enclosure,
    Letter,
    Letterhead,
    Party,
    Question,
    Recipient,
    Reference,
    RegisterYear,
)
from registry.models import Organisation
from thaicalendar import dates

Kind = Letter.Kind
Action = Letter.Action

# organisation code: (letter code, address, contact unit and telephone). Codes of the
# local governments are illustrative, in the style the provinces' ones are written.
LETTERHEADS: dict[str, tuple[str, str, str]] = {
    "OPSPMO": (
        "นร 0105",
        "ทำเนียบรัฐบาล ถนนพิษณุโลก เขตดุสิต กรุงเทพฯ 10300",
        "กองพัฒนาระบบบริการประชาชน ศูนย์ราชการสะดวก โทร. 0 2283 4000",
    ),
    "MOI": (
        "มท 0218",
        "ถนนอัษฎางค์ เขตพระนคร กรุงเทพฯ 10200",
        "สำนักนโยบายและแผน สำนักงานปลัดกระทรวงมหาดไทย โทร. 0 2222 1141",
    ),
    "DLA": (
        "มท 0810.7",
        "ถนนนครราชสีมา เขตดุสิต กรุงเทพฯ 10300",
        "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น กลุ่มงานส่งเสริมการให้บริการประชาชน โทร. 0 2241 9000 ต่อ 2312",
    ),
    "P94": (
        "ปน 0023.3",
        "ศาลากลางจังหวัดปัตตานี ถนนเดชา อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000",
        "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดปัตตานี กลุ่มงานส่งเสริมและพัฒนาท้องถิ่น โทร. 0 7333 1327",
    ),
    "P50": (
        "ชม 0023.3",
        "ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
        "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่ กลุ่มงานส่งเสริมและพัฒนาท้องถิ่น โทร. 0 5311 2345",
    ),
    "6940100": (
        "ปน 51001",
        "ถนนหนองจิก ตำบลสะบารัง อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000",
        "สำนักปลัดองค์การบริหารส่วนจังหวัด โทร. 0 7334 9110",
    ),
    "5940101": (
        "ปน 52001",
        "ถนนพิพิธ ตำบลอาเนาะรู อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000",
        "สำนักปลัดเทศบาล งานศูนย์ราชการสะดวก โทร. 0 7333 4028",
    ),
    "5941001": (
        "ปน 52101",
        "ตำบลยะรัง อำเภอยะรัง จังหวัดปัตตานี 94160",
        "สำนักปลัดเทศบาล โทร. 0 7343 9111",
    ),
    "6940103": (
        "ปน 72101",
        "ตำบลบานา อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000",
        "สำนักปลัด องค์การบริหารส่วนตำบลบานา โทร. 0 7341 4522",
    ),
    "6940104": (
        "ปน 72102",
        "ตำบลบาราโหม อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000",
        "สำนักปลัด องค์การบริหารส่วนตำบลบาราโหม โทร. 0 7341 4533",
    ),
    "6940105": (
        "ปน 72103",
        "ตำบลปะกาฮะรัง อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000",
        "สำนักปลัด องค์การบริหารส่วนตำบลปะกาฮะรัง โทร. 0 7341 4544",
    ),
    "3500101": (
        "ชม 52001",
        "ถนนวังสิงห์คำ ตำบลช้างม่อย อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
        "สำนักปลัดเทศบาล งานศูนย์ราชการสะดวก โทร. 0 5325 9000",
    ),
    "6500100": (
        "ชม 51001",
        "ถนนโชตนา ตำบลช้างเผือก อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
        "สำนักปลัดองค์การบริหารส่วนจังหวัด โทร. 0 5311 2561",
    ),
    "5500701": (
        "ชม 52401",
        "ตำบลริมใต้ อำเภอแม่ริม จังหวัดเชียงใหม่ 50180",
        "สำนักปลัดเทศบาล โทร. 0 5329 7111",
    ),
}

# The Pattani local governments the province forwards the founding letter to.
PATTANI_LAOS = ["6940100", "5940101", "5941001", "6940103"]

DLA_ISSUER = "กรมส่งเสริมการปกครองท้องถิ่น"
SUBJECT = "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก"
DIRECTOR_GENERAL = ("นายประยูร รัตนเสนีย์", "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น")
ENCLOSED = "สำเนาหนังสือกระทรวงมหาดไทย ที่ มท 0218/ว 4252 ลงวันที่ 15 มิถุนายน 2565 จำนวน 1 ชุด"
# The reply form of the founding letter, and of Pattani's forward.
QUESTIONS = [
    (Question.Kind.YES_NO, "รับทราบมติคณะรัฐมนตรีแล้ว"),
    (Question.Kind.NUMBER, "จำนวนศูนย์ที่อยู่ระหว่างการรับรองมาตรฐาน GECC"),
    (Question.Kind.TEXT, "ผลการดำเนินการ"),
]
PATTANI_TOWN_ANSWER = (
    "เทศบาลเมืองปัตตานีรับทราบมติคณะรัฐมนตรีแล้ว "
    "และจะนำส่งผลการประเมินความพึงพอใจของประชาชนและผลการประเมินตนเอง (Self Checklist) "
    "ให้สำนักงานปลัดสำนักนายกรัฐมนตรีผ่านระบบออนไลน์ทุกรอบ 6 เดือนและ 12 เดือน"
)
# The current circular is found by the start of its subject, whatever day it was told.
CURRENT_SUBJECT = "การรายงานผลการประเมินตนเอง (Self Checklist) ของศูนย์ราชการสะดวก"

FOUNDING_BODY = "\n\n".join(
    [
        (
            "ตามที่กรมส่งเสริมการปกครองท้องถิ่น "
            "ขอความร่วมมือจังหวัดแจ้งองค์กรปกครองส่วนท้องถิ่น "
            "ทราบผลการตรวจคัดกรองเอกสารการสมัครเพื่อขอรับการรับรองมาตรฐานการให้บริก"
            "ารของศูนย์ราชการ สะดวก (GECC) ประจำปีงบประมาณ พ.ศ. 2565 "
            "ความละเอียดแจ้งแล้ว นั้น"
        ),
        (
            "กรมส่งเสริมการปกครองท้องถิ่นได้รับแจ้งจากกระทรวงมหาดไทย คณะรัฐมนตรี "
            "มีมติเมื่อวันที่ 3 พฤษภาคม 2565 "
            "รับทราบผลการขับเคลื่อนนโยบายของนายกรัฐมนตรีเกี่ยวกับศูนย์ราชการ สะดวก "
            "และเห็นชอบให้ส่วนราชการและหน่วยงานของรัฐพัฒนางานบริการประชาชนเข้าสู่มา"
            "ตรฐาน GECC เพื่อเพิ่มประสิทธิภาพการให้บริการประชาชนมากยิ่งขึ้น ในกรณี "
            "เพื่อให้การขับเคลื่อนนโยบายศูนย์ราชการ สะดวกเป็นไปอย่างต่อเนื่อง "
            "และมีประสิทธิภาพสอดคล้องกับมติคณะรัฐมนตรีดังกล่าว "
            "ขอความร่วมมือจังหวัด แจ้งองค์กรปกครองส่วนท้องถิ่น ดังนี้"
        ),
        (
            "1. รับทราบมติคณะรัฐมนตรี เมื่อวันที่ 3 พฤษภาคม 2565 เรื่อง "
            "รายงานผลการขับเคลื่อน นโยบายศูนย์ราชการสะดวก "
            "และส่งเสริมผลักดันให้ส่วนราชการและหน่วยงานของรัฐในกำกับพัฒนา "
            "งานบริการประชาชนเข้าสู่มาตรฐาน GECC "
            "เพื่อเพิ่มประสิทธิภาพการให้บริการประชาชนมากยิ่งขึ้น"
        ),
        (
            "2. ขอให้ศูนย์ราชการสะดวก "
            "เทศบาลเมืองปัตตานีที่อยู่ระหว่างการรับรองมาตรฐาน GECC "
            "นำส่งข้อมูลผลการประเมินความพึงพอใจของประชาชนในการรับบริการ "
            "และผลการประเมินตนเอง (Self Checklist) "
            "ตามหลักเกณฑ์ประเมินการรักษามาตรฐาน GECC "
            "ให้สำนักงานปลัดสำนักนายกรัฐมนตรี ทราบทุกรอบ 6 เดือน และ 12 เดือน "
            "(รอบปีงบประมาณ) ผ่านระบบออนไลน์ "
            "เพื่อสะท้อนให้เห็นว่าประชาชนยังคงได้รับการบริการ ที่มีมาตรฐาน GECC "
            "อย่างต่อเนื่อง"
        ),
        (
            "3. รับทราบผลการสำรวจความต้องการสิ่งจูงใจในการขอรับการรับรองมาตรฐาน "
            "GECC (ที่มีค่าใช้จ่าย) "
            "เพื่อพิจารณาสร้างขวัญและกำลังใจในการปฏิบัติงานให้เจ้าหน้าที่ต่อไป "
            "รายละเอียดปรากฏตาม QR Code ท้ายหนังสือฉบับนี้"
        ),
        ("จึงเรียนมาเพื่อโปรดพิจารณา"),
    ]
)
CIRCULAR_1408_BODY = "\n\n".join(
    [
        (
            "ด้วยสำนักงานปลัดสำนักนายกรัฐมนตรีได้แจ้งผลการตรวจคัดกรองเอกสารการสมัคร"
            "เพื่อขอรับการรับรองมาตรฐานการให้บริการของศูนย์ราชการสะดวก (GECC) "
            "ประจำปีงบประมาณ พ.ศ. 2565 ขององค์กรปกครองส่วนท้องถิ่นที่สมัครเข้ารับการรับรอง"
        ),
        (
            "กรมส่งเสริมการปกครองท้องถิ่นจึงขอความร่วมมือจังหวัดแจ้งองค์กรปกครองส่วนท้องถิ่น"
            "ที่สมัครทราบผลการตรวจคัดกรอง และให้หน่วยที่ผ่านการคัดกรองเตรียมความพร้อม"
            "รับการตรวจประเมิน ณ สถานที่จริง ตามกำหนดการที่สำนักงานปลัดสำนักนายกรัฐมนตรีแจ้ง"
        ),
        "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
    ]
)
MOI_4252_BODY = "\n\n".join(
    [
        (
            "ด้วยคณะรัฐมนตรีได้มีมติเมื่อวันที่ 3 พฤษภาคม 2565 "
            "รับทราบผลการขับเคลื่อนนโยบายของนายกรัฐมนตรีเกี่ยวกับศูนย์ราชการสะดวก "
            "และเห็นชอบให้ส่วนราชการและหน่วยงานของรัฐพัฒนางานบริการประชาชน"
            "เข้าสู่มาตรฐาน GECC เพื่อเพิ่มประสิทธิภาพการให้บริการประชาชนมากยิ่งขึ้น"
        ),
        (
            "กระทรวงมหาดไทยพิจารณาแล้ว ขอให้กรมส่งเสริมการปกครองท้องถิ่นแจ้งจังหวัด"
            "และองค์กรปกครองส่วนท้องถิ่นถือปฏิบัติตามมติคณะรัฐมนตรีดังกล่าว "
            "และส่งเสริมผลักดันให้หน่วยงานในกำกับพัฒนางานบริการประชาชนเข้าสู่มาตรฐาน GECC"
        ),
        "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
    ]
)
FORWARD_BODY = "\n\n".join(
    [
        (
            "ด้วยจังหวัดปัตตานีได้รับแจ้งจากกรมส่งเสริมการปกครองท้องถิ่นว่า "
            "คณะรัฐมนตรีมีมติเมื่อวันที่ 3 พฤษภาคม 2565 "
            "เห็นชอบให้ส่วนราชการและหน่วยงานของรัฐพัฒนางานบริการประชาชนเข้าสู่มาตรฐาน GECC "
            "และขอให้ศูนย์ราชการสะดวกที่อยู่ระหว่างการรับรองมาตรฐาน "
            "นำส่งผลการประเมินความพึงพอใจของประชาชนและผลการประเมินตนเอง (Self Checklist) "
            "ให้สำนักงานปลัดสำนักนายกรัฐมนตรีทุกรอบ 6 เดือน และ 12 เดือน "
            "รายละเอียดปรากฏตามหนังสือที่อ้างถึง"
        ),
        (
            "จังหวัดปัตตานีพิจารณาแล้ว ขอให้องค์กรปกครองส่วนท้องถิ่นถือปฏิบัติ"
            "ตามหนังสือดังกล่าว และรายงานผลการดำเนินการตามแบบตอบรับในระบบ "
            "ภายในวันที่ 10 กรกฎาคม 2565"
        ),
        "จึงเรียนมาเพื่อทราบและดำเนินการต่อไป",
    ]
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in Bangkok on that day."""
    return datetime.combine(day, time(hour, minute), tzinfo=dates.BANGKOK)


def _saved(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _letterheads() -> None:
    """Each demo organisation's letterhead, where it has none yet (one its officers
    changed is kept)."""
    for code, (letter_code, address, contact) in LETTERHEADS.items():
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None or Letterhead.objects.filter(organisation=organisation).exists():
            continue
        _saved(
            Letterhead(
                organisation=organisation, letter_code=letter_code, address=address, contact=contact
            )
        )


def _register(letter: Letter) -> None:
    """The sender's outgoing register for the letter's year and kind has given its
    number: the register's last number is at least that."""
    register, _ = RegisterYear.objects.get_or_create(
        organisation=letter.sender, year=letter.year, kind=letter.kind
    )
    if letter.number is not None and register.last < letter.number:
        register.last = letter.number
        register.save(update_fields=["last"])


def _letter(
    sender_code: str,
    kind: str,
    number: int,
    on: date,
    *,
    by: str,
    to: list[str],
    forwards: Recipient | None = None,
    references: tuple[tuple[str, str, date, Letter], ...] = (),
    enclosures: tuple[str, ...] = (),
    questions: tuple[tuple[str, str], ...] = (),
    **fields: Any,
) -> tuple[Letter, bool]:
    """The sent letter with that register number (found, or made with its references,
    enclosures, reply form and one delivered copy per recipient). Returns it and
    whether it was made now."""
    sender = _org(sender_code)
    year = dates.be_year(on.year)
    existing = Letter.objects.filter(sender=sender, year=year, kind=kind, number=number).first()
    if existing is not None:
        return existing, False
    author = _user(by)
    sent = at(on, 10)
    delivered = sent + timedelta(minutes=1)
    recipients = [_org(code) for code in to]
    letter = _saved(
        Letter(
            sender=sender,
            kind=kind,
            letter_code=sender.letterhead.letter_code,
            year=year,
            number=number,
            date=on,
            forwards=forwards,
            root=forwards.letter.root if forwards else None,
            depth=forwards.letter.depth + 1 if forwards else 0,
            chosen_ids=[organisation.pk for organisation in recipients],
            recipient_count=len(recipients),
            state=Letter.State.SENT,
            created_by=author,
            sent_by=author,
            sent_at=sent,
            delivered_at=delivered,
            **fields,
        )
    )
    if letter.root_id is None:
        letter.root = letter
        letter.save(update_fields=["root"])
    # Written the day before it went out, not on the day the demo was loaded.
    Letter.objects.filter(pk=letter.pk).update(created_at=sent - timedelta(days=1))
    for position, (issuer, cited_number, dated, cites) in enumerate(references):
        _saved(
            Reference(
                letter=letter,
                position=position,
                issuer=issuer,
                number=cited_number,
                date=dated,
                cites=cites,
            )
        )
    for position, description in enumerate(enclosures):
        _saved(
            Enclosure(letter=letter, position=position, description=description, uploaded_by=author)
        )
    for position, (question_kind, label) in enumerate(questions):
        _saved(Question(letter=letter, position=position, kind=question_kind, label=label))
    for organisation in recipients:
        _saved(Recipient(letter=letter, organisation=organisation, delivered_at=delivered))
    _register(letter)
    return letter, True


def _copy(letter: Letter, code: str) -> Recipient:
    return Recipient.objects.get(letter=letter, organisation__code=code)


def _opened(copy: Recipient, by: str, when: datetime) -> None:
    if copy.opened_at is None:
        copy.opened_at, copy.opened_by = when, _user(by)
        _saved(copy)


def _acknowledged(copy: Recipient, by: str, when: datetime, register_number: str) -> None:
    """Opened and registered as incoming (ลงรับ) at that moment, under that number."""
    _opened(copy, by, when - timedelta(minutes=5))
    if copy.acknowledged_at is None:
        copy.acknowledged_at, copy.acknowledged_by = when, _user(by)
        copy.register_number, copy.register_date = register_number, dates.local_date(when)
        _saved(copy)


def _answered(copy: Recipient, by: str, when: datetime, values: list[Any]) -> None:
    """The reply form filled in, one value per question in their order."""
    if copy.answered_at is not None:
        return
    for question, value in zip(copy.letter.questions.order_by("position"), values, strict=True):
        answer = Answer(recipient=copy, question=question)
        if question.kind == Question.Kind.YES_NO:
            answer.yes = value
        elif question.kind == Question.Kind.NUMBER:
            answer.number = Decimal(value)
        else:
            answer.text = value
        _saved(answer)
    copy.answered_at, copy.answered_by = when, _user(by)
    _saved(copy)


def _forwarded_below(letter: Letter) -> set[int]:
    """The units the letter was forwarded to, at every level below it."""
    found: set[int] = set()
    for forward in Letter.objects.filter(forwards__letter=letter):
        found |= set(forward.recipients.values_list("organisation_id", flat=True))
        found |= _forwarded_below(forward)
    return found


def _parties(letter: Letter) -> None:
    """The letter's Party rows, by the rule of correspondence.models.Party."""
    parties = {letter.sender_id}
    parties |= set(letter.recipients.values_list("organisation_id", flat=True))
    parties |= _forwarded_below(letter)
    above = letter
    while above.forwards_id is not None:
        above = above.forwards.letter  # type: ignore[union-attr]
        parties.add(above.sender_id)
    for organisation_id in parties:
        Party.objects.get_or_create(letter=letter, organisation_id=organisation_id)


# --- the story ----------------------------------------------------------------------------


def _earlier_letters() -> tuple[Letter, Letter]:
    """DLA's circular ว 1408 (May 2565) and the Ministry's circular ว 4252 (June 2565)."""
    circular, made = _letter(
        "DLA",
        Kind.CIRCULAR,
        1408,
        date(2022, 5, 18),
        by="clerk.dla",
        to=["P94", "P50"],
        subject=(
            "ผลการตรวจคัดกรองเอกสารการสมัครเพื่อขอรับการรับรองมาตรฐานการให้บริการ"
            "ของศูนย์ราชการสะดวก (GECC) ประจำปีงบประมาณ พ.ศ. 2565"
        ),
        salutation="ผู้ว่าราชการจังหวัด ทุกจังหวัด",
        body=CIRCULAR_1408_BODY,
        signatory_name=DIRECTOR_GENERAL[0],
        signatory_position=DIRECTOR_GENERAL[1],
        action=Action.ACKNOWLEDGE,
    )
    if made:
        _acknowledged(_copy(circular, "P94"), "clerk.pattani", at(date(2022, 5, 19), 9, 10), "3590")
        _opened(_copy(circular, "P50"), "overseer.chiangmai", at(date(2022, 5, 20), 14))
    ministry, made = _letter(
        "MOI",
        Kind.CIRCULAR,
        4252,
        date(2022, 6, 15),
        by="opsadmin",  # the Ministry has no demo account: recorded by OPS PMO
        to=["DLA"],
        urgency=Letter.Urgency.VERY_URGENT,
        subject=SUBJECT,
        salutation="อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
        body=MOI_4252_BODY,
        signatory_name="นายสมบัติ เจริญธรรม",
        signatory_position="รองปลัดกระทรวงมหาดไทย ปฏิบัติราชการแทน ปลัดกระทรวงมหาดไทย",
        action=Action.ACKNOWLEDGE,
    )
    if made:
        _acknowledged(_copy(ministry, "DLA"), "clerk.dla", at(date(2022, 6, 16), 9, 30), "16734")
    return circular, ministry


def _founding_letter(circular: Letter) -> Letter:
    """มท 0810.7/7555 of 22 June 2565, DLA to the Governor of Pattani."""
    founding, made = _letter(
        "DLA",
        Kind.SINGLE,
        7555,
        date(2022, 6, 22),
        by="clerk.dla",
        to=["P94"],
        references=((DLA_ISSUER, "มท 0810.7/ว 1408", date(2022, 5, 18), circular),),
        enclosures=(ENCLOSED,),
        questions=tuple(QUESTIONS),
        subject=SUBJECT,
        salutation="ผู้ว่าราชการจังหวัดปัตตานี",
        body=FOUNDING_BODY,
        signatory_name=DIRECTOR_GENERAL[0],
        signatory_position=DIRECTOR_GENERAL[1],
        action=Action.ANSWER,
        due_date=date(2022, 7, 15),
    )
    if made:
        copy = _copy(founding, "P94")
        _acknowledged(copy, "clerk.pattani", at(date(2022, 6, 24), 9), "4321")
    return founding


def _pattani_forwards(founding: Letter) -> Letter:
    """ปน 0023.3/ว 2110 of 28 June 2565: Pattani passes the founding letter down to its
    local governments. Pattani Town answers, Yarang only opens it, the others are
    silent."""
    forward, made = _letter(
        "P94",
        Kind.CIRCULAR,
        2110,
        date(2022, 6, 28),
        by="clerk.pattani",
        to=PATTANI_LAOS,
        forwards=_copy(founding, "P94"),
        references=((DLA_ISSUER, "มท 0810.7/7555", date(2022, 6, 22), founding),),
        questions=tuple(QUESTIONS),
        subject=SUBJECT,
        salutation=(
            "นายกองค์การบริหารส่วนจังหวัดปัตตานี นายกเทศมนตรี และนายกองค์การบริหารส่วนตำบล ในจังหวัดปัตตานี"
        ),
        body=FORWARD_BODY,
        signatory_name="นายอับดุลเลาะ หะยีสาแม",
        signatory_position="รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดปัตตานี",
        action=Action.ANSWER,
        due_date=date(2022, 7, 10),
    )
    if made:
        town = _copy(forward, "5940101")
        _acknowledged(town, "admin.pattanitown", at(date(2022, 6, 29), 9, 20), "1875")
        _answered(
            town, "admin.pattanitown", at(date(2022, 7, 5), 14), [True, 1, PATTANI_TOWN_ANSWER]
        )
        _opened(_copy(forward, "5941001"), "admin.yarang", at(date(2022, 7, 1), 10, 30))
    return forward


def _current_circular() -> Letter:
    """A DLA circular of two days ago to Pattani and Chiang Mai: Pattani has opened it,
    not yet registered it; Chiang Mai has not opened it."""
    dla = _org("DLA")
    existing = Letter.objects.filter(
        sender=dla, kind=Kind.CIRCULAR, subject__startswith=CURRENT_SUBJECT
    ).first()
    if existing is not None:
        return existing
    today = dates.bangkok_today()
    on = today - timedelta(days=2)
    year = dates.be_year(on.year)
    last = RegisterYear.objects.filter(organisation=dla, year=year, kind=Kind.CIRCULAR).aggregate(
        last=Max("last")
    )["last"]
    # About ten circulars a day, as ว 1408 of 18 May suggests; after any already given.
    number = max((last or 0) + 1, 10 * on.timetuple().tm_yday + 7)
    fiscal_year = dates.fiscal_year(on)
    deadline = dates.format_date(dates.round_for(fiscal_year, 6).deadline, lang="th")
    letter, _ = _letter(
        "DLA",
        Kind.CIRCULAR,
        number,
        on,
        by="clerk.dla",
        to=["P94", "P50"],
        urgency=Letter.Urgency.URGENT,
        subject=f"{CURRENT_SUBJECT} รอบ 6 เดือน ปีงบประมาณ พ.ศ. {fiscal_year}",
        salutation="ผู้ว่าราชการจังหวัด ทุกจังหวัด",
        body="\n\n".join(
            [
                "ด้วยสำนักงานปลัดสำนักนายกรัฐมนตรีกำหนดให้ศูนย์ราชการสะดวกที่ได้รับการรับรอง"
                "มาตรฐาน GECC รายงานผลการประเมินความพึงพอใจของประชาชนในการรับบริการ "
                "และผลการประเมินตนเอง (Self Checklist) ตามหลักเกณฑ์การรักษามาตรฐาน "
                "ทุกรอบ 6 เดือน และ 12 เดือน ผ่านระบบออนไลน์",
                "กรมส่งเสริมการปกครองท้องถิ่นจึงขอความร่วมมือจังหวัดแจ้งองค์กรปกครอง"
                "ส่วนท้องถิ่นที่มีศูนย์ราชการสะดวก รายงานผลรอบ 6 เดือน "
                f"ปีงบประมาณ พ.ศ. {fiscal_year} ภายในวันที่ {deadline}",
                "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
            ]
        ),
        signatory_name="นายธนากร สุขประเสริฐ",
        signatory_position="รองอธิบดี ปฏิบัติราชการแทน อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
        action=Action.ACKNOWLEDGE,
    )
    # Sent in the morning of its day; Pattani's officer opened it the next morning.
    _opened(_copy(letter, "P94"), "clerk.pattani", at(today - timedelta(days=1), 8, 40))
    return letter


@transaction.atomic
def load() -> dict[str, Any]:
    """The letters of the demo (seed_demo), after the organisations and accounts of
    demo/scenario.py and demo/certification.py."""
    _letterheads()
    circular, ministry = _earlier_letters()
    founding = _founding_letter(circular)
    forward = _pattani_forwards(founding)
    current = _current_circular()
    for letter in (circular, ministry, founding, forward, current):
        _parties(letter)
    return {
        "earlier": [circular, ministry],
        "founding": founding,
        "forward": forward,
        "current": current,
    }
