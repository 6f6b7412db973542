"""OPS PMO keeps the catalogue of screening reasons: a starter catalogue in Thai and
English, reasons added, reworded and retired; a retired reason is no longer offered."""

from typing import Any

from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from certification.models import ScreeningReason
from certification.tests.factories_screen import make_application, make_call


def test_the_starter_catalogue_is_there_in_thai_and_english(client_as: Any, world: Any) -> None:
    page = client_as("opsadmin").get(reverse("certification:reasons")).content.decode()
    for text in (
        "ไม่มีเอกสารหลักฐานตามเกณฑ์",
        "เอกสารไม่มีลายมือชื่อหัวหน้าหน่วยงาน",
        "Not signed by the head of the unit",
        "หลักฐานไม่สนับสนุนคะแนนที่ประเมินตนเอง",
    ):
        assert text in page
    assert "R01" not in page  # codes are the system's, not shown


def test_ops_pmo_adds_rewords_and_retires_a_reason(client_as: Any, world: Any) -> None:
    client = client_as("opsadmin")
    response = client.post(
        reverse("certification:reason_new"),
        {"text_th": "ภาพถ่ายไม่แสดงจุดบริการจริง", "text_en": "Photo does not show the counter"},
    )
    assert response.status_code == 302
    reason = ScreeningReason.objects.get(text_th="ภาพถ่ายไม่แสดงจุดบริการจริง")
    assert reason.code == "R09" and reason.is_active
    response = client.post(
        reverse("certification:reason_edit", args=[reason.pk]),
        {"text_th": "ภาพถ่ายไม่แสดงจุดบริการ", "text_en": reason.text_en},
    )
    assert response.status_code == 302
    reason.refresh_from_db()
    assert reason.text_th == "ภาพถ่ายไม่แสดงจุดบริการ" and not reason.is_active
    assert (
        AuditEvent.objects.filter(
            object_type="certification.screeningreason", object_id=str(reason.pk)
        ).count()
        == 2
    )
    # Retired: no longer offered to the screener.
    application = make_application(
        world["5940101"], call=make_call(), screener=User.objects.get(username="screener")
    )
    page = client_as("screener").get(reverse("certification:screening", args=[application.pk]))
    text = page.content.decode()
    assert "ภาพถ่ายไม่แสดงจุดบริการ" not in text
    assert "ไม่มีเอกสารหลักฐานตามเกณฑ์" in text


def test_a_reason_needs_its_thai_text(client_as: Any, world: Any) -> None:
    before = ScreeningReason.objects.count()
    response = client_as("opsadmin").post(
        reverse("certification:reason_new"), {"text_th": "", "text_en": "No Thai"}
    )
    assert response.status_code == 200
    assert "เหตุผล (ภาษาไทย): " in response.content.decode()
    assert ScreeningReason.objects.count() == before


def test_only_ops_pmo_keeps_the_catalogue(client_as: Any, world: Any) -> None:
    for persona in ("screener", "reviewer", "overseer.dla", "admin.pattanitown"):
        assert client_as(persona).get(reverse("certification:reasons")).status_code == 403
