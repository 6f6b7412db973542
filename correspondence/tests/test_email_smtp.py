"""The e-mail about a new letter, through Django's SMTP backend to a real SMTP server
(aiosmtpd) that the test starts on localhost: it arrives with its Thai subject and the
link to the letter."""

from email.header import decode_header, make_header
from email.message import Message
from typing import Any

from accounts.models import User
from correspondence import recipients, sending
from correspondence.tests.factories_send import draft, letterhead
from notices.models import Notice
from saduak.background import run_queued_tasks
from saduak.tests.smtp import Inbox


def _text(message: Message) -> str:
    part = message.get_payload(decode=True)
    assert isinstance(part, bytes)
    return part.decode(message.get_content_charset() or "utf-8")


def test_the_new_letter_e_mail_reaches_a_real_smtp_server(world: Any, smtp_server: Inbox) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"], kind="single", urgency="most_urgent")
    sending.send_letter(
        user=User.objects.get(username="clerk.dla"),
        letter=letter,
        selection=[recipients.Group(recipients.CHOSEN, ids=(world["P94"].pk,))],
        revision=0,
    )
    run_queued_tasks()
    assert len(smtp_server.messages) == 1
    to, message = smtp_server.messages[0]
    assert to == ["clerk.pattani@demo.saduak.local"]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "หนังสือเข้าใหม่ ที่ มท ๐๘๑๐.๗/๑ เรื่อง การขับเคลื่อนนโยบายศูนย์ราชการสะดวก"
    body = _text(message)
    assert f"/letters/{letter.pk}/" in body
    assert "ด่วนที่สุด" in body
    assert "จังหวัดปัตตานี ได้รับหนังสือใหม่จากกรมส่งเสริมการปกครองท้องถิ่น" in body
    notice = Notice.objects.get(letter=letter)
    assert (notice.status, notice.attempts, notice.last_error) == ("sent", 1, "")
