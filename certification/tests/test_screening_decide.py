"""The screener judges every item (complete, or incomplete with reasons from the
catalogue and a note) and records the outcome: passed, returned with a correction
deadline, or not eligible with reasons. Bad input names its field; nothing is
half-saved."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from certification.models import Application, ApplicationVersion, ItemScreening, ScreeningReason
from certification.tests.factories_screen import judgement_post, make_application, make_call


def _setup(world: Any) -> tuple[Application, Any]:
    call = make_call(correction_days=15)
    application = make_application(
        world["5940101"], call=call, screener=User.objects.get(username="screener")
    )
    return application, call


def _decide(client: Any, application: Application, data: dict[str, Any]) -> Any:
    return client.post(reverse("certification:screening_decide", args=[application.pk]), data)


def test_a_return_stores_item_reasons_and_sets_the_correction_deadline(
    client_as: Any, world: Any
) -> None:
    application, call = _setup(world)
    missing = ScreeningReason.objects.get(code="R01")
    unsigned = ScreeningReason.objects.get(code="R04")
    data = judgement_post(call, incomplete={"B2": [missing.pk, unsigned.pk]})
    # 28 Feb 2022, 23:30 in Bangkok is already 1 March there: the deadline counts from it.
    with time_machine.travel("2022-02-28T17:30:00Z", tick=False):
        response = _decide(
            client_as("screener"), application, {**data, "version": 1, "outcome": "returned"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.RETURNED
    assert application.correction_due == date(2022, 3, 16)
    version = application.versions.get()
    assert version.outcome == ApplicationVersion.Outcome.RETURNED
    assert version.screened_by.username == "screener"
    b2 = ItemScreening.objects.get(version=version, criterion__code="B2")
    assert not b2.complete
    assert set(b2.reasons.all()) == {missing, unsigned}
    assert b2.note == "แนบคำสั่งแต่งตั้งที่ลงนามแล้ว"
    assert ItemScreening.objects.filter(version=version, complete=True).count() == 17
    assert AuditEvent.objects.filter(
        object_type="certification.applicationversion", object_id=str(version.pk)
    ).exists()
    # The page now shows the judgement, and offers no form.
    page = client_as("screener").get(reverse("certification:screening", args=[application.pk]))
    text = page.content.decode()
    assert "ไม่มีเอกสารหลักฐานตามเกณฑ์" in text and "ไม่ครบถ้วน" in text
    assert 'name="outcome"' not in text


def test_an_incomplete_item_needs_a_reason_and_nothing_is_saved(client_as: Any, world: Any) -> None:
    application, call = _setup(world)
    data = judgement_post(call, incomplete={"B2": []})
    response = _decide(
        client_as("screener"), application, {**data, "version": 1, "outcome": "returned"}
    )
    assert response.status_code == 422
    assert "เกณฑ์ B2 ไม่ครบถ้วน: เลือกเหตุผลอย่างน้อยหนึ่งข้อ" in response.content.decode()
    application.refresh_from_db()
    assert application.state == Application.State.IN_SCREENING
    assert not ItemScreening.objects.exists()


def test_passing_needs_every_item_complete(client_as: Any, world: Any) -> None:
    application, call = _setup(world)
    reason = ScreeningReason.objects.get(code="R02")
    data = judgement_post(call, incomplete={"S1.1": [reason.pk]})
    response = _decide(
        client_as("screener"), application, {**data, "version": 1, "outcome": "passed"}
    )
    assert response.status_code == 422
    assert "ใบสมัครจะผ่านการตรวจกลั่นกรองได้เมื่อทุกรายการครบถ้วน" in response.content.decode()
    response = _decide(
        client_as("screener"),
        application,
        {**judgement_post(call), "version": 1, "outcome": "passed"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.PASSED
    assert application.correction_due is None


def test_not_eligible_needs_a_reason(client_as: Any, world: Any) -> None:
    application, _call = _setup(world)
    client = client_as("screener")
    response = _decide(client, application, {"version": 1, "outcome": "not_eligible"})
    assert response.status_code == 422
    assert "ระบุเหตุผลที่ใบสมัครไม่มีสิทธิ์: เลือกเหตุผล" in response.content.decode()
    assert ApplicationVersion.objects.get(application=application).outcome == "pending"
    reason = ScreeningReason.objects.get(code="R08")
    response = _decide(
        client, application, {"version": 1, "outcome": "not_eligible", "reasons": [reason.pk]}
    )
    assert response.status_code == 302
    version = ApplicationVersion.objects.get(application=application)
    assert version.outcome == "not_eligible"
    assert list(version.outcome_reasons.all()) == [reason]
    application.refresh_from_db()
    assert application.state == Application.State.NOT_ELIGIBLE


def test_ops_pmo_reads_the_screening_page_but_does_not_decide(client_as: Any, world: Any) -> None:
    application, call = _setup(world)
    client = client_as("opsadmin")
    page = client.get(reverse("certification:screening", args=[application.pk]))
    assert page.status_code == 200
    assert 'name="outcome"' not in page.content.decode()
    response = _decide(
        client, application, {**judgement_post(call), "version": 1, "outcome": "passed"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == Application.State.IN_SCREENING


def test_a_stale_page_is_told_and_saves_nothing(client_as: Any, world: Any) -> None:
    """Two tabs: the first records the outcome, the second (loaded before) is refused."""
    application, call = _setup(world)
    client = client_as("screener")
    data = {**judgement_post(call), "version": 1, "outcome": "passed"}
    assert _decide(client, application, data).status_code == 302
    reason = ScreeningReason.objects.get(code="R08")
    second = _decide(
        client, application, {"version": 1, "outcome": "not_eligible", "reasons": [reason.pk]}
    )
    assert second.status_code == 302
    page = client.get(second["Location"]).content.decode()
    assert "ไม่ได้บันทึก: ใบสมัครนี้ได้รับการตัดสินแล้ว" in page
    version = ApplicationVersion.objects.get(application=application)
    assert version.outcome == "passed" and not version.outcome_reasons.exists()


def test_a_note_too_long_is_refused_naming_it_never_cut_short(client_as: Any, world: Any) -> None:
    application, call = _setup(world)
    data = judgement_post(call)
    b1 = call.standard.criteria.get(code="B1")
    data[f"c{b1.pk}-note"] = "ก" * 2001
    response = _decide(
        client_as("screener"),
        application,
        {**data, "version": 1, "outcome": "passed", "note": "ข" * 4001},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "เกณฑ์ B1: หมายเหตุยาวเกิน 2000 ตัวอักษร" in page
    assert "หมายเหตุของผู้ตรวจกลั่นกรอง: ไม่เกิน 4000 ตัวอักษร" in page
    assert not ItemScreening.objects.exists()


def test_a_screener_reassigned_meanwhile_decides_nothing(world: Any) -> None:
    from certification import screening
    from certification.tests.factories_screen import all_complete, another_screener

    application, call = _setup(world)
    stale = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=application.pk).update(screener=another_screener())
    with pytest.raises(PermissionDenied):
        screening.decide(
            actor=User.objects.get(username="screener"),
            application=stale,
            version_number=1,
            outcome="passed",
            judgements=all_complete(call),
            reason_ids=[],
        )
    assert not ItemScreening.objects.exists()
