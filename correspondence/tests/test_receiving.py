"""The recipient's side: opening, registering (ลงรับ), answering, passing a letter down,
and who may do or see any of it."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts import capabilities as cap
from accounts.models import Role, User
from audit.models import AuditEvent
from correspondence import receiving
from correspondence.models import Answer, Letter, Letterhead, Recipient
from correspondence.tests.factories_receive import Founding, founding, pdf, today_typed
from registry.models import Organisation
from saduak.problems import Incomplete
from thaicalendar import dates


@pytest.fixture
def letters(world: dict[str, Organisation]) -> Founding:
    return founding(world)


def user(name: str) -> User:
    return User.objects.get(username=name)


def fresh(copy: Recipient) -> Recipient:
    return Recipient.objects.select_related("letter").get(pk=copy.pk)


def reply(letter: Letter, **overrides: Any) -> dict[str, Any]:
    """The reply form as a town hall fills it, by question label."""
    values = {
        "หน่วยงานมีศูนย์บริการแล้วหรือไม่": "yes",
        "จำนวนช่องบริการ": "๑๒",
        "ผู้ประสานงาน": "นางสาวรอฮานี โทร. 073-000000",
    }
    values.update(overrides)
    by_label = {q.label: q for q in letter.questions.all()}
    return {f"question-{by_label[label].pk}": value for label, value in values.items()}


# --- opening -----------------------------------------------------------------------------


def test_opening_is_recorded_once_by_the_recipients_staff_not_by_an_overseer(
    letters: Founding,
) -> None:
    copy = letters.town_copy
    receiving.record_opening(copy=fresh(copy), user=user("overseer.pattani"))
    receiving.record_opening(copy=fresh(copy), user=user("opsadmin"))
    assert fresh(copy).opened_at is None
    receiving.record_opening(copy=fresh(copy), user=user("staff.pattanitown"))
    first = fresh(copy)
    assert first.opened_by == user("staff.pattanitown") and first.opened_at
    receiving.record_opening(copy=fresh(copy), user=user("admin.pattanitown"))
    again = fresh(copy)
    assert (again.opened_by, again.opened_at) == (first.opened_by, first.opened_at)


def test_opening_the_answer_page_counts_as_opening(client_as: Any, letters: Founding) -> None:
    page = client_as("admin.pattanitown").get(f"/letters/copies/{letters.town_copy.pk}/answer/")
    assert page.status_code == 200
    assert fresh(letters.town_copy).opened_by == user("admin.pattanitown")


# --- registering as received (ลงรับ) ----------------------------------------------------------


def test_a_letter_is_registered_once_with_its_number_and_date(
    client_as: Any, letters: Founding
) -> None:
    client = client_as("admin.pattanitown")
    url = f"/letters/copies/{letters.town_copy.pk}/acknowledge/"
    typed = dates.thai_digits(today_typed())
    response = client.post(url, {"register_number": "๑๒๓๔/๒๕๖๙", "register_date": typed})
    assert response.status_code == 302
    copy = fresh(letters.town_copy)
    assert copy.register_number == "1234/2569"
    assert copy.register_date == dates.bangkok_today()
    assert copy.acknowledged_by == user("admin.pattanitown")
    assert copy.opened_by == user("admin.pattanitown")  # registering it is opening it
    assert AuditEvent.objects.filter(
        object_id=str(copy.pk), action=AuditEvent.Action.UPDATE
    ).exists()

    # A second registration is refused, on the number's field, and nothing changes.
    page = client.post(url, {"register_number": "9999", "register_date": typed})
    assert page.status_code == 200
    html = page.content.decode()
    assert "เลขทะเบียนรับ: หนังสือฉบับนี้ลงรับแล้ว เลขรับ 1234/2569" in html
    again = fresh(letters.town_copy)
    assert (again.register_number, again.acknowledged_at) == ("1234/2569", copy.acknowledged_at)


@pytest.mark.parametrize(
    ("number", "typed_date", "field", "message"),
    [
        ("", "today", "register_number", "กรอกเลขรับตามทะเบียนหนังสือรับของหน่วยงาน"),
        ("เลขรับ", "today", "register_number", "เช่น 1234 หรือ 1234/2569"),
        ("1234", "tomorrow", "register_date", "วันที่ลงรับต้องไม่เป็นวันในอนาคต"),
        ("1234", "24/6/2565", "register_date", "ก่อนวันที่ของหนังสือ (25 มิถุนายน 2565)"),
        ("1234", "31/2/2565", "register_date", ""),
    ],
)
def test_a_wrong_registration_says_which_field_and_saves_nothing(
    client_as: Any, letters: Founding, number: str, typed_date: str, field: str, message: str
) -> None:
    typed = {"today": today_typed(), "tomorrow": today_typed(1)}.get(typed_date, typed_date)
    page = client_as("admin.pattanitown").post(
        f"/letters/copies/{letters.town_copy.pk}/acknowledge/",
        {"register_number": number, "register_date": typed},
    )
    assert page.status_code == 200
    assert f'id="id_{field}_error"' in page.content.decode()
    assert message in page.content.decode()
    assert fresh(letters.town_copy).acknowledged_at is None


def test_the_service_itself_refuses_who_does_not_act_for_the_recipient(
    letters: Founding,
) -> None:
    with pytest.raises(Incomplete):
        receiving.acknowledge(
            user=user("overseer.pattani"),
            copy=letters.town_copy,
            register_number="1",
            register_date=dates.bangkok_today(),
        )
    assert fresh(letters.town_copy).acknowledged_at is None


# --- answering ---------------------------------------------------------------------------------


def answer_url(copy: Recipient) -> str:
    return f"/letters/copies/{copy.pk}/answer/"


def test_a_town_hall_registers_and_answers_in_one_visit(client_as: Any, letters: Founding) -> None:
    client = client_as("admin.pattanitown")
    page = client.get(answer_url(letters.town_copy)).content.decode()
    assert 'name="register_number"' in page and "ยังไม่ได้ลงรับ" in page
    data = reply(letters.circular)
    plan = next(q for q in letters.circular.questions.all() if q.kind == "file")
    data[f"question-{plan.pk}"] = SimpleUploadedFile("แผน.pdf", pdf())
    data.update({"register_number": "77", "register_date": today_typed()})
    assert client.post(answer_url(letters.town_copy), data).status_code == 302
    copy = fresh(letters.town_copy)
    assert copy.register_number == "77" and copy.answered_by == user("admin.pattanitown")
    answers = {a.question.label: a for a in copy.answers.select_related("question")}
    assert answers["หน่วยงานมีศูนย์บริการแล้วหรือไม่"].yes is True
    assert answers["จำนวนช่องบริการ"].number == 12
    assert answers["ผู้ประสานงาน"].text.startswith("นางสาวรอฮานี")
    assert answers["แผนการดำเนินงาน"].content_type == "application/pdf"
    # Once sent, the page shows the answer and no form.
    shown = client.get(answer_url(letters.town_copy)).content.decode()
    assert "ไม่มีการแก้ไขคำตอบ" in shown and 'name="question-' not in shown


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("จำนวนช่องบริการ", "สิบสอง", "จำนวนช่องบริการ: กรอกเป็นตัวเลข"),
        ("จำนวนช่องบริการ", "1e9", "จำนวนช่องบริการ: กรอกเป็นตัวเลข"),
        ("หน่วยงานมีศูนย์บริการแล้วหรือไม่", "อาจจะ", "หน่วยงานมีศูนย์บริการแล้วหรือไม่: ตอบว่าใช่หรือไม่ใช่"),
        ("หน่วยงานมีศูนย์บริการแล้วหรือไม่", "", "หน่วยงานมีศูนย์บริการแล้วหรือไม่: ต้องตอบคำถามนี้"),
        ("แผนการดำเนินงาน", "ดูแผนที่แนบ", "แผนการดำเนินงาน: แนบไฟล์"),
    ],
)
def test_a_reply_of_the_wrong_type_names_its_question_and_nothing_is_saved(
    client_as: Any, letters: Founding, label: str, value: str, message: str
) -> None:
    client = client_as("admin.pattanitown")
    data = reply(letters.circular, **{label: value})
    data.update({"register_number": "77", "register_date": today_typed()})
    page = client.post(answer_url(letters.town_copy), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    copy = fresh(letters.town_copy)
    # All or nothing: neither the registration nor any answer was kept.
    assert copy.answered_at is None and copy.acknowledged_at is None
    assert not Answer.objects.exists()


def test_a_file_for_a_question_that_takes_text_is_refused(letters: Founding) -> None:
    text = next(q for q in letters.circular.questions.all() if q.kind == "text")
    with pytest.raises(Incomplete) as refused:
        receiving.answer(
            user=user("admin.pattanitown"),
            copy=letters.town_copy,
            values=reply(letters.circular),
            files={text.pk: SimpleUploadedFile("a.pdf", pdf())},
        )
    assert [p.field for p in refused.value.problems] == [f"question-{text.pk}"]


def test_an_answered_file_goes_through_the_upload_check(client_as: Any, letters: Founding) -> None:
    plan = next(q for q in letters.circular.questions.all() if q.kind == "file")
    data = reply(letters.circular)
    data[f"question-{plan.pk}"] = SimpleUploadedFile("แผน.pdf", b"MZ\x90\x00 not a document")
    page = client_as("admin.pattanitown").post(answer_url(letters.town_copy), data)
    assert page.status_code == 200
    assert "แผนการดำเนินงาน: " in page.content.decode()
    assert fresh(letters.town_copy).answered_at is None


def test_a_second_answer_is_refused(letters: Founding) -> None:
    town = user("admin.pattanitown")
    receiving.answer(user=town, copy=letters.town_copy, values=reply(letters.circular), files={})
    first = fresh(letters.town_copy).answered_at
    with pytest.raises(Incomplete) as refused:
        receiving.answer(
            user=town,
            copy=letters.town_copy,
            values=reply(letters.circular, **{"จำนวนช่องบริการ": "3"}),
            files={},
        )
    assert refused.value.problems[0].field == "answers"
    assert fresh(letters.town_copy).answered_at == first
    assert Answer.objects.get(question__label="จำนวนช่องบริการ").number == 12


def test_answered_files_are_read_by_the_recipient_and_the_followers_only(
    client_as: Any, letters: Founding, world: dict[str, Organisation]
) -> None:
    plan = next(q for q in letters.circular.questions.all() if q.kind == "file")
    receiving.answer(
        user=user("admin.pattanitown"),
        copy=letters.town_copy,
        values=reply(letters.circular),
        files={plan.pk: SimpleUploadedFile("แผน.pdf", pdf())},
    )
    answered = Answer.objects.get(question=plan)
    url = f"/letters/copies/{letters.town_copy.pk}/answer-files/{answered.pk}/"
    for name in ("admin.pattanitown", "staff.pattanitown", "overseer.pattani", "clerk.pattani"):
        response = client_as(name).get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    # DLA follows the whole cascade its letter started.
    assert client_as("clerk.dla").get(url).status_code == 200
    for name in ("admin.yarang", "overseer.chiangmai", "screener"):
        assert client_as(name).get(url).status_code == 404, name
    # The answer of another copy, under this copy's address: 404.
    yarang = letters.copies["5941001"]
    assert (
        client_as("admin.pattanitown")
        .get(f"/letters/copies/{yarang.pk}/answer-files/{answered.pk}/")
        .status_code
        == 404
    )


# --- forwarding ------------------------------------------------------------------------------


def test_the_province_passes_the_letter_down_with_a_covering_draft(
    client_as: Any, letters: Founding, world: dict[str, Organisation]
) -> None:
    client = client_as("clerk.pattani")
    copy = letters.province_copy
    response = client.post(f"/letters/copies/{copy.pk}/forward/")
    assert response.status_code == 302
    draft = Letter.objects.get(forwards=copy, state=Letter.State.DRAFT)
    assert draft.state == Letter.State.DRAFT and draft.number is None
    assert draft.sender == world["P94"] and draft.kind == Letter.Kind.CIRCULAR
    assert (draft.root, draft.depth) == (letters.dla_letter, 1)
    assert draft.subject == letters.dla_letter.subject
    assert (draft.action, draft.due_date) == (Letter.Action.ANSWER, letters.dla_letter.due_date)
    assert draft.body.startswith("ด้วยจังหวัดปัตตานีได้รับแจ้งจากกรมส่งเสริมการปกครองท้องถิ่น ตามหนังสือที่อ้างถึง")
    assert draft.body.endswith("จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการ")
    assert draft.salutation.startswith("นายกองค์การบริหารส่วนจังหวัดปัตตานี")
    assert draft.signatory_position == "ผู้ว่าราชการจังหวัดปัตตานี"
    reference = draft.references.get()
    assert reference.issuer == "กรมส่งเสริมการปกครองท้องถิ่น"  # "หนังสือ" is printed before it
    assert (reference.number, reference.date) == ("มท 0810.7/7555", date(2022, 6, 22))
    assert reference.cites == letters.dla_letter
    assert [(q.kind, q.label, q.required) for q in draft.questions.all()] == [
        (q.kind, q.label, q.required) for q in letters.dla_letter.questions.all()
    ]
    # Pressed twice, the same draft opens again.
    client.post(f"/letters/copies/{copy.pk}/forward/")
    assert Letter.objects.filter(forwards=copy, state=Letter.State.DRAFT).count() == 1
    # A forward's due date may not be after the received one's.
    assert [p.field for p in draft.missing() if p.field == "due_date"] == []
    assert letters.dla_letter.due_date is not None
    draft.due_date = letters.dla_letter.due_date + timedelta(days=1)
    assert [p.field for p in draft.missing() if p.field == "due_date"] == ["due_date"]


def test_a_forward_of_a_forward_goes_one_level_deeper(letters: Founding) -> None:
    Letterhead.objects.get_or_create(
        organisation=letters.town_copy.organisation,
        defaults={"letter_code": "ปน 52001", "address": "ปัตตานี"},
    )
    draft = receiving.start_forward(user=user("admin.pattanitown"), copy=letters.town_copy)
    assert (draft.root, draft.depth) == (letters.dla_letter, 2)
    assert draft.references.get().number == "ปน 0023.3/ว 123"
    assert draft.signatory_position == ""  # a municipality signs as its mayor writes it


def test_no_forward_without_a_letterhead(client_as: Any, letters: Founding) -> None:
    Letterhead.objects.filter(organisation=letters.town_copy.organisation).delete()
    client = client_as("admin.pattanitown")
    response = client.post(f"/letters/copies/{letters.town_copy.pk}/forward/", follow=True)
    assert "ยังไม่มีหัวหนังสือ" in response.content.decode()
    assert not Letter.objects.filter(forwards=letters.town_copy).exists()


# --- the copy panel ---------------------------------------------------------------------------


def panel(name: str, letters: Founding, copy: Recipient | None = None) -> str:
    request = RequestFactory().get("/")
    request.user = user(name)
    copy = copy or fresh(letters.town_copy)
    return render_to_string(
        "correspondence/_copy_panel.html", {"letter": copy.letter, "copy": copy}, request=request
    )


def test_the_panel_offers_the_forms_only_to_who_acts_for_the_recipient(
    letters: Founding,
) -> None:
    acts = panel("admin.pattanitown", letters)
    assert f"/letters/copies/{letters.town_copy.pk}/acknowledge/" in acts
    assert f"/letters/copies/{letters.town_copy.pk}/forward/" in acts
    assert "ลงรับและตอบในขั้นตอนเดียว" in acts
    for name in ("staff.pattanitown", "overseer.pattani"):
        reads = panel(name, letters)
        assert "ยังไม่ได้ลงรับ" in reads and "/acknowledge/" not in reads, name


def test_the_panel_tells_who_registered_and_answered(letters: Founding) -> None:
    town = user("admin.pattanitown")
    receiving.acknowledge(
        user=town,
        copy=letters.town_copy,
        register_number="๔๕",
        register_date=dates.bangkok_today(),
    )
    receiving.answer(user=town, copy=letters.town_copy, values=reply(letters.circular), files={})
    html = panel("overseer.pattani", letters)
    assert "เลขรับ 45" in html and str(town.get_full_name()) in html
    assert "จำนวนช่องบริการ" in html and "12" in html
    assert "/acknowledge/" not in panel("admin.pattanitown", letters)


def test_an_overdue_copy_is_flagged(world: dict[str, Organisation]) -> None:
    late = founding(world, due_in_days=-1)
    assert "เกินกำหนด" in panel("admin.pattanitown", late)
    assert receiving.is_overdue(fresh(late.town_copy))


# --- scope -----------------------------------------------------------------------------------


@pytest.fixture
def chiang_mai_city(world: dict[str, Organisation]) -> User:
    account = User.objects.create_user("admin.chiangmaicity", password="x")
    account.roles.create(role=Role.UNIT_ADMIN, organisation=world["3500101"])
    return account


def test_another_provinces_local_government_gets_404_at_every_guessed_address(
    client: Any, letters: Founding, chiang_mai_city: User
) -> None:
    town = user("admin.pattanitown")
    plan = next(q for q in letters.circular.questions.all() if q.kind == "file")
    receiving.answer(
        user=town,
        copy=letters.town_copy,
        values=reply(letters.circular),
        files={plan.pk: SimpleUploadedFile("แผน.pdf", pdf())},
    )
    answered = Answer.objects.get(question=plan)
    client.force_login(chiang_mai_city)
    copy = letters.town_copy.pk
    for letter in (letters.circular, letters.dla_letter):
        assert client.get(f"/letters/{letter.pk}/").status_code == 404
        with pytest.raises(Http404):
            cap.access_letter(chiang_mai_city, letter.pk)
    assert client.get(f"/letters/copies/{copy}/answer/").status_code == 404
    assert client.get(f"/letters/copies/{copy}/answer-files/{answered.pk}/").status_code == 404
    for action in ("acknowledge", "answer", "forward"):
        assert client.post(f"/letters/copies/{copy}/{action}/", {}).status_code == 404, action
    assert client.get(f"/letters/inbox/?org={letters.town_copy.organisation_id}").status_code == 404
    assert fresh(letters.town_copy).acknowledged_at is None
