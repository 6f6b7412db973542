from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from registry.models import Organisation


def test_search_by_thai_or_english_name_and_by_code(client_as: Any) -> None:
    client = client_as("opsadmin")
    for query in ["ปัตตานี", "pattani town", "5940101"]:
        page = client.get("/registry/", {"q": query}).content.decode()
        assert "เทศบาลเมืองปัตตานี" in page, query
        assert "เทศบาลนครเชียงใหม่" not in page, query


def test_search_as_you_type_returns_only_the_rows(client_as: Any) -> None:
    page = client_as("opsadmin").get("/registry/", {"q": "ยะรัง"}, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "เทศบาลตำบลยะรัง" in html
    assert "<html" not in html


def test_an_ops_admin_adds_an_organisation(client_as: Any, world: Any) -> None:
    data = {
        "code": "5940701",
        "name_th": "เทศบาลตำบลตะลุบัน",
        "name_en": "Taluban Subdistrict Municipality",
        "kind": "local_government",
        "lao_type": "subdistrict_municipality",
        "parent": world["DLA-94"].pk,
        "province": "94",
        "district": "9407",
        "is_active": "on",
    }
    response = client_as("opsadmin").post("/registry/new/", data)
    assert response.status_code == 302
    org = Organisation.objects.get(code="5940701")
    assert org.path == world["DLA-94"].path + f"{org.pk}/"
    event = AuditEvent.objects.get(object_type="registry.organisation", object_id=str(org.pk))
    assert event.action == "create" and event.changes["name_th"] == [None, "เทศบาลตำบลตะลุบัน"]


def test_a_district_of_another_province_is_refused(client_as: Any, world: Any) -> None:
    data = {
        "code": "X1",
        "name_th": "ทดสอบ",
        "kind": "local_government",
        "lao_type": "sao",
        "province": "94",
        "district": "5001",
        "is_active": "on",
    }
    page = client_as("opsadmin").post("/registry/new/", data).content.decode()
    assert "อำเภอ: " in page and "ไม่ได้อยู่ในจังหวัด" in page
    assert not Organisation.objects.filter(code="X1").exists()


def test_an_organisation_cannot_be_supervised_by_its_own_unit(client_as: Any, world: Any) -> None:
    dla = world["DLA"]
    data = {
        "code": "DLA",
        "name_th": dla.name_th,
        "kind": "department",
        "parent": world["5940101"].pk,
        "province": "10",
        "is_active": "on",
    }
    page = client_as("opsadmin").post(f"/registry/{dla.pk}/edit/", data).content.decode()
    assert "หน่วยงานกำกับ: " in page
    dla.refresh_from_db()
    assert dla.parent == world["MOI"]


def test_moving_an_organisation_moves_its_whole_subtree(client_as: Any, world: Any) -> None:
    office = world["DLA-94"]
    data = {
        "code": "DLA-94",
        "name_th": office.name_th,
        "kind": "provincial_office",
        "parent": world["P94"].pk,
        "province": "94",
        "district": "9401",
        "is_active": "on",
    }
    assert client_as("opsadmin").post(f"/registry/{office.pk}/edit/", data).status_code == 302
    town = Organisation.objects.get(code="5940101")
    assert town.path == f"{world['MOI'].pk}/{world['P94'].pk}/{office.pk}/{town.pk}/"
    assert town.is_within(world["P94"])


def test_centres_and_counters_are_added_by_the_unit_administrator(
    client_as: Any, world: Any
) -> None:
    client = client_as("admin.pattanitown")
    org = world["5940101"]
    response = client.post(
        f"/registry/{org.pk}/centres/new/", {"name_th": "จุดบริการตลาด", "is_active": "on"}
    )
    assert response.status_code == 302
    centre = org.centres.get(name_th="จุดบริการตลาด")
    url = f"/registry/centres/{centre.pk}/counters/new/"
    assert (
        client.post(url, {"number": 1, "name_th": "ชำระภาษี", "is_active": "on"}).status_code == 302
    )
    page = client.post(url, {"number": 1, "name_th": "ซ้ำ", "is_active": "on"}).content.decode()
    assert "มีช่องบริการหมายเลข 1 อยู่แล้ว" in page
    assert centre.counters.count() == 1


def test_the_registry_list_costs_the_same_queries_for_10_or_60_rows(
    client_as: Any, world: Any
) -> None:
    client = client_as("opsadmin")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/registry/").status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    parent = world["DLA-94"]
    for n in range(50):
        Organisation.objects.create(
            code=f"T{n}",
            name_th=f"อบต.ทดสอบ {n}",
            kind="local_government",
            lao_type="sao",
            parent=parent,
            province_id="94",
            district_id="9401",
        )
    assert count_queries() == few
    # session, user, roles, count, provinces for the filter, the page of rows, and the
    # idle-timeout renewal of the session (savepoint, update, release).
    assert few == 9
