"""The official rendering: what the PDF of a letter says, in Thai digits, laid out as
the Saraban rules want (checked here by its text and its pages; by eye in the docs)."""

import io
import re
from datetime import date
from typing import Any

from pypdf import PdfReader

from correspondence import letter_pdf
from correspondence.models import Letter
from correspondence.tests.factories_compose import draft, sent


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_sent_letter_prints_its_number_date_and_references_in_thai_digits(
    world: Any, client_as: Any
) -> None:
    letter = sent(draft(), number=7555, day=date(2022, 6, 22))
    response = client_as("clerk.pattani").get(f"/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = text_of(response.content)
    text = "".join(pages)
    assert "ที่ มท ๐๘๑๐.๗/๗๕๕๕" in text
    assert "๒๒ มิถุนายน ๒๕๖๕" in text
    assert "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๗/ว ๑๔๐๘ ลงวันที่ ๑๘" in text
    # (pypdf reads สระอำ back as า: the words checked here avoid it.)
    assert "สิ่งที่ส่งมาด้วย" in text and "๑ ชุด" in text
    assert "ด่วนมาก" in text
    assert "ขอแสดงความนับถือ" in text and "(นายประยูร รัตนเสนีย์)" in text
    assert "โทร. ๐-๒๒๔๑-๙๐๐๐" in text  # the contact, at the foot of the first page
    assert "ร่าง" not in text
    assert re.findall(r"[0-9]", text) == []


def test_a_draft_is_marked_and_has_no_number(world: Any) -> None:
    letter = draft()
    text = "".join(text_of(letter_pdf.render_letter(letter, today=date(2022, 6, 20))))
    assert "ร่าง" in text
    # The number left blank: the sender's name, on the right, follows the slash.
    assert "ที่ มท ๐๘๑๐.๗/ กรมส่งเสริมการปกครองท้องถิ่น" in text
    assert "๗๕๕๕" not in text
    assert "มิถุนายน ๒๕๖๕" in text  # the month and year; the day is left blank


def test_a_circular_draft_leaves_the_number_after_wor_blank(world: Any) -> None:
    letter = draft()
    Letter.objects.filter(pk=letter.pk).update(kind=Letter.Kind.CIRCULAR)
    letter.refresh_from_db()
    assert letter_pdf.letter_content(letter)["number_line"] == "มท ๐๘๑๐.๗/ว "


def test_a_long_letter_numbers_its_pages_from_the_second_on(world: Any) -> None:
    letter = sent(draft())
    Letter.objects.filter(pk=letter.pk).update(body=(letter.body + "\n\n") * 3)
    letter.refresh_from_db()
    pages = text_of(letter_pdf.render_letter(letter))
    assert len(pages) >= 2
    assert "- ๒ -" in pages[1]
    assert "- ๑ -" not in pages[0]
    # The contact is printed on the first page only.
    assert "โทร." in pages[0] and "โทร." not in pages[-1]


def test_several_references_and_enclosures_are_numbered(world: Any) -> None:
    letter = draft()
    letter.enclosures.create(description="แผนผังศูนย์ราชการสะดวก จำนวน 1 แผ่น", position=2)
    context = letter_pdf.letter_content(letter)
    assert context["numbered_enclosures"] is True
    text = "".join(text_of(letter_pdf.render_letter(letter)))
    assert re.search(r"สิ่งที่ส่งมาด้วย ๑\. \S+หนังสือกระทรวงมหาดไทย", text)
    assert re.search(r"\n๒\. แผนผังศูนย์ราชการสะดวก \S+ ๑ แผ่น", text)


def test_the_newest_emblem_is_printed(world: Any) -> None:
    from django.core.files.base import ContentFile

    from accounts.models import User
    from correspondence.models import Emblem
    from correspondence.tests.factories_compose import png

    assert letter_pdf.current_emblem().content.startswith(b"\x89PNG")  # the placeholder
    emblem = Emblem(uploaded_by=User.objects.get(username="opsadmin"))
    emblem.image.save("emblem.png", ContentFile(png(30)), save=True)
    assert letter_pdf.current_emblem().content == png(30)
    assert letter_pdf.render_letter(draft()).startswith(b"%PDF")
