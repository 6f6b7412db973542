"""Writing a letter: starting a draft from the letterhead, saving it (with the revision
check), references, enclosures, the reply form, deleting; the letterhead; the emblem;
who may do it; the letter's page."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from audit.models import AuditEvent
from correspondence import drafting
from correspondence.models import Emblem, Letter, Letterhead, Recipient
from correspondence.tests.factories_compose import draft, editor_post, letterhead, png, sent
from registry.models import Organisation
from saduak.problems import DraftConflict, Incomplete
from thaicalendar import dates


def user(name: str) -> User:
    return User.objects.get(username=name)


def problems_of(refusal: pytest.ExceptionInfo[Incomplete]) -> dict[str, str]:
    return {p.field: p.message for p in refusal.value.problems}


# --- starting ------------------------------------------------------------------------------


def test_a_draft_starts_with_the_letter_code_of_the_letterhead(world: Any) -> None:
    letterhead("DLA")
    letter = drafting.start_letter(user=user("clerk.dla"), sender=world["DLA"])
    assert letter.state == Letter.State.DRAFT
    assert letter.letter_code == "มท 0810.7"
    assert letter.number is None
    assert AuditEvent.objects.filter(object_id=str(letter.pk), action="create").exists()
    assert letter.missing()  # nothing written yet


def test_without_a_letterhead_no_draft_starts_and_the_page_links_to_it(
    world: Any, client_as: Any
) -> None:
    with pytest.raises(Incomplete) as refusal:
        drafting.start_letter(user=user("clerk.dla"), sender=world["DLA"])
    assert "letterhead" in problems_of(refusal)
    page = client_as("clerk.dla").post("/letters/new/", {"sender": world["DLA"].pk})
    assert page.status_code == 200
    assert f'href="/letters/letterheads/{world["DLA"].pk}/"' in page.content.decode()
    assert not Letter.objects.exists()


def test_the_new_letter_page_starts_a_draft_for_the_organisation(
    world: Any, client_as: Any
) -> None:
    letterhead("DLA")
    client = client_as("clerk.dla")
    assert client.get("/letters/new/").status_code == 200
    response = client.post("/letters/new/", {"sender": world["DLA"].pk})
    letter = Letter.objects.get()
    assert response["Location"] == f"/letters/{letter.pk}/edit/"
    assert letter.sender == world["DLA"] and letter.created_by.username == "clerk.dla"


def test_no_draft_for_an_organisation_the_account_does_not_write_for(
    world: Any, client_as: Any
) -> None:
    letterhead("DLA")
    # clerk.pattani writes for Pattani province only: DLA is no choice of its.
    page = client_as("clerk.pattani").post("/letters/new/", {"sender": world["DLA"].pk})
    assert page.status_code == 200 and not Letter.objects.exists()
    # An overseer writes for no one.
    assert client_as("overseer.dla").get("/letters/new/").status_code == 403


# --- saving --------------------------------------------------------------------------------


def test_the_editor_saves_the_draft_and_lists_what_is_missing(world: Any, client_as: Any) -> None:
    letterhead("DLA")
    letter = drafting.start_letter(user=user("clerk.dla"), sender=world["DLA"])
    client = client_as("clerk.dla")
    page = client.get(f"/letters/{letter.pk}/edit/").content.decode()
    assert "Still missing" in page or "ยังขาด" in page
    response = client.post(
        f"/letters/{letter.pk}/edit/",
        editor_post(letter, subject="การขับเคลื่อนนโยบายศูนย์ราชการสะดวก", urgency="most_urgent"),
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.subject == "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก"
    assert letter.urgency == Letter.Urgency.MOST_URGENT
    assert letter.revision == 1
    event = AuditEvent.objects.filter(object_id=str(letter.pk), action="update").get()
    assert "subject" in event.changes


def test_a_second_save_from_a_stale_copy_is_refused_and_nothing_is_lost(
    world: Any, client_as: Any
) -> None:
    letter = draft()
    clerk = user("clerk.dla")
    drafting.save_draft(user=clerk, letter=letter, data={"subject": "ฉบับแรก"}, revision=0)
    with pytest.raises(DraftConflict):
        drafting.save_draft(user=clerk, letter=letter, data={"subject": "ฉบับที่สอง"}, revision=0)
    # Through the page: 409, what was typed still on it, the stored draft unchanged.
    response = client_as("clerk.dla").post(
        f"/letters/{letter.pk}/edit/", editor_post(letter, revision=0, subject="ฉบับที่สาม")
    )
    assert response.status_code == 409
    assert "ฉบับที่สาม" in response.content.decode()
    letter.refresh_from_db()
    assert letter.subject == "ฉบับแรก"


def test_a_save_that_changes_nothing_is_not_a_conflict(world: Any) -> None:
    letter = draft()
    clerk = user("clerk.dla")
    drafting.save_draft(user=clerk, letter=letter, data={"subject": "ใหม่"}, revision=0)
    same = drafting.save_draft(user=clerk, letter=letter, data={"subject": "ใหม่"}, revision=0)
    assert same.revision == 1


def test_a_due_date_before_the_letters_date_is_refused_on_the_field(
    world: Any, client_as: Any
) -> None:
    letter = draft()
    yesterday = dates.bangkok_today() - timedelta(days=1)
    with pytest.raises(Incomplete) as refusal:
        drafting.save_draft(
            user=user("clerk.dla"),
            letter=letter,
            data={"action": Letter.Action.ANSWER, "due_date": yesterday},
            revision=letter.revision,
        )
    assert problems_of(refusal) == {"due_date": "วันที่ต้องตอบต้องไม่ก่อนวันที่ของหนังสือ"}
    typed = f"{yesterday.day}/{yesterday.month}/{yesterday.year + 543}"
    page = client_as("clerk.dla").post(
        f"/letters/{letter.pk}/edit/", editor_post(letter, action="answer", due_date=typed)
    )
    assert page.status_code == 422
    assert "วันที่ของหนังสือ" in page.content.decode()  # the Thai message, on the page
    letter.refresh_from_db()
    assert letter.due_date is None and letter.action == Letter.Action.READ


def test_a_letter_that_asks_an_answer_needs_a_due_date_and_a_question(world: Any) -> None:
    letter = draft()
    saved = drafting.save_draft(
        user=user("clerk.dla"),
        letter=letter,
        data={"action": Letter.Action.ANSWER, "due_date": dates.bangkok_today()},
        revision=0,
    )
    assert [p.field for p in saved.missing()] == ["questions"]


# --- references ------------------------------------------------------------------------------


def test_a_malformed_reference_number_is_refused_naming_the_field(
    world: Any, client_as: Any
) -> None:
    letter = draft()
    with pytest.raises(Incomplete) as refusal:
        drafting.add_reference(
            user=user("clerk.dla"),
            letter=letter,
            issuer="กรมส่งเสริมการปกครองท้องถิ่น",
            number="0810.7-1408",
            day=date(2022, 5, 18),
        )
    assert set(problems_of(refusal)) == {"number"}
    page = client_as("clerk.dla").post(
        f"/letters/{letter.pk}/references/add/",
        {
            **editor_post(letter),
            "ref-issuer": "กรมส่งเสริมการปกครองท้องถิ่น",
            "ref-number": "มท/ว1408",
            "ref-date": "18/5/2565",
        },
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "เลขที่หนังสือ" in html  # the field's name, in Thai, beside the message
    assert "มท 0810.7/ว 1408" in html  # the message shows how to write it
    assert letter.references.count() == 1  # the factory's only


def test_a_reference_in_thai_digits_is_stored_in_the_one_form(world: Any) -> None:
    letter = draft()
    reference = drafting.add_reference(
        user=user("clerk.dla"),
        letter=letter,
        issuer="หนังสือกระทรวงมหาดไทย",
        number="มท๐๒๑๘/ว๔๒๕๒",
        day=date(2022, 6, 15),
    )
    assert reference.number == "มท 0218/ว 4252"
    assert reference.issuer == "กระทรวงมหาดไทย"  # "หนังสือ" is printed, not stored
    assert reference.cites is None


def test_a_reference_links_the_sent_letter_when_the_writer_may_read_it(world: Any) -> None:
    earlier = sent(draft(), number=1408, day=date(2022, 5, 18))
    Letter.objects.filter(pk=earlier.pk).update(kind=Letter.Kind.CIRCULAR)
    letter = draft()
    reference = drafting.add_reference(
        user=user("clerk.dla"),
        letter=letter,
        issuer="กรมส่งเสริมการปกครองท้องถิ่น",
        number="มท 0810.7/ว 1408",
        day=date(2022, 5, 18),
    )
    assert reference.cites_id == earlier.pk
    # Pattani Town's writer cannot read DLA's letter to the province: no link, so the
    # link reveals nothing.
    town_letter = draft("5940101", user="admin.pattanitown")
    unlinked = drafting.add_reference(
        user=user("admin.pattanitown"),
        letter=town_letter,
        issuer="กรมส่งเสริมการปกครองท้องถิ่น",
        number="มท 0810.7/ว 1408",
        day=date(2022, 5, 18),
    )
    assert unlinked.cites is None


def test_references_are_added_and_removed_from_the_editor(world: Any, client_as: Any) -> None:
    letter = draft()
    client = client_as("clerk.dla")
    response = client.post(
        f"/letters/{letter.pk}/references/add/",
        {
            **editor_post(letter, subject="เรื่องที่พิมพ์ไว้"),
            "ref-issuer": "กระทรวงมหาดไทย",
            "ref-number": "มท 0218/ว 4252",
            "ref-date": "15/6/2565",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.subject == "เรื่องที่พิมพ์ไว้"  # the text typed was saved first
    added = letter.references.get(number="มท 0218/ว 4252")
    client.post(f"/letters/{letter.pk}/references/{added.pk}/remove/")
    assert not letter.references.filter(pk=added.pk).exists()


# --- enclosures --------------------------------------------------------------------------------


def test_an_enclosure_needs_a_description_and_a_checked_file(world: Any) -> None:
    letter = draft()
    clerk = user("clerk.dla")
    with pytest.raises(Incomplete) as refusal:
        drafting.add_enclosure(user=clerk, letter=letter, description="  ", upload=None)
    assert set(problems_of(refusal)) == {"description"}
    with pytest.raises(Incomplete) as refusal:
        drafting.add_enclosure(
            user=clerk,
            letter=letter,
            description="โปรแกรม",
            upload=SimpleUploadedFile("setup.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert set(problems_of(refusal)) == {"file"}
    enclosure = drafting.add_enclosure(
        user=clerk,
        letter=letter,
        description="แผนผัง จำนวน 1 แผ่น",
        upload=SimpleUploadedFile("plan.png", png()),
    )
    assert enclosure.kind == "png" and enclosure.size > 0 and enclosure.position == 2


def test_an_enclosure_is_downloaded_by_readers_only(world: Any, client_as: Any) -> None:
    letter = draft()
    enclosure = drafting.add_enclosure(
        user=user("clerk.dla"),
        letter=letter,
        description="แผนผัง",
        upload=SimpleUploadedFile("plan.png", png()),
    )
    address = f"/letters/{letter.pk}/enclosures/{enclosure.pk}/"
    assert client_as("clerk.dla").get(address).status_code == 200
    assert client_as("clerk.pattani").get(address).status_code == 404  # a draft of DLA's
    sent(letter)
    download = client_as("clerk.pattani").get(address)  # now the province received it
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client_as("admin.yarang").get(address).status_code == 404
    other = draft()
    assert (
        client_as("clerk.dla").get(f"/letters/{other.pk}/enclosures/{enclosure.pk}/").status_code
        == 404
    )


def test_enclosures_are_added_and_removed_from_the_editor(world: Any, client_as: Any) -> None:
    letter = draft()
    client = client_as("clerk.dla")
    response = client.post(
        f"/letters/{letter.pk}/enclosures/add/",
        {
            **editor_post(letter),
            "enc-description": "แผนผัง",
            "enc-file": SimpleUploadedFile("plan.png", png()),
        },
    )
    assert response.status_code == 302
    added = letter.enclosures.get(description="แผนผัง")
    client.post(f"/letters/{letter.pk}/enclosures/{added.pk}/remove/")
    assert not letter.enclosures.filter(pk=added.pk).exists()


# --- the reply form ------------------------------------------------------------------------------


def test_questions_only_on_a_letter_that_asks_an_answer(world: Any, client_as: Any) -> None:
    letter = draft()
    clerk = user("clerk.dla")
    with pytest.raises(Incomplete):
        drafting.add_question(user=clerk, letter=letter, kind="yes_no", label="รับทราบหรือไม่")
    client = client_as("clerk.dla")
    response = client.post(
        f"/letters/{letter.pk}/questions/add/",
        {
            **editor_post(letter, action="answer", due_date="30/6/2600"),
            "q-label": "จำนวนผู้รับบริการ",
            "q-kind": "number",
            "q-required": "on",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.action == Letter.Action.ANSWER and letter.due_date == date(2057, 6, 30)
    question = letter.questions.get()
    assert (question.kind, question.required) == ("number", True)
    assert letter.missing() == []
    client.post(f"/letters/{letter.pk}/questions/{question.pk}/remove/")
    assert not letter.questions.exists()


def test_a_question_of_an_unknown_kind_is_refused(world: Any) -> None:
    letter = draft()
    Letter.objects.filter(pk=letter.pk).update(action=Letter.Action.ANSWER)
    with pytest.raises(Incomplete) as refusal:
        drafting.add_question(user=user("clerk.dla"), letter=letter, kind="colour", label="สี")
    assert set(problems_of(refusal)) == {"kind"}


# --- a sent letter never changes; a draft is deleted -------------------------------------------


def test_a_sent_letter_never_changes(world: Any, client_as: Any) -> None:
    letter = sent(draft())
    clerk = user("clerk.dla")
    with pytest.raises(drafting.NotADraft):
        drafting.save_draft(user=clerk, letter=letter, data={"subject": "แก้"}, revision=0)
    with pytest.raises(drafting.NotADraft):
        drafting.add_enclosure(user=clerk, letter=letter, description="เพิ่ม", upload=None)
    with pytest.raises(drafting.NotADraft):
        drafting.delete_draft(user=clerk, letter=letter)
    client = client_as("clerk.dla")
    assert client.get(f"/letters/{letter.pk}/edit/").status_code == 403
    assert client.post(f"/letters/{letter.pk}/edit/", editor_post(letter)).status_code == 403
    assert client.post(f"/letters/{letter.pk}/delete/").status_code == 403
    letter.refresh_from_db()
    assert letter.subject == "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก"


def test_a_draft_is_deleted_after_being_asked(world: Any, client_as: Any) -> None:
    letter = draft()
    client = client_as("clerk.dla")
    assert client.get(f"/letters/{letter.pk}/delete/").status_code == 200
    assert client.post(f"/letters/{letter.pk}/delete/").status_code == 302
    assert not Letter.objects.filter(pk=letter.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(letter.pk), action="delete").exists()


# --- who may ----------------------------------------------------------------------------------


def test_who_reaches_a_draft_and_a_sent_letter(world: Any, client_as: Any) -> None:
    letter = draft()
    edit = f"/letters/{letter.pk}/edit/"
    assert client_as("clerk.dla").get(edit).status_code == 200
    # Almost allowed: a correspondence officer, of another organisation.
    assert client_as("clerk.pattani").get(edit).status_code == 404
    assert client_as("clerk.pattani").get(f"/letters/{letter.pk}/").status_code == 404
    # DLA's overseer reads DLA's sent letters, never its drafts, and writes none.
    assert client_as("overseer.dla").get(f"/letters/{letter.pk}/").status_code == 404
    assert client_as("overseer.dla").get(edit).status_code == 404
    sent(letter)
    assert client_as("overseer.dla").get(f"/letters/{letter.pk}/").status_code == 200
    assert client_as("overseer.dla").post(edit, editor_post(letter)).status_code == 403
    assert client_as("admin.yarang").get(f"/letters/{letter.pk}/").status_code == 404
    assert client_as("admin.yarang").get(f"/letters/{letter.pk}/pdf/").status_code == 404


# --- the letter's page -------------------------------------------------------------------------


def test_the_letter_page_shows_the_letter_and_records_the_recipients_opening(
    world: Any, client_as: Any
) -> None:
    letter = sent(draft())
    page = client_as("clerk.pattani").get(f"/letters/{letter.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ที่ มท ๐๘๑๐.๗/๗๕๕๕" in html
    assert "๒๒ มิถุนายน ๒๕๖๕" in html
    assert "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๗/ว ๑๔๐๘" in html
    assert f"/letters/{letter.pk}/pdf/" in html
    assert page.context["copy"] is not None and page.context["may_send"] is False
    copy = Recipient.objects.get(letter=letter)
    assert copy.opened_by is not None and copy.opened_by.username == "clerk.pattani"
    # The sender's clerk reading it is no opening of the recipient's copy.
    client_as("overseer.pattani").get(f"/letters/{letter.pk}/")
    copy.refresh_from_db()
    assert copy.opened_by.username == "clerk.pattani"


def test_a_draft_page_offers_the_editor_to_its_writer(world: Any, client_as: Any) -> None:
    letter = draft()
    page = client_as("clerk.dla").get(f"/letters/{letter.pk}/")
    assert page.context["may_send"] is True
    assert f"/letters/{letter.pk}/edit/" in page.content.decode()
    assert "ที่ มท ๐๘๑๐.๗/" in page.content.decode()


# --- the letterhead ---------------------------------------------------------------------------


def test_the_letterhead_is_kept_by_the_organisations_officers(world: Any, client_as: Any) -> None:
    letter = draft()
    address = f"/letters/letterheads/{world['DLA'].pk}/"
    client = client_as("clerk.dla")
    bad = client.post(address, {"letter_code": "0810.7", "address": "ถนนนครราชสีมา"})
    assert bad.status_code == 200 and "มท 0810.7" in bad.content.decode()
    assert Letterhead.objects.get(organisation=world["DLA"]).letter_code == "มท 0810.7"
    good = client.post(
        address, {"letter_code": "มท ๐๘๑๐.๔", "address": "ถนนนครราชสีมา", "contact": "กองคลัง"}
    )
    assert good.status_code == 302
    assert Letterhead.objects.get(organisation=world["DLA"]).letter_code == "มท 0810.4"
    letter.refresh_from_db()
    assert letter.letter_code == "มท 0810.4"  # the draft will be sent under it
    assert client_as("clerk.pattani").get(address).status_code == 404
    assert client_as("overseer.dla").get(address).status_code == 403


def test_a_letterhead_is_written_for_an_organisation_without_one(world: Any) -> None:
    head = drafting.save_letterhead(
        user=user("clerk.pattani"),
        organisation=world["P94"],
        letter_code="ปน0023.3",
        address="ศาลากลางจังหวัดปัตตานี",
        contact="",
    )
    assert head.letter_code == "ปน 0023.3"
    assert isinstance(Organisation.objects.get(code="P94").letterhead, Letterhead)


# --- the emblem ---------------------------------------------------------------------------------


def test_ops_pmo_replaces_the_emblem_and_the_newest_is_used(world: Any, client_as: Any) -> None:
    client = client_as("opsadmin")
    placeholder = client.get("/letters/emblem/image/")
    assert placeholder["Content-Type"] == "image/png"
    response = client.post("/letters/emblem/", {"image": SimpleUploadedFile("garuda.png", png(64))})
    assert response.status_code == 302
    assert Emblem.objects.count() == 1
    served = client.get("/letters/emblem/image/")
    assert b"".join(served) == png(64)


def test_an_emblem_that_is_no_picture_is_refused(world: Any, client_as: Any) -> None:
    client = client_as("opsadmin")
    for name, content in (
        ("garuda.png", b"%PDF-1.4 not a picture"),
        ("garuda.png", b"just text"),
        ("garuda.png", b"\x89PNG\r\n\x1a\n broken"),
        ("garuda.jpg", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>" + png()),
    ):
        page = client.post("/letters/emblem/", {"image": SimpleUploadedFile(name, content)})
        assert page.status_code == 200, name
        assert page.context["form"].errors, content
    assert not Emblem.objects.exists()
    assert client_as("clerk.dla").get("/letters/emblem/").status_code == 403


def test_an_emblem_over_the_size_cap_is_refused(world: Any) -> None:
    big = SimpleUploadedFile("garuda.png", png() + b"\0" * settings.EMBLEM_MAX_BYTES)
    with pytest.raises(Incomplete) as refusal:
        drafting.upload_emblem(user=user("opsadmin"), upload=big)
    assert set(problems_of(refusal)) == {"image"}


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a picture of that size, with next to no data: what a
    decompression bomb looks like before it is decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [5000, 20000, 60000])
def test_an_emblem_claiming_a_huge_picture_is_refused_before_it_is_decoded(
    world: Any, client_as: Any, side: int
) -> None:
    page = client_as("opsadmin").post(
        "/letters/emblem/",
        {"image": SimpleUploadedFile("garuda.png", _png_claiming(side, side))},
    )
    assert page.status_code == 200
    assert "4000" in str(page.context["form"].errors["image"])
    assert not Emblem.objects.exists()


def test_a_line_break_in_a_one_line_field_is_refused_on_the_field(world: Any) -> None:
    letter = draft()
    with pytest.raises(Incomplete) as refusal:
        drafting.save_draft(
            user=user("clerk.dla"),
            letter=letter,
            data={"subject": "เรื่องหนึ่ง\r\nBcc: everyone@example.com", "salutation": "ท่าน\x07"},
            revision=letter.revision,
        )
    assert set(problems_of(refusal)) == {"subject", "salutation"}
    assert Letter.objects.get(pk=letter.pk).subject != "เรื่องหนึ่ง\r\nBcc: everyone@example.com"


def test_a_refused_save_lists_what_is_missing_from_the_page_as_typed(
    world: Any, client_as: Any
) -> None:
    """Everything typed but a due date in the past: the page says the due date is wrong,
    and does not claim the subject or the body are still missing."""
    letter = draft()
    Letter.objects.filter(pk=letter.pk).update(subject="", body="", salutation="")
    letter.refresh_from_db()
    yesterday = dates.bangkok_today() - timedelta(days=1)
    page = client_as("clerk.dla").post(
        f"/letters/{letter.pk}/edit/",
        editor_post(
            letter,
            subject="การขับเคลื่อนนโยบายศูนย์ราชการสะดวก",
            salutation="ผู้ว่าราชการจังหวัดปัตตานี",
            body="ขอความร่วมมือ",
            signatory_name="นายประยูร รัตนเสนีย์",
            signatory_position="อธิบดี",
            action="answer",
            due_date=f"{yesterday.day}/{yesterday.month}/{yesterday.year + 543}",
        ),
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "วันที่ต้องตอบต้องไม่ก่อนวันที่ของหนังสือ" in html
    assert "กรุณากรอกเรื่อง" not in html
    assert "ข้อมูลครบแล้ว ส่งหนังสือได้" not in html  # nor that it can be sent
