"""The yearly call: OPS PMO writes it and steps it draft → open → closed → archived; a
unit administrator sees the open call with its dates in BE and a button to apply."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from certification import calls
from certification.models import Call
from certification.tests.factories_apply import call_values, make_call, standard, user
from standards.models import Level, Standard
from thaicalendar import dates


def _form(**overrides: Any) -> dict[str, Any]:
    values = call_values()
    data: dict[str, Any] = {
        "fiscal_year": "2565",
        "standard": values["standard"].pk,
        "levels": [level.pk for level in values["standard"].levels.all()],
        "correction_days": "15",
    }
    for name in Call.DATE_ORDER:
        day = values[name]
        data[name] = f"{day.day}/{day.month}/{day.year + 543}"
    data.update(overrides)
    return data


def test_ops_pmo_writes_a_call_and_opens_it(client_as: Any) -> None:
    client = client_as("opsadmin")
    response = client.post("/certification/calls/new/", _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(fiscal_year=2565)
    assert call.state == Call.State.DRAFT
    assert call.levels.count() == 3
    assert AuditEvent.objects.filter(object_type="certification.call", action="create").exists()
    response = client.post(f"/certification/calls/{call.pk}/open/")
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == Call.State.OPEN
    assert call.opened_by == user("opsadmin")
    page = client.get(f"/certification/calls/{call.pk}/").content.decode()
    assert "วันปิดรับใบสมัคร" in page
    assert dates.format_date(call.applications_close) in page


def test_dates_out_of_order_name_the_field_and_nothing_is_saved(client_as: Any) -> None:
    values = call_values()
    early = values["applications_open"] - timedelta(days=1)
    response = client_as("opsadmin").post(
        "/certification/calls/new/",
        _form(applications_close=f"{early.day}/{early.month}/{early.year + 543}"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    # The field's label, then what is wrong, naming the date it must follow.
    assert "วันปิดรับใบสมัคร: วันที่นี้ต้องไม่ก่อน “วันเปิดรับใบสมัคร”" in page
    assert not Call.objects.exists()


def test_a_level_of_another_standard_is_refused(client_as: Any) -> None:
    other = Standard.objects.create(
        code="gecc-next",
        fiscal_year=2566,
        version=1,
        status=Standard.Status.TEMPLATE,
        title_th="มาตรฐานปีถัดไป",
        content_hash="z" * 64,
    )
    foreign = Level.objects.create(
        standard=other, code="basic", name_th="ระดับพื้นฐาน (ปีถัดไป)", min_score=60, order=1
    )
    response = client_as("opsadmin").post("/certification/calls/new/", _form(levels=[foreign.pk]))
    assert response.status_code == 200
    assert "ระดับที่เปิดรับสมัคร: “ระดับพื้นฐาน (ปีถัดไป)” ไม่ใช่ระดับของมาตรฐาน" in (response.content.decode())
    assert not Call.objects.exists()


def test_a_call_whose_standard_has_no_level_thresholds_cannot_open(world: Any) -> None:
    bare = Standard.objects.create(
        code="gecc-bare",
        fiscal_year=2566,
        version=1,
        status=Standard.Status.TEMPLATE,
        title_th="มาตรฐานไม่มีระดับ",
        content_hash="x" * 64,
    )
    call = calls.save_call(
        actor=user("opsadmin"), values=call_values(fiscal_year=2566, standard=bare), levels=[]
    )
    with pytest.raises(ValidationError) as refused:
        calls.open_call(actor=user("opsadmin"), call=call)
    assert "standard" in refused.value.error_dict
    assert "ไม่มีเกณฑ์ระดับ" in refused.value.messages[0]
    call.refresh_from_db()
    assert call.state == Call.State.DRAFT


def test_one_call_per_fiscal_year(world: Any) -> None:
    make_call(open=False)
    with pytest.raises(ValidationError) as refused:
        make_call(open=False)
    assert "fiscal_year" in refused.value.error_dict
    assert Call.objects.count() == 1


def test_the_standard_stays_once_the_call_is_open(world: Any) -> None:
    call = make_call()
    shipped = call.standard
    other = Standard.objects.create(
        code="gecc-other",
        fiscal_year=2565,
        version=9,
        status=Standard.Status.TEMPLATE,
        title_th="อีกฉบับ",
        content_hash="y" * 64,
    )
    with pytest.raises(ValidationError) as refused:
        calls.save_call(
            actor=user("opsadmin"), call=call, values={"standard": other}, levels=call.levels.all()
        )
    assert "standard" in refused.value.error_dict
    call.refresh_from_db()
    assert call.standard == shipped


def test_steps_go_only_forward_in_order(world: Any) -> None:
    call = make_call(open=False)
    ops = user("opsadmin")
    with pytest.raises(ValidationError):
        calls.close_call(actor=ops, call=call)
    with pytest.raises(ValidationError):
        calls.archive_call(actor=ops, call=call)
    calls.open_call(actor=ops, call=call)
    with pytest.raises(ValidationError):
        calls.open_call(actor=ops, call=call)
    calls.close_call(actor=ops, call=call)
    calls.archive_call(actor=ops, call=call)
    call.refresh_from_db()
    assert call.state == Call.State.ARCHIVED
    steps = AuditEvent.objects.filter(object_type="certification.call", action="update")
    assert [e.changes["state"][1] for e in steps.order_by("id")] == ["open", "closed", "archived"]


def test_a_unit_administrator_sees_the_open_call_in_be_with_a_button(client_as: Any) -> None:
    call = make_call()
    page = client_as("admin.pattanitown").get("/certification/calls/").content.decode()
    assert call.name in page
    opens = dates.format_date(call.applications_open)  # BE, Thai month
    assert opens in page and str(call.applications_open.year + 543) in page
    assert f"/certification/calls/{call.pk}/apply/" in page


def test_a_draft_call_is_not_shown_outside_ops_pmo(client_as: Any) -> None:
    call = make_call(open=False)
    assert client_as("admin.pattanitown").get(f"/certification/calls/{call.pk}/").status_code == 404
    listing = client_as("admin.pattanitown").get("/certification/calls/").content.decode()
    assert call.name not in listing
    assert client_as("opsadmin").get(f"/certification/calls/{call.pk}/").status_code == 200


def test_only_ops_pmo_writes_calls(client_as: Any) -> None:
    call = make_call(open=False)
    for persona in ("admin.pattanitown", "overseer.dla", "reviewer", "screener"):
        client = client_as(persona)
        assert (
            client.post("/certification/calls/new/", _form(fiscal_year="2566")).status_code == 403
        )
        assert client.post(f"/certification/calls/{call.pk}/open/").status_code in (403, 404)
    call.refresh_from_db()
    assert call.state == Call.State.DRAFT
    assert Call.objects.count() == 1


def test_levels_of_the_shipped_standard_are_what_the_form_offers(client_as: Any) -> None:
    page = client_as("opsadmin").get("/certification/calls/new/").content.decode()
    for level in Level.objects.filter(standard=standard()):
        assert level.name in page
