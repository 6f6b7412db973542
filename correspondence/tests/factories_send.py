"""Drafts and letterheads for the sending tests (the letter editor is another part's:
these write the model directly, as a finished draft would be)."""

from typing import Any

from accounts.models import User
from correspondence.models import Letter, Letterhead
from registry.models import Organisation

CODES = {"DLA": "มท 0810.7", "P94": "ปน 0023.3", "5940101": "ปน 52001"}


def letterhead(org: Organisation, code: str | None = None) -> Letterhead:
    head, _created = Letterhead.objects.get_or_create(
        organisation=org,
        defaults={
            "letter_code": code or CODES.get(org.code, "มท 0001"),
            "address": f"{org.name_th} ถนนนครราชสีมา กรุงเทพฯ 10300",
        },
    )
    return head


def draft(
    org: Organisation, *, kind: str = Letter.Kind.CIRCULAR, by: str = "clerk.dla", **fields: Any
) -> Letter:
    values: dict[str, Any] = {
        "sender": org,
        "kind": kind,
        "subject": "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก",
        "salutation": "ผู้ว่าราชการจังหวัด ทุกจังหวัด",
        "body": "ด้วยกรมส่งเสริมการปกครองท้องถิ่นขอความร่วมมือ\n\nจึงเรียนมาเพื่อโปรดพิจารณา",
        "signatory_name": "นายประยูร รัตนเสนีย์",
        "signatory_position": "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
        "action": Letter.Action.ACKNOWLEDGE,
        "created_by": User.objects.get(username=by),
    }
    values.update(fields)
    return Letter.objects.create(**values)
