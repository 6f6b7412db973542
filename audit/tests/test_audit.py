from typing import Any

import pytest

from audit.models import AuditEvent, AuditTrailIsPermanent


def test_a_change_through_a_page_records_who_what_when_before_and_after(
    client_as: Any, world: Any
) -> None:
    centre = world["5940101"].centres.get()
    client = client_as("admin.pattanitown")
    response = client.post(
        f"/registry/centres/{centre.pk}/edit/",
        {
            "name_th": centre.name_th,
            "name_en": centre.name_en,
            "phone": "073-331-234",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="registry.servicecentre", object_id=str(centre.pk))
    assert event.actor_label == "admin.pattanitown"
    assert event.action == "update"
    assert event.changes == {"phone": ["", "073-331-234"]}


def test_the_trail_cannot_be_changed_or_deleted(world: Any) -> None:
    event = AuditEvent.objects.create(action="update", object_type="x.y", object_id="1")
    event.object_repr = "rewritten"
    with pytest.raises(AuditTrailIsPermanent):
        event.save()
    with pytest.raises(AuditTrailIsPermanent):
        event.delete()
    with pytest.raises(AuditTrailIsPermanent):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="rewritten")
    with pytest.raises(AuditTrailIsPermanent):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == ""


def test_administrators_browse_and_filter_the_trail(client_as: Any, world: Any) -> None:
    client = client_as("admin.pattanitown")
    org = world["5940101"]
    client.post(f"/registry/{org.pk}/edit/", {"name_th": org.name_th, "name_en": "Pattani Town"})
    ops = client_as("opsadmin")
    page = ops.get("/audit/", {"who": "admin.pattanitown", "action": "update"}).content.decode()
    assert "Pattani Town" in page and "เทศบาลเมืองปัตตานี" in page
    assert (
        "overseer.pattani" not in ops.get("/audit/", {"who": "admin.pattanitown"}).content.decode()
    )
    # Thai dates as people type them filter by Bangkok date.
    assert "Pattani Town" not in ops.get("/audit/", {"until": "1/1/2560"}).content.decode()
    page = ops.get("/audit/", {"since": "๑ ม.ค. ๒๕๖๐"}).content.decode()
    assert "Pattani Town" in page
    bad = ops.get("/audit/", {"since": "31/2/2568"}).content.decode()
    assert "ตั้งแต่วันที่: " in bad


@pytest.mark.parametrize(
    "username", ["overseer.pattani", "admin.pattanitown", "screener", "staff.pattanitown"]
)
def test_only_ops_pmo_administrators_see_the_trail(client_as: Any, username: str) -> None:
    assert client_as(username).get("/audit/").status_code == 403
