"""The application, unit side: Pattani Town Municipality's administrator applies for its
centre through the web, fills the draft as the evidence comes, is told what is missing,
sends version 1; then corrects only what screening flagged and sends again."""

import io
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from certification import applications
from certification.models import Application, ApplicationItem, Call
from certification.tests.factories_apply import (
    criteria,
    draft_post,
    filled,
    make_call,
    pattani_centre,
    returned,
    send_through_web,
    sent,
    start,
    user,
)
from maintenance.evidence import EvidenceRejected
from thaicalendar import dates


def _pdf() -> bytes:
    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(buffer)
    return buffer.getvalue()


PDF = _pdf()


def _url(application: Application, tail: str = "") -> str:
    return f"/certification/applications/{application.pk}/{tail}"


def test_the_journey_from_the_call_to_version_1(client_as: Any) -> None:
    call = make_call()
    client = client_as("admin.pattanitown")
    listing = client.get("/certification/calls/").content.decode()
    assert f"/certification/calls/{call.pk}/apply/" in listing
    form = client.get(f"/certification/calls/{call.pk}/apply/").content.decode()
    assert pattani_centre().name_th in form
    level = call.levels.order_by("order")[0]
    response = client.post(
        f"/certification/calls/{call.pk}/apply/",
        {"centre": pattani_centre().pk, "level": level.pk},
    )
    assert response.status_code == 302
    application = Application.objects.get(call=call, centre=pattani_centre())
    assert application.state == Application.State.DRAFT
    assert application.created_by == user("admin.pattanitown")

    page = client.get(_url(application)).content.decode()
    first = criteria(application)[0]
    assert first.text_th in page and "บันทึกร่าง" in page
    # What is missing is on the page from the start, before any Send.
    missing = 2 * len(criteria(application))
    assert f"ยังขาดอีก {missing} รายการก่อนส่ง" in page
    assert f"{first.code} {first.text_th}: ระบุว่าผ่านหรือไม่ผ่าน" in page

    # Saved as it is gathered: half the answers today.
    half = draft_post(application)
    for c in criteria(application)[3:]:
        half.pop(f"item-{c.pk}-met", None)
        half.pop(f"item-{c.pk}-score", None)
    assert client.post(_url(application, "save/"), half).status_code == 302
    application.refresh_from_db()
    assert application.items.exclude(met=None, self_score=None).count() == 3

    # Send too early: the page lists what is missing, nothing is sent.
    application.refresh_from_db()
    page = send_through_web(client, application, draft_post(application)).content.decode()
    assert "ยังไม่ได้ส่งใบสมัคร" in page
    assert f"{first.code} {first.text_th}: แนบหลักฐาน" in page
    assert not application.versions.exists()

    # Evidence: a file for the first criterion, links for the others.
    application.refresh_from_db()
    data = {**draft_post(application), "attach": first.pk}
    data[f"file-{first.pk}"] = SimpleUploadedFile("คำสั่งแต่งตั้ง.pdf", PDF)
    assert client.post(_url(application, "evidence/"), data).status_code == 302
    for c in criteria(application)[1:]:
        application.refresh_from_db()
        data = {
            **draft_post(application),
            "attach": c.pk,
            f"link-{c.pk}": f"https://pattani.go.th/{c.code}",
        }
        client.post(_url(application, "evidence/"), data)
    assert application.evidence.count() == len(criteria(application))

    application.refresh_from_db()
    response = send_through_web(client, application, draft_post(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.SENT
    assert application.first_sent_at is not None
    version = application.versions.get()
    assert version.number == 1
    record = version.content[first.code]
    assert record["met"] is True and record["self_score"] is None
    assert record["evidence"][0]["name"] == "คำสั่งแต่งตั้ง.pdf"
    scored = next(c for c in criteria(application) if c.is_scored)
    assert version.content[scored.code]["self_score"] == f"{scored.max_points:.2f}"
    assert set(version.content) == {c.code for c in criteria(application)}

    # Final: the page reads, no form is left to change it.
    page = client.get(_url(application)).content.decode()
    assert "ส่งแล้ว รอการตรวจกลั่นกรอง" in page
    assert 'name="revision"' not in page
    assert client.post(_url(application, "save/"), draft_post(application)).status_code == 403


def test_the_evidence_file_is_served_to_readers_only(client_as: Any) -> None:
    application = start()
    first = criteria(application)[0]
    applications.add_evidence(
        actor=user("admin.pattanitown"),
        application=application,
        criterion=first,
        upload=SimpleUploadedFile("คำสั่ง.pdf", PDF),
        link="",
    )
    piece = application.evidence.get()
    address = _url(application, f"evidence/{piece.pk}/")
    response = client_as("staff.pattanitown").get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_as("admin.yarang").get(address).status_code == 404
    assert client_as("screener").get(address).status_code == 404


def test_a_file_that_is_not_what_it_says_is_refused(client_as: Any) -> None:
    application = start()
    first = criteria(application)[0]
    data = {**draft_post(application), "attach": first.pk}
    data[f"file-{first.pk}"] = SimpleUploadedFile("รายงาน.pdf", b"MZ\x90\x00 a program")
    client = client_as("admin.pattanitown")
    response = client.post(_url(application, "evidence/"), data, follow=True)
    assert "ไม่ได้เพิ่มหลักฐาน" in response.content.decode()
    assert not application.evidence.exists()


def test_removing_evidence_keeps_it_for_the_record(client_as: Any) -> None:
    application = filled(start())
    piece = application.evidence.first()
    assert piece is not None
    client = client_as("admin.pattanitown")
    response = client.post(
        _url(application, f"evidence/{piece.pk}/remove/"), draft_post(application)
    )
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.withdrawn
    assert piece.link not in client.get(_url(application)).content.decode()


def test_a_score_out_of_range_names_the_criterion_and_nothing_is_saved(client_as: Any) -> None:
    application = start()
    scored = next(c for c in criteria(application) if c.is_scored)
    basic = next(c for c in criteria(application) if not c.is_scored)
    data = draft_post(application, **{f"item-{scored.pk}-score": str((scored.max_points or 0) + 1)})
    response = client_as("admin.pattanitown").post(_url(application, "save/"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f"{scored.code} {scored.text_th}: คะแนนประเมินตนเองต้องอยู่ระหว่าง 0 ถึง {scored.max_points}"
        in page
    )
    # The whole draft waits: not even the valid answers of the same post were kept.
    assert ApplicationItem.objects.get(application=application, criterion=basic).met is None
    application.refresh_from_db()
    assert application.revision == 0


def test_a_negative_score_is_refused_by_the_service_too(world: Any) -> None:
    application = start()
    scored = next(c for c in criteria(application) if c.is_scored)
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            actor=user("admin.pattanitown"),
            application=application,
            base_revision=0,
            answers={scored.pk: (None, Decimal("-1"), "")},
        )
    assert scored.code in refused.value.messages[0]


def test_a_stale_revision_saves_nothing(client_as: Any) -> None:
    application = start()
    client = client_as("admin.pattanitown")
    old = draft_post(application)
    assert client.post(_url(application, "save/"), old).status_code == 302  # another tab
    first = criteria(application)[0]
    stale = {**old, f"item-{first.pk}-comment": "ข้อความจากแท็บเก่า"}
    page = client.post(_url(application, "save/"), stale).content.decode()
    assert "ยังไม่ได้บันทึก: มีผู้อื่นบันทึกร่างนี้" in page
    assert ApplicationItem.objects.get(application=application, criterion=first).comment == ""


def test_staff_read_the_application_but_cannot_apply_nor_send(client_as: Any) -> None:
    application = filled(start())
    staff = client_as("staff.pattanitown")
    page = staff.get(_url(application)).content.decode()
    assert criteria(application)[0].text_th in page
    assert 'name="revision"' not in page
    assert staff.post(_url(application, "save/"), draft_post(application)).status_code == 403
    assert (
        staff.post(
            _url(application, "send/"), {"confirm": "1", "revision": application.revision}
        ).status_code
        == 403
    )
    call = application.call
    assert staff.get(f"/certification/calls/{call.pk}/apply/").status_code == 403
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT


def test_a_neighbours_administrator_does_not_see_it(client_as: Any) -> None:
    application = start()
    yarang = client_as("admin.yarang")
    assert yarang.get(_url(application)).status_code == 404
    assert yarang.post(_url(application, "save/"), draft_post(application)).status_code == 404
    assert yarang.post(_url(application, "withdraw/"), {"confirm": "1"}).status_code == 404
    # Nor may it start one for Pattani Town's centre.
    level = application.call.levels.first()
    assert level is not None
    response = yarang.post(
        f"/certification/calls/{application.call.pk}/apply/",
        {"centre": pattani_centre().pk, "level": level.pk},
    )
    assert response.status_code == 200
    assert Application.objects.count() == 1


def test_one_live_application_per_centre_and_call(world: Any) -> None:
    application = start()
    with pytest.raises(ValidationError) as refused:
        start(call=application.call)
    assert "centre" in refused.value.error_dict
    applications.withdraw(actor=user("admin.pattanitown"), application=application)
    again = start(call=application.call)
    assert again.state == Application.State.DRAFT


def test_only_while_the_call_is_open_and_within_its_window(world: Any) -> None:
    today = dates.bangkok_today()
    late = make_call(
        applications_open=today - timedelta(days=40), applications_close=today - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        start(call=late)
    assert "call" in refused.value.error_dict
    assert not Application.objects.exists()


def test_a_level_not_open_in_the_call_is_refused(world: Any) -> None:
    call = make_call()
    top = call.levels.order_by("-order")[0]
    call.levels.remove(top)
    with pytest.raises(ValidationError) as refused:
        applications.start_application(
            actor=user("admin.pattanitown"), call=call, centre=pattani_centre(), level=top
        )
    assert "level" in refused.value.error_dict


def test_withdrawing_is_asked_then_done_and_not_after_a_decision(client_as: Any) -> None:
    application = sent()
    client = client_as("admin.pattanitown")
    asked = client.post(_url(application, "withdraw/"))
    assert "ถอนใบสมัครหรือไม่" in asked.content.decode()
    application.refresh_from_db()
    assert application.state == Application.State.SENT
    assert client.post(_url(application, "withdraw/"), {"confirm": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.WITHDRAWN and application.withdrawn_at

    decided = start(call=application.call)
    Application.objects.filter(pk=decided.pk).update(state=Application.State.CERTIFIED)
    response = client.post(_url(decided, "withdraw/"), {"confirm": "1"}, follow=True)
    assert "ถอนไม่ได้แล้ว" in response.content.decode()
    decided.refresh_from_db()
    assert decided.state == Application.State.CERTIFIED


# --- after a return ---------------------------------------------------------------------


def test_after_a_return_only_the_flagged_items_change(client_as: Any) -> None:
    application = sent()
    flagged, other = criteria(application)[0], criteria(application)[1]
    returned(application, flagged=[flagged])
    client = client_as("admin.pattanitown")
    page = client.get(_url(application)).content.decode()
    assert "ไม่พบเอกสารแนบ" in page  # the screener's note beside the item
    assert (
        dates.format_date(application.correction_due or dates.bangkok_today()) in page
    )  # the deadline, in BE

    # Changing an unflagged item is refused, naming it; nothing of the post is kept.
    data = draft_post(
        application,
        **{f"item-{other.pk}-comment": "แก้ข้อที่ไม่ได้ถูกระบุ", f"item-{flagged.pk}-comment": "แก้แล้ว"},
    )
    data.pop(f"item-{other.pk}-score", None)
    item = ApplicationItem.objects.get(application=application, criterion=other)
    if other.is_scored:
        data[f"item-{other.pk}-score"] = str(item.self_score)
    else:
        data[f"item-{other.pk}-met"] = "yes"
    for c in criteria(application)[2:]:
        kept = ApplicationItem.objects.get(application=application, criterion=c)
        if c.is_scored:
            data[f"item-{c.pk}-score"] = str(kept.self_score)
        data[f"item-{c.pk}-comment"] = kept.comment
    data[f"item-{flagged.pk}-met"] = "yes"
    response = client.post(_url(application, "save/"), data)
    assert response.status_code == 200
    assert f"{other.code} {other.text_th} ไม่ได้ถูกผู้ตรวจกลั่นกรองระบุ" in response.content.decode()
    assert ApplicationItem.objects.get(application=application, criterion=flagged).comment == "มีครบ"

    # The flagged one changes, and so does its evidence; the others' evidence does not.
    admin = user("admin.pattanitown")
    with pytest.raises(ValidationError, match=other.code):
        applications.add_evidence(
            actor=admin,
            application=application,
            criterion=other,
            upload=None,
            link="https://x.go.th",
        )
    applications.add_evidence(
        actor=admin,
        application=application,
        criterion=flagged,
        upload=None,
        link="https://pattani.go.th/new",
    )
    application.refresh_from_db()
    applications.save_draft(
        actor=admin,
        application=application,
        base_revision=application.revision,
        answers={flagged.pk: (True, None, "แนบคำสั่งฉบับใหม่แล้ว")},
    )
    application.refresh_from_db()
    version = applications.send(
        actor=admin, application=application, base_revision=application.revision
    )
    assert version.number == 2
    assert version.content[flagged.code]["comment"] == "แนบคำสั่งฉบับใหม่แล้ว"
    assert len(version.content[flagged.code]["evidence"]) == 2
    application.refresh_from_db()
    assert application.state == Application.State.SENT  # no screener was assigned


def test_a_correction_goes_back_to_its_screener_without_a_new_endorsement(world: Any) -> None:
    application = sent(requires_endorsement=True)
    assert application.state == Application.State.AWAITING_ENDORSEMENT
    applications.endorse(actor=user("overseer.pattani"), application=application)
    flagged = criteria(application)[0]
    returned(application, flagged=[flagged], screener=user("screener"))
    application.refresh_from_db()
    admin = user("admin.pattanitown")
    application = applications.save_draft(
        actor=admin,
        application=application,
        base_revision=application.revision,
        answers={flagged.pk: (True, None, "แก้แล้ว")},
    )
    applications.send(actor=admin, application=application, base_revision=application.revision)
    application.refresh_from_db()
    assert application.state == Application.State.IN_SCREENING


def test_sending_after_the_correction_deadline_is_refused(client_as: Any) -> None:
    application = sent()
    returned(application, flagged=[criteria(application)[0]])
    Application.objects.filter(pk=application.pk).update(
        correction_due=dates.bangkok_today() - timedelta(days=1)
    )
    application.refresh_from_db()
    client = client_as("admin.pattanitown")
    response = client.post(
        _url(application, "send/"), {"confirm": "1", "revision": application.revision}, follow=True
    )
    page = response.content.decode()
    assert "ซึ่งพ้นแล้ว จึงส่งใบสมัครไม่ได้อีก" in page
    assert application.versions.count() == 1
    application.refresh_from_db()
    assert application.state == Application.State.RETURNED


def test_a_first_sending_after_the_window_is_refused(world: Any) -> None:
    application = filled(start())
    Call.objects.filter(pk=application.call_id).update(
        applications_close=dates.bangkok_today() - timedelta(days=1)
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        applications.send(
            actor=user("admin.pattanitown"),
            application=application,
            base_revision=application.revision,
        )
    assert "call" in refused.value.error_dict
    assert not application.versions.exists()


# --- the list ---------------------------------------------------------------------------


def test_the_list_costs_the_same_whatever_the_number_of_applications(
    client_as: Any, django_assert_max_num_queries: Any
) -> None:
    from registry.models import ServiceCentre

    call = make_call()
    start(call=call)
    client = client_as("opsadmin")
    with django_assert_max_num_queries(12) as few:
        client.get("/certification/applications/")
    org = pattani_centre().organisation
    for n in range(5):
        centre = ServiceCentre.objects.create(organisation=org, name_th=f"จุดบริการ {n}")
        applications.start_application(
            actor=user("admin.pattanitown"),
            call=call,
            centre=centre,
            level=call.levels.order_by("order")[0],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/certification/applications/").content.decode()
    assert len(re.findall(r'href="/certification/applications/\d+/"', page)) == 6
    assert "6 ใบสมัคร" in page


def test_the_list_shows_each_reader_only_what_it_reads(client_as: Any) -> None:
    application = start()
    assert (
        _url(application)
        in client_as("overseer.pattani").get("/certification/applications/").content.decode()
    )
    assert (
        _url(application)
        not in client_as("admin.yarang").get("/certification/applications/").content.decode()
    )
    assert (
        _url(application)
        not in client_as("screener").get("/certification/applications/").content.decode()
    )


def test_nothing_is_half_saved_when_evidence_is_refused(world: Any) -> None:
    application = start()
    with pytest.raises(EvidenceRejected, match=r"ว่างเปล่า|empty"):
        applications.add_evidence(
            actor=user("admin.pattanitown"),
            application=application,
            criterion=criteria(application)[0],
            upload=SimpleUploadedFile("x.pdf", b""),
            link="",
        )
    assert not application.evidence.exists()


def test_the_audit_trail_says_what_changed_in_words(client_as: Any) -> None:
    call = make_call()
    application = start(call=call)
    first = criteria(application)[0]
    data = draft_post(application, **{f"item-{first.pk}-comment": "มีคำสั่งแต่งตั้งแล้ว"})
    client_as("admin.pattanitown").post(_url(application, "save/"), data)
    page = client_as("opsadmin").get("/audit/").content.decode()
    assert f"{first.code} · " in page  # the item, by its criterion's code
    assert "คำอธิบาย" in page and "มีคำสั่งแต่งตั้งแล้ว" in page
    assert "ระดับที่เปิดรับสมัคร" in page and "ระดับพื้นฐาน, ระดับก้าวหน้า" in page
    assert ">items<" not in page and ">levels<" not in page


def test_the_draft_saves_itself_as_it_is_typed(client_as: Any) -> None:
    """With JavaScript, htmx posts the draft on each change: only a status line comes
    back, with the new revision; a stale copy gets 409 and saves nothing."""
    application = start()
    client = client_as("admin.pattanitown")
    first = criteria(application)[0]
    data = draft_post(application, **{f"item-{first.pk}-comment": "กำลังรวบรวม"})
    response = client.post(_url(application, "save/"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    assert "บันทึกร่างแล้ว เวลา" in text and 'name="revision" value="1"' in text
    assert "<html" not in text
    stale = {**data, f"item-{first.pk}-comment": "จากแท็บเก่า"}
    response = client.post(_url(application, "save/"), stale, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert ApplicationItem.objects.get(application=application, criterion=first).comment == (
        "กำลังรวบรวม"
    )
    scored = next(c for c in criteria(application) if c.is_scored)
    application.refresh_from_db()
    bad = draft_post(application, **{f"item-{scored.pk}-score": "999"})
    response = client.post(_url(application, "save/"), bad, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert (
        f"{scored.code} {scored.text_th}: คะแนนประเมินตนเองต้องอยู่ระหว่าง" in response.content.decode()
    )
