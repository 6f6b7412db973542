"""OPS PMO sets a yearly target per scope; nobody else may, and a bad value is refused
with its field named."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from audit.models import AuditEvent
from oversight import services
from oversight.models import Target
from registry.models import Organisation
from thaicalendar import dates

YEAR = dates.fiscal_year(dates.bangkok_today())


def test_ops_pmo_sets_a_province_target_then_changes_it(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    ops = client_as("opsadmin")
    page = ops.get("/oversight/targets/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "เป้าหมายประจำปี" in text
    assert f'<option value="{YEAR + 1}">' in text  # the current and the next year
    form = {"fiscal_year": YEAR, "organisation": world["P94"].pk, "certified": "25"}
    assert ops.post("/oversight/targets/", form).status_code == 302
    ops.post("/oversight/targets/", {**form, "certified": "30"})
    target = Target.objects.get(fiscal_year=YEAR, organisation=world["P94"])
    assert target.certified == 30
    actions = list(
        AuditEvent.objects.filter(object_type="oversight.target", object_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE]
    listed = ops.get("/oversight/targets/").content.decode()
    assert "ปัตตานี" in listed and ">30<" in listed
    # The province's dashboard measures itself against it.
    dashboard = ops.get(f"/oversight/{world['P94'].pk}/").content.decode()
    assert f"เป้าหมายปีงบประมาณ {YEAR}: 30 ศูนย์" in dashboard


def test_the_nations_target(client_as: Callable[[str], Client], world: Any) -> None:
    ops = client_as("opsadmin")
    ops.post("/oversight/targets/", {"fiscal_year": YEAR + 1, "organisation": "", "certified": 900})
    assert Target.objects.get(fiscal_year=YEAR + 1, organisation=None).certified == 900


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"certified": "-1"}, "จำนวนศูนย์ที่ได้รับการรับรองภายในสิ้นปีงบประมาณ:"),
        ({"certified": "many"}, "จำนวนศูนย์ที่ได้รับการรับรองภายในสิ้นปีงบประมาณ:"),
        ({"fiscal_year": "2500"}, "ปีงบประมาณ:"),
        ({"organisation": "unit"}, "ขอบเขต:"),  # a unit is no scope for a target
        ({"organisation": "999999"}, "ขอบเขต:"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client_as: Callable[[str], Client],
    world: dict[str, Organisation],
    change: dict[str, str],
    field_error: str,
) -> None:
    form = {"fiscal_year": YEAR, "organisation": world["P94"].pk, "certified": "25", **change}
    if form["organisation"] == "unit":
        form["organisation"] = world["5940101"].pk
    response = client_as("opsadmin").post("/oversight/targets/", form)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not Target.objects.exists()


def test_the_model_refuses_a_unit_as_a_scope(world: dict[str, Organisation]) -> None:
    ops = User.objects.get(username="opsadmin")
    with pytest.raises(ValidationError) as refused:
        services.set_target(actor=ops, fiscal_year=YEAR, organisation=world["5940101"], certified=3)
    assert "organisation" in refused.value.message_dict
    assert not Target.objects.exists()
    assert not AuditEvent.objects.filter(object_type="oversight.target").exists()


@pytest.mark.parametrize(
    "username", ["reviewer", "overseer.pattani", "overseer.dla", "admin.pattanitown"]
)
def test_nobody_else_sets_or_reads_the_targets(
    client_as: Callable[[str], Client], world: dict[str, Organisation], username: str
) -> None:
    # The reviewer is OPS PMO's and oversees the nation: the almost-allowed one.
    client = client_as(username)
    form = {"fiscal_year": YEAR, "organisation": world["P94"].pk, "certified": "25"}
    assert client.post("/oversight/targets/", form).status_code == 403
    assert client.get("/oversight/targets/").status_code == 403
    assert not Target.objects.exists()
    dashboard = client.get("/oversight/").content.decode()
    assert "/oversight/targets/" not in dashboard


def test_signed_out_goes_to_sign_in(world: Any) -> None:
    response = Client().get("/oversight/targets/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_a_dashboards_link_opens_the_form_with_its_scope_and_target(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    ops = client_as("opsadmin")
    province = world["P94"]
    Target.objects.create(fiscal_year=YEAR, organisation=province, certified=12)
    dashboard = ops.get(f"/oversight/{province.pk}/").content.decode()
    link = f"/oversight/targets/?organisation={province.pk}"
    assert f'href="{link}"' in dashboard
    form = ops.get(link).content.decode()
    assert f'<option value="{province.pk}" selected>' in form
    assert 'value="12"' in form
    # The nation's dashboard opens the form as it is; so does an address naming a unit,
    # which has no target of its own, or nothing a scope could be.
    assert 'href="/oversight/targets/"' in ops.get("/oversight/").content.decode()
    for odd in (str(world["5940101"].pk), "abc", "1\x00", "9" * 30, "-1"):
        page = ops.get("/oversight/targets/", {"organisation": odd})
        assert page.status_code == 200
        options = page.content.decode().split('name="organisation"')[1].split("</select>")[0]
        assert re.findall(r'<option value="([^"]*)" selected>', options) == [""]
