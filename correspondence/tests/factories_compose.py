"""Letters for tests: the founding letter as a DLA draft, and the same letter sent
(its number, date and recipients set directly: sending is another part's)."""

import io
from datetime import date
from typing import Any

from django.utils import timezone

from accounts.models import User
from correspondence import drafting, tallies
from correspondence.models import Letter, Letterhead, Party, Recipient
from registry.models import Organisation

BODY = (
    "ตามที่กรมส่งเสริมการปกครองท้องถิ่น ขอความร่วมมือจังหวัดแจ้งองค์กรปกครองส่วนท้องถิ่น "
    "ทราบผลการตรวจคัดกรองเอกสารการสมัครเพื่อขอรับการรับรองมาตรฐานการให้บริการของศูนย์ราชการ"
    "สะดวก (GECC) ประจำปีงบประมาณ พ.ศ. 2565 ความละเอียดแจ้งแล้ว นั้น\n\n"
    "กรมส่งเสริมการปกครองท้องถิ่นได้รับแจ้งจากกระทรวงมหาดไทย คณะรัฐมนตรี มีมติเมื่อวันที่ "
    "3 พฤษภาคม 2565 รับทราบผลการขับเคลื่อนนโยบายของนายกรัฐมนตรีเกี่ยวกับศูนย์ราชการสะดวก "
    "และเห็นชอบให้ส่วนราชการและหน่วยงานของรัฐพัฒนางานบริการประชาชนเข้าสู่มาตรฐาน GECC "
    "เพื่อเพิ่มประสิทธิภาพการให้บริการประชาชนมากยิ่งขึ้น ในกรณี เพื่อให้การขับเคลื่อนนโยบาย"
    "ศูนย์ราชการสะดวกเป็นไปอย่างต่อเนื่อง และมีประสิทธิภาพสอดคล้องกับมติคณะรัฐมนตรีดังกล่าว "
    "ขอความร่วมมือจังหวัด แจ้งองค์กรปกครองส่วนท้องถิ่น ดังนี้\n\n"
    "1. รับทราบมติคณะรัฐมนตรี เมื่อวันที่ 3 พฤษภาคม 2565 เรื่อง รายงานผลการขับเคลื่อน"
    "นโยบายศูนย์ราชการสะดวก และส่งเสริมผลักดันให้ส่วนราชการและหน่วยงานของรัฐในกำกับพัฒนา"
    "งานบริการประชาชนเข้าสู่มาตรฐาน GECC เพื่อเพิ่มประสิทธิภาพการให้บริการประชาชนมากยิ่งขึ้น\n\n"
    "2. ขอให้ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานีที่อยู่ระหว่างการรับรองมาตรฐาน GECC "
    "นำส่งข้อมูลผลการประเมินความพึงพอใจของประชาชนในการรับบริการ และผลการประเมินตนเอง "
    "(Self Checklist) ตามหลักเกณฑ์ประเมินการรักษามาตรฐาน GECC ให้สำนักงานปลัดสำนัก"
    "นายกรัฐมนตรีทราบทุกรอบ 6 เดือน และ 12 เดือน (รอบปีงบประมาณ) ผ่านระบบออนไลน์ "
    "เพื่อสะท้อนให้เห็นว่าประชาชนยังคงได้รับการบริการที่มีมาตรฐาน GECC อย่างต่อเนื่อง\n\n"
    "3. รับทราบผลการสำรวจความต้องการสิ่งจูงใจในการขอรับการรับรองมาตรฐาน GECC "
    "(ที่มีค่าใช้จ่าย) เพื่อพิจารณาสร้างขวัญและกำลังใจในการปฏิบัติงานให้เจ้าหน้าที่ต่อไป "
    "รายละเอียดปรากฏตาม QR Code ท้ายหนังสือฉบับนี้\n\n"
    "จึงเรียนมาเพื่อโปรดพิจารณา"
)
LETTERHEADS = {
    "DLA": (
        "มท 0810.7",
        "ถนนนครราชสีมา เขตดุสิต กทม. 10300",
        "กองส่งเสริมและพัฒนาการบริหารงานท้องถิ่น\nโทร. 0-2241-9000 ต่อ 2112",
    ),
    "P94": ("ปน 0023.3", "ศาลากลางจังหวัดปัตตานี ถนนมะกรูด ปน 94000", ""),
    "5940101": ("ปน 52001", "ถนนปัตตานีภิรมย์ อำเภอเมืองปัตตานี ปน 94000", ""),
}


