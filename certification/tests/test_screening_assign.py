"""OPS PMO gives applications to screeners, one by one or in bulk by province or kind
of organisation; only an account with the screener role can be chosen."""

from typing import Any

from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from certification import screening
from certification.models import Application
from certification.tests.factories_screen import (
    all_complete,
    another_screener,
    make_application,
    make_call,
)

URL = reverse("certification:screening_assign")


def test_bulk_assignment_by_province_moves_pattanis_sent_applications_into_screening(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    town = make_application(world["5940101"], call=call)
    yarang = make_application(world["5941001"], call=call)
    chiang_mai = make_application(world["3500101"], call=call)
    screener = User.objects.get(username="screener")
    client = client_as("opsadmin")
    page = client.get(URL, {"call": call.pk, "province": "94"}).content.decode()
    assert "2 ใบสมัครที่มอบหมายได้" in page
    assert chiang_mai.centre.name_th not in page

    response = client.post(
        URL, {"call": call.pk, "province": "94", "screener": screener.pk, "scope": "all"}
    )
    assert response.status_code == 302
    for application in (town, yarang):
        application.refresh_from_db()
        assert application.screener == screener
        assert application.state == Application.State.IN_SCREENING
    chiang_mai.refresh_from_db()
    assert chiang_mai.screener is None and chiang_mai.state == Application.State.SENT
    assert AuditEvent.objects.filter(
        object_id=str(town.pk), object_type="certification.application"
    ).exists()
    followed = client.get(response["Location"]).content.decode()
    assert "มอบใบสมัคร 2 รายการให้" in followed


def test_assignment_by_kind_of_local_government_and_one_by_one(client_as: Any, world: Any) -> None:
    call = make_call()
    town = make_application(world["5940101"], call=call)  # a town municipality
    yarang = make_application(world["5941001"], call=call)
    screener = User.objects.get(username="screener")
    client = client_as("opsadmin")
    page = client.get(URL, {"call": call.pk, "lao_type": town.centre.organisation.lao_type})
    assert town.centre.name_th in page.content.decode()
    client.post(
        URL,
        {
            "call": call.pk,
            "screener": screener.pk,
            "scope": "selected",
            "applications": [yarang.pk],
        },
    )
    town.refresh_from_db()
    yarang.refresh_from_db()
    assert yarang.screener == screener and town.screener is None


def test_only_a_screener_can_be_chosen_and_nothing_changes_otherwise(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    town = make_application(world["5940101"], call=call)
    assessor = User.objects.get(username="assessor")
    response = client_as("opsadmin").post(
        URL,
        {"call": call.pk, "screener": assessor.pk, "scope": "selected", "applications": [town.pk]},
    )
    assert response.status_code == 200
    assert "ผู้ตรวจกลั่นกรอง: เลือกบัญชีที่มีบทบาทผู้ตรวจกลั่นกรองเอกสาร" in response.content.decode()
    town.refresh_from_db()
    assert town.screener is None and town.state == Application.State.SENT


def test_reassignment_until_the_outcome_is_recorded(world: Any) -> None:
    call = make_call()
    ops = User.objects.get(username="opsadmin")
    first = User.objects.get(username="screener")
    second = another_screener()
    town = make_application(world["5940101"], call=call)
    assert screening.assign(actor=ops, applications=[town], screener=first) == 1
    assert screening.assign(actor=ops, applications=[town], screener=second) == 1
    town.refresh_from_db()
    assert town.screener == second
    screening.decide(
        actor=second,
        application=town,
        version_number=1,
        outcome="passed",
        judgements=all_complete(call),
        reason_ids=[],
    )
    assert screening.assign(actor=ops, applications=[town], screener=first) == 0
    town.refresh_from_db()
    assert town.screener == second and town.state == Application.State.PASSED


def test_unreadable_filters_never_widen_a_bulk_assignment(client_as: Any, world: Any) -> None:
    call = make_call()
    town = make_application(world["5940101"], call=call)
    chiang_mai = make_application(world["3500101"], call=call)
    response = client_as("opsadmin").post(
        URL,
        {
            "call": call.pk,
            "province": "9\x004",
            "screener": User.objects.get(username="screener").pk,
            "scope": "all",
        },
    )
    assert response.status_code == 200
    assert "อ่านตัวกรองไม่ได้ โปรดเลือกตัวกรองอีกครั้ง" in response.content.decode()
    for application in (town, chiang_mai):
        application.refresh_from_db()
        assert application.screener is None