def letterhead(code: str) -> Letterhead:
    org = Organisation.objects.get(code=code)
    letter_code, address, contact = LETTERHEADS[code]
    found, _ = Letterhead.objects.get_or_create(
        organisation=org,
        defaults={"letter_code": letter_code, "address": address, "contact": contact},
    )
    return found


def draft(code: str = "DLA", *, user: str = "") -> Letter:
    """The founding letter as a draft of the organisation's (DLA's by default)."""
    letterhead(code)
    writer = User.objects.get(username=user or ("clerk.dla" if code == "DLA" else "opsadmin"))
    sender = Organisation.objects.get(code=code)
    letter = Letter.objects.create(
        sender=sender,
        kind=Letter.Kind.SINGLE,
        letter_code=Letterhead.objects.get(organisation=sender).letter_code,
        urgency=Letter.Urgency.VERY_URGENT,
        subject="การขับเคลื่อนนโยบายศูนย์ราชการสะดวก",
        salutation="ผู้ว่าราชการจังหวัดปัตตานี",
        body=BODY,
        signatory_name="นายประยูร รัตนเสนีย์",
        signatory_position="อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
        created_by=writer,
    )
    letter.root = letter
    letter.save(update_fields=["root"])
    letter.references.create(
        issuer="กรมส่งเสริมการปกครองท้องถิ่น",
        number="มท 0810.7/ว 1408",
        date=date(2022, 5, 18),
        position=1,
    )
    letter.enclosures.create(
        description="สำเนาหนังสือกระทรวงมหาดไทย ที่ มท 0218/ว 4252 ลงวันที่ 15 มิถุนายน 2565 จำนวน 1 ชุด",
        position=1,
    )
    return letter


def sent(letter: Letter, *, to: str = "P94", number: int = 7555, day: date | None = None) -> Letter:
    """The letter as sending leaves it: numbered, dated, delivered to one recipient."""
    day = day or date(2022, 6, 22)
    Letter.objects.filter(pk=letter.pk).update(
        state=Letter.State.SENT,
        number=number,
        date=day,
        year=day.year + 543,
        sent_at=timezone.now(),
        recipient_count=1,
    )
    letter.refresh_from_db()
    recipient = Organisation.objects.get(code=to)
    Recipient.objects.create(letter=letter, organisation=recipient, delivered_at=timezone.now())
    tallies.changed([recipient.pk])  # as the delivery does
    for org in (letter.sender, recipient):
        Party.objects.get_or_create(letter=letter, organisation=org)
    return letter


def editor_post(letter: Letter, **changes: Any) -> dict[str, Any]:
    """The editor's form as the page posts it."""
    data = {
        "revision": letter.revision,
        "kind": letter.kind,
        "urgency": letter.urgency,
        "subject": letter.subject,
        "salutation": letter.salutation,
        "body": letter.body,
        "closing": letter.closing,
        "signatory_name": letter.signatory_name,
        "signatory_position": letter.signatory_position,
        "action": letter.action,
        "due_date": "",
    }
    data.update(changes)
    return data


def png(size: int = 40) -> bytes:
    """A small, real PNG picture."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), "white").save(out, format="PNG")
    return out.getvalue()


__all__ = ["draft", "drafting", "editor_post", "letterhead", "png", "sent"]
